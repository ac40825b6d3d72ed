package dev.playbook.measure;

import static dev.playbook.contract.Col.*;
import static dev.playbook.measure.MeasureCol.*;

import dev.playbook.contract.InputTable;
import dev.playbook.io.OutputTable;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The measure job's output tables, each replaced by as_of_date (docs/MEASURE.md lists them too). */
public final class MeasureTables {
  private MeasureTables() {}

  private static final DataType STR = DataTypes.StringType;
  private static final DataType DATE = DataTypes.DateType;
  private static final DataType BOOL = DataTypes.BooleanType;
  private static final DataType INT = DataTypes.IntegerType;
  private static final DataType LONG = DataTypes.LongType;
  private static final DataType DBL = DataTypes.DoubleType;
  private static final DataType MONEY = InputTable.MONEY;

  public static final OutputTable SIGNAL_OUTCOMES = OutputTable.builder("signal_outcomes",
          "one row per account, signal, episode (run of fires; key first_fired_on) and as-of date",
          "Each signal episode, the expansion opportunity it led to within the horizon and its outcome as of the "
              + "as-of date, its queue entry, and whether billing changed the way the expansion type predicts.")
      .column(AS_OF_DATE, DATE, false, "the date the outcome is measured as of; only data dated on or before it")
      .column(ACCOUNT_ID, STR, false, "the account")
      .column(SIGNAL, STR, false, "the signal that fired")
      .column(EXPANSION_TYPE, STR, true, "the signal's matching expansion type (null for an unknown signal)")
      .column(FIRST_FIRED_ON, DATE, false, "first fire of the episode: the earliest streak_start of its run of fired signal rows (a "
          + "row whose streak began after the previous fire opens a new episode)")
      .column(LAST_FIRED_ON, DATE, false, "latest as-of date on or before as_of_date the episode still fired")
      .column(FIRED_DATES, LONG, false, "number of as-of dates in the signals history that fired in this episode")
      .column(MAX_STREAK_LENGTH, INT, true, "longest streak_length seen in the episode (days or periods; days capped at "
          + "signals.max_streak_days, like streak_length)")
      .column(MAX_STRENGTH, DBL, true, "highest strength seen in the episode")
      .column(STILL_FIRING, BOOL, false, "the episode fired on the latest signals date on or before as_of_date")
      .column(PERIOD, DATE, false, "first day of the month or quarter (measure.period_unit) of first_fired_on")
      .column(HORIZON_END, DATE, false, "first_fired_on + measure.horizon_days: last day an opportunity matches")
      .column(HORIZON_COMPLETE, BOOL, false, "horizon_end is on or before as_of_date (the outcome is final)")
      .column(OPPORTUNITY_ID, STR, true, "the matched opportunity: first created of the matching type in "
          + "[first_fired_on - measure.lead_days, horizon_end] credited to this episode (each opportunity to at "
          + "most one episode per signal: the latest begun on or before its creation); null when none")
      .column(OPPORTUNITY_CREATED_ON, DATE, true, "the matched opportunity's created_on")
      .column(OUTCOME, STR, false, "won / lost (closed on or before as_of_date), open (open or closed after it), "
          + "none (no matching opportunity)")
      .column(OPPORTUNITY_CLOSED_ON, DATE, true, "close date when won or lost as of as_of_date, else null")
      .column(AMOUNT_ARR, MONEY, true, "the matched opportunity's amount_arr (expansion ARR)")
      .column(OPPORTUNITY_OWNER, STR, true, "the matched opportunity's CRM owner")
      .column(SOURCE_SIGNAL_MATCH, BOOL, true, "the opportunity's CRM source_signal is this signal (null: no match)")
      .column(DAYS_TO_CREATED, INT, true, "days from first fire to the opportunity's creation (negative within "
          + "lead_days)")
      .column(DAYS_TO_CLOSED, INT, true, "days from first fire to close, when closed as of as_of_date")
      .column(QUEUED_ON, DATE, true, "first expansion_queue date for this account and type in [first_fired_on, "
          + "horizon_end]; null when never queued or no queue table")
      .column(MOTION, STR, true, "routing motion of that queue entry")
      .column(OWNER, STR, true, "owner of that queue entry")
      .column(IS_HOLDOUT, BOOL, true, "that queue entry was held out (qualified, deliberately not actioned)")
      .column(QUEUE_STATUS, STR, true, "status of that queue entry")
      .column(SEATS_INCREASED_ON, DATE, true, "first period start in (first_fired_on, min(horizon_end, as_of_date)] "
          + "of a product the account had at first fire, with more seats than then")
      .column(PLAN_UPGRADED_ON, DATE, true, "same, on a plan of higher tier_rank than at first fire")
      .column(NEW_PRODUCT_ON, DATE, true, "same, of a product the account did not have at first fire")
      .column(BILLING_CHANGED_ON, DATE, true, "the change the expansion type predicts: seats_increased_on for "
          + "seat_expansion, plan_upgraded_on for plan_upgrade, new_product_on for cross_sell")
      .column(BILLING_CONFIRMED, BOOL, false, "billing_changed_on is not null")
      .column(BILLING_STATUS, STR, false, "won_and_billed / won_not_billed / billed_not_won / no_change")
      .replacedByDate(AS_OF_DATE)
      .build();

