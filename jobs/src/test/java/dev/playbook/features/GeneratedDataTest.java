package dev.playbook.features;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.config.SignalsConfig;
import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import dev.playbook.generate.Generator;
import dev.playbook.generate.GeneratorSpec;
import dev.playbook.generate.PlantedTruth;
import dev.playbook.testing.SharedSpark;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * On generated data, seat_utilization fires where the generator planted seat expansions: the planted
 * opportunities are created on days the realized signal is at or above PlantedTruth's cutoff, noise ones below.
 */
class GeneratedDataTest {
  @Test
  void seatUtilizationIsAboveThePlantedCutoffWhereSeatExpansionsWereCreated() {
    SparkSession spark = SharedSpark.session();
    GeneratorSpec spec = GeneratorSpec.demo(42);
    Map<InputTable, Dataset<Row>> g = Generator.generate(spark, spec);
    FeatureInputs in = new FeatureInputs(g.get(InputTable.ACCOUNTS), g.get(InputTable.PLANS),
        g.get(InputTable.PLAN_FEATURES), g.get(InputTable.SUBSCRIPTIONS), g.get(InputTable.USERS),
        g.get(InputTable.USER_ACTIVITY_DAILY), g.get(InputTable.API_USAGE_DAILY), g.get(InputTable.GATE_EVENTS));
    LocalDate to = spec.endDate();
    LocalDate from = to.minusDays(150);
    SignalsConfig s = Fixture.signals(1);
    List<Row> seat = Scenario.fast(() -> {
      Dataset<Row> daily = PointInTimeFeatures.daily(in, from, to, s, Fixture.PLAYBOOK.windows()).cache();
      try {
        return PointInTimeFeatures.outputs(daily, in.plans(), from, s, Fixture.PLAYBOOK.windows(),
                Fixture.PLAYBOOK.risk()).signals()
            .filter(col(FeatureTables.SIGNAL).equalTo("seat_utilization"))
            .select(Col.ACCOUNT_ID, Col.AS_OF_DATE, FeatureTables.VALUE).collectAsList();
      } finally {
        daily.unpersist();
      }
    });
    Map<String, Double> value = new HashMap<>();
    int above = 0;
    for (Row r : seat) {
      Double v = r.isNullAt(2) ? null : r.getDouble(2);
      value.put(r.getString(0) + "@" + r.get(1), v);
      if (v != null && v >= PlantedTruth.SEAT_UTILIZATION_CUTOFF) {
        above++;
      }
    }
    List<Row> opportunities = g.get(InputTable.OPPORTUNITIES)
        .filter(col(Col.OPPORTUNITY_TYPE).equalTo("seat_expansion")
            .and(col(Col.CREATED_ON).between(java.sql.Date.valueOf(from), java.sql.Date.valueOf(to))))
        .select(Col.ACCOUNT_ID, Col.CREATED_ON).collectAsList();
    int atOpportunities = 0;
    int aboveAtOpportunities = 0;
    for (Row o : opportunities) {
      Double v = value.get(o.getString(0) + "@" + o.get(1));
      atOpportunities++;
      if (v != null && v >= PlantedTruth.SEAT_UTILIZATION_CUTOFF) {
        aboveAtOpportunities++;
      }
    }
    double baseRate = (double) above / seat.size();
    double atOpps = (double) aboveAtOpportunities / atOpportunities;
    String msg = String.format("seat_utilization >= %.2f on %d of %d seat-expansion creation days (%.2f) vs %.2f of "
        + "all account-days", PlantedTruth.SEAT_UTILIZATION_CUTOFF, aboveAtOpportunities, atOpportunities, atOpps,
        baseRate);
    assertTrue(atOpportunities >= 10, "too few opportunities to judge: " + msg);
    assertTrue(atOpps >= 0.5, "planted opportunities are created above the cutoff: " + msg);
    assertTrue(atOpps >= 2 * baseRate, "the signal must mark the planted accounts, not everyone: " + msg);
  }
}
