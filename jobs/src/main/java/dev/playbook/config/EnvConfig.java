package dev.playbook.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * One environment (conf/local.yaml, conf/cluster.yaml ...): where the inputs come from, where the outputs
 * go, the Spark settings, and which playbook file applies.
 *
 * @param playbook the playbook config file, relative to this file's folder
 * @param sources the input contract's sources
 * @param output where output tables are written
 * @param spark Spark settings for the embedded local mode; on a cluster spark-submit's own settings win
 * @param maintenance table upkeep by the maintain job; absent = its defaults
 * @param delivery where the deliver job sends the outbox (docs/DELIVERY.md); absent = nothing to deliver to
 */
public record EnvConfig(String playbook, Sources sources, Output output, SparkSettings spark,
    Maintenance maintenance, DeliveryConfig delivery) {

  public EnvConfig {
    Require.present("playbook", playbook);
    Require.present("sources", sources);
    Require.present("output", output);
    Require.present("spark", spark);
    maintenance = maintenance == null ? new Maintenance(null) : maintenance;
    // Below Delta's safety retention only when this same file turns Delta's check off: never silently.
    Require.that(maintenance.vacuumRetentionHours() >= Maintenance.VACUUM_RETENTION_HOURS_DEFAULT
            || "false".equalsIgnoreCase(spark.conf().getOrDefault(Maintenance.RETENTION_CHECK, "true").trim()),
        "maintenance." + Maintenance.VACUUM_RETENTION_HOURS + " is " + maintenance.vacuumRetentionHours()
            + ", below Delta's safety retention of " + Maintenance.VACUUM_RETENTION_HOURS_DEFAULT + " hours: VACUUM "
            + "would delete data files that restore and running queries or writes may still need, and Delta refuses "
            + "it while " + Maintenance.RETENTION_CHECK + " is true. If you mean it, set " + Maintenance.RETENTION_CHECK
            + ": \"false\" under spark.conf in this file");
  }

  /**
   * @param defaults the source of every table not listed in {@code tables}
   * @param tables per-table sources, keyed by contract table name
   */
  public record Sources(SourceSpec defaults, Map<String, SourceSpec> tables) {
    public Sources {
      Require.present("defaults", defaults);
      tables = tables == null ? Map.of() : Map.copyOf(tables);
      for (String name : tables.keySet()) {
        dev.playbook.contract.InputTable.byName(name);
      }
    }
  }

  /**
   * @param path folder that holds one Delta table per output (default {@code warehouse/} at the repo root)
   * @param catalogSchema when set, outputs are catalog tables {@code <schema>.<table>} instead of paths
   */
  public record Output(String path, String catalogSchema) {
    public Output {
      Require.that(path != null || catalogSchema != null, "output needs path or catalog_schema");
    }
  }

  /**
   * @param master Spark master for the embedded mode, e.g. {@code local[2]}
   * @param conf any Spark settings, e.g. {@code spark.sql.shuffle.partitions}
   */
  public record SparkSettings(String master, Map<String, String> conf) {
    public SparkSettings {
      Require.present("master", master);
      conf = conf == null ? Map.of() : Map.copyOf(conf);
    }
  }

  /**
   * Table upkeep ({@code bin/playbook maintain}): compaction, then VACUUM with this retention.
   *
   * @param vacuumRetentionHours VACUUM deletes the data files that no version current within this many hours needs
   *     (default {@value #VACUUM_RETENTION_HOURS_DEFAULT}, Delta's own safety default); older versions can no longer
   *     be restored. Below the default only with Delta's {@value #RETENTION_CHECK} set to false in {@code spark.conf}
   */
  public record Maintenance(Integer vacuumRetentionHours) {
    public static final String VACUUM_RETENTION_HOURS = "vacuum_retention_hours";
    public static final int VACUUM_RETENTION_HOURS_DEFAULT = 168;
    /** Delta's guard against a VACUUM retention below the table's {@code delta.deletedFileRetentionDuration}. */
    public static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

    public Maintenance {
      vacuumRetentionHours = vacuumRetentionHours == null ? VACUUM_RETENTION_HOURS_DEFAULT : vacuumRetentionHours;
      Require.that(vacuumRetentionHours >= 0, VACUUM_RETENTION_HOURS + " must be 0 or more hours, was "
          + vacuumRetentionHours);
    }
  }

  /** Resolves a path written in this config against the config file's folder. */
  public static Path resolve(Path configFile, String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : configFile.toAbsolutePath().getParent().resolve(p).normalize();
  }
}
