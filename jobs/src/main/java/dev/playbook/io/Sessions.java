package dev.playbook.io;

import dev.playbook.config.EnvConfig;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession with Delta Lake enabled. Under spark-submit the cluster's master and settings win;
 * in the embedded local mode the env config's {@code spark} section applies.
 */
public final class Sessions {
  private Sessions() {}

  public static SparkSession create(String appName, EnvConfig.SparkSettings settings) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    boolean submitted = System.getProperty("spark.master") != null;
    if (!submitted) {
      builder.master(settings.master());
      builder.config("spark.ui.enabled", "false");
      // The embedded mode talks to nobody: keep Spark's driver on loopback.
      builder.config("spark.driver.host", "127.0.0.1");
      builder.config("spark.driver.bindAddress", "127.0.0.1");
    }
    for (Map.Entry<String, String> e : deltaAndDefaults().entrySet()) {
      builder.config(e.getKey(), e.getValue());
    }
    settings.conf().forEach(builder::config);
    return builder.getOrCreate();
  }

  /** Settings every session of the pipeline needs, whatever the environment. */
  public static Map<String, String> deltaAndDefaults() {
    return Map.of(
        "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        // Dates and timestamps are interpreted in UTC whatever the machine's zone.
        "spark.sql.session.timeZone", "UTC",
        "spark.sql.ansi.enabled", "false",
        "spark.databricks.delta.schema.autoMerge.enabled", "false",
        // Delta rebuilds a table's state from its log in this many tasks (default 50). The pipeline's tables
        // have few files, and on the sample the default's 50 tiny tasks per snapshot were 57% of all executor
        // CPU (104 of 182 s, Spark event log); 1 brought it to 13 s. An env config may set it back for tables
        // of very many files.
        "spark.databricks.delta.snapshotPartitions", "1",
        // Delta copies a small table's file list into each commit's checksum file; for a new table it collects
        // the empty previous state first, a Spark job per table created (25 on the sample's first run). The
        // copy only serves Delta's own checksum verification, not reads.
        "spark.databricks.delta.allFilesInCrc.enabled", "false");
  }
}
