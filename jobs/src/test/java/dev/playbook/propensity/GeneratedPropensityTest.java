package dev.playbook.propensity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.config.Configs;
import dev.playbook.config.PlaybookConfig;
import dev.playbook.config.PropensityConfig;
import dev.playbook.config.QueueConfig;
import dev.playbook.config.RecalibrateConfig;
import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import dev.playbook.features.FeatureInputs;
import dev.playbook.features.PointInTimeFeatures;
import dev.playbook.generate.Generator;
import dev.playbook.generate.GeneratorSpec;
import dev.playbook.recalibrate.CrossSellWindow;
import dev.playbook.recalibrate.EvaluationPlan;
import dev.playbook.recalibrate.Labels;
import dev.playbook.recalibrate.RecalCol;
import dev.playbook.recalibrate.Recalibration;
import dev.playbook.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The propensity step on the generator's planted truth (docs/PROPENSITY.md, "Planted truth"): the generated
 * contract → features at the evaluation dates → recalibration's labels → per type the model and the rules on the
 * same holdout. The largest weight of each type falls on a planted signal's feature and the model's holdout
 * AUC-ROC beats the rules'.
 */
class GeneratedPropensityTest {
  private final SparkSession spark = SharedSpark.session();

  /** The planted signal(s) of each type (PlantedTruth). */
  static final Map<String, List<String>> PLANTED = Map.of(
      "seat_expansion", List.of("seat_utilization"),
      "plan_upgrade", List.of("plan_limit_utilization", "api_usage_growth"),
      "cross_sell", List.of("feature_adoption_breadth"));

  @Test
  @Tag("reliability")
  void largestWeightsFallOnThePlantedSignalsAndTheModelBeatsTheRules() {
    PlaybookConfig pb = Configs.load(Path.of("conf/local.yaml")).playbook();
    GeneratorSpec spec = GeneratorSpec.demo(7).withAccounts(500).withHistoryDays(600);
    LocalDate asOf = spec.endDate();
    RecalibrateConfig s = pb.recalibrate();
    RecalibrateConfig rc = new RecalibrateConfig(300, 7, s.horizonDays(), s.holdoutDays(), s.openExpansionPolicy(),
        s.fires(), s.rearmDays(), s.grid(), s.objective(), s.falseDiscovery());
    PropensityConfig cfg = pb.propensity();
    EvaluationPlan plan = EvaluationPlan.of(asOf, rc);
    List<LocalDate> dates = plan.all();

    Map<InputTable, Dataset<Row>> t = Generator.generate(spark, spec);
    FeatureInputs in = new FeatureInputs(t.get(InputTable.ACCOUNTS), t.get(InputTable.PLANS),
        t.get(InputTable.PLAN_FEATURES), t.get(InputTable.SUBSCRIPTIONS), t.get(InputTable.USERS),
        t.get(InputTable.USER_ACTIVITY_DAILY), t.get(InputTable.API_USAGE_DAILY), t.get(InputTable.GATE_EVENTS));
    PointInTimeFeatures.Outputs out = PointInTimeFeatures.compute(in, dates.get(0), dates.get(dates.size() - 1),
        pb.signals(), pb.windows(), pb.risk());
    Dataset<Row> signals = Recalibration.inDates(out.signals(), dates).cache();
    Dataset<Row> features = Recalibration.inDates(out.features(), dates).cache();
    Dataset<Row> windows = Recalibration.inDates(out.windowPositions(), dates).cache();
    Dataset<Row> labelled = Labels.label(CrossSellWindow.restrict(signals.select(Col.AS_OF_DATE, Col.ACCOUNT_ID,
        RecalCol.SIGNAL, RecalCol.VALUE), windows), t.get(InputTable.OPPORTUNITIES), asOf, rc.horizonDays(),
        rc.openExpansionPolicy(), 0).cache();

    StringBuilder report = new StringBuilder();
    Map<String, Propensity.Result> results = new LinkedHashMap<>();
    for (String type : QueueConfig.TYPES) {
      Dataset<Row> frame = PropensityFrame.labelled(type, PropensityFrame.unlabelled(type, signals, features, windows,
          t.get(InputTable.ACCOUNTS), pb.queue().priority(), rc.horizonDays()), labelled).cache();
      Propensity.Result r = Propensity.run(type, frame, plan, rc.horizonDays(), cfg,
          owner -> pb.queue().capacity().weeklyDefault(), asOf);
      results.put(type, r);
      report.append(r.reason()).append(String.format(" | training %d rows, %d won; holdout %d rows, %d won%n",
          r.trainingRows(), r.trainingPositives(), r.rulesMetrics().rows(), r.rulesMetrics().positives()));
      r.weights().stream().limit(5).forEach(w -> report.append(String.format("    %-40s %+.3f%n", w.getString(3),
          w.isNullAt(4) ? w.getDouble(5) : w.getDouble(4))));
      frame.unpersist();
    }
    System.out.print(report);
    for (Map.Entry<String, Propensity.Result> e : results.entrySet()) {
      Propensity.Result r = e.getValue();
      assertTrue(r.model() != null, e.getKey() + " trained a model:\n" + report);
      String top = r.weights().get(0).getString(3);
      assertTrue(PLANTED.get(e.getKey()).stream().anyMatch(top::startsWith),
          e.getKey() + ": the largest weight (" + top + ") is on a planted signal " + PLANTED.get(e.getKey()) + ":\n"
              + report);
      assertTrue(r.modelMetrics().aucRoc().value() > r.rulesMetrics().aucRoc().value(),
          e.getKey() + ": the model's holdout AUC-ROC beats the rules':\n" + report);
    }
    labelled.unpersist();
    signals.unpersist();
    features.unpersist();
    windows.unpersist();
  }
}
