package dev.playbook.bench;

import dev.playbook.config.EnvConfig;
import dev.playbook.features.ActivityMeasures;
import dev.playbook.io.Sessions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * One engine of the features benchmark, alone in its own JVM (started by {@link Benchmark}) so that its peak
 * memory is its own: reads {@code user_activity_daily} from Parquet, computes the account features of
 * {@link Formulations} for [from, to] and writes them as Parquet. Prints one {@code BENCH_RESULT} line: the
 * timed section (read + compute + write), the engine start-up before it, the peak heap and the peak RSS.
 *
 * <p>Usage: {@code EngineRun ours|spark-sql|duckdb|duckdb-expert ACTIVITY_DIR FROM TO OUT_DIR THREADS
 * SHUFFLE_PARTITIONS}
 */
public final class EngineRun {
  private EngineRun() {}

  static final String OURS = "ours";
  static final String SPARK_SQL = "spark-sql";
  static final String DUCKDB = "duckdb";
  /** DuckDB with the SQL a DuckDB expert writes (linear in the rows; {@link Formulations#duckDbExpertSql}). */
  static final String DUCKDB_EXPERT = "duckdb-expert";

  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      throw new IllegalArgumentException(
          "usage: EngineRun ours|spark-sql|duckdb|duckdb-expert ACTIVITY_DIR FROM TO OUT_DIR THREADS "
              + "SHUFFLE_PARTITIONS");
    }
    String engine = args[0];
    Path activity = Path.of(args[1]).toAbsolutePath();
    LocalDate from = LocalDate.parse(args[2]);
    LocalDate to = LocalDate.parse(args[3]);
    Path out = Path.of(args[4]).toAbsolutePath();
    int threads = Integer.parseInt(args[5]);
    int shufflePartitions = Integer.parseInt(args[6]);
    Memory.Sampler sampler = Memory.startSampler();
    Map<String, String> result = new LinkedHashMap<>();
    result.put("engine", engine);
    long t0 = System.nanoTime();
    switch (engine) {
      case OURS, SPARK_SQL -> {
        SparkSession spark = spark(threads, shufflePartitions);
        long t1 = System.nanoTime();
        Dataset<Row> rows = spark.read().parquet(activity.toString());
        Dataset<Row> features;
        if (OURS.equals(engine)) {
          features = ActivityMeasures.trailing(rows, from, to);
        } else {
          rows.createOrReplaceTempView("user_activity_daily");
          features = spark.sql(Formulations.sparkSql(from, to));
        }
        features.write().mode(SaveMode.Overwrite).parquet(out.toString());
        long t2 = System.nanoTime();
        result.put("startup_seconds", seconds(t1 - t0));
        result.put("seconds", seconds(t2 - t1));
        spark.stop();
      }
      case DUCKDB, DUCKDB_EXPERT -> {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
          st.execute("SET threads = " + threads);
          st.execute("SET preserve_insertion_order = false");
          long t1 = System.nanoTime();
          java.nio.file.Files.createDirectories(out);
          String glob = activity + "/*.parquet";
          String sql = DUCKDB.equals(engine) ? Formulations.duckDbSql(glob, from, to)
              : Formulations.duckDbExpertSql(glob, from, to);
          st.execute("COPY (" + sql + ") TO '" + out.resolve("part-0.parquet").toString().replace("'", "''")
              + "' (FORMAT parquet)");
          long t2 = System.nanoTime();
          result.put("startup_seconds", seconds(t1 - t0));
          result.put("seconds", seconds(t2 - t1));
          try (var rs = st.executeQuery("SELECT version()")) {
            rs.next();
            result.put("version", rs.getString(1));
          }
        }
      }
      default -> throw new IllegalArgumentException(
          "unknown engine " + engine + " (ours, spark-sql, duckdb, duckdb-expert)");
    }
    sampler.stop();
    result.put("peak_heap_bytes", Long.toString(sampler.peakHeapBytes()));
    result.put("peak_rss_bytes", Long.toString(Memory.peakRssBytes()));
    result.put("max_heap_bytes", Long.toString(Runtime.getRuntime().maxMemory()));
    System.out.println(Memory.resultLine(result));
    System.out.flush();
    System.exit(0);
  }

  /** The production session builder with the benchmark's thread and shuffle settings (the same for both). */
  static SparkSession spark(int threads, int shufflePartitions) {
    return Sessions.create("benchmark", new EnvConfig.SparkSettings("local[" + threads + "]",
        Map.of("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))));
  }

  static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
  }
}