  public static final OutputTable CONVERSION_METRICS = OutputTable.builder("conversion_metrics",
          "one row per as-of date, dimension and dimension value",
          "Conversion of signal episodes into expansion opportunities and revenue, by signal, expansion type, "
              + "period, CRM opportunity owner, and (with the queue) motion and owner. Opportunity counts and ARR count each "
              + "opportunity once per row; episode counts count episodes.")
      .column(AS_OF_DATE, DATE, false, "the as-of date")
      .column(DIMENSION, STR, false, "all / signal / expansion_type / period / opportunity_owner "
          + "(CRM owner of the matched opportunity) / motion / owner (queue; only with the queue)")
      .column(DIMENSION_VALUE, STR, false, "the value (period: its first day, yyyy-mm-dd; all: 'all')")
      .column(EPISODES, LONG, false, "signal episodes that began on or before as_of_date")
      .column(MATCHED_EPISODES, LONG, false, "episodes with a matching opportunity")
      .column(WON_EPISODES, LONG, false, "episodes whose opportunity was won as of as_of_date")
      .column(LOST_EPISODES, LONG, false, "episodes whose opportunity was lost as of as_of_date")
      .column(OPEN_EPISODES, LONG, false, "episodes whose opportunity is open as of as_of_date")
      .column(MATURED_EPISODES, LONG, false, "episodes whose horizon ended on or before as_of_date")
      .column(MATURED_WON_EPISODES, LONG, false, "matured episodes that were won")
      .column(OPPORTUNITIES, LONG, false, "distinct matched opportunities")
      .column(WON_OPPORTUNITIES, LONG, false, "distinct matched opportunities won as of as_of_date")
      .column(LOST_OPPORTUNITIES, LONG, false, "distinct matched opportunities lost as of as_of_date")
      .column(CONVERSION_RATE, DBL, true, "won_episodes / episodes")
      .column(MATURED_CONVERSION_RATE, DBL, true, "matured_won_episodes / matured_episodes (unbiased by open "
          + "horizons)")
      .column(WIN_RATE, DBL, true, "won_opportunities / (won_opportunities + lost_opportunities): opportunity "
          + "to closed-won")
      .column(EXPANSION_ARR_WON, MONEY, false, "sum of amount_arr of the distinct won opportunities")
      .column(MEDIAN_DAYS_TO_CREATED, DBL, true, "median days from first fire to opportunity creation (matched)")
      .column(MEDIAN_DAYS_TO_CLOSE, DBL, true, "median days from first fire to close (won episodes)")
      .column(QUALIFIED_EPISODES, LONG, true, "episodes queued for their type and actioned (not holdout); null "
          + "without a queue")
      .column(QUALIFIED_WON_EPISODES, LONG, true, "qualified episodes that were won")
      .column(QUALIFIED_TO_CLOSED_RATE, DBL, true, "qualified_won_episodes / qualified_episodes")
      .column(HOLDOUT_EPISODES, LONG, true, "episodes queued but held out; null without a queue")
      .column(HOLDOUT_WON_EPISODES, LONG, true, "holdout episodes that were won anyway")
      .column(HOLDOUT_CONVERSION_RATE, DBL, true, "holdout_won_episodes / holdout_episodes")
      .column(HOLDOUT_LIFT, DBL, true, "qualified_to_closed_rate / holdout_conversion_rate - 1; null without "
          + "holdout episodes or when the holdout rate is 0")
      .replacedByDate(AS_OF_DATE)
      .build();

