package dev.playbook.reliability;

import dev.playbook.cli.Main;
import dev.playbook.contract.InputTable;
import dev.playbook.generate.Generator;
import dev.playbook.generate.GeneratorSpec;
import dev.playbook.ingest.IngestTables;
import dev.playbook.testing.KernelReader;
import dev.playbook.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A tiny generated input contract on disk (Parquet), an env config pointing at it, and warehouses the pipeline
 * writes to through the real command line ({@link Main#run}). Tables are compared as sorted rendered rows, doubles
 * at 9 significant digits (a different partitioning may add in a different order).
 */
final class World {
  /** The data's last day; the pipeline runs as of it and a week before. */
  static final LocalDate D = LocalDate.parse("2026-09-30");
  static final LocalDate D_MINUS_7 = D.minusDays(7);
  /** 8 small accounts over 150 days: every required table has rows, the pipeline runs in seconds. */
  static final GeneratorSpec SPEC = new GeneratorSpec(11, 8, D, 150, 0.3, 2);

  final Path dir;
  final Path inputs;
  private final SparkSession spark;

  /**
   * The reference runs every reliability test compares with, made once per JVM: warehouse {@code fresh-d7} ran
   * only D−7; warehouse {@code clean} ran D−7 then D (the chronological daily runs: the queue reads its own
   * earlier dates, so "a fresh run of D" is D after D−7).
   */
  record Shared(World world, Map<String, List<String>> freshD7, Map<String, List<String>> clean, int jobsPerRun,
      double runSeconds) {}

  private static Shared shared;

  static synchronized Shared shared(SparkSession spark) {
    if (shared == null) {
      World w = create(spark);
      java.util.concurrent.atomic.AtomicInteger jobs = new java.util.concurrent.atomic.AtomicInteger();
      org.apache.spark.scheduler.SparkListener counter = new org.apache.spark.scheduler.SparkListener() {
        @Override
        public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart jobStart) {
          jobs.incrementAndGet();
        }
      };
      spark.sparkContext().addSparkListener(counter);
      Run d7;
      try {
        d7 = w.run("pipeline", "fresh-d7", D_MINUS_7);
      } finally {
        spark.sparkContext().removeSparkListener(counter);
      }
      check(d7, "fresh run of D-7");
      SharedSpark.copy(w.warehouse("fresh-d7"), w.warehouse("clean"));
      Run d = check(w.run("pipeline", "clean", D), "clean run of D after D-7");
      shared = new Shared(w, snapshot(spark, w.warehouse("fresh-d7"), null), snapshot(spark, w.warehouse("clean"), null),
          jobs.get(), d.seconds());
    }
    return shared;
  }

  /** Fails with the run's output unless it exited 0; prints its time as a figure. */
  static Run check(Run run, String what) {
    if (run.code() != 0) {
      throw new AssertionError(what + " failed: " + run);
    }
    System.out.printf(Locale.ROOT, "[reliability] %s: %.1f s%n", what, run.seconds());
    return run;
  }


  private World(SparkSession spark, Path dir) {
    this.spark = spark;
    this.dir = dir;
    this.inputs = dir.resolve("inputs");
  }

  /** Generates the inputs and writes conf files; warehouses are created by {@link #env(String)}. */
  static World create(SparkSession spark) {
    World w = new World(spark, SharedSpark.tempDir("reliability"));
    Map<InputTable, Dataset<Row>> tables = Generator.generate(spark, SPEC);
    tables.forEach((t, rows) -> rows.coalesce(1).write().parquet(w.inputs.resolve(t.tableName()).toString()));
    try {
      dev.playbook.testing.TestEnv.writePlaybook(w.dir, dev.playbook.testing.TestEnv.shippedPlaybook());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w;
  }

  /** An env config (in this world's folder) whose output is the warehouse {@code name}; returns its path. */
  Path env(String name) {
    Path env = dir.resolve("env-" + name + ".yaml");
    try {
      Files.writeString(env, """
          playbook: playbook.yaml
          sources:
            defaults: {format: parquet, path: inputs}
            tables: {}
          output: {path: %s, catalog_schema: null}
          spark: {master: "local[2]", conf: {}}
          """.formatted(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return env;
  }

  Path warehouse(String name) {
    return dir.resolve(name);
  }

  /** A run of the command line: exit code, stdout and stderr, seconds taken. */
  record Run(int code, String out, String err, double seconds) {
    @Override
    public String toString() {
      return "exit " + code + " in " + String.format(Locale.ROOT, "%.1f s", seconds) + "\n" + out + "\n" + err;
    }
  }

  /** {@code playbook <job> --as-of D --conf env-<warehouse>.yaml [extra]} in this JVM, on the shared session. */
  Run run(String job, String warehouse, LocalDate asOf, String... extra) {
    List<String> args = new ArrayList<>(List.of(job, "--as-of", asOf.toString(), "--conf", env(warehouse).toString()));
    args.addAll(Arrays.asList(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int code = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        (System.nanoTime() - start) / 1e9);
  }

  /** The Delta tables of a warehouse folder, by name. */
  static List<String> tables(SparkSession spark, Path warehouse) {
    if (!Files.isDirectory(warehouse)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(warehouse)) {
      return s.filter(p -> DeltaTable.isDeltaTable(spark, p.toString())).map(p -> p.getFileName().toString())
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every table's rows, sorted and rendered: the whole table, or for a date: the rows of tables with an as_of_date
   * column on that date, and the staged daily tables' rows dated on or before it (a backfill keeps the later days
   * staged). The run records are compared by what they say of each run's outcome ({@link #RUN_RECORD_COLUMNS}),
   * not by their counts: an incremental run reads its lookback, a first run the whole history.
   */
  static Map<String, List<String>> snapshot(SparkSession spark, Path warehouse, LocalDate asOf) {
    Map<String, String> dayColumns = new TreeMap<>();
    IngestTables.DAILY.forEach(t -> dayColumns.put(IngestTables.staged(t).name(), IngestTables.dayColumn(t)));
    Map<String, List<String>> m = new TreeMap<>();
    for (String t : tables(spark, warehouse)) {
      Dataset<Row> rows = spark.read().format("delta").load(warehouse.resolve(t).toString());
      boolean dated = Arrays.asList(rows.columns()).contains("as_of_date");
      if (t.equals(IngestTables.DATE_COUNTS.name())) {
        rows = asOf == null ? rows : rows.where(functions.col(IngestTables.DAY).leq(java.sql.Date.valueOf(asOf)));
      } else if (asOf != null && dated) {
        rows = rows.where(functions.col("as_of_date").equalTo(functions.lit(java.sql.Date.valueOf(asOf))));
      } else if (asOf != null && dayColumns.containsKey(t)) {
        rows = rows.where(functions.col(dayColumns.get(t)).leq(java.sql.Date.valueOf(asOf)));
      }
      if (RUN_RECORD_COLUMNS.containsKey(t)) {
        rows = rows.selectExpr(RUN_RECORD_COLUMNS.get(t).toArray(String[]::new));
      }
      m.put(t, rows.collectAsList().stream().map(World::render).sorted().toList());
    }
    return m;
  }

  /** The columns of the run records a rerun must reproduce (the counts describe what each run read). */
  static final Map<String, List<String>> RUN_RECORD_COLUMNS = Map.of(
      IngestTables.INGEST_RUNS.name(), List.of(IngestTables.AS_OF_DATE, IngestTables.TABLE_NAME,
          IngestTables.OUTCOME, IngestTables.CONFIG_VERSION, IngestTables.MESSAGE),
      IngestTables.DQ_RESULTS.name(), List.of(IngestTables.AS_OF_DATE, IngestTables.TABLE_NAME, IngestTables.CHECK,
          IngestTables.LEVEL, IngestTables.ACTION, IngestTables.PASSED),
      IngestTables.DATE_COUNTS.name(), List.of(IngestTables.TABLE_NAME, IngestTables.DAY, IngestTables.ROWS_READ));

  /** The same with Delta Kernel, no Spark: what an independent reader sees (doubles as printed by Java). */
  static List<String> kernelRows(Path table) {
    return KernelReader.readAll(table.toString()).stream().sorted().toList();
  }

  static String render(Row row) {
    Object[] values = new Object[row.length()];
    for (int i = 0; i < row.length(); i++) {
      Object v = row.get(i);
      values[i] = v instanceof Double d && !d.isNaN() && !d.isInfinite() && d != 0.0
          ? new java.math.BigDecimal(d).round(new java.math.MathContext(9)).doubleValue() : v;
    }
    return KernelReader.render(org.apache.spark.sql.RowFactory.create(values));
  }

  /** The tables whose rows differ between two snapshots, with the first differing rows; empty when equal. */
  static List<String> differences(Map<String, List<String>> expected, Map<String, List<String>> actual) {
    List<String> diffs = new ArrayList<>();
    for (String t : expected.keySet()) {
      List<String> a = actual.get(t);
      List<String> e = expected.get(t);
      if (a == null) {
        diffs.add(t + ": missing");
      } else if (!a.equals(e)) {
        List<String> onlyE = e.stream().filter(r -> !a.contains(r)).limit(2).toList();
        List<String> onlyA = a.stream().filter(r -> !e.contains(r)).limit(2).toList();
        diffs.add(t + ": " + e.size() + " expected rows vs " + a.size() + "; e.g. expected " + onlyE + ", got " + onlyA);
      }
    }
    actual.keySet().stream().filter(t -> !expected.containsKey(t)).forEach(t -> diffs.add(t + ": unexpected table"));
    return diffs;
  }

  /** Tables holding a row twice (a duplicate would show a write applied twice). */
  static List<String> duplicates(Map<String, List<String>> snapshot) {
    List<String> dup = new ArrayList<>();
    snapshot.forEach((t, rows) -> {
      long distinct = rows.stream().distinct().count();
      if (distinct != rows.size()) {
        dup.add(t + ": " + (rows.size() - distinct) + " duplicate rows of " + rows.size());
      }
    });
    return dup;
  }

}
