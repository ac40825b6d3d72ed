package dev.playbook.propensity;

import static dev.playbook.propensity.PropensityCol.*;

import dev.playbook.contract.Col;
import dev.playbook.io.OutputTable;
import dev.playbook.recalibrate.RecalCol;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The propensity job's output tables, each declared once with its grain and a comment per column. */
public final class PropensityTables {
  private PropensityTables() {}

  public static final StructType CALIBRATION_BIN = new StructType()
      .add(BIN, DataTypes.IntegerType, false)
      .add(BIN_LOWER, DataTypes.DoubleType, false)
      .add(BIN_UPPER, DataTypes.DoubleType, false)
      .add(ROWS, DataTypes.LongType, false)
      .add(MEAN_PREDICTED, DataTypes.DoubleType, true)
      .add(OBSERVED_RATE, DataTypes.DoubleType, true);

  private static final String INTERVAL = " (95% interval over bootstrap_resamples resamples of the holdout's accounts)";

  public static final OutputTable MODEL_EVALUATIONS;

  static {
    OutputTable.Builder b = OutputTable.builder("model_evaluations",
            "one row per propensity as-of date, expansion type and scorer (model or rules)",
            "The learned propensity model of each expansion type and today's rule-based priority, side by side on the "
                + "same holdout rows of recalibration's labelled history, and whether the queue uses the model. "
                + "See docs/PROPENSITY.md.")
        .column(Col.AS_OF_DATE, DataTypes.DateType, false, "the propensity run's as-of date: no outcome after it used")
        .column(RecalCol.EXPANSION_TYPE, DataTypes.StringType, false, "seat_expansion, plan_upgrade or cross_sell")
        .column(SCORER, DataTypes.StringType, false, "model (the learned propensity) or rules (the queue's priority)")
        .column(MODEL_KIND, DataTypes.StringType, false, "logistic, gbt, or rule_priority")
        .column(MODEL_VERSION, DataTypes.StringType, true,
            "train_<training_from>_<training_to>_<hash of the model's config, features and horizon>; null for rules or "
                + "when no model was trained")
        .column(MODEL_PATH, DataTypes.StringType, true, "where the MLlib PipelineModel is saved; null for rules")
        .column(RecalCol.TRAINING_FROM, DataTypes.DateType, false, "first training evaluation date")
        .column(RecalCol.TRAINING_TO, DataTypes.DateType, false, "last training evaluation date")
        .column(RecalCol.HOLDOUT_FROM, DataTypes.DateType, false, "first holdout evaluation date")
        .column(RecalCol.HOLDOUT_TO, DataTypes.DateType, false, "last holdout evaluation date")
        .column(TRAINING_ROWS, DataTypes.LongType, false, "training account-dates of the type")
        .column(TRAINING_POSITIVES, DataTypes.LongType, false, "of those, converted")
        .column(HOLDOUT_ROWS, DataTypes.LongType, false, "holdout account-dates of the type (both scorers score these)")
        .column(HOLDOUT_POSITIVES, DataTypes.LongType, false, "of those, converted")
        .column(HOLDOUT_ACCOUNTS, DataTypes.LongType, false, "distinct accounts of the holdout (the bootstrap's unit)");
    for (String[] m : new String[][] {
        {AUC_ROC, "area under the ROC curve on the holdout (0.5 = chance)"},
        {AUC_PR, "area under the precision-recall curve on the holdout (chance = the holdout's base rate)"},
        {BRIER, "mean (propensity - converted)^2; null for rules (a rank score, not a probability)"},
        {PRECISION_AT_CAPACITY, "converted share of the rows each owner would work: per holdout date, each owner's "
            + "weekly capacity (queue.capacity) of highest-scored rows"},
        {EXPECTED_ARR_PER_WEEK, "won expansion ARR of those rows per holdout date"}}) {
      b.column(m[0], DataTypes.DoubleType, true, m[1]);
      b.column(m[0] + LOW, DataTypes.DoubleType, true, "lower bound of " + m[0] + INTERVAL);
      b.column(m[0] + HIGH, DataTypes.DoubleType, true, "upper bound of " + m[0] + INTERVAL);
    }
    MODEL_EVALUATIONS = b
        .column(SELECTED_PER_WEEK, DataTypes.DoubleType, true, "rows selected at capacity per holdout date")
        .column(AUC_ROC_GAIN, DataTypes.DoubleType, true, "model auc_roc - rules auc_roc (model rows; null for rules)")
        .column(AUC_ROC_GAIN + LOW, DataTypes.DoubleType, true, "its lower bound" + INTERVAL + ", paired resamples")
        .column(AUC_ROC_GAIN + HIGH, DataTypes.DoubleType, true, "its upper bound")
        .column(CALIBRATION, DataTypes.createArrayType(CALIBRATION_BIN, false), true,
            "calibration_bins equal-width bins of propensity: rows, mean propensity, observed conversion rate; null "
                + "for rules")
        .column(USE_IN_QUEUE, DataTypes.BooleanType, false, "propensity.use_in_queue as configured")
        .column(BEATS_RULES, DataTypes.BooleanType, true,
            "the model beat the rules on the holdout: auc_roc_gain_over_rules_low > 0 and expected ARR at capacity "
                + ">= the rules'; null for rules")
        .column(DECISION, DataTypes.StringType, false,
            "what the queue scores this type with from this run: model (configured and beats_rules) or rules")
        .column(DECISION_REASON, DataTypes.StringType, false, "the decision in words with its numbers, as printed")
        .column(BOOTSTRAP_RESAMPLES, DataTypes.IntegerType, false, "resamples behind the intervals")
        .column(RecalCol.CONFIG_VERSION, DataTypes.StringType, false, "playbook version@hash of the run")
        .replacedByDate(Col.AS_OF_DATE)
        .build();
  }

