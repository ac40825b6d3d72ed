package dev.playbook.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.playbook.cli.Console;
import dev.playbook.cli.DateRange;
import dev.playbook.cli.InputException;
import dev.playbook.cli.Job;
import dev.playbook.cli.JobContext;
import dev.playbook.config.IngestConfig;
import dev.playbook.contract.InputTable;
import dev.playbook.ingest.Check.Level;
import dev.playbook.io.OutputTable;
import dev.playbook.io.Sources;
import dev.playbook.io.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code playbook ingest --as-of D}: reads every contract table from its configured source, checks it against
 * the contract ({@link ContractChecks}), and publishes {@code staged_<table>} Delta tables — or refuses.
 *
 * <p>All or nothing: (1) every source is opened and its columns conformed — a missing table or an incompatible
 * column fails here, naming them all, before anything is computed or written; (2) every table's checks are
 * evaluated and counted; (3) when any table's bad-row ratio is above its limit, or the {@link ShrinkGuard} finds a
 * table empty or much smaller than in the last published run, the run is refused: dq_results
 * and ingest_runs record why, nothing else is written, exit code 4; (4) otherwise quarantine, then each staged
 * table (a dimension replaced whole; a daily table, after its first run, only in its changed days —
 * {@link DailyStaging}; one Delta commit each at most, the as-of date in the commit's userMetadata), the day counts
 * of the daily tables, then dq_results, then ingest_runs, whose rows with outcome {@code published} mark the run
 * complete. Delta has no
 * multi-table transaction: a run that dies during (4) leaves some staged tables new and some old, and no
 * published row in ingest_runs for its date; rerunning the date repairs it (every write is a replace).
 *
 * <p>Cost: each table's evaluated rows are persisted (memory and disk) for three passes — the counts, the
 * quarantine rows and the staged rows. Each set-level check shuffles once. A daily table staged incrementally
 * reads only its window's rows (plus, with the late-row check, the source's date column).
 */
public final class IngestJob implements Job {
  static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  /** Lets a deliberate shrink through the shrink guard for one run. */
  public static final String ALLOW_SHRINK_OPTION = "allow-shrink";
  /** Rebuilds every staged table from the whole source, as a first run does. */
  public static final String FULL_REFRESH_OPTION = "full-refresh";

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String summary() {
    return "check the input contract, quarantine bad rows, publish staged Delta tables — or refuse";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(ALLOW_SHRINK_OPTION, "       publish even when a table is empty or shrank past "
        + "ingest.shrink_guard.max_drop_fraction (a deliberate shrink; docs/RELIABILITY.md)",
        FULL_REFRESH_OPTION, "       re-read and re-stage the daily tables' whole history, as a first run does "
        + "(instead of the days of ingest.incremental.lookback_days; docs/INGEST.md)");
  }

  @Override
  public java.util.Set<String> flags() {
    return java.util.Set.of(ALLOW_SHRINK_OPTION, FULL_REFRESH_OPTION);
  }

  @Override
  public void run(JobContext ctx) {
    DateRange dates = ctx.dates();
    if (!dates.isSingleDay()) {
      ctx.console().stage("a range stages as of its last date, " + dates.to()
          + " (staged tables hold every row dated on or before it)");
    }
    Sources sources = new Sources(ctx.spark(), ctx.env().sources(), ctx.configs().envFile());
    boolean allowShrink = ctx.option(ALLOW_SHRINK_OPTION).map(Boolean::parseBoolean).orElse(false);
    boolean fullRefresh = ctx.option(FULL_REFRESH_OPTION).map(Boolean::parseBoolean).orElse(false);
    ingest(ctx.spark(), sources, ctx.playbook().ingest(), dates.to(), ctx.warehouse(), ctx.console(),
        ctx.configs().configVersion(), allowShrink, fullRefresh);
  }

  /**
   * One table's evaluation; {@code drift}: the tolerated schema drift of its source ({@link Sources#drift});
   * {@code stagedFrom}: a daily table staged incrementally, the first day re-read (null: read whole);
   * {@code outsideLookback}: rows before it that differ from what was staged (null: not checked).
   */
  public record TableResult(InputTable table, String source, boolean delivered, List<Check> checks,
      CheckRunner.Counts counts, double limit, List<String> drift, LocalDate stagedFrom, Long outsideLookback) {
    public boolean overLimit() {
      return counts.badRatio() > limit;
    }
  }

