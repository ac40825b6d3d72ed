package dev.playbook.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import dev.playbook.contract.InputTable;
import dev.playbook.io.Sources;
import dev.playbook.ingest.Check.Action;
import dev.playbook.ingest.Check.Level;
import dev.playbook.ingest.Check.Stage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Evaluates a table's checks: adds one boolean flag per check and the row's fate, counts the failures, and
 * derives the quarantine rows and the rows to stage. All pure functions of frames.
 *
 * <p>Order: held-back checks first (a held-back row is checked by nothing else), then row-level checks, then
 * set-level checks on the rows that passed every row-level ERROR check ({@link #ROW_OK}). Cost: the row-level
 * checks are one projection; each set-level check is a window (one shuffle) or a join with the parent's keys.
 */
public final class CheckRunner {
  private CheckRunner() {}

  /** Not held back and passed every row-level ERROR check: what the set-level checks see. */
  public static final String ROW_OK = "_row_ok";
  /** Dated after the as-of date: neither staged nor quarantined by this run. */
  public static final String HELD = "_held";
  /** Failed at least one ERROR check: quarantined. */
  public static final String BAD = "_bad";
  /** Staged: not held back, not bad, not a dropped duplicate. */
  public static final String STAGED = "_staged";

  /** The flag column of the {@code i}-th check of a table. */
  public static String flag(int i) {
    return "_check_" + i;
  }

  /** The typed rows with one flag per check, plus {@link #HELD}, {@link #ROW_OK}, {@link #BAD}, {@link #STAGED}. */
  public static Dataset<Row> evaluate(Dataset<Row> typed, List<Check> checks, Check.Context ctx) {
    Dataset<Row> rows = typed;
    Column held = lit(false);
    for (int i = 0; i < checks.size(); i++) {
      if (checks.get(i).action() == Action.HOLD_BACK) {
        rows = checks.get(i).rule().flag(rows, flag(i), ctx);
        held = held.or(col(flag(i)));
      }
    }
    rows = rows.withColumn(HELD, held);
    Column rowOk = not(col(HELD));
    for (int i = 0; i < checks.size(); i++) {
      Check c = checks.get(i);
      if (c.stage() == Stage.ROW && c.action() != Action.HOLD_BACK) {
        rows = c.rule().flag(rows, flag(i), ctx).withColumn(flag(i), col(flag(i)).and(not(col(HELD))));
        if (c.level() == Level.ERROR) {
          rowOk = rowOk.and(not(col(flag(i))));
        }
      }
    }
    rows = rows.withColumn(ROW_OK, rowOk);
    for (int i = 0; i < checks.size(); i++) {
      Check c = checks.get(i);
      if (c.stage() == Stage.SET) {
        rows = c.rule().flag(rows, flag(i), ctx).withColumn(flag(i), col(flag(i)).and(col(ROW_OK)));
      }
    }
    rows = rows.withColumn(BAD, any(checks, c -> c.level() == Level.ERROR));
    return rows.withColumn(STAGED, not(col(HELD)).and(not(col(BAD))).and(not(any(checks, c -> c.action() == Action.DROP))));
  }

  private static Column any(List<Check> checks, Predicate<Check> which) {
    Column any = lit(false);
    for (int i = 0; i < checks.size(); i++) {
      if (which.test(checks.get(i))) {
        any = any.or(col(flag(i)));
      }
    }
    return any;
  }

  /**
   * Counts of one evaluated table, in one aggregation pass; {@code stagedAccounts}: distinct account_id of the
   * rows to stage (null for a table without one), what the shrink guard compares.
   */
  public record Counts(long read, long heldBack, long bad, long staged, List<Long> failedPerCheck,
      Long stagedAccounts) {
    public long checked() {
      return read - heldBack;
    }

    public long dropped() {
      return read - heldBack - bad - staged;
    }

    public double badRatio() {
      return checked() == 0 ? 0.0 : (double) bad / checked();
    }
  }

  public static Counts count(Dataset<Row> evaluated, List<Check> checks) {
    List<Column> aggs = countColumns(evaluated, checks);
    return counts(evaluated.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first(), 0,
        checks);
  }

  /** The aggregate columns of {@link Counts}, in the order {@link #counts} reads them. */
  static List<Column> countColumns(Dataset<Row> evaluated, List<Check> checks) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(functions.count(lit(1)));
    aggs.add(functions.count(when(col(HELD), 1)));
    aggs.add(functions.count(when(col(BAD), 1)));
    aggs.add(functions.count(when(col(STAGED), 1)));
    for (int i = 0; i < checks.size(); i++) {
      aggs.add(functions.count(when(col(flag(i)), 1)));
    }
    boolean hasAccount = java.util.Arrays.asList(evaluated.columns()).contains(dev.playbook.contract.Col.ACCOUNT_ID);
    aggs.add(hasAccount ? functions.countDistinct(when(col(STAGED), col(dev.playbook.contract.Col.ACCOUNT_ID)))
        : lit(null).cast("long"));
    return aggs;
  }

  /** The {@link Counts} of an aggregated row whose {@link #countColumns} start at {@code offset}. */
  static Counts counts(Row r, int offset, List<Check> checks) {
    List<Long> failed = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      failed.add(r.getLong(offset + 4 + i));
    }
    int last = offset + 4 + checks.size();
    return new Counts(r.getLong(offset), r.getLong(offset + 1), r.getLong(offset + 2), r.getLong(offset + 3),
        List.copyOf(failed), r.isNullAt(last) ? null : r.getLong(last));
  }

  /**
   * The quarantine rows of one table: one per row failing any ERROR check, with the first failing check as
   * {@code rule}, all of them in {@code failed_checks}, a readable {@code reason} and the original row.
   */
  public static Dataset<Row> quarantine(Dataset<Row> evaluated, InputTable table, List<Check> checks, LocalDate asOf) {
    List<Column> firstRule = new ArrayList<>();
    List<Column> names = new ArrayList<>();
    List<Column> reasons = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      Check c = checks.get(i);
      if (c.level() == Level.ERROR) {
        firstRule.add(when(col(flag(i)), lit(c.name())));
        names.add(when(col(flag(i)), lit(c.name())));
        reasons.add(when(col(flag(i)), c.reason()));
      }
    }
    if (firstRule.isEmpty()) {
      firstRule.add(lit(null).cast("string"));
      names.add(lit(null).cast("string"));
      reasons.add(lit(null).cast("string"));
    }
    return evaluated.where(col(BAD)).select(
        lit(java.sql.Date.valueOf(asOf)).as(IngestTables.AS_OF_DATE),
        lit(table.tableName()).as(IngestTables.TABLE_NAME),
        coalesce(firstRule.toArray(Column[]::new)).as(IngestTables.RULE),
        array_compact(array(names.toArray(Column[]::new))).as(IngestTables.FAILED_CHECKS),
        concat_ws("; ", reasons.toArray(Column[]::new)).as(IngestTables.REASON),
        col(Sources.SOURCE_ROW).as(IngestTables.ORIGINAL_ROW));
  }

  /** The evaluated rows without the original-row JSON and the raw source texts (what staging and counts need). */
  public static Dataset<Row> withoutOriginals(Dataset<Row> evaluated) {
    return evaluated.select(java.util.Arrays.stream(evaluated.columns())
        .filter(c -> !c.equals(Sources.SOURCE_ROW) && !c.startsWith(TypedRows.RAW_PREFIX))
        .map(functions::col).toArray(Column[]::new));
  }

  /** The rows to stage, in the contract schema's column order. */
  public static Dataset<Row> staged(Dataset<Row> evaluated, InputTable table) {
    return evaluated.where(col(STAGED))
        .select(Sources.contractColumns(table).stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
  }
}
