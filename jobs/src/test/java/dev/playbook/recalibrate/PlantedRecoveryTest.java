package dev.playbook.recalibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.config.RecalibrateConfig;
import dev.playbook.testing.SharedSpark;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Labels → grid → sweeps → recommendations on a small generated history with planted cutoffs: an account
 * whose value is at or above the planted cutoff wins an expansion of the matching type within the horizon
 * with probability 45%, below it with 5%. With a break-even rate of 20% a fire pays exactly when its
 * conversion rate exceeds 20%: the net-ARR optimum is the planted cutoff. Values are drawn afresh each date,
 * so every date at or above a cutoff is a fire ({@code fires: every_date}). Two signals carry nothing (5%
 * everywhere): they keep their cutoffs, whatever the search finds in their noise (docs/RECALIBRATE.md §5).
 */
class PlantedRecoveryTest {
  private final SparkSession spark = SharedSpark.session();

  static final Map<String, double[]> PLANTED = new LinkedHashMap<>();

  static {
    // signal → {planted cutoff, value range low, value range high, current (default) cutoff}
    PLANTED.put("seat_utilization", new double[] {0.80, 0.0, 1.0, 0.85});
    PLANTED.put("plan_limit_utilization", new double[] {0.75, 0.0, 1.0, 0.70});
    PLANTED.put("api_usage_growth", new double[] {0.40, -0.5, 1.5, 0.60});
    PLANTED.put("feature_adoption_breadth", new double[] {0.60, 0.0, 1.0, 0.70});
    // No signal: the planted cutoff lies above every value, so every account-date converts 5%.
    PLANTED.put("power_user_density", new double[] {9.0, 0.0, 1.0, 0.30});
    PLANTED.put("team_growth", new double[] {99.0, 0.0, 20.0, 3.0});
  }

  static final java.util.Set<String> NO_SIGNAL = java.util.Set.of("power_user_density", "team_growth");

  static final LocalDate AS_OF = LocalDate.parse("2026-06-30");
  static final RecalibrateConfig CFG = new RecalibrateConfig(120, 7, 28, 28, "exclude", "every_date", 90,
      new RecalibrateConfig.Grid("linear", 41, Map.of()),
      new RecalibrateConfig.Objective("net_arr", 0.20, 0.10, 1e6, 30, 5, 0.0),
      new RecalibrateConfig.FalseDiscovery(0.05, 999, 19));

  @Test
  void recommendationsRecoverThePlantedCutoffs() {
    EvaluationPlan plan = EvaluationPlan.of(AS_OF, CFG);
    PlantedHistory history = new PlantedHistory(spark, plan.all(), PLANTED, 150, 20261123L);
    Dataset<Row> labelled = Labels.label(history.signals, history.opportunities, AS_OF, CFG.horizonDays(),
        "exclude", CFG.warmupDays()).cache();
    Map<String, Double> current = new LinkedHashMap<>();
    PLANTED.forEach((s, v) -> current.put(s, v[3]));

    Recalibration.Result result = Recalibration.recalibrate(labelled, plan, CFG, current);

    StringBuilder report = new StringBuilder();
    for (Recommender.Recommendation r : result.recommendations()) {
      double planted = PLANTED.get(r.signal())[0];
      report.append(String.format("%s planted %.3f recommended %.3f (%s, %s, holdout %s) %s%n", r.signal(), planted,
          r.recommendedCutoff(), r.decision(), r.reason(), r.holdoutCheck(), r.detail()));
    }
    System.out.print(report);
    assertEquals(6, result.recommendations().size(), report.toString());
    for (Recommender.Recommendation r : result.recommendations()) {
      if (NO_SIGNAL.contains(r.signal())) {
        assertEquals("keep", r.decision(), "a signal that carries nothing keeps its cutoff:\n" + report);
        continue;
      }
      double step = result.grid().get(r.signal())[1] - result.grid().get(r.signal())[0];
      double planted = PLANTED.get(r.signal())[0];
      assertTrue(Math.abs(r.recommendedCutoff() - planted) <= step + 1e-9,
          "within one grid step (" + step + ") of the planted cutoff:\n" + report);
      assertEquals("change", r.decision(), "every default differs from the planted cutoff:\n" + report);
      assertEquals("passed", r.holdoutCheck(), "the planted cutoff beats the default on the holdout:\n"
          + report);
      assertTrue(r.pAdjusted() <= CFG.falseDiscovery().q(), "survives BH:\n" + report);
    }
    labelled.unpersist();
    result.sweeps().unpersist();
  }
}
