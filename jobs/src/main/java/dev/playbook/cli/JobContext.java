package dev.playbook.cli;

import dev.playbook.config.Configs;
import dev.playbook.config.EnvConfig;
import dev.playbook.config.PlaybookConfig;
import dev.playbook.io.Warehouse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** Everything a job's entry point may touch: the session, the configs, the dates, the output location. */
public record JobContext(
    SparkSession spark,
    Configs configs,
    DateRange dates,
    Map<String, String> options,
    Warehouse warehouse,
    Console console) {

  public EnvConfig env() {
    return configs.env();
  }

  public PlaybookConfig playbook() {
    return configs.playbook();
  }

  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  public long longOption(String name, long defaultValue) {
    String value = options.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number, was '" + value + "'");
    }
  }

  /** A path from the command line or config, resolved against the env config's folder when relative. */
  public Path resolve(String path) {
    return EnvConfig.resolve(configs.envFile(), path);
  }
}