  public static final OutputTable MODEL_WEIGHTS = OutputTable.builder("model_weights",
          "one row per propensity as-of date, expansion type and feature",
          "The learned propensity model's weight of each feature: the logistic coefficient on the standardised "
              + "feature (log-odds per standard deviation) or the tree model's importance. See docs/PROPENSITY.md.")
      .column(Col.AS_OF_DATE, DataTypes.DateType, false, "the propensity run's as-of date")
      .column(RecalCol.EXPANSION_TYPE, DataTypes.StringType, false, "the model's expansion type")
      .column(MODEL_VERSION, DataTypes.StringType, false, "the model (model_evaluations.model_version)")
      .column(FEATURE, DataTypes.StringType, false,
          "<signal>__value, __strength, __persistence_days, or a window / account feature")
      .column(COEFFICIENT, DataTypes.DoubleType, true, "logistic: log-odds change per standard deviation of the feature")
      .column(IMPORTANCE, DataTypes.DoubleType, true, "gbt: the feature's share of the trees' gain; null for logistic")
      .column(FEATURE_MEAN, DataTypes.DoubleType, false, "the feature's training mean (the scaler's)")
      .column(FEATURE_STD, DataTypes.DoubleType, false, "the feature's training standard deviation (0: constant, unused)")
      .column(WEIGHT_RANK, DataTypes.IntegerType, false, "1 = largest |coefficient| (or importance) of the type")
      .replacedByDate(Col.AS_OF_DATE)
      .build();

  public static final StructType CONTRIBUTION_TYPE = new StructType()
      .add(FEATURE, DataTypes.StringType, true)
      .add(FEATURE_VALUE, DataTypes.DoubleType, true)
      .add(CONTRIBUTION, DataTypes.DoubleType, true);

  public static final OutputTable PROPENSITY_SCORES = OutputTable.builder("propensity_scores",
          "one row per queue as-of date, account and expansion type whose model the queue uses",
          "Written by the daily queue when propensity.use_in_queue is true, for each type whose latest saved model "
              + "beat the rules on its holdout: the account's propensity at the date from the saved model (no "
              + "training in the daily run) and the three largest contributions. Join to expansion_queue and "
              + "handoff_briefs on as_of_date, account_id, expansion_type. See docs/PROPENSITY.md.")
      .column(Col.AS_OF_DATE, DataTypes.DateType, false, "the queue's as-of date (the features at it)")
      .column(Col.ACCOUNT_ID, DataTypes.StringType, false, "the account")
      .column(RecalCol.EXPANSION_TYPE, DataTypes.StringType, false, "the model's expansion type")
      .column(PROPENSITY, DataTypes.DoubleType, true,
          "the model's probability of a closed-won expansion of the type created within the label horizon")
      .column(TOP_CONTRIBUTIONS, DataTypes.createArrayType(CONTRIBUTION_TYPE, true), true,
          "the 'why': the three features with the largest |coefficient x standardised value|, largest first, with "
              + "the feature's value and its contribution to the log-odds; null for a tree model")
      .column(MODEL_VERSION, DataTypes.StringType, false, "the saved model used (model_evaluations.model_version)")
      .replacedByDate(Col.AS_OF_DATE)
      .build();
}
