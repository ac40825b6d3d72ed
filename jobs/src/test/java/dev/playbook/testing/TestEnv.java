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

  /**
   * Writes {@code dir/playbook.yaml} (the given text), the shipped templates it refers to ({@code dir/templates})
   * and {@code dir/env.yaml} pointing at it; returns env.yaml.
   */
  public static Path write(Path dir, String playbookYaml) throws IOException {
    writePlaybook(dir, playbookYaml);
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

  /** Writes {@code dir/playbook.yaml} and copies the shipped {@code conf/templates} next to it. */
  public static void writePlaybook(Path dir, String playbookYaml) throws IOException {
    Files.writeString(dir.resolve("playbook.yaml"), playbookYaml);
    Path templates = Files.createDirectories(dir.resolve("templates"));
    try (var files = Files.list(Path.of("conf", "templates"))) {
      for (Path f : files.toList()) {
        Files.copy(f, templates.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
