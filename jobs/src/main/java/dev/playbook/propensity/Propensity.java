package dev.playbook.propensity;

import static dev.playbook.propensity.PropensityCol.*;
import static org.apache.spark.sql.functions.col;

import dev.playbook.config.PropensityConfig;
import dev.playbook.contract.Col;
import dev.playbook.recalibrate.EvaluationPlan;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One expansion type's propensity run without I/O: split the labelled frame by time, fit the pipeline on the
 * training rows, score the holdout rows with the model and with the rules, and measure both on the same rows
 * with paired account-bootstrap intervals; decide whether the queue may use the model.
 *
 * <p>Cost: the fit (a few passes of L-BFGS over the training rows), one scoring pass of the holdout, which is
 * then collected (account-dates of one type over the holdout's weeks: thousands of rows) for the metrics and
 * the bootstrap.
 */
public final class Propensity {
  private Propensity() {}

  /**
   * @param model the fitted pipeline (null when too few training positives)
   * @param version its version; null without a model
   * @param evaluations the two model_evaluations rows (model, rules), without model_path (the job adds it)
   * @param weights the model_weights rows
   * @param decision model or rules
   * @param reason the decision in words
   */
  public record Result(String type, PipelineModel model, String version, Metrics modelMetrics, Metrics rulesMetrics,
      Estimates gain, long trainingRows, long trainingPositives, List<Row> weights, boolean beatsRules,
      String decision, String reason) {}

  /** The holdout metrics of one scorer. */
  public record Metrics(HoldoutMetrics.Estimate aucRoc, HoldoutMetrics.Estimate aucPr, HoldoutMetrics.Estimate brier,
      HoldoutMetrics.Estimate precision, HoldoutMetrics.Estimate arrPerWeek, Double selectedPerWeek,
      List<HoldoutMetrics.Bin> calibration, long rows, long positives, long accounts) {}

  /** The paired AUC-ROC gain. */
  public record Estimates(HoldoutMetrics.Estimate aucRocGain) {}

  public static Result run(String type, Dataset<Row> labelled, EvaluationPlan plan, int horizonDays,
      PropensityConfig cfg, ToDoubleFunction<String> capacity, java.time.LocalDate asOf) {
    List<String> features = PropensityFrame.featureNames(type);
    TimeSplit split = TimeSplit.of(labelled, plan, horizonDays);
    Row counts = split.training().agg(org.apache.spark.sql.functions.count("*"),
        org.apache.spark.sql.functions.sum(col(LABEL))).first();
    long trainingRows = counts.getLong(0);
    long trainingPositives = counts.isNullAt(1) ? 0 : Math.round(counts.getDouble(1));

    // Holdout rows in a fixed order (date, account) so the bootstrap is reproducible.
    PipelineModel model = null;
    String version = null;
    List<Row> weights = new ArrayList<>();
    Dataset<Row> holdout = split.holdout();
    boolean trained = trainingPositives >= cfg.minTrainingPositives() && trainingRows > trainingPositives;
    if (trained) {
      model = PropensityModel.pipeline(features, cfg).fit(split.training());
      version = PropensityModel.version(plan.training().get(0), plan.training().get(plan.training().size() - 1),
          cfg, features, horizonDays);
      holdout = PropensityModel.score(model, holdout);
      weights = weights(model, features, type, version, asOf);
    }
    List<Row> rows = holdout.select(col(Col.AS_OF_DATE).cast("string"), col(Col.ACCOUNT_ID), col(OWNER), col(LABEL),
            col(WON_ARR), col(RULE_PRIORITY), trained ? col(PROPENSITY) : org.apache.spark.sql.functions.lit(0.0))
        .orderBy(Col.AS_OF_DATE, Col.ACCOUNT_ID).collectAsList();
    List<HoldoutMetrics.Obs> obs = new ArrayList<>();
    double[] label = new double[rows.size()];
    double[] rule = new double[rows.size()];
    double[] prop = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      obs.add(new HoldoutMetrics.Obs(r.getString(0), r.getString(1), r.getString(2), r.getDouble(3), r.getDouble(4)));
      label[i] = r.getDouble(3);
      rule[i] = r.isNullAt(5) ? 0.0 : r.getDouble(5);
      prop[i] = r.getDouble(6);
    }
    int dates = plan.holdout().size();
    int[] all = HoldoutMetrics.all(rows.size());
    List<int[]> resamples = HoldoutMetrics.accountResamples(obs, cfg.bootstrap().resamples(), cfg.bootstrap().seed());
    Metrics rules = metrics(rule, false, label, obs, all, resamples, capacity, dates, cfg.calibrationBins());
    Metrics modelMetrics = trained ? metrics(prop, true, label, obs, all, resamples, capacity, dates,
        cfg.calibrationBins()) : null;
    Estimates gain = new Estimates(trained ? HoldoutMetrics.estimate(
        idx -> HoldoutMetrics.aucRoc(prop, label, idx) - HoldoutMetrics.aucRoc(rule, label, idx), all, resamples)
        : new HoldoutMetrics.Estimate(null, null, null));

    // The decision: the model must beat the rules on the holdout (ranking and worked ARR) and be configured.
    boolean beats = trained && gain.aucRocGain().low() != null && gain.aucRocGain().low() > 0
        && modelMetrics.arrPerWeek().value() != null && rules.arrPerWeek().value() != null
        && modelMetrics.arrPerWeek().value() >= rules.arrPerWeek().value();
    String decision = cfg.useInQueue() && beats ? MODEL : RULES;
    String reason = reason(type, trained, trainingPositives, cfg, modelMetrics, rules, gain, beats);
    return new Result(type, model, version, modelMetrics, rules, gain, trainingRows, trainingPositives, weights, beats,
        decision, reason);
  }

  static Metrics metrics(double[] score, boolean probability, double[] label, List<HoldoutMetrics.Obs> obs, int[] all,
      List<int[]> resamples, ToDoubleFunction<String> capacity, int dates, int bins) {
    long positives = 0;
    for (double y : label) {
      positives += y > 0.5 ? 1 : 0;
    }
    long accounts = obs.stream().map(HoldoutMetrics.Obs::account).distinct().count();
    HoldoutMetrics.Estimate none = new HoldoutMetrics.Estimate(null, null, null);
    return new Metrics(
        HoldoutMetrics.estimate(idx -> HoldoutMetrics.aucRoc(score, label, idx), all, resamples),
        HoldoutMetrics.estimate(idx -> HoldoutMetrics.aucPr(score, label, idx), all, resamples),
        probability ? HoldoutMetrics.estimate(idx -> HoldoutMetrics.brier(score, label, idx), all, resamples) : none,
        HoldoutMetrics.estimate(idx -> HoldoutMetrics.atCapacity(score, obs, idx, capacity, dates)[0], all, resamples),
        HoldoutMetrics.estimate(idx -> HoldoutMetrics.atCapacity(score, obs, idx, capacity, dates)[2], all, resamples),
        HoldoutMetrics.atCapacity(score, obs, all, capacity, dates)[1],
        probability ? HoldoutMetrics.calibration(score, label, all, bins) : null,
        obs.size(), positives, accounts);
  }

  static String reason(String type, boolean trained, long positives, PropensityConfig cfg, Metrics m, Metrics r,
      Estimates gain, boolean beats) {
    if (!trained) {
      return String.format(Locale.ROOT, "%s: rules (no model: %d converted training rows, fewer than "
          + "min_training_positives %d, or no unconverted ones)", type, positives, cfg.minTrainingPositives());
    }
    String evidence = String.format(Locale.ROOT,
        "holdout AUC-ROC model %s vs rules %s, gain %s; expected ARR at capacity model %s/week vs rules %s/week",
        fmt(m.aucRoc(), "%.3f"), fmt(r.aucRoc(), "%.3f"), fmt(gain.aucRocGain(), "%+.3f"), fmt(m.arrPerWeek(), "%,.0f"),
        fmt(r.arrPerWeek(), "%,.0f"));
    if (!beats) {
      return type + ": rules (the model does not beat them: " + evidence
          + "; it must have a gain interval above 0 and at least the rules' ARR)";
    }
    return type + (cfg.useInQueue() ? ": model (beats the rules: " + evidence + ")"
        : ": rules (the model beats them, " + evidence + ", but propensity.use_in_queue is false)");
  }

  static String fmt(HoldoutMetrics.Estimate e, String f) {
    if (e.value() == null) {
      return "n/a";
    }
    String v = String.format(Locale.ROOT, f, e.value());
    return e.low() == null ? v : v + " [" + String.format(Locale.ROOT, f, e.low()) + ", "
        + String.format(Locale.ROOT, f, e.high()) + "]";
  }

  /** model_weights rows: coefficient (or importance), the scaler's mean and sd, ranked by size. */
  static List<Row> weights(PipelineModel model, List<String> features, String type, String version,
      java.time.LocalDate asOf) {
    LogisticRegressionModel lr = PropensityModel.logistic(model);
    double[] w = lr != null ? lr.coefficients().toArray() : PropensityModel.importances(model);
    double[] mean = PropensityModel.scaler(model).mean().toArray();
    double[] std = PropensityModel.scaler(model).std().toArray();
    List<Integer> order = new ArrayList<>();
    for (int j = 0; j < features.size(); j++) {
      order.add(j);
    }
    order.sort((a, b) -> Double.compare(Math.abs(w[b]), Math.abs(w[a])));
    List<Row> out = new ArrayList<>();
    for (int rank = 0; rank < order.size(); rank++) {
      int j = order.get(rank);
      out.add(RowFactory.create(Date.valueOf(asOf), type, version, features.get(j), lr != null ? w[j] : null,
          lr != null ? null : w[j], mean[j], std[j], rank + 1));
    }
    return out;
  }

}