  public static final OutputTable MRR_MOVEMENTS = OutputTable.builder("mrr_movements",
          "one row per account, month and as-of date",
          "Monthly MRR per account from subscriptions and its change category (after dbt-labs' mrr-playbook), "
              + "from the account's first active month to its churn month or the as-of month. Movement "
              + "columns are signed: previous_mrr + their sum = mrr.")
      .column(AS_OF_DATE, DATE, false, "the as-of date")
      .column(ACCOUNT_ID, STR, false, "the account")
      .column(MONTH, DATE, false, "first day of the month")
      .column(MEASURED_ON, DATE, false, "the day MRR is measured on: the month's last day, or as_of_date for its "
          + "own month")
      .column(MRR, MONEY, false, "sum over products of the MRR of the subscription period covering measured_on "
          + "(the latest-starting one when periods overlap)")
      .column(PREVIOUS_MRR, MONEY, false, "the previous row's mrr (0 for the first)")
      .column(MRR_CHANGE, MONEY, false, "mrr - previous_mrr")
      .column(IS_ACTIVE, BOOL, false, "mrr > 0")
      .column(IS_FIRST_MONTH, BOOL, false, "the account's first active month")
      .column(IS_LAST_MONTH, BOOL, false, "the account's last active month as of as_of_date")
      .column(FIRST_ACTIVE_MONTH, DATE, false, "the account's first active month")
      .column(CHANGE_CATEGORY, STR, false, "new / expansion / contraction / churn / reactivation / unchanged / "
          + "inactive (a month inside a gap after the churn month)")
      .column(NEW_MRR, MONEY, false, "mrr on a new row, else 0")
      .column(EXPANSION_MRR, MONEY, false, "mrr_change (> 0) on an expansion row, else 0")
      .column(CONTRACTION_MRR, MONEY, false, "mrr_change (< 0) on a contraction row, else 0")
      .column(CHURNED_MRR, MONEY, false, "mrr_change (= -previous_mrr) on a churn row, else 0")
      .column(REACTIVATION_MRR, MONEY, false, "mrr on a reactivation row, else 0")
      .replacedByDate(AS_OF_DATE)
      .build();

  public static final OutputTable RETENTION = OutputTable.builder("retention",
          "one row per as-of date, retention kind, cohort month (cohort kind) and month",
          "Net and gross revenue retention: trailing (accounts paying measure.retention_lookback_months "
              + "earlier) and by onboarding cohort. Point-to-point per account.")
      .column(AS_OF_DATE, DATE, false, "the as-of date")
      .column(RETENTION_KIND, STR, false, "trailing or cohort")
      .column(COHORT_MONTH, DATE, true, "cohort kind: the accounts' onboarding month; null for trailing")
      .column(MONTH, DATE, false, "the month retention is measured in (first day)")
      .column(MONTHS_FROM_START, INT, false, "trailing: the lookback; cohort: months since the cohort month")
      .column(ACCOUNTS_START, LONG, false, "accounts in the base set")
      .column(ACCOUNTS_RETAINED, LONG, false, "base accounts still paying in month")
      .column(START_MRR, MONEY, false, "base MRR: trailing, MRR in month - lookback; cohort, first-month MRR")
      .column(EXPANSION_MRR, MONEY, false, "sum of increases of accounts still paying")
      .column(CONTRACTION_MRR, MONEY, false, "sum of decreases of accounts still paying (positive)")
      .column(CHURNED_MRR, MONEY, false, "start MRR of accounts no longer paying (positive)")
      .column(END_MRR, MONEY, false, "base accounts' MRR in month")
      .column(NRR, DBL, true, "(start + expansion - contraction - churned) / start = end_mrr / start_mrr")
      .column(GRR, DBL, true, "(start - contraction - churned) / start")
      .replacedByDate(AS_OF_DATE)
      .build();

  public static final OutputTable EXPANSION_PIPELINE = OutputTable.builder("expansion_pipeline",
          "one row per opportunity created on or before the as-of date, and as-of date",
          "CRM pipeline as of the date, with pipeline_kind keeping expansion apart from new business (and "
              + "renewals): filter pipeline_kind = 'expansion' for the expansion pipeline.")
      .column(AS_OF_DATE, DATE, false, "the as-of date")
      .column(PIPELINE_KIND, STR, false, "expansion (seat_expansion, plan_upgrade, cross_sell) / new_business / "
          + "renewal")
      .column(OPPORTUNITY_ID, STR, false, "the opportunity")
      .column(ACCOUNT_ID, STR, false, "the account")
      .column(OPPORTUNITY_TYPE, STR, false, "CRM opportunity type")
      .column(STAGE_AS_OF, STR, false, "open / closed_won / closed_lost as of as_of_date (closed after it = open)")
      .column(CREATED_ON, DATE, false, "created date")
      .column(CLOSED_ON, DATE, true, "close date when closed as of as_of_date")
      .column(CLOSED_MONTH, DATE, true, "first day of the close month (expansion ARR per period)")
      .column(DAYS_OPEN, INT, true, "days from creation to close, or to as_of_date while open")
      .column(AMOUNT_ARR, MONEY, true, "opportunity ARR")
      .column(OWNER, STR, true, "CRM owner")
      .column(SOURCE_SIGNAL, STR, true, "the CRM's source_signal (set when the playbook created it)")
      .column(ATTRIBUTED_SIGNALS, STR, true, "comma-separated signals whose episodes matched this opportunity "
          + "(signal_outcomes)")
      .replacedByDate(AS_OF_DATE)
      .build();

  public static final List<OutputTable> ALL = List.of(SIGNAL_OUTCOMES, CONVERSION_METRICS, MRR_MOVEMENTS, RETENTION,
      EXPANSION_PIPELINE);
}
