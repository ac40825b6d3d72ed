package dev.playbook.generate;

import dev.playbook.cli.Job;
import dev.playbook.cli.JobContext;
import dev.playbook.cli.UsageException;
import dev.playbook.contract.InputTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code playbook generate --out DIR [--format parquet|csv|delta] [--accounts N | --activity-rows N] ...}:
 * writes the seeded synthetic input contract, one folder per contract table ({@code DIR/<table name>}),
 * replacing what is there, then prints each table's row count.
 *
 * <p>Cost: one pass per table over {@code spark.range(accounts)}; no shuffle, unless {@code --files} asks
 * for fewer files than partitions (a coalesce, still no shuffle).
 */
public final class GenerateJob implements Job {
  public static final String OUT = "out";
  public static final String FORMAT = "format";
  public static final String FORMAT_DEFAULT = "parquet";
  public static final List<String> FORMATS = List.of("parquet", "csv", "delta");
  public static final String SEED = "seed";
  public static final long SEED_DEFAULT = 42;
  public static final String ACCOUNTS = "accounts";
  public static final String ACTIVITY_ROWS = "activity-rows";
  public static final String END = "end";
  public static final String HISTORY_DAYS = "history-days";
  public static final String USER_SCALE = "user-scale";
  public static final String PARTITIONS = "partitions";
  public static final String FILES = "files";

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String summary() {
    return "write a seeded synthetic input contract (demo size to 1e8+ activity rows)";
  }

  @Override
  public boolean needsDates() {
    return false;
  }

  @Override
  public Map<String, String> options() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(OUT, "DIR    where to write; one folder per contract table (required; relative to the working dir)");
    m.put(FORMAT, "FMT    parquet | csv | delta (default " + FORMAT_DEFAULT + ")");
    m.put(SEED, "N      random seed (default " + SEED_DEFAULT + "); the same seed and sizes give the same rows");
    m.put(ACCOUNTS, "N      number of accounts (default " + GeneratorSpec.ACCOUNTS_DEFAULT + ")");
    m.put(ACTIVITY_ROWS, "N      instead of --accounts: about this many user_activity_daily rows (e.g. 100_000_000)");
    m.put(END, "DATE   last date of the data (default " + GeneratorSpec.END_DATE_DEFAULT + ")");
    m.put(HISTORY_DAYS, "N      days of history ending at --end (default " + GeneratorSpec.HISTORY_DAYS_DEFAULT + ")");
    m.put(USER_SCALE, "X      multiplies seats and users per account (default " + GeneratorSpec.USER_SCALE_DEFAULT + ")");
    m.put(PARTITIONS, "N      generation partitions (default 0 = one per ~2M activity rows)");
    m.put(FILES, "N      at most this many files per table (default 0 = one per partition)");
    return m;
  }

  @Override
  public void run(JobContext ctx) {
    GeneratorSpec spec = spec(ctx);
    String format = ctx.option(FORMAT).orElse(FORMAT_DEFAULT).toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new UsageException("--format must be one of " + FORMATS + ", was '" + format + "'");
    }
    Path out = Path.of(ctx.option(OUT).orElseThrow(() -> new UsageException("--out DIR is required")))
        .toAbsolutePath().normalize();
    int files = (int) ctx.longOption(FILES, 0);
    ctx.console().stage(String.format(Locale.ROOT, "generating seed %d: %,d accounts, %s..%s, user scale %.2f,"
            + " ~%,d activity rows, %d partitions → %s (%s)", spec.seed(), spec.accounts(), spec.startDate(),
        spec.endDate(), spec.userScale(), spec.estimatedActivityRows(), spec.effectivePartitions(), out, format));

    Map<InputTable, Dataset<Row>> tables = Generator.generate(ctx.spark(), spec);
    for (Map.Entry<InputTable, Dataset<Row>> e : tables.entrySet()) {
      String path = out.resolve(e.getKey().tableName()).toString();
      ctx.console().stage("writing " + e.getKey().tableName());
      Dataset<Row> rows = files > 0 ? e.getValue().coalesce(files) : e.getValue();
      var writer = rows.write().mode("overwrite").format(format);
      if (format.equals("csv")) {
        writer = writer.option("header", "true");
      }
      writer.save(path);
    }
    StringBuilder spans = new StringBuilder("date span of each table (by its date column):");
    for (InputTable t : tables.keySet()) {
      String path = out.resolve(t.tableName()).toString();
      var reader = ctx.spark().read().format(format);
      if (format.equals("csv")) {
        reader = reader.option("header", "true").schema(t.schema());
      }
      Dataset<Row> written = reader.load(path);
      ctx.console().count("out", t.tableName(), written.count());
      if (t.dateColumn() != null) {
        Row span = written.agg(functions.min(t.dateColumn()), functions.max(t.dateColumn())).first();
        spans.append(String.format(Locale.ROOT, "%n  %-20s %-13s %s .. %s", t.tableName(), t.dateColumn(),
            span.get(0), span.get(1)));
      }
    }
    ctx.console().print(spans.toString());
    ctx.console().print("planted truth (docs/GENERATOR.md): seat_utilization ≥ "
        + PlantedTruth.SEAT_UTILIZATION_CUTOFF + " → seat_expansion; plan_limit_utilization ≥ "
        + PlantedTruth.PLAN_LIMIT_UTILIZATION_CUTOFF + " for " + PlantedTruth.PLAN_LIMIT_MIN_PERIODS
        + " periods → plan_upgrade; api_usage_growth ≥ " + PlantedTruth.API_USAGE_GROWTH_CUTOFF
        + " → plan_upgrade; feature_adoption_breadth ≥ " + PlantedTruth.FEATURE_ADOPTION_BREADTH_CUTOFF
        + " (days 90-180) → cross_sell");
  }

  static GeneratorSpec spec(JobContext ctx) {
    long seed = ctx.longOption(SEED, SEED_DEFAULT);
    LocalDate end = ctx.option(END).map(GenerateJob::date).orElse(GeneratorSpec.END_DATE_DEFAULT);
    int history = (int) ctx.longOption(HISTORY_DAYS, GeneratorSpec.HISTORY_DAYS_DEFAULT);
    double scale = ctx.option(USER_SCALE).map(GenerateJob::number).orElse(GeneratorSpec.USER_SCALE_DEFAULT);
    int partitions = (int) ctx.longOption(PARTITIONS, 0);
    if (ctx.option(ACCOUNTS).isPresent() && ctx.option(ACTIVITY_ROWS).isPresent()) {
      throw new UsageException("give --accounts or --activity-rows, not both");
    }
    long accounts = ctx.longOption(ACCOUNTS, GeneratorSpec.ACCOUNTS_DEFAULT);
    if (accounts < 1 || accounts > Integer.MAX_VALUE) {
      throw new UsageException("--accounts must be between 1 and " + Integer.MAX_VALUE + ", was " + accounts);
    }
    try {
      GeneratorSpec spec = new GeneratorSpec(seed, (int) accounts, end, history, scale, partitions);
      return ctx.option(ACTIVITY_ROWS).isPresent()
          ? spec.sizedForActivityRows(ctx.longOption(ACTIVITY_ROWS, 0)) : spec;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException("--end must be a date like 2026-09-30, was '" + value + "'");
    }
  }

  private static double number(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new UsageException("--user-scale must be a number, was '" + value + "'");
    }
  }
}
