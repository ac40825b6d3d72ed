package dev.playbook.measure;

import dev.playbook.contract.InputTable;
import dev.playbook.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Tiny hand-written inputs shared by the measure tests. The episode story (as of 2026-06-30, horizon 90,
 * lead 5):
 * <pre>
 * A seat_utilization      streak 01-10 (fired 01-10, 01-11)  → O1 seat_expansion created 02-01, won 03-15, 1200
 *                                                             (O1b created 02-20 also in window: later, not taken)
 * A seat_utilization      streak 03-01                        → O0 created 05-01, lost 06-01
 * A power_user_density    streak 01-12                        → O1 as well (same type, same window)
 * B usage_allocation      streak 02-01                        → O2 plan_upgrade created 01-29 (3 days lead), lost 03-01
 * C feature_adoption_br.  streak 04-01                        → O3 cross_sell created 04-20, won 07-10 = after D → open
 * D team_growth           streak 05-01                        → none (O4 is plan_upgrade, wrong type); horizon open
 * G seat_utilization      streak 02-01                        → O7 created 03-01, won 04-01, 600
 * </pre>
 * Queue: A seat_expansion 01-15 (csm_ann), B plan_upgrade 02-02 holdout (auto), D seat_expansion 05-03
 * (csm_ann), G seat_expansion 02-03 holdout (csm_ann); C never queued.
 */
final class MeasureFixtures {
  private MeasureFixtures() {}

  static final String AS_OF = "2026-06-30";

  static SparkSession spark() {
    return SharedSpark.session();
  }

  static Date d(String iso) {
    return iso == null ? null : Date.valueOf(iso);
  }

  static BigDecimal money(String v) {
    return v == null ? null : new BigDecimal(v).setScale(2);
  }

  static final StructType SIGNALS_SCHEMA = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("account_id", DataTypes.StringType, false)
      .add("signal", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, true)
      .add("cutoff", DataTypes.DoubleType, true)
      .add("fired", DataTypes.BooleanType, false)
      .add("strength", DataTypes.DoubleType, true)
      .add("streak_length", DataTypes.IntegerType, true)
      .add("streak_unit", DataTypes.StringType, true)
      .add("streak_start", DataTypes.DateType, true);

  static final StructType QUEUE_SCHEMA = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("account_id", DataTypes.StringType, false)
      .add("expansion_type", DataTypes.StringType, false)
      .add("motion", DataTypes.StringType, true)
      .add("owner", DataTypes.StringType, true)
      .add("is_holdout", DataTypes.BooleanType, true)
      .add("status", DataTypes.StringType, true);

  static Row fired(String asOf, String account, String signal, int streak, String start) {
    return RowFactory.create(d(asOf), account, signal, 1.0, 0.5, true, 1.0 + streak / 10.0, streak, "days", d(start));
  }

  static Row quiet(String asOf, String account, String signal) {
    return RowFactory.create(d(asOf), account, signal, 0.1, 0.5, false, 0.0, 0, "days", null);
  }

  static Dataset<Row> signals() {
    List<Row> rows = List.of(
        fired("2026-01-10", "A", "seat_utilization", 1, "2026-01-10"),
        fired("2026-01-11", "A", "seat_utilization", 2, "2026-01-10"),
        quiet("2026-01-12", "A", "seat_utilization"),
        fired("2026-03-01", "A", "seat_utilization", 1, "2026-03-01"),
        fired("2026-07-05", "A", "seat_utilization", 3, "2026-07-03"),   // after D: ignored
        fired("2026-01-12", "A", "power_user_density", 1, "2026-01-12"),
        fired("2026-02-01", "B", "usage_allocation", 1, "2026-02-01"),
        fired("2026-04-01", "C", "feature_adoption_breadth", 1, "2026-04-01"),
        fired("2026-05-01", "D", "team_growth", 1, "2026-05-01"),
        fired("2026-02-01", "G", "seat_utilization", 1, "2026-02-01"));
    return spark().createDataFrame(rows, SIGNALS_SCHEMA);
  }

  static Row opp(String id, String account, String type, String created, String closed, String stage, String arr,
      String source) {
    return RowFactory.create(id, account, type, d(created), d(closed), stage, money(arr), "owner_" + account, source);
  }

