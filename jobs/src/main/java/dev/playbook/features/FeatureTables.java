package dev.playbook.features;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import dev.playbook.io.OutputTable;
import org.apache.spark.sql.types.DataTypes;

/** The three output tables of the features job, their grains and columns, declared once. */
public final class FeatureTables {
  private FeatureTables() {}

  // signals
  public static final String SIGNAL = "signal";
  public static final String EXPANSION_TYPE = "expansion_type";
  public static final String VALUE = "value";
  public static final String CUTOFF = "cutoff";
  public static final String FIRED = "fired";
  public static final String STRENGTH = "strength";
  public static final String STREAK_LENGTH = "streak_length";
  public static final String STREAK_UNIT = "streak_unit";
  public static final String STREAK_START = "streak_start";

  // features
  public static final String ARR = "arr";
  public static final String ACTIVE_USERS = "active_users";
  public static final String ACTIVE_SEAT_SHARE = "active_seat_share";
  public static final String IS_RISK = "is_risk";
  public static final String RISK_REASON = "risk_reason";
  public static final String PRODUCT_IDS = "product_ids";
  public static final String PLAN_IDS = "plan_ids";
  public static final String HAS_HIGHER_PLAN = "has_higher_plan";
  public static final String ACTIVE_DEPARTMENTS = "active_departments";
  public static final String NEW_USERS = "new_users";
  public static final String NEW_DEPARTMENTS = "new_departments";
  public static final String API_CALLS_RECENT = "api_calls_recent";
  public static final String API_CALLS_BASELINE = "api_calls_baseline";
  public static final String GATE_EVENTS = "gate_events";
  public static final String FIRED_SIGNALS = "fired_signals";

  // window_positions
  public static final String DAYS_SINCE_ONBOARDING = "days_since_onboarding";
  public static final String PHASE = "phase";
  public static final String IN_CROSS_SELL_WINDOW = "in_cross_sell_window";
  public static final String CROSS_SELL_PRODUCTS = "cross_sell_products";
  public static final String CROSS_SELL_WINDOW_POSITION = "cross_sell_window_position";
  public static final String RENEWAL_DATE = "renewal_date";
  public static final String DAYS_TO_RENEWAL = "days_to_renewal";
  public static final String PROJECTED_LIMIT_DATE = "projected_limit_date";
  public static final String PROJECTED_LIMIT_PRODUCT = "projected_limit_product";

  /** Values of {@code phase}. */
  public static final String BEFORE_WINDOW = "before_window";
  public static final String PEAK = "peak";
  public static final String LATE = "late";

  public static final OutputTable SIGNALS = OutputTable.builder("signals",
          "one row per account, signal and as-of date",
          "The ten expansion signals of each account as of each date (point-in-time: only input rows dated on or "
              + "before as_of_date), with the cutoff from conf/playbook.yaml, whether it fired, how far past the "
              + "cutoff and for how long. Formulas: docs/FEATURES.md.")
      .column(Col.AS_OF_DATE, DateType, false, "the date the signal is computed as of")
      .column(Col.ACCOUNT_ID, StringType, false, "the account")
      .column(SIGNAL, StringType, false, "signal name, e.g. seat_utilization (dev.playbook.features.Signal)")
      .column(EXPANSION_TYPE, StringType, false,
          "the expansion type the signal points to: seat_expansion, plan_upgrade or cross_sell")
      .column(VALUE, DoubleType, true, "the signal's value (docs/FEATURES.md); null when not computable")
      .column(CUTOFF, DoubleType, false, "the configured cutoff; the signal fires when value >= cutoff")
      .column(FIRED, BooleanType, false, "whether the signal fired as of this date")
      .column(STRENGTH, DoubleType, false, "how far past the cutoff: max(value / cutoff - 1, 0) when fired, else 0")
      .column(STREAK_LENGTH, IntegerType, false,
          "consecutive days (closed billing periods for plan_limit_utilization) the signal has fired up to this "
              + "date; 0 when not fired; days are capped at signals.max_streak_days")
      .column(STREAK_UNIT, StringType, false, "unit of streak_length: days or periods")
      .column(STREAK_START, DateType, true,
          "first day of the current streak (first day of the first period for periods); null when not fired")
      .replacedByDate(Col.AS_OF_DATE)
      .build();

