package dev.playbook.ingest;

import static dev.playbook.contract.Col.*;

import dev.playbook.contract.InputTable;
import dev.playbook.contract.UtcTime;
import dev.playbook.io.OutputTable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** The tables the ingest job writes, each declared once with its grain and a comment on every column. */
public final class IngestTables {
  private IngestTables() {}

  /**
   * The rows of several frames of one shape (per-table aggregates, a table-name column first), collected
   * together: one Spark job for all of them, none when there are none.
   */
  static java.util.List<Row> collectTogether(java.util.Collection<Dataset<Row>> frames) {
    return frames.stream().reduce(Dataset::union).map(Dataset::collectAsList).orElse(java.util.List.of());
  }

  public static final String AS_OF_DATE = dev.playbook.contract.Col.AS_OF_DATE;
  public static final String TABLE_NAME = "table_name";
  public static final String RULE = "rule";
  public static final String FAILED_CHECKS = "failed_checks";
  public static final String REASON = "reason";
  public static final String ORIGINAL_ROW = "original_row";
  public static final String CHECK = "check_name";
  public static final String LEVEL = "level";
  public static final String ACTION = "action";
  public static final String DESCRIPTION = "description";
  public static final String ROWS_CHECKED = "rows_checked";
  public static final String ROWS_FAILED = "rows_failed";
  public static final String FAILED_RATIO = "failed_ratio";
  public static final String LIMIT = "limit_ratio";
  public static final String PASSED = "passed";
  public static final String OUTCOME = "outcome";
  public static final String ROWS_READ = "rows_read";
  public static final String ROWS_STAGED = "rows_staged";
  public static final String ROWS_QUARANTINED = "rows_quarantined";
  public static final String ROWS_HELD_BACK = "rows_held_back";
  public static final String ROWS_DROPPED = "rows_dropped";
  public static final String CONFIG_VERSION = "config_version";
  public static final String MESSAGE = "message";
  public static final String STAGED_FROM = "staged_from";
  public static final String DATES_REWRITTEN = "dates_rewritten";
  public static final String ROWS_OUTSIDE_LOOKBACK = "rows_outside_lookback";
  public static final String DAY = "day";
  /** gate_events' staged day column: the UTC date of event_ts. */
  public static final String EVENT_DATE = "event_date";
  /** The partition column of a staged daily table: the first day of the month of its day column. */
  public static final String PARTITION_MONTH = "partition_month";

  /**
   * The daily event tables: rows of a past day do not change except by late arrival, so they are staged
   * partitioned by month, replaced by day and, after the first run, incrementally (IngestJob,
   * {@code ingest.incremental}). Every other table is a dimension, replaced whole by each run (a snapshot).
   */
  public static final Set<InputTable> DAILY = Collections.unmodifiableSet(EnumSet.of(
      InputTable.USER_ACTIVITY_DAILY, InputTable.API_USAGE_DAILY, InputTable.GATE_EVENTS, InputTable.ACTIVITIES));

  /**
   * The DATE column a daily table's staged rows are replaced by (a run replaces whole days): its date column, or
   * gate_events' event_date.
   */
  public static String dayColumn(InputTable t) {
    return t.schema().apply(t.dateColumn()).dataType().equals(DataTypes.TimestampType) ? EVENT_DATE : t.dateColumn();
  }

  /** The UTC date a row of {@code t} is dated by (a DATE as it is, a TIMESTAMP's UTC date); null for plans. */
  public static Column dateOf(InputTable t) {
    if (t.dateColumn() == null) {
      return null;
    }
    Column c = functions.col(t.dateColumn());
    return t.schema().apply(t.dateColumn()).dataType().equals(DataTypes.TimestampType) ? UtcTime.utcDate(c) : c;
  }

  /**
   * Rows in the contract schema as they are staged: a daily table's with its day column added when derived
   * (gate_events) and its partition month.
   */
  public static Dataset<Row> stagedRows(InputTable t, Dataset<Row> contractRows) {
    if (!DAILY.contains(t)) {
      return contractRows;
    }
    Dataset<Row> rows = dayColumn(t).equals(EVENT_DATE) ? contractRows.withColumn(EVENT_DATE, dateOf(t)) : contractRows;
    return rows.withColumn(PARTITION_MONTH, functions.trunc(functions.col(dayColumn(t)), "MM"));
  }

