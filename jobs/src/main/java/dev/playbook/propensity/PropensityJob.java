package dev.playbook.propensity;

import static dev.playbook.propensity.PropensityCol.*;

import dev.playbook.cli.Job;
import dev.playbook.cli.JobContext;
import dev.playbook.cli.UsageException;
import dev.playbook.config.PlaybookConfig;
import dev.playbook.config.PropensityConfig;
import dev.playbook.config.QueueConfig;
import dev.playbook.config.RecalibrateConfig;
import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import dev.playbook.features.FeatureInputs;
import dev.playbook.features.PointInTimeFeatures;
import dev.playbook.recalibrate.CrossSellWindow;
import dev.playbook.recalibrate.EvaluationPlan;
import dev.playbook.recalibrate.Labels;
import dev.playbook.recalibrate.RecalCol;
import dev.playbook.recalibrate.RecalibrateJob;
import dev.playbook.recalibrate.Recalibration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;

/**
 * {@code bin/playbook propensity --as-of D}: per expansion type, trains an MLlib pipeline on recalibration's
 * point-in-time labelled history (its training dates), compares it with the rule-based priority on the holdout
 * dates, saves the model, and writes model_evaluations and model_weights (docs/PROPENSITY.md). Runs on the
 * recalibration's cadence (weekly), never in the daily run: the daily queue only loads a saved model.
 *
 * <ol>
 *   <li>Signals, features and window positions at the evaluation dates, computed from the staged inputs with
 *       the features code in one pass (or read from the features tables with {@code --signals-from table}).</li>
 *   <li>Label them as recalibration does ({@link Labels}, breadth only in the cross-sell window).</li>
 *   <li>Per type: the frame ({@link PropensityFrame}), the time split, fit, holdout metrics of both scorers
 *       ({@link Propensity}); save the model under {@code <output>/models/propensity/<type>/<version>}.</li>
 *   <li>Replace the as-of date in model_evaluations and model_weights; print each type's decision and why.</li>
 * </ol>
 */
public final class PropensityJob implements Job {
  static final String SIGNALS_FROM_OPTION = RecalibrateJob.SIGNALS_FROM_OPTION;
  static final String COMPUTE = RecalibrateJob.COMPUTE;
  static final String TABLE = RecalibrateJob.TABLE;
  public static final String MODELS_DIR = "models";

  @Override
  public String name() {
    return "propensity";
  }

  @Override
  public String summary() {
    return "train the learned propensity model per expansion type and evaluate it against the rule-based priority";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(SIGNALS_FROM_OPTION, "compute (default): compute the signals at the evaluation dates from the "
        + "staged inputs with the features code; table: read the signals, features and window_positions tables");
  }

