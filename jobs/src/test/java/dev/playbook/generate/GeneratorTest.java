package dev.playbook.generate;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import dev.playbook.contract.Vocabulary;
import dev.playbook.testing.SharedSpark;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorTest {
  private static final SparkSession spark = SharedSpark.session();
  private static Map<InputTable, Dataset<Row>> demo;

  @BeforeAll
  static void generateOnce() {
    demo = new EnumMap<>(InputTable.class);
    Generator.generate(spark, GeneratorSpec.demo(7)).forEach((t, df) -> demo.put(t, df.cache()));
  }

  /** Row count and an order-independent checksum of every column of a table. */
  private static String fingerprint(Dataset<Row> df) {
    Row r = df.agg(count(lit(1)), sum(xxhash64(col("*")).cast("decimal(38,0)"))).first();
    return r.get(0) + "/" + r.get(1);
  }

  @Test
  void sameSeedGivesTheSameRowsWhateverThePartitioning() {
    Map<InputTable, Dataset<Row>> again = Generator.generate(spark, GeneratorSpec.demo(7).withPartitions(5));
    for (InputTable t : InputTable.values()) {
      assertEquals(fingerprint(demo.get(t)), fingerprint(again.get(t)),
          t.tableName() + " must be identical for the same seed, with 2 or 5 partitions");
    }
  }

  @Test
  void differentSeedGivesDifferentRows() {
    Map<InputTable, Dataset<Row>> other = Generator.generate(spark, GeneratorSpec.demo(8));
    for (InputTable t : List.of(InputTable.ACCOUNTS, InputTable.USER_ACTIVITY_DAILY, InputTable.OPPORTUNITIES)) {
      assertNotEquals(fingerprint(demo.get(t)), fingerprint(other.get(t)),
          t.tableName() + " must differ between seeds 7 and 8");
    }
  }

  @Test
  void everyTableHasExactlyItsContractSchemaAndRows() {
    for (InputTable t : InputTable.values()) {
      assertEquals(t.schema(), demo.get(t).schema(), t.tableName() + " schema (order, types, nullability)");
      assertTrue(demo.get(t).count() > 0, t.tableName() + " must not be empty");
    }
    Dataset<Row> activity = demo.get(InputTable.USER_ACTIVITY_DAILY);
    assertEquals(activity.count(), activity.dropDuplicates(InputTable.USER_ACTIVITY_DAILY.key().toArray(
        new String[0])).count(), "user_activity_daily must be unique on its key");
    assertEquals(0, activity.where(col(Col.ACTIVITY_DATE).gt(lit(GeneratorSpec.END_DATE_DEFAULT.toString())))
        .count(), "no activity after the end date");
    assertEquals(3, demo.get(InputTable.ACCOUNTS).select(Col.SEGMENT).distinct().count(), "three segments");
    assertEquals(0, demo.get(InputTable.OPPORTUNITIES).where(not(col(Col.OPPORTUNITY_TYPE)
        .isin(Vocabulary.OPPORTUNITY_TYPES.toArray()))).count(), "opportunity types from the vocabulary");
    assertEquals(Vocabulary.OPPORTUNITY_TYPES.size(), demo.get(InputTable.OPPORTUNITIES)
        .select(Col.OPPORTUNITY_TYPE).distinct().count(), "every opportunity type occurs");
  }

  /**
   * seat_utilization computed from the generated users, activity and subscriptions at each seat_expansion
   * opportunity's created_on: opportunities created at or above the planted 0.80 are won far more often.
   */
  @Test
  void seatExpansionsAreWonAboveThePlantedSeatUtilizationCutoff() {
    Dataset<Row> opps = demo.get(InputTable.OPPORTUNITIES)
        .where(col(Col.OPPORTUNITY_TYPE).equalTo(Vocabulary.SEAT_EXPANSION)
            .and(col(Col.STAGE).isin(Vocabulary.CLOSED_WON, Vocabulary.CLOSED_LOST)))
        .select(col(Col.OPPORTUNITY_ID), col(Col.ACCOUNT_ID), col(Col.CREATED_ON).as("d"), col(Col.STAGE));
    Dataset<Row> users = demo.get(InputTable.USERS).select(Col.USER_ID, Col.DEACTIVATED_ON);
    Dataset<Row> active = opps.join(demo.get(InputTable.USER_ACTIVITY_DAILY), Col.ACCOUNT_ID)
        .where(col(Col.ACTIVITY_DATE).between(date_sub(col("d"), 29), col("d")))
        .join(users, Col.USER_ID)
        .where(col(Col.DEACTIVATED_ON).isNull().or(col(Col.DEACTIVATED_ON).gt(col("d"))))
        .groupBy(Col.OPPORTUNITY_ID).agg(countDistinct(Col.USER_ID).as("active"));
    Dataset<Row> seats = opps.join(demo.get(InputTable.SUBSCRIPTIONS)
            .where(col(Col.PRODUCT_ID).equalTo(Catalog.WORKSPACE)), Col.ACCOUNT_ID)
        .where(col(Col.PERIOD_START).leq(col("d")).and(col(Col.PERIOD_END).gt(col("d"))))
        .select(Col.OPPORTUNITY_ID, Col.SEATS_PURCHASED);
    Column above = coalesce(col("active"), lit(0)).divide(col(Col.SEATS_PURCHASED))
        .geq(PlantedTruth.SEAT_UTILIZATION_CUTOFF);
    List<Row> rates = opps.join(seats, Col.OPPORTUNITY_ID).join(active, new String[] {Col.OPPORTUNITY_ID}, "left")
        .groupBy(above.as("above"))
        .agg(count(lit(1)).as("n"), avg(when(col(Col.STAGE).equalTo(Vocabulary.CLOSED_WON), 1.0).otherwise(0.0))
            .as("win_rate"))
        .orderBy("above").collectAsList();
    System.out.println("seat_expansion by realized seat_utilization >= 0.80: " + rates);
    assertEquals(2, rates.size(), "seat expansions both below and above the cutoff: " + rates);
    Row below = rates.get(0);
    Row over = rates.get(1);
    assertTrue(over.getLong(1) >= 10 && below.getLong(1) >= 5, "enough opportunities on each side: " + rates);
    assertTrue(over.getDouble(2) >= 0.4 && below.getDouble(2) <= 0.25,
        "won ~55% above the planted cutoff and ~12% below: " + rates);
  }

  /**
   * feature_adoption_breadth computed from the generated activity at each planted-window cross_sell's
   * created_on: distinct workspace features used in the 30 days ending then ÷ features of the workspace plan.
   * Opportunities at or above 0.60 are won far more often than those below.
   */
  @Test
  void crossSellsAreWonAboveThePlantedBreadthCutoff() {
    Dataset<Row> opps = demo.get(InputTable.OPPORTUNITIES)
        .where(col(Col.OPPORTUNITY_TYPE).equalTo(Vocabulary.CROSS_SELL)
            .and(col(Col.STAGE).isin(Vocabulary.CLOSED_WON, Vocabulary.CLOSED_LOST)))
        .select(col(Col.OPPORTUNITY_ID), col(Col.ACCOUNT_ID), col(Col.CREATED_ON).as("d"), col(Col.STAGE));
    Dataset<Row> plan = opps.join(demo.get(InputTable.SUBSCRIPTIONS)
            .where(col(Col.PRODUCT_ID).equalTo(Catalog.WORKSPACE)), Col.ACCOUNT_ID)
        .where(col(Col.PERIOD_START).leq(col("d")).and(col(Col.PERIOD_END).gt(col("d"))))
        .join(demo.get(InputTable.PLAN_FEATURES), Col.PLAN_ID)
        .select(Col.OPPORTUNITY_ID, Col.FEATURE_KEY);
    Dataset<Row> used = opps.join(demo.get(InputTable.USER_ACTIVITY_DAILY), Col.ACCOUNT_ID)
        .where(col(Col.ACTIVITY_DATE).between(date_sub(col("d"), 29), col("d")))
        .select(Col.OPPORTUNITY_ID, Col.FEATURE_KEY).distinct().withColumn("used", lit(1));
    Dataset<Row> breadth = plan.join(used, new String[] {Col.OPPORTUNITY_ID, Col.FEATURE_KEY}, "left")
        .groupBy(Col.OPPORTUNITY_ID)
        .agg(avg(coalesce(col("used"), lit(0))).as("breadth"));
    List<Row> rates = opps.join(breadth, Col.OPPORTUNITY_ID)
        .groupBy(col("breadth").geq(PlantedTruth.FEATURE_ADOPTION_BREADTH_CUTOFF).as("above"))
        .agg(count(lit(1)).as("n"), avg(when(col(Col.STAGE).equalTo(Vocabulary.CLOSED_WON), 1.0).otherwise(0.0))
            .as("win_rate"))
        .orderBy("above").collectAsList();
    System.out.println("cross_sell by realized feature_adoption_breadth >= 0.60: " + rates);
    assertEquals(2, rates.size(), "cross-sells both below and above the cutoff: " + rates);
    assertTrue(rates.get(1).getLong(1) >= 10 && rates.get(0).getLong(1) >= 5, "enough on each side: " + rates);
    assertTrue(rates.get(1).getDouble(2) >= 0.35 && rates.get(0).getDouble(2) <= 0.25,
        "won ~55% above the planted cutoff and ~12% below: " + rates);
  }
}