  /** The table-level check in dq_results that decides a table's fate: its bad-row ratio against the limit. */
  public static final String BAD_ROW_RATIO = "bad_row_ratio";
  public static final String PUBLISHED = "published";
  public static final String REFUSED = "refused";

  public static final String STAGED_PREFIX = "staged_";

  public static final OutputTable QUARANTINE = OutputTable.builder("quarantine",
          "one row per quarantined input row and ingest as-of date",
          "Input rows that failed an ERROR contract check, with the rule and the row as it was read. A rerun of "
              + "an as-of date replaces that date's rows.")
      .column(AS_OF_DATE, DataTypes.DateType, false, "the ingest run's as-of date")
      .column(TABLE_NAME, DataTypes.StringType, false, "the contract table the row was read for")
      .column(RULE, DataTypes.StringType, false, "the first ERROR check the row failed, e.g. not_null(account_id)")
      .column(FAILED_CHECKS, DataTypes.createArrayType(DataTypes.StringType, true), false,
          "every ERROR check the row failed")
      .column(REASON, DataTypes.StringType, false, "why, readable, with the offending value where there is one")
      .column(ORIGINAL_ROW, DataTypes.StringType, false,
          "the source row as read (source column names and values), as a JSON object (PII: may hold emails and "
              + "names; purge rewrites mentions)")
      .replacedByDate(AS_OF_DATE)
      .build();

  public static final OutputTable DQ_RESULTS = OutputTable.builder("dq_results",
          "one row per ingest as-of date, contract table and check",
          "Data-quality results of each ingest run, refused runs included (read it to see why a run was "
              + "refused). Check bad_row_ratio is the table's verdict against its limit. A rerun replaces its date.")
      .column(AS_OF_DATE, DataTypes.DateType, false, "the ingest run's as-of date")
      .column(TABLE_NAME, DataTypes.StringType, false, "the contract table")
      .column(CHECK, DataTypes.StringType, false, "the check's name (docs/INGEST.md lists them)")
      .column(LEVEL, DataTypes.StringType, false, "ERROR (failing rows quarantined) or WARNING (counted)")
      .column(ACTION, DataTypes.StringType, false,
          "what happens to a failing row: quarantine, count, drop (redundant copy) or hold_back (dated later)")
      .column(DESCRIPTION, DataTypes.StringType, false, "what the check asserts")
      .column(ROWS_CHECKED, DataTypes.LongType, false,
          "rows the check looked at (rows dated on or before the as-of date; all rows for dated_after_as_of)")
      .column(ROWS_FAILED, DataTypes.LongType, false, "rows that failed it")
      .column(FAILED_RATIO, DataTypes.DoubleType, false, "rows_failed / rows_checked (0 when nothing checked)")
      .column(LIMIT, DataTypes.DoubleType, true, "the configured limit (bad_row_ratio only; null otherwise)")
      .column(PASSED, DataTypes.BooleanType, false,
          "no row failed; for bad_row_ratio: the ratio is within the limit")
      .replacedByDate(AS_OF_DATE)
      .build();

