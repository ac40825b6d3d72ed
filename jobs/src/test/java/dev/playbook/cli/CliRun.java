package dev.playbook.cli;

import dev.playbook.testing.TestEnv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Runs the command line in-process, capturing its console, for the cli tests. */
final class CliRun {
  record Result(int code, String out, String err) {}

  private CliRun() {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs with {@code --conf env} appended. */
  static Result runWith(Path env, String... args) {
    return run(Stream.concat(Stream.of(args), Stream.of("--conf", env.toString())).toArray(String[]::new));
  }

  /** An environment file in {@code dir} whose warehouse is the folder {@code dir/wh}, local Spark. */
  static Path env(Path dir) throws IOException {
    return TestEnv.write(dir, TestEnv.shippedPlaybook());
  }
}
