package dev.playbook.queue;

import dev.playbook.features.FeatureTables;

/**
 * Column names the queue job reads from the features job's tables and writes to its own, declared once.
 * The features tables' columns are FeatureTables' own constants, repeated here only as short names.
 */
public final class QueueColumns {
  private QueueColumns() {}

  // signals (features job)
  public static final String SIGNAL = FeatureTables.SIGNAL;
  public static final String VALUE = FeatureTables.VALUE;
  public static final String CUTOFF = FeatureTables.CUTOFF;
  public static final String FIRED = FeatureTables.FIRED;
  public static final String STRENGTH = FeatureTables.STRENGTH;
  public static final String STREAK_LENGTH = FeatureTables.STREAK_LENGTH;
  public static final String STREAK_UNIT = FeatureTables.STREAK_UNIT;
  public static final String STREAK_START = FeatureTables.STREAK_START;
  // features (features job)
  public static final String ARR = FeatureTables.ARR;
  public static final String ACTIVE_USERS = FeatureTables.ACTIVE_USERS;
  public static final String IS_RISK = FeatureTables.IS_RISK;
  public static final String RISK_REASON = FeatureTables.RISK_REASON;
  // window_positions (features job)
  public static final String DAYS_SINCE_ONBOARDING = FeatureTables.DAYS_SINCE_ONBOARDING;
  public static final String PHASE = FeatureTables.PHASE;
  public static final String IN_CROSS_SELL_WINDOW = FeatureTables.IN_CROSS_SELL_WINDOW;
  public static final String CROSS_SELL_WINDOW_POSITION = FeatureTables.CROSS_SELL_WINDOW_POSITION;
  public static final String DAYS_TO_RENEWAL = FeatureTables.DAYS_TO_RENEWAL;
  public static final String PROJECTED_LIMIT_DATE = FeatureTables.PROJECTED_LIMIT_DATE;
  public static final String PHASE_PEAK = FeatureTables.PEAK;
  public static final String PHASE_LATE = FeatureTables.LATE;

  // account context (derived here from staged tables)
  public static final String CURRENT_PLANS = "current_plans";
  public static final String NEXT_PLANS = "next_plans";
  public static final String NEXT_PLAN_EXISTS = "next_plan_exists";
  public static final String PRODUCTS_OWNED = "products_owned";
  public static final String PRODUCTS_NOT_OWNED = "products_not_owned";
  public static final String PRODUCT_NOT_OWNED = "product_not_owned";
  public static final String NEW_DIVISION = "new_division";

  // expansion_queue
  public static final String ITEM_TYPE = "item_type";
  public static final String TRACK = "track";
  public static final String EXPANSION_TYPE = "expansion_type";
  public static final String QUALIFIED_TYPES = "qualified_types";
  public static final String FIRED_SIGNALS = "fired_signals";
  public static final String LEAD_SIGNAL = "lead_signal";
  public static final String ROUTING_RULE = "routing_rule";
  public static final String MOTION = "motion";
  public static final String PRIORITY = "priority";
  public static final String STRENGTH_SCORE = "strength_score";
  public static final String PERSISTENCE_SCORE = "persistence_score";
  public static final String WINDOW_SCORE = "window_score";
  public static final String RENEWAL_SCORE = "renewal_score";
  public static final String RANK_OVERALL = "rank_overall";
  public static final String RANK_IN_OWNER = "rank_in_owner";
  public static final String OWNER_CAPACITY = "owner_capacity";
  public static final String OVER_CAPACITY = "over_capacity";
  public static final String OWNER_WEEK_ACTIONED = "owner_week_actioned";
  public static final String ACTIONED_THIS_WEEK = "actioned_this_week";
  public static final String STATUS = "status";
  public static final String EPISODE_START = "episode_start";
  public static final String SUPPRESSED = "suppressed";
  public static final String SUPPRESSION_REASON = "suppression_reason";
  public static final String HOLDOUT = "holdout";
  public static final String REASON = "reason";
  public static final String IDEMPOTENCY_KEY = "idempotency_key";
  public static final String CONFIG_VERSION = "config_version";

  // handoff_briefs
  public static final String BRIEF = "brief";
  public static final String BRIEF_JSON = "brief_json";
  public static final String BRIEF_TEXT = "brief_text";

  // outbox
  public static final String ACTION_TYPE = "action_type";
  public static final String RECIPIENT = "recipient";
  public static final String SUBJECT = "subject";
  public static final String BODY = "body";
  public static final String DUE_DATE = "due_date";
  public static final String OPPORTUNITY_NAME = "opportunity_name";
  public static final String STAGE_NAME = "stage_name";
  public static final String CLOSE_DATE = "close_date";
  public static final String AMOUNT = "amount";
  public static final String OWNER_ID = "owner_id";
  public static final String DESCRIPTION = "description";
  public static final String ACTION = "action";
  public static final String ACTION_REASON = "action_reason";
  public static final String CRM_OWNER_ID = "crm_owner_id";
  public static final String RECIPIENT_EMAIL = "recipient_email";
  public static final String HOLD_REASON = "hold_reason";

  // vocabulary of the queue's own categorical columns
  public static final String TRACK_EXPANSION = "expansion";
  public static final String TRACK_ADOPTION = "adoption";
  public static final String STATUS_NEW = "new";
  public static final String STATUS_CONTINUING = "continuing";
  public static final String STATUS_RESOLVED = "resolved";
  public static final String UNIT_PERIODS = "periods";
}