  public static final OutputTable INGEST_RUNS = OutputTable.builder("ingest_runs",
          "one row per ingest as-of date and contract table",
          "The outcome of each ingest run per table: what was staged, quarantined, held back. outcome = published "
              + "means the staged tables hold this run's rows (rows dated on or before as_of_date).")
      .column(AS_OF_DATE, DataTypes.DateType, false, "the ingest run's as-of date")
      .column(TABLE_NAME, DataTypes.StringType, false, "the contract table")
      .column(OUTCOME, DataTypes.StringType, false, "published or refused (the whole run's outcome)")
      .column(ROWS_READ, DataTypes.LongType, false, "rows read from the source")
      .column(ROWS_STAGED, DataTypes.LongType, false, "rows written to the staged table (0 when refused)")
      .column(ROWS_QUARANTINED, DataTypes.LongType, false, "rows that failed an ERROR check")
      .column(ROWS_HELD_BACK, DataTypes.LongType, false, "rows dated after the as-of date, not staged")
      .column(ROWS_DROPPED, DataTypes.LongType, false, "extra copies of exact duplicate rows, not staged")
      .column(CONFIG_VERSION, DataTypes.StringType, false, "the playbook config version (version@hash)")
      .column(STAGED_FROM, DataTypes.DateType, true, "daily tables staged incrementally: the first day this run "
          + "re-read and re-checked (days before it were kept as staged); null when the table was staged whole")
      .column(DATES_REWRITTEN, DataTypes.IntegerType, true, "daily tables: days whose staged rows this run replaced "
          + "(new or changed days only); null for a dimension table (replaced whole)")
      .column(ROWS_OUTSIDE_LOOKBACK, DataTypes.LongType, true, "daily tables staged incrementally: source rows dated "
          + "before staged_from that differ in number from what was read when their day was staged (late or deleted "
          + "rows, not staged: rerun with --full-refresh); null when not checked")
      .column(MESSAGE, DataTypes.StringType, true, "why the run was refused; the shrink guard's warning when the "
          + "table was accepted empty (first run, or still empty); when published, the tolerated schema drift of the "
          + "table's source (source columns ignored, optional columns absent); one item a line, else null")
      .replacedByDate(AS_OF_DATE)
      .build();

  public static final OutputTable DATE_COUNTS = OutputTable.builder("ingest_date_counts",
          "one row per daily contract table and day",
          "Source rows read per day of each daily table when that day was last staged: what the late-row check "
              + "(ingest.incremental.late_row_check) compares the source with for days before a run's lookback.")
      .column(TABLE_NAME, DataTypes.StringType, false, "the daily contract table")
      .column(DAY, DataTypes.DateType, false, "the day the rows are dated (gate_events: UTC date of event_ts)")
      .column(ROWS_READ, DataTypes.LongType, false, "source rows dated that day, as read (bad rows included)")
      .column(AS_OF_DATE, DataTypes.DateType, false, "the ingest run that read them")
      .build();

  /**
   * {@code staged_<table>}: the contract schema; a dimension table is replaced whole by each published run, a daily
   * table is partitioned by month ({@link #PARTITION_MONTH}) and its new or changed days ({@link #dayColumn})
   * replaced.
   */
  public static OutputTable staged(InputTable t) {
    boolean daily = DAILY.contains(t);
    OutputTable.Builder b = OutputTable.builder(STAGED_PREFIX + t.tableName(), t.grain(), daily
        ? "The contract table " + t.tableName() + " as staged by the published ingest runs, partitioned by "
            + PARTITION_MONTH + " (the month of " + dayColumn(t) + "): every row dated on or before the latest "
            + "published as-of date that passed the contract's ERROR checks; each run re-reads the days of its "
            + "lookback and replaces those that changed (by " + dayColumn(t) + "; see ingest_runs). Readers filter "
            + "to their own as-of date."
        : "The contract table " + t.tableName() + " as staged by the last published ingest run: every row dated on "
            + "or before that run's as-of date (see ingest_runs and the commit's userMetadata) that passed the "
            + "contract's ERROR checks. Readers filter to their own as-of date.");
    for (StructField f : t.schema().fields()) {
      String comment = COMMENTS.get(f.name());
      if (comment == null) {
        throw new IllegalStateException("no comment for contract column " + f.name());
      }
      b.column(f.name(), f.dataType(), f.nullable(), comment);
    }
    if (daily && dayColumn(t).equals(EVENT_DATE)) {
      b.column(EVENT_DATE, DataTypes.DateType, false, "the UTC date of event_ts (the day a run replaces)");
    }
    if (daily) {
      b.column(PARTITION_MONTH, DataTypes.DateType, false, "first day of the month of " + dayColumn(t)
          + " (the partition column)");
      b.replacedByDate(dayColumn(t)).partitionedBy(PARTITION_MONTH);
    }
    return b.build();
  }

