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
 */
public record EnvConfig(String playbook, Sources sources, Output output, SparkSettings spark) {

  public EnvConfig {
    Require.present("playbook", playbook);
    Require.present("sources", sources);
    Require.present("output", output);
    Require.present("spark", spark);
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

  /** Resolves a path written in this config against the config file's folder. */
  public static Path resolve(Path configFile, String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : configFile.toAbsolutePath().getParent().resolve(p).normalize();
  }
}
