package dev.playbook.propensity;

/** Column names of the propensity frames and output tables, declared once. */
public final class PropensityCol {
  private PropensityCol() {}

  // The per-type frame (PropensityFrame).
  public static final String OWNER = "owner";
  public static final String LABEL = "label";
  public static final String WON_ARR = "won_arr";
  public static final String RULE_PRIORITY = "rule_priority";
  public static final String PROPENSITY = "propensity";
  public static final String TOP_CONTRIBUTIONS = "top_contributions";
  public static final String FEATURE = "feature";
  public static final String FEATURE_VALUE = "feature_value";
  public static final String CONTRIBUTION = "contribution";

  // Features that are not a signal's (each signal adds <signal>__value, __strength, __persistence_days).
  public static final String F_DAYS_SINCE_ONBOARDING = "days_since_onboarding";
  public static final String F_PHASE_PEAK = "phase_peak";
  public static final String F_PHASE_LATE = "phase_late";
  public static final String F_CROSS_SELL_POSITION = "cross_sell_window_position";
  public static final String F_DAYS_TO_RENEWAL = "days_to_renewal";
  public static final String F_LIMIT_SOON = "usage_limit_projected_soon";
  public static final String F_SEGMENT_MID_MARKET = "segment_mid_market";
  public static final String F_SEGMENT_ENTERPRISE = "segment_enterprise";
  public static final String F_LOG_ARR = "log_arr";
  public static final String SUFFIX_VALUE = "__value";
  public static final String SUFFIX_STRENGTH = "__strength";
  public static final String SUFFIX_PERSISTENCE = "__persistence_days";
  public static final String SUFFIX_FRESH = "__fresh_fire";

  // model_evaluations.
  public static final String SCORER = "scorer";
  public static final String MODEL_KIND = "model_kind";
  public static final String MODEL_VERSION = "model_version";
  public static final String MODEL_PATH = "model_path";
  public static final String TRAINING_ROWS = "training_rows";
  public static final String TRAINING_POSITIVES = "training_positives";
  public static final String HOLDOUT_ROWS = "holdout_rows";
  public static final String HOLDOUT_POSITIVES = "holdout_positives";
  public static final String HOLDOUT_ACCOUNTS = "holdout_accounts";
  public static final String AUC_ROC = "auc_roc";
  public static final String AUC_PR = "auc_pr";
  public static final String BRIER = "brier";
  public static final String PRECISION_AT_CAPACITY = "precision_at_capacity";
  public static final String SELECTED_PER_WEEK = "selected_per_week";
  public static final String EXPECTED_ARR_PER_WEEK = "expected_arr_per_week_at_capacity";
  public static final String AUC_ROC_GAIN = "auc_roc_gain_over_rules";
  public static final String LOW = "_low";
  public static final String HIGH = "_high";
  public static final String CALIBRATION = "calibration";
  public static final String BIN = "bin";
  public static final String BIN_LOWER = "lower";
  public static final String BIN_UPPER = "upper";
  public static final String ROWS = "rows";
  public static final String MEAN_PREDICTED = "mean_predicted";
  public static final String OBSERVED_RATE = "observed_rate";
  public static final String USE_IN_QUEUE = "use_in_queue";
  public static final String BEATS_RULES = "beats_rules";
  public static final String DECISION = "decision";
  public static final String DECISION_REASON = "decision_reason";
  public static final String BOOTSTRAP_RESAMPLES = "bootstrap_resamples";

  // model_weights.
  public static final String COEFFICIENT = "coefficient";
  public static final String FEATURE_MEAN = "feature_mean";
  public static final String FEATURE_STD = "feature_std";
  public static final String IMPORTANCE = "importance";
  public static final String WEIGHT_RANK = "weight_rank";

  /** Values of {@code scorer}. */
  public static final String MODEL = "model";
  public static final String RULES = "rules";
}