  public static final OutputTable FEATURES = OutputTable.builder("features",
          "one row per account and as-of date",
          "Point-in-time account features as of each date: commercial state from the subscriptions current on the "
              + "date, adoption measures, and the shallow-adoption risk flag. Accounts onboarded after the date "
              + "have no row.")
      .column(Col.AS_OF_DATE, DateType, false, "the date the features are computed as of")
      .column(Col.ACCOUNT_ID, StringType, false, "the account")
      .column(Col.SEGMENT, StringType, false, "self_serve, mid_market or enterprise")
      .column(Col.IS_STRATEGIC, BooleanType, false, "whether the account is strategic")
      .column(ARR, InputTable.MONEY, false,
          "12 x the MRR of the subscriptions current on the date, all products; 0 without a current subscription")
      .column(Col.SEATS_PURCHASED, IntegerType, true,
          "seats of the current subscriptions summed over products; null when none states seats")
      .column(ACTIVE_USERS, IntegerType, false,
          "users not deactivated on or before the date with >= 1 event in the 30 days ending on it")
      .column(ACTIVE_SEAT_SHARE, DoubleType, true, "active_users / seats_purchased; null without seats")
      .column(IS_RISK, BooleanType, false,
          "shallow adoption: active_seat_share below risk.min_active_seat_share (adoption track, never expansion)")
      .column(RISK_REASON, StringType, true, "why the account is a risk account; null when it is not")
      .column(PRODUCT_IDS, DataTypes.createArrayType(StringType), false, "products with a current subscription")
      .column(PLAN_IDS, DataTypes.createArrayType(StringType), false, "plans of the current subscriptions")
      .column(HAS_HIGHER_PLAN, BooleanType, false, "whether a current plan has a next_plan_id (an upgrade exists)")
      .column(ACTIVE_DEPARTMENTS, IntegerType, false,
          "departments with active users in signals.department_spread.window_days")
      .column(NEW_USERS, IntegerType, false, "users invited or activated in signals.team_growth.window_days")
      .column(NEW_DEPARTMENTS, IntegerType, false,
          "departments whose first user was invited in signals.team_growth.window_days")
      .column(API_CALLS_RECENT, LongType, false, "API calls in the recent window of api_usage_growth")
      .column(API_CALLS_BASELINE, LongType, false, "API calls in the baseline window of api_usage_growth")
      .column(GATE_EVENTS, IntegerType, false, "gate events in signals.feature_gate_friction.window_days")
      .column(FIRED_SIGNALS, DataTypes.createArrayType(StringType), false, "the signals that fired on the date")
      .replacedByDate(Col.AS_OF_DATE)
      .build();

  public static final OutputTable WINDOW_POSITIONS = OutputTable.builder("window_positions",
          "one row per account and as-of date",
          "Where each account stands in the timing windows of seed 001 as of each date: days since onboarding "
              + "and phase, the cross-sell window, renewal, and the projected date usage reaches its allocation.")
      .column(Col.AS_OF_DATE, DateType, false, "the date the positions are computed as of")
      .column(Col.ACCOUNT_ID, StringType, false, "the account")
      .column(Col.ONBOARDED_ON, DateType, false, "go-live date of the account")
      .column(DAYS_SINCE_ONBOARDING, IntegerType, false, "as_of_date - onboarded_on, in days")
      .column(PHASE, StringType, false,
          "before_window (< windows.peak_start_days), peak (peak_start_days..peak_end_days) or late")
      .column(IN_CROSS_SELL_WINDOW, BooleanType, false,
          "whether days_since_onboarding is inside the cross-sell window of a product the account does not own")
      .column(CROSS_SELL_PRODUCTS, DataTypes.createArrayType(StringType), false,
          "products not owned whose cross-sell window (windows.cross_sell_by_product or default) holds the date")
      .column(CROSS_SELL_WINDOW_POSITION, DoubleType, true,
          "how far into its cross-sell window the account is: (days_since_onboarding - window start) / (window end "
              + "- window start), 0 on the first day, 1 on the last; the earliest of cross_sell_products' windows; "
              + "null outside every window")
      .column(RENEWAL_DATE, DateType, true, "earliest contract_end of the current subscriptions")
      .column(DAYS_TO_RENEWAL, IntegerType, true, "renewal_date - as_of_date; null without a contract_end")
      .column(PROJECTED_LIMIT_DATE, DateType, true,
          "projected date metered usage reaches 100% of its allocation from the recent trend (docs/FEATURES.md); "
              + "null when flat or falling and the current period will not reach it")
      .column(PROJECTED_LIMIT_PRODUCT, StringType, true, "the product whose projection is projected_limit_date")
      .replacedByDate(Col.AS_OF_DATE)
      .build();
}
