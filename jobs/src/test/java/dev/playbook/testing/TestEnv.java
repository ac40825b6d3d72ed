package dev.playbook.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The environment file the job tests run with: Parquet inputs in {@code dir/inputs}, warehouse folder {@code dir/wh}. */
public final class TestEnv {
  private TestEnv() {}

  /** The shipped {@code conf/playbook.yaml}, unchanged. */
  public static String shippedPlaybook() throws IOException {
    return Files.readString(Path.of("conf", "playbook.yaml"));
  }

  /** Writes {@code dir/playbook.yaml} (the given text) and {@code dir/env.yaml} pointing at it; returns env.yaml. */
  public static Path write(Path dir, String playbookYaml) throws IOException {
    Files.writeString(dir.resolve("playbook.yaml"), playbookYaml);
    Path env = dir.resolve("env.yaml");
    Files.writeString(env, """
        playbook: playbook.yaml
        sources:
          defaults: {format: parquet, path: inputs}
          tables: {}
        output: {path: wh, catalog_schema: null}
        spark: {master: "local[2]", conf: {}}
        """);
    return env;
  }
}
