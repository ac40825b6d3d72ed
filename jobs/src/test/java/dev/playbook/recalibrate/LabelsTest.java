package dev.playbook.recalibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.contract.InputTable;
import dev.playbook.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LabelsTest {
  private final SparkSession spark = SharedSpark.session();
  private static final LocalDate AS_OF = LocalDate.parse("2026-06-30");
  private static final int HORIZON = 30;

  static final StructType VALUES = new StructType()
      .add("as_of_date", DataTypes.DateType)
      .add("account_id", DataTypes.StringType)
      .add("signal", DataTypes.StringType)
      .add("value", DataTypes.DoubleType);

  private Dataset<Row> values() {
    String d1 = "2026-05-01";
    List<Row> rows = List.of(
        RowFactory.create(Date.valueOf(d1), "a", "seat_utilization", 0.9),
        RowFactory.create(Date.valueOf(d1), "a", "api_usage_growth", 0.7),
        RowFactory.create(Date.valueOf(d1), "b", "seat_utilization", 0.9),
        RowFactory.create(Date.valueOf(d1), "c", "seat_utilization", 0.9),
        RowFactory.create(Date.valueOf(d1), "d", "seat_utilization", 0.9),
        RowFactory.create(Date.valueOf(d1), "e", "seat_utilization", 0.9),
        RowFactory.create(Date.valueOf(d1), "f", "seat_utilization", 0.9),
        // after A − horizon (2026-05-31): its horizon is not over by A, so it is not labelled
        RowFactory.create(Date.valueOf("2026-06-15"), "a", "seat_utilization", 0.9),
        // not a known signal: no matching type
        RowFactory.create(Date.valueOf(d1), "a", "made_up_signal", 1.0));
    return spark.createDataFrame(rows, VALUES);
  }

  private static Row opp(String id, String account, String type, String created, String closed, String stage,
      double arr) {
    return RowFactory.create(id, account, type, Date.valueOf(created), closed == null ? null : Date.valueOf(closed),
        stage, new BigDecimal(arr).setScale(2), "owner", null);
  }

  /** The contract's opportunities schema. */
  static StructType opportunitySchema() {
    return InputTable.OPPORTUNITIES.schema();
  }

  private Dataset<Row> opportunities() {
    List<Row> rows = new ArrayList<>(List.of(
        // a: seat expansion created 9 days after D, won before A → converted, 1000
        opp("o1", "a", "seat_expansion", "2026-05-10", "2026-05-20", "closed_won", 1000),
        // a: a plan upgrade labels a's api_usage_growth (plan_upgrade), not its seat_utilization
        opp("o2", "a", "plan_upgrade", "2026-05-12", "2026-05-25", "closed_won", 500),
        // b: won, but closed after A: unknown at A → not converted
        opp("o3", "b", "seat_expansion", "2026-05-10", "2026-07-15", "closed_won", 800),
        // c: created on D itself (not after) and still open at D → not a label, and c is in an open expansion
        opp("o4", "c", "seat_expansion", "2026-05-01", "2026-05-20", "closed_won", 700),
        // d: created 35 days after D, beyond the 30-day horizon → not converted
        opp("o5", "d", "seat_expansion", "2026-06-05", "2026-06-20", "closed_won", 600),
        // e: created exactly D + 30 → inside (D, D + 30]
        opp("o6", "e", "seat_expansion", "2026-05-31", "2026-06-10", "closed_won", 400),
        // f: new business and a lost expansion never count
        opp("o7", "f", "new_business", "2026-05-10", "2026-05-20", "closed_won", 900),
        opp("o8", "f", "seat_expansion", "2026-05-10", "2026-05-20", "closed_lost", 900)));
    return spark.createDataFrame(rows, opportunitySchema());
  }

  private String render(Dataset<Row> labelled) {
    return labelled.orderBy("as_of_date", "account_id", "signal").collectAsList().stream()
        .map(r -> r.getAs("account_id") + "/" + r.getAs("signal") + "/" + r.getAs("expansion_type") + "="
            + r.getAs("converted") + ":" + r.getAs("won_arr") + (r.<Boolean>getAs("in_open_expansion") ? "+open" : ""))
        .collect(Collectors.joining(" "));
  }

  @Test
  void labelsArePointInTimeAndOfTheMatchingType() {
    Dataset<Row> got = Labels.label(values(), opportunities(), AS_OF, HORIZON, "exclude", 0);
    assertEquals("a/api_usage_growth/plan_upgrade=1:500.0 a/seat_utilization/seat_expansion=1:1000.0 "
            + "b/seat_utilization/seat_expansion=0:0.0 d/seat_utilization/seat_expansion=0:0.0 "
            + "e/seat_utilization/seat_expansion=1:400.0 f/seat_utilization/seat_expansion=0:0.0",
        render(got),
        "a won seat+plan within 30 days; b's win closed after A; c is in an open expansion (excluded); d's "
            + "win is beyond the horizon; e's is on its last day; f's are new business or lost; the 06-15 row "
            + "is unlabelled (horizon not over) and the unknown signal dropped");
  }

  @Test
  void openExpansionsCanBeKept() {
    String got = render(Labels.label(values(), opportunities(), AS_OF, HORIZON, "keep", 0));
    assertTrue(got.contains("c/seat_utilization/seat_expansion=0:0.0+open"),
        "with policy keep, c stays, flagged as in an open expansion: " + got);
  }

  @Test
  void previousMaxIsTheHighestValueOfTheRearmDaysBefore() {
    List<Row> rows = List.of(
        RowFactory.create(Date.valueOf("2026-04-03"), "x", "seat_utilization", 0.95),
        RowFactory.create(Date.valueOf("2026-04-10"), "x", "seat_utilization", 0.5),
        RowFactory.create(Date.valueOf("2026-04-17"), "x", "seat_utilization", 0.6),
        RowFactory.create(Date.valueOf("2026-05-01"), "x", "seat_utilization", 0.8),
        RowFactory.create(Date.valueOf("2026-04-24"), "x", "api_usage_growth", 3.0),
        RowFactory.create(Date.valueOf("2026-04-20"), "y", "seat_utilization", 0.9),
        RowFactory.create(Date.valueOf("2026-05-01"), "y", "seat_utilization", 0.7));
    // y is in an open seat expansion on 04-20 (excluded), which still counts before its 05-01 value
    Dataset<Row> opps = spark.createDataFrame(List.of(
        opp("o9", "y", "seat_expansion", "2026-04-15", "2026-04-25", "closed_lost", 100)), opportunitySchema());
    String got = Labels.label(spark.createDataFrame(rows, VALUES), opps, AS_OF, HORIZON, "exclude", 21)
        .orderBy("account_id", "signal", "as_of_date").collectAsList().stream()
        .map(r -> r.getAs("account_id") + "/" + r.getAs("signal") + "/" + r.getAs("as_of_date") + "="
            + r.getAs("previous_max"))
        .collect(Collectors.joining(" "));
    assertEquals("x/api_usage_growth/2026-04-24=null x/seat_utilization/2026-04-03=null "
            + "x/seat_utilization/2026-04-10=0.95 x/seat_utilization/2026-04-17=0.95 "
            + "x/seat_utilization/2026-05-01=0.6 y/seat_utilization/2026-05-01=0.9", got,
        "the highest value of the same account and signal within [D − 21, D): 04-03 is 28 days before 05-01; "
            + "another signal's values do not count; y's excluded 04-20 row still does");
  }

  @Test
  void missingColumnIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Labels.label(values().drop("value"), opportunities(), AS_OF, HORIZON, "exclude", 0));
    assertTrue(e.getMessage().contains("[value]"), e.getMessage());
  }
}
