package dev.playbook.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import dev.playbook.io.Sessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the whole test suite: local[2], two shuffle partitions, Delta enabled. Tests get
 * it with {@link #session()} and compare frames with spark-testing-base's Java asserts.
 */
public final class SharedSpark {
  private static SparkSession spark;
  private static JavaDataFrameSuiteBase asserts;

  private SharedSpark() {}

  /**
   * Starts the session through spark-testing-base (its asserts need their own context), with our settings:
   * local[2], two shuffle partitions, Delta, UTC.
   */
  public static synchronized SparkSession session() {
    if (spark == null) {
      Path warehouse = tempDir("playbook-test-warehouse");
      SparkConf conf = new SparkConf()
          .setMaster("local[2]")
          .setAppName("playbook-tests")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1")
          .set("spark.sql.shuffle.partitions", "2")
          .set("spark.default.parallelism", "2")
          .set("spark.sql.warehouse.dir", warehouse.toString())
          .set("spark.databricks.delta.snapshotPartitions", "2")
          .set("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
      Sessions.deltaAndDefaults().forEach(conf::set);
      asserts = new JavaDataFrameSuiteBase() {
        @Override
        public SparkConf conf() {
          return conf;
        }
      };
      asserts.runBefore();
      spark = SparkSession.builder().getOrCreate();
    }
    return spark;
  }

  private static synchronized JavaDataFrameSuiteBase asserts() {
    session();
    return asserts;
  }

  /** Exact equality of two frames, rows in order. */
  public static void assertEquals(Dataset<Row> expected, Dataset<Row> actual) {
    asserts().assertDataFrameEquals(expected, actual);
  }

  /** Equality with a tolerance for floating point columns, rows in order. */
  public static void assertApproxEquals(Dataset<Row> expected, Dataset<Row> actual, double tolerance) {
    asserts().assertDataFrameApproximateEquals(expected, actual, tolerance);
  }

  /** A fresh empty folder for a test's tables. */
  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies a warehouse folder (Delta logs name data files relatively: the copy is a working table). */
  public static void copy(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