  @Override
  public void run(JobContext ctx) {
    if (!ctx.dates().isSingleDay()) {
      throw new UsageException("propensity takes one --as-of date, not a range");
    }
    LocalDate asOf = ctx.dates().from();
    PlaybookConfig pb = ctx.playbook();
    RecalibrateConfig rc = pb.recalibrate();
    PropensityConfig cfg = pb.propensity();
    EvaluationPlan plan = EvaluationPlan.of(asOf, rc);
    List<LocalDate> dates = plan.all();
    ctx.console().stage(String.format("propensity: training %d dates (%s..%s), holdout %d dates (%s..%s), horizon %d "
            + "days, model %s", plan.training().size(), plan.training().get(0), last(plan.training()),
        plan.holdout().size(), plan.holdout().isEmpty() ? "-" : plan.holdout().get(0),
        plan.holdout().isEmpty() ? "-" : last(plan.holdout()), rc.horizonDays(), cfg.model()));

    // 1. Signals, features, window positions at the evaluation dates.
    String from = ctx.option(SIGNALS_FROM_OPTION).orElse(COMPUTE);
    Dataset<Row> signals;
    Dataset<Row> features;
    Dataset<Row> windows;
    if (COMPUTE.equals(from)) {
      FeatureInputs inputs = FeatureInputs.fromWarehouse(ctx.warehouse());
      PointInTimeFeatures.Outputs out = PointInTimeFeatures.compute(inputs, dates.get(0), last(dates), pb.signals(),
          pb.windows(), pb.risk());
      signals = out.signals();
      features = out.features();
      windows = out.windowPositions();
    } else if (TABLE.equals(from)) {
      signals = ctx.warehouse().read("signals");
      features = ctx.warehouse().read("features");
      windows = ctx.warehouse().read("window_positions");
    } else {
      throw new UsageException("--" + SIGNALS_FROM_OPTION + " must be " + COMPUTE + " or " + TABLE + ", was '"
          + from + "'");
    }
    signals = Recalibration.inDates(signals, dates).cache();
    features = Recalibration.inDates(features, dates).cache();
    windows = Recalibration.inDates(windows, dates).cache();
    Dataset<Row> accounts = ctx.warehouse().read("staged_" + InputTable.ACCOUNTS.tableName());
    Dataset<Row> opportunities = ctx.warehouse().read("staged_" + InputTable.OPPORTUNITIES.tableName());

    // 2. Recalibration's labelled history (no previous_max: every account-date is a row).
    Dataset<Row> values = CrossSellWindow.restrict(signals.select(Col.AS_OF_DATE, Col.ACCOUNT_ID, RecalCol.SIGNAL,
        RecalCol.VALUE), windows);
    Dataset<Row> labelled = Labels.label(values, opportunities, asOf, rc.horizonDays(), rc.openExpansionPolicy(), 0)
        .cache();

    // 3. Per type: frame, split, fit, evaluate, save.
    List<Row> evaluations = new ArrayList<>();
    List<Row> weights = new ArrayList<>();
    StringBuilder summary = new StringBuilder();
    for (String type : QueueConfig.TYPES) {
      ctx.console().stage("propensity: " + type);
      Dataset<Row> frame = PropensityFrame.labelled(type, PropensityFrame.unlabelled(type, signals, features, windows,
          accounts, pb.queue().priority(), rc.horizonDays()), labelled).cache();
      Propensity.Result r = Propensity.run(type, frame, plan, rc.horizonDays(), cfg,
          owner -> capacity(pb.queue().capacity(), owner), asOf);
      String path = null;
      if (r.model() != null) {
        path = modelPath(ctx, type, r.version()).toString();
        save(r, path);
        weights.addAll(r.weights());
      }
      evaluations.addAll(rows(r, path, plan, asOf, cfg, ctx.configs().configVersion()));
      summary.append("  ").append(r.reason()).append('\n');
      frame.unpersist();
    }
    labelled.unpersist();

    // 4. Outputs.
    long evalRows = ctx.warehouse().replaceDates(PropensityTables.MODEL_EVALUATIONS,
        ctx.spark().createDataFrame(evaluations, PropensityTables.MODEL_EVALUATIONS.schema()), ctx.dates());
    long weightRows = ctx.warehouse().replaceDates(PropensityTables.MODEL_WEIGHTS,
        ctx.spark().createDataFrame(weights, PropensityTables.MODEL_WEIGHTS.schema()), ctx.dates());
    ctx.console().print("\nPropensity as of " + asOf + " (the queue uses a type's model only when "
        + "propensity.use_in_queue is true and the model beat the rules on the holdout):\n" + summary);
    ctx.console().count("out", PropensityTables.MODEL_EVALUATIONS.name(), evalRows);
    ctx.console().count("out", PropensityTables.MODEL_WEIGHTS.name(), weightRows);
    signals.unpersist();
    features.unpersist();
    windows.unpersist();
  }

  /** Where a type's model of a version is saved: {@code <output>/models/propensity/<type>/<version>}. */
  public static Path modelPath(JobContext ctx, String type, String version) {
    return ctx.warehouse().folder(MODELS_DIR).resolve("propensity").resolve(type).resolve(version);
  }

