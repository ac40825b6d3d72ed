package dev.playbook.measure;

/** Column names of the measure job's inputs from other stages and of its outputs, declared once. */
public final class MeasureCol {
  private MeasureCol() {}

  // features job output `signals` (docs of the features stage)
  public static final String SIGNAL = "signal";
  public static final String FIRED = "fired";
  public static final String STRENGTH = "strength";
  public static final String STREAK_LENGTH = "streak_length";
  public static final String STREAK_START = "streak_start";

  // queue job output `expansion_queue`
  public static final String EXPANSION_TYPE = "expansion_type";
  public static final String MOTION = "motion";
  public static final String QUEUE_OWNER = "owner";
  public static final String IS_HOLDOUT = "is_holdout";
  public static final String HOLDOUT = "holdout";
  public static final String STATUS = "status";
  public static final String RESOLVED = "resolved";

  // signal_outcomes
  public static final String FIRST_FIRED_ON = "first_fired_on";
  public static final String LAST_FIRED_ON = "last_fired_on";
  public static final String FIRED_DATES = "fired_dates";
  public static final String MAX_STREAK_LENGTH = "max_streak_length";
  public static final String MAX_STRENGTH = "max_strength";
  public static final String STILL_FIRING = "still_firing";
  public static final String HORIZON_END = "horizon_end";
  public static final String HORIZON_COMPLETE = "horizon_complete";
  public static final String PERIOD = "period";
  public static final String OPPORTUNITY_CREATED_ON = "opportunity_created_on";
  public static final String OUTCOME = "outcome";
  public static final String OPPORTUNITY_CLOSED_ON = "opportunity_closed_on";
  public static final String OPPORTUNITY_OWNER = "opportunity_owner";
  public static final String SOURCE_SIGNAL_MATCH = "source_signal_match";
  public static final String DAYS_TO_CREATED = "days_to_created";
  public static final String DAYS_TO_CLOSED = "days_to_closed";
  public static final String QUEUED_ON = "queued_on";
  public static final String QUEUE_STATUS = "queue_status";
  public static final String SEATS_INCREASED_ON = "seats_increased_on";
  public static final String PLAN_UPGRADED_ON = "plan_upgraded_on";
  public static final String NEW_PRODUCT_ON = "new_product_on";
  public static final String BILLING_CHANGED_ON = "billing_changed_on";
  public static final String BILLING_CONFIRMED = "billing_confirmed";
  public static final String BILLING_STATUS = "billing_status";

  // conversion_metrics
  public static final String DIMENSION = "dimension";
  public static final String DIMENSION_VALUE = "dimension_value";
  public static final String EPISODES = "episodes";
  public static final String MATCHED_EPISODES = "matched_episodes";
  public static final String WON_EPISODES = "won_episodes";
  public static final String LOST_EPISODES = "lost_episodes";
  public static final String OPEN_EPISODES = "open_episodes";
  public static final String MATURED_EPISODES = "matured_episodes";
  public static final String MATURED_WON_EPISODES = "matured_won_episodes";
  public static final String OPPORTUNITIES = "opportunities";
  public static final String WON_OPPORTUNITIES = "won_opportunities";
  public static final String LOST_OPPORTUNITIES = "lost_opportunities";
  public static final String CONVERSION_RATE = "conversion_rate";
  public static final String MATURED_CONVERSION_RATE = "matured_conversion_rate";
  public static final String WIN_RATE = "win_rate";
  public static final String EXPANSION_ARR_WON = "expansion_arr_won";
  public static final String MEDIAN_DAYS_TO_CREATED = "median_days_to_created";
  public static final String MEDIAN_DAYS_TO_CLOSE = "median_days_to_close";
  public static final String QUALIFIED_EPISODES = "qualified_episodes";
  public static final String QUALIFIED_WON_EPISODES = "qualified_won_episodes";
  public static final String QUALIFIED_TO_CLOSED_RATE = "qualified_to_closed_rate";
  public static final String HOLDOUT_EPISODES = "holdout_episodes";
  public static final String HOLDOUT_WON_EPISODES = "holdout_won_episodes";
  public static final String HOLDOUT_CONVERSION_RATE = "holdout_conversion_rate";
  public static final String HOLDOUT_LIFT = "holdout_lift";

  // mrr_movements
  public static final String MONTH = "month";
  public static final String MEASURED_ON = "measured_on";
  public static final String PREVIOUS_MRR = "previous_mrr";
  public static final String MRR_CHANGE = "mrr_change";
  public static final String IS_ACTIVE = "is_active";
  public static final String IS_FIRST_MONTH = "is_first_month";
  public static final String IS_LAST_MONTH = "is_last_month";
  public static final String FIRST_ACTIVE_MONTH = "first_active_month";
  public static final String CHANGE_CATEGORY = "change_category";
  public static final String NEW_MRR = "new_mrr";
  public static final String EXPANSION_MRR = "expansion_mrr";
  public static final String CONTRACTION_MRR = "contraction_mrr";
  public static final String CHURNED_MRR = "churned_mrr";
  public static final String REACTIVATION_MRR = "reactivation_mrr";

  // retention
  public static final String RETENTION_KIND = "retention_kind";
  public static final String COHORT_MONTH = "cohort_month";
  public static final String MONTHS_FROM_START = "months_from_start";
  public static final String ACCOUNTS_START = "accounts_start";
  public static final String ACCOUNTS_RETAINED = "accounts_retained";
  public static final String START_MRR = "start_mrr";
  public static final String END_MRR = "end_mrr";
  public static final String NRR = "nrr";
  public static final String GRR = "grr";

  // expansion_pipeline
  public static final String PIPELINE_KIND = "pipeline_kind";
  public static final String ATTRIBUTED_SIGNALS = "attributed_signals";
  public static final String STAGE_AS_OF = "stage_as_of";
  public static final String CLOSED_MONTH = "closed_month";
  public static final String DAYS_OPEN = "days_open";

  // values
  public static final String WON = "won";
  public static final String LOST = "lost";
  public static final String OPEN = "open";
  public static final String NONE = "none";

  public static final String NEW = "new";
  public static final String EXPANSION = "expansion";
  public static final String CONTRACTION = "contraction";
  public static final String CHURN = "churn";
  public static final String REACTIVATION = "reactivation";
  public static final String UNCHANGED = "unchanged";
  public static final String INACTIVE = "inactive";

  public static final String TRAILING = "trailing";
  public static final String COHORT = "cohort";

  public static final String KIND_EXPANSION = "expansion";
  public static final String KIND_NEW_BUSINESS = "new_business";
  public static final String KIND_RENEWAL = "renewal";
}
