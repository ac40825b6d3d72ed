package dev.playbook.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.contract.InputTable;
import dev.playbook.features.ActivityMeasures;
import dev.playbook.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three formulations of the benchmark (ours, straightforward Spark SQL, DuckDB SQL) give the same account
 * features on a tiny hand-written activity table, with values checked by hand at the window's edges; and the
 * checksum query agrees on equal results. The benchmark refuses to report times when they differ; this keeps the
 * definitions from drifting apart in CI.
 */
class FormulationsTest {
  private static final LocalDate FROM = LocalDate.parse("2026-01-25");
  private static final LocalDate TO = LocalDate.parse("2026-02-14");
  private static SparkSession spark;
  private static Path activityDir;
  /** Settings changed for these tiny frames (plan compiling dominates), restored afterwards. */
  private static final Map<String, String> FAST = Map.of("spark.sql.codegen.wholeStage", "false",
      "spark.sql.adaptive.enabled", "false", "spark.sql.shuffle.partitions", "1");
  private static final Map<String, String> saved = new java.util.HashMap<>();

  @BeforeAll
  static void writeActivity() {
    spark = SharedSpark.session();
    FAST.forEach((k, v) -> {
      saved.put(k, spark.conf().get(k));
      spark.conf().set(k, v);
    });
    activityDir = SharedSpark.tempDir("bench-activity").resolve("user_activity_daily");
    List<Row> rows = List.of(
        row("a1", "u1", "2026-01-01", "p1", "f1", 3),
        row("a1", "u1", "2026-01-15", "p1", "f2", 2),
        row("a1", "u2", "2026-01-30", "p1", "f1", 1),
        row("a1", "u2", "2026-01-31", "p2", "f1", 5),
        row("a1", "u3", "2026-02-10", "p1", "f1", 4),
        row("a2", "u9", "2026-01-20", "p1", "f3", 7),
        // Dated after the range: must change nothing.
        row("a2", "u9", "2026-02-15", "p1", "f4", 100),
        // Dated before the first window (2025-12-27..): must change nothing.
        row("a1", "u4", "2025-12-20", "p3", "f9", 100));
    spark.createDataFrame(rows, InputTable.USER_ACTIVITY_DAILY.schema()).coalesce(1).write()
        .parquet(activityDir.toString());
  }

  @AfterAll
  static void restoreSettings() {
    saved.forEach(spark.conf()::set);
  }

  private static Row row(String account, String user, String date, String product, String feature, int events) {
    return RowFactory.create(account, user, Date.valueOf(date), product, feature, events);
  }

  @Test
  void theThreeFormulationsAgreeWithValuesWorkedByHand() throws Exception {
    List<String> ours = lines(ActivityMeasures.trailing(spark.read().parquet(activityDir.toString()), FROM, TO));
    spark.read().parquet(activityDir.toString()).createOrReplaceTempView("user_activity_daily");
    List<String> sparkSql;
    try {
      sparkSql = lines(spark.sql(Formulations.sparkSql(FROM, TO)));
    } finally {
      spark.catalog().dropTempView("user_activity_daily");
    }
    List<String> duckDb = duckDb(Formulations.duckDbSql(Benchmark.glob(activityDir), FROM, TO));
    List<String> duckDbExpert = duckDb(Formulations.duckDbExpertSql(Benchmark.glob(activityDir), FROM, TO));

    assertEquals(42, ours.size(), "2 accounts x 21 days, each with activity in its window: " + ours);
    assertTrue(ours.contains("a1 2026-01-30 users=2 events=6 features=2"),
        "01-01..01-30: u1 twice, u2 once; p1/f1 and p1/f2: " + ours);
    assertTrue(ours.contains("a1 2026-01-31 users=2 events=8 features=3"),
        "01-02..01-31: the 01-01 row has left the window; p2/f1 is a feature of its own: " + ours);
    assertTrue(ours.contains("a1 2026-02-14 users=2 events=10 features=2"),
        "01-16..02-14: u2 twice and u3; u1's last row (01-15) has left the window: " + ours);
    assertTrue(ours.contains("a2 2026-02-14 users=1 events=7 features=1"),
        "the row dated 02-15 is after the day and must not count: " + ours);
    assertEquals(ours, sparkSql, "straightforward Spark SQL must give exactly our rows");
    assertEquals(ours, duckDb, "DuckDB SQL must give exactly our rows");
    assertEquals(ours, duckDbExpert, "the expert DuckDB SQL must give exactly our rows");
  }