  static Dataset<Row> opportunities() {
    List<Row> rows = List.of(
        opp("O1", "A", "seat_expansion", "2026-02-01", "2026-03-15", "closed_won", "1200", "seat_utilization"),
        opp("O1b", "A", "seat_expansion", "2026-02-20", null, "open", "100", null),
        opp("O0", "A", "seat_expansion", "2026-05-01", "2026-06-01", "closed_lost", "900", null),
        opp("O2", "B", "plan_upgrade", "2026-01-29", "2026-03-01", "closed_lost", "300", null),
        opp("O3", "C", "cross_sell", "2026-04-20", "2026-07-10", "closed_won", "500", "feature_adoption_breadth"),
        opp("O4", "D", "plan_upgrade", "2026-05-10", null, "open", "250", null),
        opp("O7", "G", "seat_expansion", "2026-03-01", "2026-04-01", "closed_won", "600", null),
        opp("O5", "E", "new_business", "2026-03-01", "2026-03-20", "closed_won", "10000", null),
        opp("O6", "F", "renewal", "2026-08-01", null, "open", "5000", null));
    return spark().createDataFrame(rows, InputTable.OPPORTUNITIES.schema());
  }

  static Dataset<Row> queue() {
    List<Row> rows = List.of(
        RowFactory.create(d("2026-01-15"), "A", "seat_expansion", "csm_task", "csm_ann", false, "queued"),
        RowFactory.create(d("2026-02-02"), "B", "plan_upgrade", "email", "auto", true, "holdout"),
        RowFactory.create(d("2026-05-03"), "D", "seat_expansion", "csm_task", "csm_ann", false, "queued"),
        RowFactory.create(d("2026-02-03"), "G", "seat_expansion", "csm_task", "csm_ann", true, "holdout"));
    return spark().createDataFrame(rows, QUEUE_SCHEMA);
  }

  static Row sub(String account, String product, String plan, String start, String end, Integer seats, String mrr) {
    return RowFactory.create(account, product, plan, d(start), d(end), seats, null, money(mrr), null);
  }

  static Dataset<Row> subscriptions(List<Row> rows) {
    return spark().createDataFrame(new ArrayList<>(rows), InputTable.SUBSCRIPTIONS.schema());
  }

  /** Billing for the episode story: A seats up 03-01, B plan up 03-15, C new product 06-01, G seats down. */
  static Dataset<Row> billingSubscriptions() {
    return subscriptions(List.of(
        sub("A", "p1", "basic", "2026-01-01", "2026-02-01", 10, "100"),
        sub("A", "p1", "basic", "2026-02-01", "2026-03-01", 10, "100"),
        sub("A", "p1", "basic", "2026-03-01", "2026-04-01", 15, "150"),
        sub("A", "p1", "pro", "2026-05-01", "2026-06-01", 15, "300"),    // after A's first horizon
        sub("B", "p1", "basic", "2026-01-01", "2026-12-31", 5, "50"),
        sub("B", "p1", "pro", "2026-03-15", "2026-12-31", 5, "90"),
        sub("C", "p1", "basic", "2026-01-01", "2027-01-01", 8, "80"),
        sub("C", "p2", "addon", "2026-06-01", "2027-01-01", 8, "40"),
        sub("C", "p3", "addon3", "2026-07-05", "2027-01-01", 8, "40"),   // starts after D: unknown as of D
        sub("D", "p1", "basic", "2026-01-01", "2027-01-01", 5, "50"),
        sub("G", "p1", "basic", "2026-01-01", "2026-03-01", 20, "200"),
        sub("G", "p1", "basic", "2026-03-01", "2026-06-01", 18, "180")));
  }

  static Dataset<Row> plans() {
    List<Row> rows = List.of(
        RowFactory.create("basic", "p1", 1, null, "pro"),
        RowFactory.create("pro", "p1", 2, null, null),
        RowFactory.create("addon", "p2", 1, null, null),
        RowFactory.create("addon3", "p3", 1, null, null));
    return spark().createDataFrame(rows, InputTable.PLANS.schema());
  }

  static Dataset<Row> accounts(List<String[]> idAndOnboarded) {
    List<Row> rows = idAndOnboarded.stream()
        .map(a -> RowFactory.create(a[0], "name " + a[0], "mid_market", false, d(a[1]), null, null, null, null, null,
            null, null, null, null, null))
        .toList();
    return spark().createDataFrame(rows, InputTable.ACCOUNTS.schema());
  }
}
