package dev.playbook.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/benchmark}: the features job against the engines a user would pick instead, on the same generated
 * Parquet in one run (issue #9), then the recalibration sweep with 10 vs 1,000 cutoffs and the daily pipeline on
 * the bundled sample from a cold JVM. Each engine runs alone in its own child JVM ({@link EngineRun}); the three
 * results are checked equal by checksums before any time is printed. See docs/BENCHMARKS.md.
 */
public final class Benchmark {
  private Benchmark() {}

  /** Activity rows per named size (about; the generator sizes accounts from it). */
  static final Map<String, Long> SIZES = new LinkedHashMap<>();

  static {
    SIZES.put("XS", 1_000_000L);
    SIZES.put("S", 10_000_000L);
    SIZES.put("M", 100_000_000L);
    SIZES.put("L", 300_000_000L);
  }

  static final String SAMPLE = "sample";
  static final List<String> ENGINES = List.of(EngineRun.OURS, EngineRun.DUCKDB_EXPERT, EngineRun.DUCKDB,
      EngineRun.SPARK_SQL);
  static final long GB = 1L << 30;

  record Options(List<String> sizes, Path data, Integer days, int threads, int shufflePartitions, String heap,
      List<String> engines, boolean sweep, boolean pipeline, long sweepRows, int timeoutMinutes, Path plot,
      int seed, boolean daily) {}

  record EngineResult(String engine, Map<String, String> values, double wallSeconds, String failure) {
    double seconds() {
      return Double.parseDouble(values.get("seconds"));
    }

    boolean ok() {
      return failure == null;
    }
  }

  record Checksum(long rows, String checksum, long activeUsers, long events, long distinctFeatures) {
    boolean sameAs(Checksum o) {
      return rows == o.rows && checksum.equals(o.checksum) && activeUsers == o.activeUsers && events == o.events
          && distinctFeatures == o.distinctFeatures;
    }
  }

  record SizeRun(String size, LocalDate from, LocalDate to, long inputRows, long totalRows,
      Map<String, EngineResult> results, Map<String, Checksum> checksums) {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
    Options o;
    try {
      o = parse(args, root);
    } catch (IllegalArgumentException e) {
      System.err.println("benchmark: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    System.exit(new Benchmark.Run(root, o).run());
  }

  static final String USAGE = """
      usage: bin/benchmark [--sizes S,M] [--data DIR] [--days N] [--threads 2] [--shuffle-partitions 8]
                           [--heap 8g] [--engines ours,duckdb-expert,duckdb,spark-sql] [--no-sweep] [--no-pipeline]
                           [--sweep-rows 10000000] [--timeout-min 60] [--plot FILE] [--seed 42]
             bin/benchmark --daily [--sizes S] [--data DIR]
        --sizes     sample (the bundled sample, 1.1M rows), XS (1e6), S (1e7), M (1e8), L (3e8) activity rows;
                    a missing size is generated first (bin/playbook generate --activity-rows N --seed 42)
        --data      where generated data and results live (default $PLAYBOOK_BENCH_DATA or bench-data/)
        --days      the as-of dates: the last N days of the data (default: every day of the data)
        --no-sweep, --no-pipeline   skip the recalibration sweep / the cold sample pipeline
        --daily     instead: the daily cost (issue 17) per size: a full pipeline as of the data's last day - 1,
                    then the daily run as of its last day; the same two dates elsewhere with the last day's
                    ingest a --full-refresh; the two warehouses compared
      """;

  static Options parse(String[] args, Path root) {
    List<String> sizes = List.of("S", "M");
    String env = System.getenv("PLAYBOOK_BENCH_DATA");
    Path data = env == null || env.isBlank() ? root.resolve("bench-data") : Path.of(env);
    Integer days = null;
    int threads = 2;
    int shuffle = 8;
    String heap = "8g";
    List<String> engines = ENGINES;
    boolean sweep = true;
    boolean pipeline = true;
    boolean daily = false;
    long sweepRows = 10_000_000L;
    int timeout = 60;
    Path plot = null;
    int seed = 42;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--no-sweep" -> sweep = false;
        case "--no-pipeline" -> pipeline = false;
        case "--daily" -> daily = true;
        case "-h", "--help" -> throw new IllegalArgumentException("help");
        default -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("option " + a + " needs a value (or is unknown)");
          }
          String v = args[++i];
          switch (a) {
            case "--sizes" -> sizes = Arrays.stream(v.split(",")).map(String::trim).toList();
            case "--data" -> data = Path.of(v);
            case "--days" -> days = positive(a, v);
            case "--threads" -> threads = positive(a, v);
            case "--shuffle-partitions" -> shuffle = positive(a, v);
            case "--heap" -> heap = v;
            case "--engines" -> engines = Arrays.stream(v.split(",")).map(String::trim).toList();
            case "--sweep-rows" -> sweepRows = positive(a, v);
            case "--timeout-min" -> timeout = positive(a, v);
            case "--plot" -> plot = Path.of(v);
            case "--seed" -> seed = positive(a, v);
            default -> throw new IllegalArgumentException("unknown option " + a);
          }
        }
      }
    }
    for (String s : sizes) {
      if (!s.equals(SAMPLE) && !SIZES.containsKey(s)) {
        throw new IllegalArgumentException("unknown size " + s + " (sample, " + String.join(", ", SIZES.keySet())
            + ")");
      }
    }
    for (String e : engines) {
      if (!ENGINES.contains(e)) {
        throw new IllegalArgumentException("unknown engine " + e + " (" + String.join(", ", ENGINES) + ")");
      }
    }
    if (!engines.contains(EngineRun.OURS)) {
      throw new IllegalArgumentException("--engines must include ours (the others are compared with it)");
    }
    data = data.toAbsolutePath().normalize();
    return new Options(sizes, data, days, threads, shuffle, heap, engines, sweep, pipeline, sweepRows, timeout,
        plot == null ? data.resolve("results/benchmark.svg") : plot.toAbsolutePath(), seed, daily);
  }

  private static int positive(String option, String v) {
    try {
      long n = Long.parseLong(v.replace("_", ""));
      if (n <= 0 || n > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return (int) n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a positive whole number, was " + v);
    }
  }

  /** One benchmark run. */
  static final class Run {
    private final Path root;
    private final Options o;
    private final Path results;
    private final List<String> jvmFlags;
    private final StringBuilder report = new StringBuilder();

    Run(Path root, Options o) {
      this.root = root;
      this.o = o;
      this.results = o.data().resolve("results");
      String flags = System.getenv().getOrDefault("BENCH_JVM_FLAGS", "");
      this.jvmFlags = flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
    }

    int run() throws Exception {
      Files.createDirectories(results);
      String loadBefore = Machine.loadAverage();
      say("== Expansion Playbook benchmark (" + Instant.now() + ")");
      say(Machine.describe());
      say("versions: " + Machine.versions() + ", DuckDB " + duckDbVersion());
      say("data: " + o.data() + "   threads: " + o.threads() + "   shuffle partitions: " + o.shufflePartitions()
          + "   Spark heap: " + o.heap());
      say("load average before: " + loadBefore);

      if (o.daily()) {
        int failed = 0;
        for (String size : o.sizes()) {
          failed += daily(size) ? 0 : 1;
        }
        say("load average after: " + Machine.loadAverage() + " (before: " + loadBefore + ")");
        Files.writeString(results.resolve("daily-summary.txt"), report.toString(), StandardCharsets.UTF_8);
        return failed == 0 ? 0 : 1;
      }
      List<SizeRun> runs = new ArrayList<>();
      for (String size : o.sizes()) {
        SizeRun r = features(size);
        if (r == null) {
          return 1;
        }
        runs.add(r);
      }
      Map<String, String> sweep = o.sweep() ? sweep() : null;
      Pipeline pipeline = o.pipeline() ? pipeline() : null;
      String loadAfter = Machine.loadAverage();

      say("");
      say("== Results (all results checked equal by checksum before these times)");
      for (SizeRun r : runs) {
        say(featuresTable(r));
      }
      if (sweep != null) {
        say(sweepText(sweep));
      }
      if (pipeline != null) {
        say(pipeline.text());
      }
      say(targets(runs, sweep, pipeline));
      say("load average after: " + loadAfter + " (before: " + loadBefore + "; above " + o.threads()
          + " means other work shared the machine)");
      Files.createDirectories(o.plot().getParent());
      Files.writeString(o.plot(), Plot.svg(runs, sweep, pipeline), StandardCharsets.UTF_8);
      Path summary = results.resolve("summary.txt");
      Files.writeString(summary, report.toString(), StandardCharsets.UTF_8);
      System.out.println("plot: " + o.plot() + "\nsummary: " + summary);
      return 0;
    }

    private void say(String text) {
      System.out.println(text);
      System.out.flush();
      report.append(text).append('\n');
    }

    private void progress(String text) {
      System.out.println("  .. " + text);
      System.out.flush();
    }

    // ---------------------------------------------------------------------------------------------- features

    private SizeRun features(String size) throws Exception {
      Path dir = size.equals(SAMPLE) ? root.resolve("data-samples/sample") : ensureData(size);
      Path activity = dir.resolve("user_activity_daily");
      LocalDate min;
      LocalDate max;
      long total;
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT min(activity_date), max(activity_date), count(*) FROM read_parquet('"
              + glob(activity) + "')")) {
        rs.next();
        min = rs.getObject(1, LocalDate.class);
        max = rs.getObject(2, LocalDate.class);
        total = rs.getLong(3);
      }
      LocalDate to = max;
      LocalDate from = o.days() == null ? min : max.minusDays(o.days() - 1L);
      if (from.isBefore(min)) {
        from = min;
      }
      long inputRows;
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + glob(activity)
              + "') WHERE activity_date BETWEEN DATE '" + from.minusDays(Formulations.WINDOW - 1) + "' AND DATE '"
              + to + "'")) {
        rs.next();
        inputRows = rs.getLong(1);
      }
      say(String.format(Locale.ROOT, "-- size %s: %s, %,d activity rows (%,d in scope), as-of dates %s..%s",
          size, dir, total, inputRows, from, to));

      Map<String, EngineResult> engineResults = new LinkedHashMap<>();
      Map<String, Checksum> checksums = new LinkedHashMap<>();
      for (String engine : o.engines()) {
        Path out = results.resolve(size + "/" + engine);
        deleteTree(out);
        progress(size + ": running " + engine + " (log " + results.resolve(size + "-" + engine + ".log") + ")");
        EngineResult r = runEngine(size, engine, activity, from, to, out);
        engineResults.put(engine, r);
        if (r.ok()) {
          checksums.put(engine, checksum(out));
          progress(size + ": " + engine + " finished; result " + String.format(Locale.ROOT, "%,d rows",
              checksums.get(engine).rows()));
        } else {
          progress(size + ": " + engine + " FAILED: " + r.failure());
        }
      }
      Checksum reference = checksums.get(EngineRun.OURS);
      boolean equal = reference != null && checksums.values().stream().allMatch(reference::sameAs);
      if (!equal) {
        say("RESULTS DIFFER at size " + size + " — no times reported. Checksums (rows, hash sum, Σ active_users, "
            + "Σ events, Σ distinct_features):");
        checksums.forEach((e, c) -> say("  " + e + ": " + c));
        if (reference != null) {
          for (String e : checksums.keySet()) {
            if (!e.equals(EngineRun.OURS)) {
              say(differences(results.resolve(size + "/" + EngineRun.OURS), results.resolve(size + "/" + e), e));
            }
          }
        }
        return null;
      }
      say(String.format(Locale.ROOT, "   results equal: %,d account-days, checksum %s (Σ active_users %,d, "
          + "Σ events %,d, Σ distinct_features %,d) from %s", reference.rows(), reference.checksum(),
          reference.activeUsers(), reference.events(), reference.distinctFeatures(), checksums.keySet()));
      return new SizeRun(size, from, to, inputRows, total, engineResults, checksums);
    }

    private EngineResult runEngine(String size, String engine, Path activity, LocalDate from, LocalDate to,
        Path out) throws Exception {
      List<String> cmd = new ArrayList<>();
      cmd.add(javaBin());
      cmd.add("-Xmx" + (engine.startsWith(EngineRun.DUCKDB) ? "1g" : o.heap()));
      cmd.addAll(jvmFlags);
      cmd.add("-Duser.timezone=UTC");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(EngineRun.class.getName());
      cmd.addAll(List.of(engine, activity.toString(), from.toString(), to.toString(), out.toString(),
          Integer.toString(o.threads()), Integer.toString(o.shufflePartitions())));
      Child c = child(cmd, results.resolve(size + "-" + engine + ".log"));
      if (c.failure() != null) {
        return new EngineResult(engine, Map.of(), c.wallSeconds(), c.failure());
      }
      return new EngineResult(engine, c.values(), c.wallSeconds(), null);
    }

    record Child(Map<String, String> values, double wallSeconds, String failure, String output) {}

    private Child child(List<String> cmd, Path log) throws Exception {
      return child(cmd, log, true);
    }

    /** Runs a child process to completion (or the timeout), its output to {@code log}. */
    private Child child(List<String> cmd, Path log, boolean expectResult) throws Exception {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      pb.directory(root.toFile());
      long t0 = System.nanoTime();
      Process p = pb.start();
      boolean done = p.waitFor(o.timeoutMinutes(), TimeUnit.MINUTES);
      double wall = (System.nanoTime() - t0) / 1e9;
      if (!done) {
        p.destroyForcibly().waitFor();
        return new Child(Map.of(), wall, "timed out after " + o.timeoutMinutes() + " min", "");
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Map<String, String> values = Memory.parseResult(output);
      if (p.exitValue() != 0 || (expectResult && values.isEmpty())) {
        return new Child(Map.of(), wall, "exit " + p.exitValue() + ", see " + log, output);
      }
      return new Child(values, wall, null, output);
    }

    private Checksum checksum(Path out) throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(Formulations.checksumSql(glob(out)))) {
        rs.next();
        return new Checksum(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
      }
    }

    private String differences(Path ours, Path other, String engine) throws Exception {
      StringBuilder sb = new StringBuilder("  rows of ours not in " + engine + " (first 10), then the reverse:\n");
      String a = "SELECT account_id, CAST(as_of_date AS DATE) d, CAST(active_users AS BIGINT) u, "
          + "CAST(events AS BIGINT) e, CAST(distinct_features AS BIGINT) f FROM read_parquet('";
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
        for (String[] pair : List.of(new String[] {glob(ours), glob(other)}, new String[] {glob(other), glob(ours)})) {
          try (ResultSet rs = st.executeQuery("(" + a + pair[0] + "') EXCEPT ALL " + a + pair[1]
              + "')) ORDER BY 1, 2 LIMIT 10")) {
            while (rs.next()) {
              sb.append(String.format(Locale.ROOT, "    %s %s users=%d events=%d features=%d%n", rs.getString(1),
                  rs.getObject(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            }
          }
          sb.append("    --\n");
        }
      }
      return sb.toString();
    }

    private String featuresTable(SizeRun r) {
      StringBuilder sb = new StringBuilder();
      EngineResult ours = r.results().get(EngineRun.OURS);
      sb.append(String.format(Locale.ROOT, "%nFeatures, size %s: %,d activity rows in scope (of %,d), as-of %s..%s, "
          + "%,d account-days out, %d threads%n", r.size(), r.inputRows(), r.totalRows(), r.from(), r.to(),
          r.checksums().get(EngineRun.OURS).rows(), o.threads()));
      sb.append(String.format(Locale.ROOT, "  %-13s %10s %10s %16s %11s %11s %9s %9s%n", "engine", "seconds",
          "vs ours", "rows/s/core", "peak heap", "peak RSS", "startup", "JVM wall"));
      for (EngineResult e : r.results().values()) {
        if (!e.ok()) {
          sb.append(String.format(Locale.ROOT, "  %-13s %s%n", e.engine(), e.failure()));
          continue;
        }
        double s = e.seconds();
        sb.append(String.format(Locale.ROOT, "  %-13s %10.1f %9.2fx %16s %11s %11s %8.1fs %8.1fs%n", e.engine(), s,
            s / ours.seconds(), String.format(Locale.ROOT, "%,.0f", r.inputRows() / s / o.threads()),
            bytes(e.values().get("peak_heap_bytes")), bytes(e.values().get("peak_rss_bytes")),
            Double.parseDouble(e.values().get("startup_seconds")), e.wallSeconds()));
      }
      sb.append("  (seconds: read Parquet + compute + write the result as Parquet, after engine start-up; "
          + "vs ours = seconds / ours' seconds)");
      return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------- data

    private Path ensureData(String size) throws Exception {
      Path dir = o.data().resolve(size);
      Path log = o.data().resolve(size + ".log");
      // A generation already running (this command elsewhere, or by hand) is waited for, not started twice.
      while (!complete(dir) && Files.exists(log)
          && Files.getLastModifiedTime(log).toMillis() > System.currentTimeMillis() - 10 * 60_000L
          && !Files.readString(log, StandardCharsets.UTF_8).contains("done in")) {
        progress(size + ": waiting for the generation already writing " + dir + " (" + log + ")");
        Thread.sleep(30_000);
      }
      if (complete(dir)) {
        return dir;
      }
      long rows = SIZES.get(size);
      progress(String.format(Locale.ROOT, "%s: generating ~%,d activity rows into %s (log %s)", size, rows, dir,
          log));
      Files.createDirectories(o.data());
      List<String> cmd = List.of(root.resolve("bin/playbook").toString(), "generate", "--out", dir.toString(),
          "--activity-rows", Long.toString(rows), "--seed", Integer.toString(o.seed()));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putIfAbsent("PLAYBOOK_HEAP", "8g");
      pb.directory(root.toFile());
      int rc = pb.start().waitFor();
      if (rc != 0 || !complete(dir)) {
        throw new IllegalStateException("generating " + size + " failed (exit " + rc + "); see " + log);
      }
      return dir;
    }

    /** The generator writes activities last: its _SUCCESS marks a complete data set. */
    private static boolean complete(Path dir) {
      return Files.exists(dir.resolve("activities/_SUCCESS"))
          && Files.exists(dir.resolve("user_activity_daily/_SUCCESS"));
    }

    // ---------------------------------------------------------------------------------------------- sweep

    private Map<String, String> sweep() throws Exception {
      progress("sweep: 10 vs 1,000 cutoffs over " + String.format(Locale.ROOT, "%,d", o.sweepRows())
          + " labelled rows (log " + results.resolve("sweep.log") + ")");
      List<String> cmd = new ArrayList<>();
      cmd.add(javaBin());
      cmd.add("-Xmx" + o.heap());
      cmd.addAll(jvmFlags);
      cmd.add("-Duser.timezone=UTC");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(SweepRun.class.getName());
      cmd.addAll(List.of(Long.toString(o.sweepRows()), Integer.toString(o.threads()),
          Integer.toString(o.shufflePartitions())));
      Child c = child(cmd, results.resolve("sweep.log"));
      if (c.failure() != null) {
        Map<String, String> failed = new LinkedHashMap<>();
        failed.put("failure", c.failure());
        return failed;
      }
      return c.values();
    }

    private String sweepText(Map<String, String> s) {
      if (s.containsKey("failure")) {
        return "\nRecalibration sweep: FAILED: " + s.get("failure");
      }
      double few = Double.parseDouble(s.get("seconds_10"));
      double many = Double.parseDouble(s.get("seconds_1000"));
      return String.format(Locale.ROOT, "%nRecalibration sweep (Sweep.sweep, %s labelled rows, %s signals; best of 2 "
              + "after a warm-up):%n  10 cutoffs per signal     %7.2f s   (%s rows out)%n"
              + "  1,000 cutoffs per signal  %7.2f s   (%s rows out)   ratio %.2fx   peak heap %s",
          String.format(Locale.ROOT, "%,d", Long.parseLong(s.get("labelled_rows"))), s.get("signals"), few,
          s.get("rows_out_10"), many, s.get("rows_out_1000"), many / few, bytes(s.get("peak_heap_bytes")));
    }

    // ---------------------------------------------------------------------------------------------- pipeline

    /** {@code costs}: the pipeline's own "Cost per step" table (seconds, Spark jobs, Delta commits, rows, bytes). */
    record Pipeline(double wallSeconds, String failure, Map<String, Double> stages, Double reported, String costs,
        Long sparkJobs) {
      String text() {
        if (failure != null) {
          return "\nSample pipeline (cold JVM): FAILED: " + failure;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "%nSample pipeline, cold JVM (bin/playbook pipeline --as-of 2026-09-30, jar already built, fresh "
                + "output folder):%n  wall %.1f s (process start to exit)", wallSeconds));
        if (reported != null) {
          sb.append(String.format(Locale.ROOT, ", job reported %.1f s", reported));
        }
        stages.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%n  %-10s %7.1f s", k, v)));
        if (costs != null) {
          sb.append("\n").append(costs);
        }
        return sb.toString();
      }
    }

    private Pipeline pipeline() throws Exception {
      Path log = results.resolve("pipeline.log");
      progress("pipeline: building the jar if needed, then the sample pipeline from a cold JVM (log " + log + ")");
      Path playbook = root.resolve("bin/playbook");
      Process build = new ProcessBuilder(playbook.toString(), "--help").directory(root.toFile())
          .redirectErrorStream(true).redirectOutput(results.resolve("pipeline-build.log").toFile()).start();
      build.waitFor();
      Path warehouse = results.resolve("pipeline-warehouse");
      deleteTree(warehouse);
      Path conf = envConf(results.resolve("pipeline-local.yaml"), root.resolve("data-samples/sample"), warehouse);
      Child c = child(List.of(playbook.toString(), "pipeline", "--as-of", "2026-09-30", "--conf", conf.toString()),
          log, false);
      String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      if (c.failure() != null) {
        return new Pipeline(c.wallSeconds(), c.failure(), Map.of(), null, null, null);
      }
      return new Pipeline(c.wallSeconds(), null, stageSeconds(output), reportedSeconds(output), costs(output),
          sparkJobs(output));
    }

    /** Per step, from the pipeline's "── step ──" stage lines and its closing "done in". */
    static Map<String, Double> stageSeconds(String output) {
      Pattern stage = Pattern.compile("^\\[pipeline\\s+([0-9.]+)s\\] ── (\\w+) ──", Pattern.MULTILINE);
      Matcher m = stage.matcher(output);
      Map<String, Double> starts = new LinkedHashMap<>();
      while (m.find()) {
        starts.put(m.group(2), Double.parseDouble(m.group(1)));
      }
      Double end = reportedSeconds(output);
      Map<String, Double> stages = new LinkedHashMap<>();
      List<String> names = new ArrayList<>(starts.keySet());
      for (int i = 0; i < names.size(); i++) {
        Double next = i + 1 < names.size() ? starts.get(names.get(i + 1)) : end;
        if (next != null) {
          stages.put(names.get(i), next - starts.get(names.get(i)));
        }
      }
      return stages;
    }

    /** The pipeline's "Cost per step:" table, as printed; null when absent. */
    static String costs(String output) {
      Matcher m = Pattern.compile("^Cost per step:\\n(?:  .*\\n?)+", Pattern.MULTILINE).matcher(output);
      return m.find() ? m.group().stripTrailing() : null;
    }

    /** The whole run's Spark jobs, from its closing "cost: N Spark jobs" line; null when absent. */
    static Long sparkJobs(String output) {
      Matcher m = Pattern.compile("^cost: (\\d+) Spark jobs", Pattern.MULTILINE).matcher(output);
      return m.find() ? Long.parseLong(m.group(1)) : null;
    }

    static Double reportedSeconds(String output) {
      Matcher m = Pattern.compile("^\\[pipeline\\] done in ([0-9.]+)s", Pattern.MULTILINE).matcher(output);
      return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    // ---------------------------------------------------------------------------------------------- daily

    /** Run records, different by construction (the reference ingests D whole; not compared). */
    static final List<String> RUN_RECORDS = List.of("ingest_runs", "dq_results", "ingest_date_counts");

    /**
     * The daily cost at one size (issue 17): a full pipeline as of the data's last day - 1 into a fresh warehouse,
     * the daily run as of the last day D on it; then the reference elsewhere: the same two dates, the ingest of D
     * with {@code --full-refresh}; the two warehouses compared (every table, {@link #RUN_RECORDS} left out). True
     * when all ran and the tables are equal.
     */
    private boolean daily(String size) throws Exception {
      Path data = size.equals(SAMPLE) ? root.resolve("data-samples/sample") : ensureData(size);
      LocalDate last;
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT max(activity_date) FROM read_parquet('"
              + glob(data.resolve("user_activity_daily")) + "')")) {
        rs.next();
        last = rs.getObject(1, LocalDate.class);
      }
      Path playbook = root.resolve("bin/playbook");
      Path daily = results.resolve("daily-" + size + "-warehouse");
      Path fresh = results.resolve("daily-" + size + "-fresh");
      deleteTree(daily);
      deleteTree(fresh);
      say(String.format(Locale.ROOT, "%nDaily cost, size %s (%s): full run as of %s, then the daily run as of %s; "
          + "then the reference (the same dates, %s re-staged whole) to compare with", size, data, last.minusDays(1),
          last, last));
      Path dailyConf = conf(size, "daily", data, daily);
      Path freshConf = conf(size, "fresh", data, fresh);
      // The reference replays the same dates with the ingest re-staging everything on D: the queue and measure
      // steps read their own history (suppression, outcomes of earlier signals), so a one-off run as of D alone
      // differs from a warehouse run daily in those tables by construction.
      List<List<String>> runs = List.of(
          List.of("full as of " + last.minusDays(1), last.minusDays(1).toString(), dailyConf.toString()),
          List.of("daily as of " + last, last.toString(), dailyConf.toString()),
          List.of("ref: full as of " + last.minusDays(1), last.minusDays(1).toString(), freshConf.toString()),
          List.of("ref: --full-refresh " + last, last.toString(), freshConf.toString(), "--full-refresh"));
      say(String.format(Locale.ROOT, "  %-22s %8s %8s %9s %7s %7s %11s %9s %12s %10s", "run", "wall s", "ingest",
          "features", "queue", "measure", "Spark jobs", "commits", "rows written", "MB written"));
      List<Double> walls = new ArrayList<>();
      List<Double> written = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        List<String> run = runs.get(i);
        Path log = results.resolve("daily-" + size + "-" + i + ".log");
        progress(run.get(0) + " (log " + log + ")");
        List<String> cmd = new ArrayList<>(List.of(playbook.toString(), "pipeline", "--as-of", run.get(1), "--conf",
            run.get(2)));
        cmd.addAll(run.subList(3, run.size()));
        Child c = child(cmd, log, false);
        if (c.failure() != null) {
          say("  " + run.get(0) + ": FAILED: " + c.failure());
          return false;
        }
        Map<String, Double> st = stageSeconds(c.output());
        long[] cost = totals(c.output());
        walls.add(c.wallSeconds());
        written.add(cost[4] / 1e6);
        say(String.format(Locale.ROOT, "  %-22s %8.1f %8.1f %9.1f %7.1f %7.1f %11d %9d %,12d %10.1f", run.get(0),
            c.wallSeconds(), st.getOrDefault("ingest", 0.0), st.getOrDefault("features", 0.0),
            st.getOrDefault("queue", 0.0), st.getOrDefault("measure", 0.0), cost[0], cost[1], cost[3],
            cost[4] / 1e6));
        if (i == 1) {
          Matcher m = Pattern.compile("^\\s+out\\s+(staged_\\w+) \\((\\d+) days rewritten\\)\\s+([0-9,]+) rows",
              Pattern.MULTILINE).matcher(c.output());
          while (m.find()) {
            say(String.format(Locale.ROOT, "      %-30s %s days rewritten, %s rows", m.group(1), m.group(2),
                m.group(3)));
          }
        }
      }
      say(String.format(Locale.ROOT, "  daily run / full run: %.0f%% of the time (goal <= 15%%), %.0f%% of the bytes "
          + "written", 100 * walls.get(1) / walls.get(0), 100 * written.get(1) / Math.max(written.get(0), 1e-9)));
      Path log = results.resolve("daily-" + size + "-compare.log");
      Child c = child(List.of(playbook.toString(), "compare", "--left", daily.toString(), "--right",
          fresh.toString(), "--skip", String.join(",", RUN_RECORDS)), log, false);
      long tables = c.output().lines().filter(l -> l.matches("\\s+\\w+\\s+same")).count();
      say(c.failure() == null
          ? "  compare (daily warehouse vs the reference; run records apart): " + tables + " tables equal"
          : "  compare: tables DIFFER (" + c.failure() + "):\n" + c.output().lines()
              .filter(l -> l.matches("\\s+\\w+\\s+.*") && !l.endsWith(" same")).reduce("", (a, b) -> a + b + "\n"));
      return c.failure() == null;
    }

    /** An env config reading {@code data} and writing {@code warehouse} (one per warehouse, reused by its runs). */
    private Path conf(String size, String name, Path data, Path warehouse) throws IOException {
      return envConf(results.resolve("daily-" + size + "-" + name + ".yaml"), data, warehouse);
    }

    /** Writes {@code conf}: conf/local.yaml with absolute paths, reading {@code data}, writing {@code warehouse}. */
    private Path envConf(Path conf, Path data, Path warehouse) throws IOException {
      Files.writeString(conf, Files.readString(root.resolve("conf/local.yaml"), StandardCharsets.UTF_8)
          .replace("playbook: playbook.yaml", "playbook: " + root.resolve("conf/playbook.yaml"))
          .replace("path: ../data-samples/sample", "path: " + data)
          .replace("path: ../warehouse", "path: " + warehouse), StandardCharsets.UTF_8);
      return conf;
    }

    /**
     * The pipeline's closing cost line: Spark jobs, Delta commits, rows read, rows written, bytes written (MB as
     * printed, times 1e6).
     */
    static long[] totals(String output) {
      Matcher m = Pattern.compile("^cost: (\\d+) Spark jobs, (\\d+) Delta commits, read ([0-9,]+) rows / ([0-9.]+) MB, "
          + "wrote ([0-9,]+) rows / ([0-9.]+) MB", Pattern.MULTILINE).matcher(output);
      if (!m.find()) {
        return new long[5];
      }
      return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
          Long.parseLong(m.group(3).replace(",", "")), Long.parseLong(m.group(5).replace(",", "")),
          Math.round(Double.parseDouble(m.group(6)) * 1e6)};
    }

    // ---------------------------------------------------------------------------------------------- targets

    private String targets(List<SizeRun> runs, Map<String, String> sweep, Pipeline pipeline) {
      StringBuilder sb = new StringBuilder("\nTargets (issue #9; reported, not asserted):\n");
      SizeRun at = runs.stream().filter(r -> r.size().equals("M")).findFirst()
          .orElse(runs.isEmpty() ? null : runs.get(runs.size() - 1));
      if (at != null) {
        String where = at.size().equals("M") ? "at M" : "at " + at.size() + " (M not run)";
        EngineResult ours = at.results().get(EngineRun.OURS);
        EngineResult duck = at.results().get(EngineRun.DUCKDB);
        EngineResult sql = at.results().get(EngineRun.SPARK_SQL);
        if (duck != null && duck.ok()) {
          double ratio = ours.seconds() / duck.seconds();
          sb.append(target("features " + where + " within 1.5x of the DuckDB grid join",
              String.format(Locale.ROOT, "ours/DuckDB grid = %.2fx", ratio), ratio <= 1.5));
        }
        if (sql != null && sql.ok()) {
          double ratio = sql.seconds() / ours.seconds();
          sb.append(target("features " + where + " >= 3x faster than straightforward Spark SQL",
              String.format(Locale.ROOT, "Spark SQL/ours = %.2fx", ratio), ratio >= 3.0));
        }
      }
      for (SizeRun r : runs) {
        EngineResult expert = r.results().get(EngineRun.DUCKDB_EXPERT);
        if (expert != null && expert.ok()) {
          double ratio = r.results().get(EngineRun.OURS).seconds() / expert.seconds();
          sb.append(target("features at " + r.size() + " within 2.0x of the expert DuckDB SQL (issue #18)",
              String.format(Locale.ROOT, "ours/expert = %.2fx", ratio), ratio <= 2.0));
        }
      }
      for (SizeRun r : runs) {
        long heap = Long.parseLong(r.results().get(EngineRun.OURS).values().get("peak_heap_bytes"));
        sb.append(target("peak heap <= 8 GB (ours, " + r.size() + ")", bytes(Long.toString(heap)), heap <= 8 * GB));
      }
      SizeRun s = runs.stream().filter(r -> r.size().equals("S")).findFirst().orElse(null);
      SizeRun m = runs.stream().filter(r -> r.size().equals("M")).findFirst().orElse(null);
      if (s != null && m != null) {
        double ratio = m.results().get(EngineRun.OURS).seconds() / s.results().get(EngineRun.OURS).seconds();
        sb.append(target("S -> M time ratio <= 10 (ours)", String.format(Locale.ROOT, "%.2fx for %.1fx the rows",
            ratio, (double) m.inputRows() / s.inputRows()), ratio <= 10));
      }
      if (sweep != null && !sweep.containsKey("failure")) {
        double ratio = Double.parseDouble(sweep.get("seconds_1000")) / Double.parseDouble(sweep.get("seconds_10"));
        sb.append(target("sweep 1,000 cutoffs <= 1.5x sweep 10", String.format(Locale.ROOT, "%.2fx", ratio),
            ratio <= 1.5));
      }
      if (pipeline != null && pipeline.failure() == null) {
        sb.append(target("sample pipeline end to end <= 45 s cold", String.format(Locale.ROOT, "%.1f s",
            pipeline.wallSeconds()), pipeline.wallSeconds() <= 45));
        if (pipeline.sparkJobs() != null) {
          sb.append(target("sample pipeline <= 100 Spark jobs", pipeline.sparkJobs() + " jobs",
              pipeline.sparkJobs() <= 100));
        }
      }
      return sb.toString();
    }

    private static String target(String what, String measured, boolean met) {
      return String.format(Locale.ROOT, "  %-70s %-30s %s%n", what, measured, met ? "met" : "NOT MET");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private String duckDbVersion() throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT version()")) {
        rs.next();
        return rs.getString(1);
      }
    }

    private static String javaBin() {
      return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
  }

  static String glob(Path dir) {
    return (dir + "/*.parquet").replace("'", "''");
  }

  static String bytes(String value) {
    if (value == null) {
      return "-";
    }
    long b = Long.parseLong(value);
    return b < 0 ? "-" : String.format(Locale.ROOT, "%.2f GB", b / (double) GB);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
