package dev.playbook.ingest;

import dev.playbook.cli.Console;
import dev.playbook.cli.DateRange;
import dev.playbook.cli.InputException;
import dev.playbook.cli.Job;
import dev.playbook.cli.JobContext;
import dev.playbook.config.IngestConfig;
import dev.playbook.contract.InputTable;
import dev.playbook.io.Sources;
import dev.playbook.io.Warehouse;
import dev.playbook.ingest.Check.Level;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
 * table (replaced whole, one Delta commit each, the as-of date in the commit's userMetadata), then dq_results,
 * then ingest_runs, whose rows with outcome {@code published} mark the run complete. Delta has no
 * multi-table transaction: a run that dies during (4) leaves some staged tables new and some old, and no
 * published row in ingest_runs for its date; rerunning the date repairs it (every write is a replace).
 *
 * <p>Cost: each table's evaluated rows are persisted (memory and disk) for three passes — the counts, the
 * quarantine rows and the staged rows. Each set-level check shuffles once.
 */
public final class IngestJob implements Job {
  static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  /** Lets a deliberate shrink through the shrink guard for one run. */
  public static final String ALLOW_SHRINK_OPTION = "allow-shrink";

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
        + "ingest.shrink_guard.max_drop_fraction (a deliberate shrink; docs/RELIABILITY.md)");
  }

  @Override
  public java.util.Set<String> flags() {
    return java.util.Set.of(ALLOW_SHRINK_OPTION);
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
    ingest(ctx.spark(), sources, ctx.playbook().ingest(), dates.to(), ctx.warehouse(), ctx.console(),
        ctx.configs().configVersion(), allowShrink);
  }

  /** One table's evaluation; {@code drift}: the tolerated schema drift of its source ({@link Sources#drift}). */
  public record TableResult(InputTable table, String source, boolean delivered, List<Check> checks,
      CheckRunner.Counts counts, double limit, List<String> drift) {
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
    // 1. Open every source; report every missing table and column at once, before any work.
    console.stage("reading sources as of " + asOf);
    Map<InputTable, Dataset<Row>> typed = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (InputTable t : InputTable.values()) {
      try {
        Optional<Dataset<Row>> rows = sources.read(t);
        rows.ifPresent(r -> typed.put(t, TypedRows.of(t, r)));
        console.print(String.format(Locale.ROOT, "  %-20s %s%s", t.tableName(), sources.describe(t),
            rows.isPresent() ? "" : " (optional, not found: staged empty)"));
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
    try {
      for (InputTable t : InputTable.values()) {
        List<Check> checks = ContractChecks.forTable(t);
        Dataset<Row> rows = typed.get(t);
        CheckRunner.Counts counts;
        if (rows == null) {
          counts = new CheckRunner.Counts(0, 0, 0, 0, checks.stream().map(c -> 0L).toList());
        } else {
          // Kept in memory without the original-row JSON and raw texts: only quarantined rows need those, and
          // they are recomputed from the unpersisted frame when a table has any.
          Dataset<Row> full = CheckRunner.evaluate(rows, checks, ctx);
          Dataset<Row> e = CheckRunner.withoutOriginals(full).persist(StorageLevel.MEMORY_AND_DISK());
          withOriginals.put(t, full);
          evaluated.put(t, e);
          counts = CheckRunner.count(e, checks);
        }
        results.add(new TableResult(t, sources.describe(t), rows != null, checks, counts, config.maxBadRowRatio(t),
            sources.drift(t)));
      }
      List<TableResult> over = results.stream().filter(TableResult::overLimit).toList();

      // 3a. The shrink guard: every table against the last published run, before anything is written.
      console.stage("shrink guard: each table against the last published run (max drop "
          + String.format(Locale.ROOT, "%.0f%%", 100 * config.shrinkGuard().maxDropFraction()) + ")");
      List<ShrinkGuard.Verdict> verdicts = new ArrayList<>();
      for (TableResult r : results) {
        InputTable t = r.table();
        Dataset<Row> e = evaluated.get(t);
        ShrinkGuard.Size now = e != null ? ShrinkGuard.size(CheckRunner.staged(e, t), t) : new ShrinkGuard.Size(0, 0L);
        String stagedName = IngestTables.staged(t).name();
        ShrinkGuard.Size last = warehouse.exists(stagedName)
            ? ShrinkGuard.size(ShrinkGuard.baseline(warehouse.read(stagedName), t, asOf), t) : null;
        verdicts.add(ShrinkGuard.judge(t, r.counts().read(), now, last, config.shrinkGuard().maxDropFraction()));
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
        warehouse.replaceDates(IngestTables.INGEST_RUNS, IngestReport.runRows(spark, result, configVersion, refusal),
            DateRange.of(asOf));
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
      try {
        for (TableResult r : results) {
          Dataset<Row> e = evaluated.get(r.table());
          Dataset<Row> rows = e != null ? CheckRunner.staged(e, r.table())
              : spark.createDataFrame(List.of(), r.table().schema());
          long n = warehouse.replaceAll(IngestTables.staged(r.table()), rows);
          console.count("out", IngestTables.staged(r.table()).name(), n);
        }
      } finally {
        if (previousMetadata == null) {
          spark.conf().unset(USER_METADATA);
        } else {
          spark.conf().set(USER_METADATA, previousMetadata);
        }
      }
      warehouse.replaceDates(IngestTables.DQ_RESULTS, IngestReport.dqRows(spark, result), DateRange.of(asOf));
      warehouse.replaceDates(IngestTables.INGEST_RUNS, IngestReport.runRows(spark, result, configVersion, null),
          DateRange.of(asOf));
      console.print(IngestReport.summary(result));
      return result;
    } finally {
      evaluated.values().forEach(Dataset::unpersist);
    }
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
