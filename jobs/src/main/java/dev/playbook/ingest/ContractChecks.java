package dev.playbook.ingest;

import static dev.playbook.contract.Col.*;
import static dev.playbook.ingest.CheckRunner.ROW_OK;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import dev.playbook.contract.InputTable;
import dev.playbook.contract.Vocabulary;
import dev.playbook.ingest.Check.Action;
import dev.playbook.ingest.Check.Level;
import dev.playbook.ingest.Check.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The contract checks of every input table, declared as values; {@link #forTable} reads as the table's
 * specification. Every table gets, in this order:
 * <ol>
 *   <li>{@code dated_after_as_of} (WARNING, held back) — rows dated after the as-of date are not staged by this
 *       run and not checked: the sources are a live warehouse, a later run stages them;</li>
 *   <li>{@code castable(c)} (ERROR) for every non-text column, {@code not_null(c)} (ERROR) for every required
 *       column;</li>
 *   <li>the table's own value rules (accepted values, ranges, date order);</li>
 *   <li>{@code exact_duplicate} (WARNING, dropped: one copy is staged), {@code unique_key} (ERROR: every row of a
 *       key delivered with different contents is quarantined — there is no telling which one is right), the
 *       references to parent tables (ERROR; checked against the parent as delivered, so one bad parent row does
 *       not quarantine its children's history), and the table's own set-level warnings.</li>
 * </ol>
 * Set-level checks (duplicates, keys, references, overlaps) see only rows that passed every row-level ERROR check.
 */
public final class ContractChecks {
  private ContractChecks() {}

  /** The checks of one table, in evaluation order. */
  public static List<Check> forTable(InputTable t) {
    List<Check> checks = new ArrayList<>(typeChecks(t));
    switch (t) {
      case ACCOUNTS -> {
        checks.add(accepted(t, SEGMENT, Vocabulary.SEGMENTS, "an unknown or renamed segment in the CRM"));
        checks.addAll(setChecks(t));
      }
      case PLANS -> {
        checks.add(range(t, TIER_RANK, col(TIER_RANK).lt(1), "at least 1 (1 = lowest tier)",
            "a zero-based tier numbering"));
        checks.add(nonNegative(t, USAGE_LIMIT, "a sentinel like -1 for 'unlimited' (use null)"));
        checks.addAll(setChecks(t));
        checks.add(references(t, NEXT_PLAN_ID, InputTable.PLANS, PLAN_ID, Level.ERROR));
      }
      case PLAN_FEATURES -> {
        checks.addAll(setChecks(t));
        checks.add(references(t, PLAN_ID, InputTable.PLANS, PLAN_ID, Level.ERROR));
      }
      case SUBSCRIPTIONS -> {
        checks.add(row(t, "period_end_after_start", Level.ERROR, Action.QUARANTINE,
            "period_end (exclusive) is after period_start",
            "a zero-length or reversed period from a billing correction",
            col(PERIOD_END).leq(col(PERIOD_START)))
            .withDetail(concat(lit("period "), col(PERIOD_START).cast("string"), lit(" .. "),
                col(PERIOD_END).cast("string"), lit(" is empty or reversed"))));
        checks.add(nonNegative(t, SEATS_PURCHASED, "a credit note booked as negative seats"));
        checks.add(nonNegative(t, USAGE_LIMIT, "a sentinel like -1 for 'unlimited' (use null)"));
        checks.add(nonNegative(t, MRR, "a refund or credit booked as a negative subscription period"));
        checks.addAll(setChecks(t));
        checks.add(references(t, ACCOUNT_ID, InputTable.ACCOUNTS, ACCOUNT_ID, Level.ERROR));
        checks.add(references(t, PLAN_ID, InputTable.PLANS, PLAN_ID, Level.ERROR));
        checks.add(overlappingPeriods(t));
        checks.add(gapBetweenPeriods(t));
      }
      case USERS -> {
        checks.add(row(t, "activated_after_invited", Level.WARNING, Action.COUNT,
            "activated_on is on or after invited_on",
            "users created by SSO/SCIM are activated without an invitation date, or invitations re-sent",
            col(ACTIVATED_ON).lt(col(INVITED_ON))));
        checks.add(row(t, "deactivated_after_activated", Level.WARNING, Action.COUNT,
            "deactivated_on is on or after activated_on",
            "a user deactivated before ever activating (an invitation revoked)",
            col(DEACTIVATED_ON).lt(col(ACTIVATED_ON))));
        checks.addAll(setChecks(t));
        checks.add(references(t, ACCOUNT_ID, InputTable.ACCOUNTS, ACCOUNT_ID, Level.ERROR));
      }
      case USER_ACTIVITY_DAILY -> {
        checks.add(nonNegative(t, EVENT_COUNT, "a correction booked as a negative count"));
        checks.addAll(setChecks(t));
        checks.add(references(t, USER_ID, InputTable.USERS, USER_ID, Level.ERROR));
        checks.add(references(t, ACCOUNT_ID, InputTable.ACCOUNTS, ACCOUNT_ID, Level.ERROR));
      }
      case API_USAGE_DAILY -> {
        checks.add(nonNegative(t, API_CALLS, "a counter reset booked as a negative delta"));
        checks.addAll(setChecks(t));
        checks.add(references(t, ACCOUNT_ID, InputTable.ACCOUNTS, ACCOUNT_ID, Level.ERROR));
      }
      case GATE_EVENTS -> {
        checks.add(accepted(t, EVENT_TYPE, Vocabulary.GATE_EVENT_TYPES, "a new event type in the product analytics"));
        checks.addAll(setChecks(t));
        checks.add(references(t, ACCOUNT_ID, InputTable.ACCOUNTS, ACCOUNT_ID, Level.ERROR));
        checks.add(references(t, USER_ID, InputTable.USERS, USER_ID, Level.WARNING));
      }
      case OPPORTUNITIES -> {
        checks.add(accepted(t, OPPORTUNITY_TYPE, Vocabulary.OPPORTUNITY_TYPES, "a CRM picklist value not mapped"));
        checks.add(accepted(t, STAGE, Vocabulary.STAGES, "a CRM stage (e.g. 'negotiation') not mapped to open"));
        checks.add(nonNegative(t, AMOUNT_ARR, "a contraction booked as an opportunity with negative amount"));
        checks.add(row(t, "closed_after_created", Level.WARNING, Action.COUNT,
            "closed_on is on or after created_on", "an opportunity re-created after it was closed",
            col(CLOSED_ON).lt(col(CREATED_ON))));
        checks.add(row(t, "closed_has_date", Level.WARNING, Action.COUNT,
            "a closed opportunity has closed_on, an open one has none",
            "the CRM keeps closed_on when an opportunity is re-opened",
            col(STAGE).equalTo(Vocabulary.OPEN).and(col(CLOSED_ON).isNotNull())
                .or(col(STAGE).isin(Vocabulary.CLOSED_WON, Vocabulary.CLOSED_LOST).and(col(CLOSED_ON).isNull()))));
        checks.addAll(setChecks(t));
        checks.add(references(t, ACCOUNT_ID, InputTable.ACCOUNTS, ACCOUNT_ID, Level.ERROR));
      }
      case ACTIVITIES -> {
        checks.addAll(setChecks(t));
        checks.add(references(t, ACCOUNT_ID, InputTable.ACCOUNTS, ACCOUNT_ID, Level.ERROR));
      }
      default -> throw new IllegalStateException("no checks declared for " + t);
    }
    return List.copyOf(checks);
  }

  /** Every table's checks, in contract order. */
  public static List<Check> all() {
    return Arrays.stream(InputTable.values()).flatMap(t -> forTable(t).stream()).toList();
  }

  /** The checks as Markdown, one section per table (docs/INGEST.md embeds it; a test keeps it in sync). */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    for (InputTable t : InputTable.values()) {
      md.append("#### `").append(t.tableName()).append("` — ").append(t.grain())
          .append(t.required() ? "" : " (optional)").append("\n\n")
          .append("| check | level | failing row | asserts | why it can fail |\n|---|---|---|---|---|\n");
      for (Check c : forTable(t)) {
        md.append("| `").append(c.name()).append("` | ").append(c.level()).append(" | ")
            .append(c.action().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(" | ")
            .append(c.description().replace("|", "\\|")).append(" | ").append(c.hint().replace("|", "\\|"))
            .append(" |\n");
      }
      md.append("\n");
    }
    return md.toString();
  }

  // ---- the checks every table gets -------------------------------------------------------------------

  private static List<Check> typeChecks(InputTable t) {
    List<Check> checks = new ArrayList<>();
    if (t.dateColumn() != null) {
      String d = t.dateColumn();
      checks.add(new Check(t, "dated_after_as_of", Level.WARNING, Action.HOLD_BACK,
          d + " is on or before the as-of date (rows dated later are held back for a later run)",
          "the source is a live warehouse: rows of days after the as-of date keep arriving",
          Stage.ROW, Check.when(ctx -> IngestTables.dateOf(t).gt(lit(ctx.asOf()))),
          null));
    }
    for (StructField f : t.schema().fields()) {
      if (!f.dataType().equals(DataTypes.StringType)) {
        String c = f.name();
        String type = f.dataType().simpleString();
        checks.add(row(t, "castable(" + c + ")", Level.ERROR, Action.QUARANTINE,
            c + " converts to " + type,
            castHint(f.dataType()),
            col(TypedRows.raw(c)).isNotNull().and(col(c).isNull()))
            .withDetail(concat(lit("'"), col(TypedRows.raw(c)), lit("' is not a valid " + type))));
      }
    }
    for (StructField f : t.schema().fields()) {
      if (!f.nullable()) {
        checks.add(row(t, "not_null(" + f.name() + ")", Level.ERROR, Action.QUARANTINE,
            f.name() + " has a value", "a partial export, or a left join upstream that found nothing",
            col(TypedRows.raw(f.name())).isNull()));
      }
    }
    return checks;
  }

  private static String castHint(org.apache.spark.sql.types.DataType type) {
    if (type.equals(DataTypes.DateType)) {
      return "a non-ISO or impossible date (03/01/2026, 2026-02-30)";
    } else if (type.equals(DataTypes.TimestampType)) {
      return "a timestamp in a local format the reader does not know ('06.03.2026 09:30')";
    } else if (type.equals(DataTypes.BooleanType)) {
      return "a flag spelt in a way not recognized ('maybe', 'x')";
    } else if (type instanceof org.apache.spark.sql.types.DecimalType) {
      return "thousands separators or a currency sign ('1,200.00', '$5'), or more than 16 integer digits";
    }
    return "text, a fraction or a number too large for " + type.simpleString() + " ('12abc', '1.5', '3000000000')";
  }

  private static List<Check> setChecks(InputTable t) {
    List<Check> checks = new ArrayList<>();
    Column[] all = Arrays.stream(t.schema().fieldNames()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    // Copies are equal in every staged column, so which one is kept does not show: no order by the source row's
    // JSON (it made every row's JSON be computed, shuffled and sorted by: the largest column of the check).
    WindowSpec sameRow = Window.partitionBy(concatCols(col(ROW_OK), all)).orderBy(lit(1));
    checks.add(new Check(t, "exact_duplicate", Level.WARNING, Action.DROP,
        "no row is delivered twice (extra copies are dropped, one is staged)",
        "an extract loaded twice, or at-least-once delivery",
        Stage.SET, Check.when(ctx -> row_number().over(sameRow).gt(1)), null));
    if (!t.key().isEmpty()) {
      Column[] key = t.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
      WindowSpec sameKey = Window.partitionBy(concatCols(col(ROW_OK), key));
      Column content = xxhash64(all);
      checks.add(new Check(t, "unique_key(" + String.join(", ", t.key()) + ")", Level.ERROR, Action.QUARANTINE,
          "one row per " + String.join(", ", t.key()) + " (" + t.grain() + "); every row of a key delivered with "
              + "different contents is quarantined",
          "a source that appends updates instead of replacing rows, or a join fan-out upstream",
          Stage.SET, Check.when(ctx -> min(content).over(sameKey).notEqual(max(content).over(sameKey))), null));
    }
    return checks;
  }

  // ---- building blocks ---------------------------------------------------------------------------------

  private static Check row(InputTable t, String name, Level level, Action action, String description, String hint,
      Column failsWhen) {
    return new Check(t, name, level, action, description, hint, Stage.ROW, Check.when(ctx -> failsWhen), null);
  }

  private static Check accepted(InputTable t, String c, List<String> values, String hint) {
    return row(t, "accepted_values(" + c + ")", Level.ERROR, Action.QUARANTINE, c + " is one of " + values, hint,
        org.apache.spark.sql.functions.not(col(c).isin(values.toArray())))
        .withDetail(concat(lit("'"), col(c), lit("' is not one of " + values)));
  }

  private static Check nonNegative(InputTable t, String c, String hint) {
    return range(t, c, col(c).lt(0), "not negative", hint);
  }

  private static Check range(InputTable t, String c, Column failsWhen, String what, String hint) {
    String name = what.startsWith("not negative") ? "non_negative(" + c + ")" : "range(" + c + ")";
    return row(t, name, Level.ERROR, Action.QUARANTINE, c + " is " + what, hint, failsWhen)
        .withDetail(concat(lit(c + " = "), col(c).cast("string"), lit(" is not " + what)));
  }

  /** The child's non-null {@code column} is a {@code parentColumn} of some row of {@code parent}, as delivered. */
  static Check references(InputTable t, String column, InputTable parent, String parentColumn, Level level) {
    Check.Rule rule = (rows, flag, ctx) -> {
      Dataset<Row> parentRows = ctx.tables().get(parent);
      if (parentRows == null) {
        return rows.withColumn(flag, lit(false));
      }
      Dataset<Row> keys = parentRows.select(col(parentColumn).as("_ref_key"))
          .where(col("_ref_key").isNotNull()).distinct().withColumn("_ref_hit", lit(true));
      return rows.join(keys, col(column).equalTo(col("_ref_key")), "left")
          .withColumn(flag, col(column).isNotNull().and(col("_ref_hit").isNull()))
          .drop("_ref_key", "_ref_hit");
    };
    return new Check(t, "references(" + column + " -> " + parent.tableName() + ")", level,
        level == Level.ERROR ? Action.QUARANTINE : Action.COUNT,
        column + " is a " + parentColumn + " of " + parent.tableName(),
        "the " + parent.tableName() + " extract is older than this one, or was filtered upstream",
        Stage.SET, rule, concat(lit(column + " '"), col(column), lit("' not found in " + parent.tableName())));
  }

  private static WindowSpec periods() {
    return Window.partitionBy(col(ROW_OK), col(ACCOUNT_ID), col(PRODUCT_ID)).orderBy(col(PERIOD_START), col(PERIOD_END));
  }

  private static Check overlappingPeriods(InputTable t) {
    return new Check(t, "overlapping_periods", Level.WARNING, Action.COUNT,
        "billing periods of one account and product do not overlap (overlaps are valid and staged: mid-period "
            + "upgrades, prorations)",
        "a mid-period upgrade or downgrade bills the new plan from the change date while the old period runs on",
        Stage.SET, Check.when(ctx -> lag(col(PERIOD_END), 1).over(periods()).gt(col(PERIOD_START))), null);
  }

  private static Check gapBetweenPeriods(InputTable t) {
    return new Check(t, "gap_between_periods", Level.WARNING, Action.COUNT,
        "each billing period of one account and product starts where the previous one ended (gaps are valid: "
            + "a lapse, a pause, a churn and return)",
        "a lapsed subscription that was later reactivated",
        Stage.SET, Check.when(ctx -> lag(col(PERIOD_END), 1).over(periods()).lt(col(PERIOD_START))), null);
  }

  private static Column[] concatCols(Column first, Column[] rest) {
    Column[] out = new Column[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