  static void save(Propensity.Result r, String path) {
    try {
      r.model().write().overwrite().save(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the propensity model of " + r.type() + " to " + path, e);
    }
  }

  static double capacity(QueueConfig.Capacity c, String owner) {
    return c.perOwner().getOrDefault(owner, c.weeklyDefault());
  }

  /** The two model_evaluations rows of a type, in the table's column order. */
  static List<Row> rows(Propensity.Result r, String path, EvaluationPlan plan, LocalDate asOf, PropensityConfig cfg,
      String configVersion) {
    List<Row> out = new ArrayList<>();
    for (String scorer : List.of(MODEL, RULES)) {
      Propensity.Metrics m = MODEL.equals(scorer) ? r.modelMetrics() : r.rulesMetrics();
      boolean isModel = MODEL.equals(scorer);
      Map<String, Object> v = new LinkedHashMap<>();
      v.put(Col.AS_OF_DATE, Date.valueOf(asOf));
      v.put(RecalCol.EXPANSION_TYPE, r.type());
      v.put(SCORER, scorer);
      v.put(MODEL_KIND, isModel ? cfg.model() : "rule_priority");
      v.put(MODEL_VERSION, isModel ? r.version() : null);
      v.put(MODEL_PATH, isModel ? path : null);
      v.put(RecalCol.TRAINING_FROM, Date.valueOf(plan.training().get(0)));
      v.put(RecalCol.TRAINING_TO, Date.valueOf(last(plan.training())));
      v.put(RecalCol.HOLDOUT_FROM, Date.valueOf(plan.holdout().get(0)));
      v.put(RecalCol.HOLDOUT_TO, Date.valueOf(last(plan.holdout())));
      v.put(TRAINING_ROWS, r.trainingRows());
      v.put(TRAINING_POSITIVES, r.trainingPositives());
      Propensity.Metrics counts = r.rulesMetrics();
      v.put(HOLDOUT_ROWS, counts.rows());
      v.put(HOLDOUT_POSITIVES, counts.positives());
      v.put(HOLDOUT_ACCOUNTS, counts.accounts());
      putEstimate(v, AUC_ROC, m == null ? null : m.aucRoc());
      putEstimate(v, AUC_PR, m == null ? null : m.aucPr());
      putEstimate(v, BRIER, m == null ? null : m.brier());
      putEstimate(v, PRECISION_AT_CAPACITY, m == null ? null : m.precision());
      putEstimate(v, EXPECTED_ARR_PER_WEEK, m == null ? null : m.arrPerWeek());
      v.put(SELECTED_PER_WEEK, m == null ? null : m.selectedPerWeek());
      putEstimate(v, AUC_ROC_GAIN, isModel ? r.gain().aucRocGain() : null);
      v.put(CALIBRATION, m == null || m.calibration() == null ? null : m.calibration().stream()
          .map(b -> RowFactory.create(b.bin(), b.lower(), b.upper(), b.rows(), b.meanPredicted(), b.observedRate()))
          .toList());
      v.put(USE_IN_QUEUE, cfg.useInQueue());
      v.put(BEATS_RULES, isModel ? r.beatsRules() : null);
      v.put(DECISION, r.decision());
      v.put(DECISION_REASON, r.reason());
      v.put(BOOTSTRAP_RESAMPLES, cfg.bootstrap().resamples());
      v.put(RecalCol.CONFIG_VERSION, configVersion);
      List<Object> ordered = new ArrayList<>();
      for (StructField f : PropensityTables.MODEL_EVALUATIONS.schema().fields()) {
        if (!v.containsKey(f.name())) {
          throw new IllegalStateException("model_evaluations: no value for " + f.name());
        }
        ordered.add(v.get(f.name()));
      }
      out.add(RowFactory.create(ordered.toArray()));
    }
    return out;
  }

  private static void putEstimate(Map<String, Object> v, String name, HoldoutMetrics.Estimate e) {
    v.put(name, e == null ? null : e.value());
    v.put(name + LOW, e == null ? null : e.low());
    v.put(name + HIGH, e == null ? null : e.high());
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }
}
