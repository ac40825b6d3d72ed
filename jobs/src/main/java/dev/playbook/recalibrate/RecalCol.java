package dev.playbook.recalibrate;

/** Column names of the recalibration's intermediate frames and output tables, declared once. */
public final class RecalCol {
  private RecalCol() {}

  // The features job's `signals` table (read, not owned here).
  public static final String SIGNAL = "signal";
  public static final String VALUE = "value";
  public static final String CUTOFF = "cutoff";

  // Labelled history (Labels).
  public static final String EXPANSION_TYPE = "expansion_type";
  public static final String CONVERTED = "converted";
  public static final String WON_ARR = "won_arr";
  public static final String IN_OPEN_EXPANSION = "in_open_expansion";
  public static final String PREVIOUS_MAX = "previous_max";

  // Sweeps (Sweep).
  public static final String PERIOD = "period";
  public static final String CUTOFF_INDEX = "cutoff_index";
  public static final String EVALUATION_DATES = "evaluation_dates";
  public static final String ROWS = "rows";
  public static final String POSITIVES = "positives";
  public static final String BASE_RATE = "base_rate";
  public static final String FIRES = "fires";
  public static final String CONVERSIONS = "conversions";
  public static final String CONVERSION_RATE = "conversion_rate";
  public static final String CI_LOW = "ci_low";
  public static final String CI_HIGH = "ci_high";
  public static final String PRECISION = "precision";
  public static final String RECALL = "recall";
  public static final String LIFT = "lift";
  public static final String EXPECTED_ARR = "expected_arr";
  public static final String MEAN_WON_ARR = "mean_won_arr";
  public static final String FIRES_PER_WEEK = "fires_per_week";
  public static final String EXPECTED_ARR_PER_WEEK = "expected_arr_per_week";
  public static final String OBJECTIVE_PER_WEEK = "objective_per_week";
  public static final String MEETS_CONSTRAINTS = "meets_constraints";
  public static final String IS_CURRENT_CUTOFF = "is_current_cutoff";

  // Recommendations (Recommender).
  public static final String CURRENT_CUTOFF = "current_cutoff";
  public static final String BEST_CUTOFF = "best_cutoff";
  public static final String RECOMMENDED_CUTOFF = "recommended_cutoff";
  public static final String DECISION = "decision";
  public static final String REASON = "reason";
  public static final String REASON_DETAIL = "reason_detail";
  public static final String P_VALUE = "p_value";
  public static final String P_ADJUSTED = "p_adjusted";
  public static final String HOLDOUT_GAIN_PER_WEEK = "holdout_gain_per_week";
  public static final String OBJECTIVE = "objective";
  public static final String CURRENT_OBJECTIVE_PER_WEEK = "current_objective_per_week";
  public static final String BEST_OBJECTIVE_PER_WEEK = "best_objective_per_week";
  public static final String CURRENT_FIRES = "current_fires";
  public static final String CURRENT_CONVERSION_RATE = "current_conversion_rate";
  public static final String BEST_FIRES = "best_fires";
  public static final String BEST_CONVERSIONS = "best_conversions";
  public static final String BEST_CONVERSION_RATE = "best_conversion_rate";
  public static final String BEST_CI_LOW = "best_ci_low";
  public static final String BEST_CI_HIGH = "best_ci_high";
  public static final String BEST_LIFT = "best_lift";
  public static final String BEST_FIRES_PER_WEEK = "best_fires_per_week";
  public static final String BEST_EXPECTED_ARR_PER_WEEK = "best_expected_arr_per_week";
  public static final String HOLDOUT_FIRES = "holdout_fires";
  public static final String HOLDOUT_CONVERSIONS = "holdout_conversions";
  public static final String HOLDOUT_CONVERSION_RATE = "holdout_conversion_rate";
  public static final String HOLDOUT_CI_LOW = "holdout_ci_low";
  public static final String HOLDOUT_CI_HIGH = "holdout_ci_high";
  public static final String HOLDOUT_CHECK = "holdout_check";
  public static final String TRAINING_FROM = "training_from";
  public static final String TRAINING_TO = "training_to";
  public static final String HOLDOUT_FROM = "holdout_from";
  public static final String HOLDOUT_TO = "holdout_to";
  public static final String CONFIG_VERSION = "config_version";
}