  /** Comments of the contract columns (../shared/SPEC.md), written on the staged tables. */
  static final Map<String, String> COMMENTS = Map.ofEntries(
      Map.entry(ACCOUNT_ID, "the customer account"),
      Map.entry(ACCOUNT_NAME, "the account's display name"),
      Map.entry(SEGMENT, "self_serve, mid_market or enterprise"),
      Map.entry(IS_STRATEGIC, "a strategic account (high-touch routing)"),
      Map.entry(ONBOARDED_ON, "go-live date; timing windows count from it"),
      Map.entry(CSM_OWNER, "the customer success manager who owns the account"),
      Map.entry(AE_OWNER, "the account executive who owns the account"),
      Map.entry(CHAMPION_NAME, "the customer-side champion's name (PII: purge --name)"),
      Map.entry(CHAMPION_TITLE, "the champion's job title (PII with the name: purge --name)"),
      Map.entry(REGION, "sales region"),
      Map.entry(CRM_ACCOUNT_ID, "the account's id in the CRM (HubSpot company id); optional, used by deliver"),
      Map.entry(CSM_OWNER_CRM_ID, "the CSM's owner id in the CRM; optional"),
      Map.entry(AE_OWNER_CRM_ID, "the AE's owner id in the CRM; optional"),
      Map.entry(ADMIN_EMAIL, "the account admin's email, where automated emails go; optional (PII)"),
      Map.entry(CHAMPION_EMAIL, "the champion's email; optional (PII)"),
      Map.entry(PLAN_ID, "the plan"),
      Map.entry(PRODUCT_ID, "the product"),
      Map.entry(TIER_RANK, "the plan's tier within its product, 1 = lowest"),
      Map.entry(USAGE_LIMIT, "metered allocation per billing period; null = unmetered (on subscriptions: "
          + "overrides the plan's)"),
      Map.entry(NEXT_PLAN_ID, "the next plan up; null at the top"),
      Map.entry(FEATURE_KEY, "the feature"),
      Map.entry(PERIOD_START, "first day of the billing period"),
      Map.entry(PERIOD_END, "end of the billing period (exclusive)"),
      Map.entry(SEATS_PURCHASED, "seats bought for the period"),
      Map.entry(MRR, "monthly recurring revenue of the period, reporting currency"),
      Map.entry(CONTRACT_END, "renewal date of the contract"),
      Map.entry(USER_ID, "the user"),
      Map.entry(DEPARTMENT, "the user's department"),
      Map.entry(INVITED_ON, "date the user was invited"),
      Map.entry(ACTIVATED_ON, "date the user activated"),
      Map.entry(DEACTIVATED_ON, "date the user was deactivated; null while active"),
      Map.entry(EMAIL, "the user's email (PII: purge --user-id / --email)"),
      Map.entry(ACTIVITY_DATE, "the day of the activity"),
      Map.entry(EVENT_COUNT, "events that day for the user, product and feature"),
      Map.entry(USAGE_DATE, "the day of the API usage"),
      Map.entry(API_CALLS, "API calls that day"),
      Map.entry(EVENT_TS, "when the gate event happened, UTC"),
      Map.entry(EVENT_TYPE, "gated_feature_view, upgrade_prompt_click or feature_request"),
      Map.entry(OPPORTUNITY_ID, "the CRM opportunity"),
      Map.entry(OPPORTUNITY_TYPE, "seat_expansion, plan_upgrade, cross_sell, new_business or renewal"),
      Map.entry(CREATED_ON, "date the opportunity was created"),
      Map.entry(CLOSED_ON, "date the opportunity closed; null while open"),
      Map.entry(STAGE, "open, closed_won or closed_lost"),
      Map.entry(AMOUNT_ARR, "the opportunity's ARR, reporting currency"),
      Map.entry(OWNER, "the owner (CSM or AE)"),
      Map.entry(SOURCE_SIGNAL, "the playbook signal that created the opportunity; null otherwise"),
      Map.entry(KIND, "the kind of conversation (call, meeting, email ...)"),
      Map.entry(SUMMARY, "what was discussed (PII: free text naming people; purge rewrites mentions)"));
}