  private static List<String> duckDb(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("SET threads = 2");
      try (ResultSet rs = st.executeQuery("SELECT * FROM (" + sql + ") ORDER BY 1, 2")) {
        while (rs.next()) {
          out.add(line(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3), rs.getLong(4),
              rs.getLong(5)));
        }
      }
    }
    return out;
  }

  @Test
  void theChecksumQueryIsTheSameForEqualResultsWrittenByBothEngines() throws Exception {
    Path dir = SharedSpark.tempDir("bench-results");
    ActivityMeasures.trailing(spark.read().parquet(activityDir.toString()), FROM, TO).repartition(2).write()
        .parquet(dir.resolve("ours").toString());
    String sql = Formulations.duckDbSql(Benchmark.glob(activityDir), FROM, TO);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("COPY (" + sql + ") TO '" + dir.resolve("duckdb.parquet") + "' (FORMAT parquet)");
      String ours = checksum(st, Benchmark.glob(dir.resolve("ours")));
      String duck = checksum(st, dir.resolve("duckdb.parquet").toString());
      assertEquals(ours, duck, "same rows, different engines and file layouts: same checksum");
      assertTrue(ours.startsWith("42 "), "42 account-days: " + ours);
    }
  }

  @Test
  void pipelineStageTimesAreReadFromItsStageLines() {
    String output = """
        [pipeline    0.0s] as of 2026-09-30
        [pipeline    1.5s] ── ingest ──
        [pipeline   11.5s] ── features ──
        [pipeline   31.0s] ── queue ──
        [pipeline   40.0s] ── measure ──
        [pipeline] done in 52.5s
        """;
    assertEquals(Map.of("ingest", 10.0, "features", 19.5, "queue", 9.0, "measure", 12.5),
        Benchmark.Run.stageSeconds(output), "each step lasts until the next starts; the last until done");
  }

  @Test
  void pipelineCostsAreReadFromItsCostTable() {
    String output = """
        [pipeline   40.0s] ── measure ──

        Cost per step:
          step       seconds  Spark jobs  Delta commits
          ingest        10.0          40             14
          measure       12.5          20              5
        cost: 60 Spark jobs, 19 Delta commits, read 10 rows / 0.1 MB, wrote 5 rows / 0.1 MB
        [pipeline] done in 52.5s
        """;
    assertEquals(60L, Benchmark.Run.sparkJobs(output), "the whole run's jobs from the closing cost line");
    assertEquals("""
        Cost per step:
          step       seconds  Spark jobs  Delta commits
          ingest        10.0          40             14
          measure       12.5          20              5""", Benchmark.Run.costs(output), "the table as printed");
    assertEquals(List.of(60L, 19L, 10L, 5L, 100_000L), java.util.Arrays.stream(Benchmark.Run.totals(output)).boxed()
        .toList(), "jobs, commits, rows read, rows written, bytes written from the closing cost line");
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L), java.util.Arrays.stream(Benchmark.Run.totals("no cost line")).boxed()
        .toList());
  }

  private static String checksum(Statement st, String glob) throws Exception {
    try (ResultSet rs = st.executeQuery(Formulations.checksumSql(glob))) {
      rs.next();
      return rs.getLong(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getLong(4) + " " + rs.getLong(5);
    }
  }

  private static List<String> lines(Dataset<Row> features) {
    List<String> out = new ArrayList<>();
    for (Row r : features.orderBy("account_id", "as_of_date").collectAsList()) {
      out.add(line(r.getString(0), r.getDate(1).toLocalDate(), r.getLong(2), r.getLong(3), r.getLong(4)));
    }
    return out;
  }

  private static String line(String account, LocalDate day, long users, long events, long features) {
    return String.format(Locale.ROOT, "%s %s users=%d events=%d features=%d", account, day, users, events, features);
  }
}