  /** The run's outcome: every table's counts, whether it was published, and the shrink guard's verdicts. */
  public record Result(LocalDate asOf, List<TableResult> tables, boolean published,
      List<ShrinkGuard.Verdict> shrinkGuard) {
    public TableResult table(InputTable t) {
      return tables.stream().filter(r -> r.table() == t).findFirst().orElseThrow();
    }
  }

  /**
   * Runs the ingest as of {@code asOf}. Returns the result when published; throws {@link InputException} when a
   * source is missing or incompatible (nothing written) or a table is over its bad-row limit (only dq_results and
   * ingest_runs written).
   */
  public static Result ingest(SparkSession spark, Sources sources, IngestConfig config, LocalDate asOf,
      Warehouse warehouse, Console console, String configVersion) {
    return ingest(spark, sources, config, asOf, warehouse, console, configVersion, false);
  }

  /**
   * As {@link #ingest(SparkSession, Sources, IngestConfig, LocalDate, Warehouse, Console, String)}; also refuses
   * (nothing published) when the {@link ShrinkGuard} finds a table empty or shrunk, unless {@code allowShrink}.
   */
  public static Result ingest(SparkSession spark, Sources sources, IngestConfig config, LocalDate asOf,
      Warehouse warehouse, Console console, String configVersion, boolean allowShrink) {
    return ingest(spark, sources, config, asOf, warehouse, console, configVersion, allowShrink, false);
  }

  /**
   * As {@link #ingest(SparkSession, Sources, IngestConfig, LocalDate, Warehouse, Console, String, boolean)};
   * {@code fullRefresh} re-reads and re-stages the daily tables whole instead of their lookback days.
   */
  public static Result ingest(SparkSession spark, Sources sources, IngestConfig config, LocalDate asOf,
      Warehouse warehouse, Console console, String configVersion, boolean allowShrink, boolean fullRefresh) {
    // 1. Open every source; report every missing table and column at once, before any work. A daily table
    //    staged before is read from its window's first day on (the rest of its history is staged already).
    console.stage("reading sources as of " + asOf);
    Map<InputTable, LocalDate> lastPublished = fullRefresh ? Map.of() : lastPublished(spark, warehouse);
    Map<InputTable, LocalDate> windows = windows(warehouse, config.incremental(), asOf, lastPublished);
    Map<InputTable, Dataset<Row>> whole = new LinkedHashMap<>();
    Map<InputTable, Dataset<Row>> typed = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (InputTable t : InputTable.values()) {
      try {
        Optional<Dataset<Row>> rows = sources.read(t);
        rows.ifPresent(r -> whole.put(t, TypedRows.of(t, r)));
        rows.ifPresent(r -> typed.put(t, windows.containsKey(t)
            ? DailyStaging.inWindow(whole.get(t), t, windows.get(t)) : whole.get(t)));
        console.print(String.format(Locale.ROOT, "  %-20s %s%s%s", t.tableName(), sources.describe(t),
            rows.isPresent() ? "" : " (optional, not found: staged empty)",
            windows.containsKey(t) ? " (from " + windows.get(t) + ", incremental)" : ""));
        for (String note : sources.drift(t)) {
          console.print("      schema drift: " + note);
        }
      } catch (InputException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InputException(String.join("\n  ", problems));
    }

    // 2. Evaluate and count every table's checks.
    console.stage("checking the contract");
    Check.Context ctx = new Check.Context(asOf, typed);
    Map<InputTable, Dataset<Row>> evaluated = new LinkedHashMap<>();
    Map<InputTable, Dataset<Row>> withOriginals = new LinkedHashMap<>();
    List<TableResult> results = new ArrayList<>();
    Map<InputTable, SortedMap<LocalDate, DailyStaging.Day>> fresh = new LinkedHashMap<>();
    Map<InputTable, SortedMap<LocalDate, DailyStaging.Day>> staged = new LinkedHashMap<>();
    Map<InputTable, DailyStaging.Outside> outsides = new LinkedHashMap<>();
    try {
      Map<InputTable, List<Check>> checksOf = new LinkedHashMap<>();
      Map<InputTable, CheckRunner.Counts> counted = new LinkedHashMap<>();
      Map<InputTable, Dataset<Row>> stagedWindows = new LinkedHashMap<>();
      for (InputTable t : InputTable.values()) {
        List<Check> checks = ContractChecks.forTable(t);
        checksOf.put(t, checks);
        Dataset<Row> rows = typed.get(t);
        if (rows == null) {
          counted.put(t, new CheckRunner.Counts(0, 0, 0, 0, checks.stream().map(c -> 0L).toList(), 0L));
          continue;
        }
        // Kept in memory without the original-row JSON and raw texts: only quarantined rows need those, and
        // they are recomputed from the unpersisted frame when a table has any.
        Dataset<Row> full = CheckRunner.evaluate(rows, checks, ctx);
        Dataset<Row> e = CheckRunner.withoutOriginals(full).persist(StorageLevel.MEMORY_AND_DISK());
        withOriginals.put(t, full);
        evaluated.put(t, e);
        if (IngestTables.DAILY.contains(t)) {
          DailyStaging.Tally tally = DailyStaging.tally(e, t, checks);
          counted.put(t, tally.counts());
          fresh.put(t, tally.days());
        } else {
          counted.put(t, CheckRunner.count(e, checks));
        }
        if (windows.containsKey(t)) {
          String day = IngestTables.dayColumn(t);
          stagedWindows.put(t, warehouse.read(IngestTables.staged(t)).where(col(day).between(
              lit(Date.valueOf(windows.get(t))), lit(Date.valueOf(asOf)))));
        }
      }
      // The incremental tables' staged days and the late-row check, each one job for all tables.
      staged.putAll(DailyStaging.stagedDays(stagedWindows));
      Map<InputTable, Dataset<Row>> lateChecked = new LinkedHashMap<>();
      windows.keySet().stream().filter(t -> config.incremental().lateRowCheck() && whole.containsKey(t))
          .forEach(t -> lateChecked.put(t, whole.get(t)));
      if (!lateChecked.isEmpty()) {
        outsides.putAll(DailyStaging.outsideLookback(lateChecked, windows,
            warehouse.read(IngestTables.DATE_COUNTS).collectAsList()));
      }
      for (InputTable t : InputTable.values()) {
        DailyStaging.Outside o = outsides.get(t);
        if (o != null && o.rows() > 0) {
          console.print(String.format(Locale.ROOT, "  WARNING %s: %,d rows on %d days before %s (outside the "
              + "%d-day lookback) differ from what was staged: not staged; rerun with --%s (%s%s)",
              t.tableName(), o.rows(), o.days(), windows.get(t), config.incremental().lookbackDays(),
              FULL_REFRESH_OPTION, String.join(", ", o.examples()), o.days() > o.examples().size() ? ", ..." : ""));
        }
        results.add(new TableResult(t, sources.describe(t), typed.containsKey(t), checksOf.get(t),
            counted.get(t), config.maxBadRowRatio(t), sources.drift(t), windows.get(t),
            o == null ? null : o.rows()));
      }
      List<TableResult> over = results.stream().filter(TableResult::overLimit).toList();

      // 3a. The shrink guard: every table against the last published run, before anything is written.
      console.stage("shrink guard: each table against the last published run (max drop "
          + String.format(Locale.ROOT, "%.0f%%", 100 * config.shrinkGuard().maxDropFraction()) + ")");
      Map<InputTable, Dataset<Row>> baselines = new LinkedHashMap<>();
      for (TableResult r : results) {
        String stagedName = IngestTables.staged(r.table()).name();
        if (!windows.containsKey(r.table()) && warehouse.exists(stagedName)) {
          baselines.put(r.table(), ShrinkGuard.baseline(warehouse.read(stagedName), r.table(), asOf));
        }
      }
      Map<InputTable, ShrinkGuard.Size> lastSizes = ShrinkGuard.sizes(baselines);
      List<ShrinkGuard.Verdict> verdicts = new ArrayList<>();
      for (TableResult r : results) {
        InputTable t = r.table();
        if (windows.containsKey(t)) {
          // Incremental: the rows of the re-read days that were staged before, now against then.
          LocalDate from = windows.get(t);
          LocalDate until = asOf.isBefore(lastPublished.get(t)) ? asOf : lastPublished.get(t);
          DailyStaging.Outside o = outsides.get(t);
          verdicts.add(ShrinkGuard.judgeWindow(t,
              new ShrinkGuard.Size(DailyStaging.stagedRows(fresh.get(t), from, until), null),
              new ShrinkGuard.Size(DailyStaging.stagedRows(staged.get(t), from, until), null),
              o == null ? null : o.sourceRows() + r.counts().read(),
              o == null ? null : o.recordedRows() + DailyStaging.stagedRows(staged.get(t), from, asOf),
              config.shrinkGuard().maxDropFraction()));
          continue;
        }
        ShrinkGuard.Size now = new ShrinkGuard.Size(r.counts().staged(), r.counts().stagedAccounts());
        verdicts.add(ShrinkGuard.judge(t, r.counts().read(), now, lastSizes.get(t),
            config.shrinkGuard().maxDropFraction()));
      }
      console.print(ShrinkGuard.summary(verdicts));
      boolean shrunk = verdicts.stream().anyMatch(ShrinkGuard.Verdict::refused);
      if (shrunk && allowShrink) {
        console.print("  shrink accepted: --" + ALLOW_SHRINK_OPTION + " was given");
      }
      String shrinkRefusal = shrunk && !allowShrink
          ? ShrinkGuard.refusal(verdicts, config.shrinkGuard().maxDropFraction()) : null;

      Result result = new Result(asOf, List.copyOf(results), over.isEmpty() && shrinkRefusal == null,
          List.copyOf(verdicts));
      String refusal = over.isEmpty() ? shrinkRefusal
          : shrinkRefusal == null ? refusal(over) : refusal(over) + "\n" + shrinkRefusal;

      // 3b. Refused (bad rows or shrink): record why, publish nothing.
      if (refusal != null) {
        warehouse.replaceDates(IngestTables.DQ_RESULTS, IngestReport.dqRows(spark, result), DateRange.of(asOf));
        warehouse.replaceDates(IngestTables.INGEST_RUNS,
            IngestReport.runRows(spark, result, configVersion, refusal, Map.of()), DateRange.of(asOf));
        console.print(IngestReport.summary(result));
        throw new InputException(refusal);
      }

      // 4. Publish: quarantine, staged tables, then the run's record.
      console.stage("publishing");
      Dataset<Row> quarantine = null;
      for (TableResult r : results) {
        Dataset<Row> e = withOriginals.get(r.table());
        if (e != null && r.counts().bad() > 0) {
          Dataset<Row> q = CheckRunner.quarantine(e, r.table(), r.checks(), asOf);
          quarantine = quarantine == null ? q : quarantine.unionByName(q);
        }
      }
      long quarantined = warehouse.replaceDates(IngestTables.QUARANTINE,
          quarantine == null ? emptyQuarantine(spark) : quarantine, DateRange.of(asOf));
      console.count("out", IngestTables.QUARANTINE.name(), quarantined);
      String previousMetadata = spark.conf().getOption(USER_METADATA).getOrElse(() -> null);
      spark.conf().set(USER_METADATA, "ingest as_of_date=" + asOf + " config=" + configVersion);
      Map<InputTable, Integer> rewritten = new LinkedHashMap<>();
      try {
        for (TableResult r : results) {
          InputTable t = r.table();
          Dataset<Row> e = evaluated.get(t);
          Dataset<Row> rows = IngestTables.stagedRows(t, e != null ? CheckRunner.staged(e, t)
              : spark.createDataFrame(List.of(), t.schema()));
          OutputTable target = IngestTables.staged(t);
          if (IngestTables.DAILY.contains(t)) {
            // One file per month and run: without this each task writes a file into every month it holds.
            rows = rows.repartition(col(IngestTables.PARTITION_MONTH));
          }
          long n;
          if (windows.containsKey(t)) {
            // Only the days whose rows changed (a rerun or a quiet lookback rewrites nothing).
            String day = IngestTables.dayColumn(t);
            List<LocalDate> changed = DailyStaging.changedDays(fresh.get(t), staged.get(t));
            rewritten.put(t, changed.size());
            n = changed.isEmpty() ? 0 : warehouse.replaceWhere(target,
                rows.where(col(day).isin(changed.stream().map(Date::valueOf).toArray())),
                DailyStaging.daysPredicate(day, changed));
          } else {
            n = warehouse.replaceAll(target, rows);
          }
          console.count("out", target.name() + (windows.containsKey(t)
              ? " (" + rewritten.get(t) + " days rewritten)" : ""), n);
        }
        recordDayCounts(spark, warehouse, fresh, windows, asOf);
      } finally {
        if (previousMetadata == null) {
          spark.conf().unset(USER_METADATA);
        } else {
          spark.conf().set(USER_METADATA, previousMetadata);
        }
      }
      warehouse.replaceDates(IngestTables.DQ_RESULTS, IngestReport.dqRows(spark, result), DateRange.of(asOf));
      warehouse.replaceDates(IngestTables.INGEST_RUNS,
          IngestReport.runRows(spark, result, configVersion, null, rewritten), DateRange.of(asOf));
      console.print(IngestReport.summary(result));
      return result;
    } finally {
      evaluated.values().forEach(Dataset::unpersist);
    }
  }

  /** The latest published as-of date per table, from ingest_runs; empty before the first run. */
  static Map<InputTable, LocalDate> lastPublished(SparkSession spark, Warehouse warehouse) {
    Map<InputTable, LocalDate> last = new LinkedHashMap<>();
    if (!warehouse.exists(IngestTables.INGEST_RUNS.name())) {
      return last;
    }
    for (Row r : warehouse.read(IngestTables.INGEST_RUNS)
        .where(col(IngestTables.OUTCOME).equalTo(IngestTables.PUBLISHED))
        .groupBy(IngestTables.TABLE_NAME).agg(max(IngestTables.AS_OF_DATE)).collectAsList()) {
      last.put(InputTable.byName(r.getString(0)), r.getDate(1).toLocalDate());
    }
    return last;
  }

  /**
   * The daily tables this run stages incrementally, with their window's first day: those published before,
   * staged in the daily layout (partitioned by month) and, for the late-row check, with recorded day counts.
   * Every other table (and every table on a first run or a full refresh) is read and staged whole.
   */
  static Map<InputTable, LocalDate> windows(Warehouse warehouse, IngestConfig.Incremental config, LocalDate asOf,
      Map<InputTable, LocalDate> lastPublished) {
    Map<InputTable, LocalDate> windows = new LinkedHashMap<>();
    boolean counted = warehouse.exists(IngestTables.DATE_COUNTS.name());
    for (InputTable t : IngestTables.DAILY) {
      OutputTable staged = IngestTables.staged(t);
      if (lastPublished.containsKey(t) && (counted || !config.lateRowCheck()) && warehouse.exists(staged.name())
          && warehouse.partitionColumns(staged.name()).equals(staged.partitionBy())) {
        windows.put(t, DailyStaging.windowFrom(asOf, lastPublished.get(t), config.lookbackDays()));
      }
    }
    return windows;
  }

  /**
   * Records, per daily table and day read by this run (on or before the as-of date), the source rows read:
   * what the late-row check compares later runs with. One commit for all tables.
   */
  private static void recordDayCounts(SparkSession spark, Warehouse warehouse,
      Map<InputTable, SortedMap<LocalDate, DailyStaging.Day>> fresh, Map<InputTable, LocalDate> windows,
      LocalDate asOf) {
    List<Row> counts = new ArrayList<>();
    List<String> replaced = new ArrayList<>();
    for (InputTable t : IngestTables.DAILY) {
      // Incremental: the window's days only; days after the as-of date (staged by a later run before this
      // backfill) keep their counts, as their staged rows are kept.
      replaced.add("(`" + IngestTables.TABLE_NAME + "` = '" + t.tableName() + "'" + (windows.containsKey(t)
          ? " AND `" + IngestTables.DAY + "` BETWEEN DATE'" + windows.get(t) + "' AND DATE'" + asOf + "'" : "")
          + ")");
      fresh.getOrDefault(t, new java.util.TreeMap<>()).forEach((day, d) -> counts.add(RowFactory.create(
          t.tableName(), Date.valueOf(day), d.rowsRead(), Date.valueOf(asOf))));
    }
    warehouse.replaceWhere(IngestTables.DATE_COUNTS, spark.createDataFrame(counts,
        IngestTables.DATE_COUNTS.schema()), String.join(" OR ", replaced));
  }

  private static String refusal(List<TableResult> over) {
    StringBuilder m = new StringBuilder("too many bad rows, nothing published (see dq_results):");
    for (TableResult r : over) {
      m.append(String.format(Locale.ROOT, "\n  %s: %,d of %,d rows (%.2f%%) failed ERROR checks, limit %.2f%%",
          r.table().tableName(), r.counts().bad(), r.counts().checked(), 100 * r.counts().badRatio(),
          100 * r.limit()));
      for (int i = 0; i < r.checks().size(); i++) {
        Check c = r.checks().get(i);
        long failed = r.counts().failedPerCheck().get(i);
        if (c.level() == Level.ERROR && failed > 0) {
          m.append(String.format(Locale.ROOT, "; %s: %,d", c.name(), failed));
        }
      }
    }
    return m.toString();
  }

  private static Dataset<Row> emptyQuarantine(SparkSession spark) {
    return spark.createDataFrame(List.<Row>of(), IngestTables.QUARANTINE.schema());
  }
}
