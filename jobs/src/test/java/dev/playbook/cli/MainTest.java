package dev.playbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: exit codes and messages, checked before any Spark session starts. */
class MainTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEveryJobAndTheExitCodes() {
    Result r = run("--help");
    assertEquals(0, r.code);
    for (Job job : Jobs.all()) {
      assertTrue(r.out.contains(job.name()), "job " + job.name() + " missing from help:\n" + r.out);
    }
    for (ExitCode c : ExitCode.values()) {
      assertTrue(r.out.contains(c.code + "  " + c.meaning), "exit code " + c + " missing from help");
    }
  }

  @Test
  void everyJobHasItsOwnHelp() {
    for (Job job : Jobs.all()) {
      Result r = run(job.name(), "--help");
      assertEquals(0, r.code, job.name());
      assertTrue(r.out.startsWith("usage: playbook " + job.name()), r.out);
      job.options().keySet().forEach(o -> assertTrue(r.out.contains("--" + o), o + " not in help of " + job.name()));
    }
  }

  @Test
  void unknownJobIsAUsageError() {
    Result r = run("fetaures", "--as-of", "2026-01-01");
    assertEquals(ExitCode.USAGE.code, r.code);
    assertTrue(r.err.contains("unknown job 'fetaures'"), r.err);
  }

  @Test
  void badDateIsAUsageErrorNamingTheOption() {
    Result r = run("pipeline", "--as-of", "2026-13-01");
    assertEquals(ExitCode.USAGE.code, r.code);
    assertTrue(r.err.contains("--as-of must be a date"), r.err);
  }

  @Test
  void asOfAndRangeTogetherAreRefused() {
    Result r = run("pipeline", "--as-of", "2026-01-01", "--from", "2026-01-01", "--to", "2026-01-02");
    assertEquals(ExitCode.USAGE.code, r.code);
    assertTrue(r.err.contains("not both"), r.err);
  }

  @Test
  void reversedRangeIsRefused() {
    Result r = run("pipeline", "--from", "2026-02-01", "--to", "2026-01-01");
    assertEquals(ExitCode.USAGE.code, r.code);
    assertTrue(r.err.contains("before --from"), r.err);
  }

  @Test
  void unknownOptionIsRefused() {
    Result r = run("pipeline", "--as-of", "2026-01-01", "--fast");
    assertEquals(ExitCode.USAGE.code, r.code);
    assertTrue(r.err.contains("unknown option --fast"), r.err);
  }

  @Test
  void configErrorExitsWithThreeNamingFileAndKey() throws IOException {
    Path env = dir.resolve("env.yaml");
    Files.writeString(env, Files.readString(Path.of("conf/local.yaml"))
        .replace("playbook: playbook.yaml", "playbook: " + Path.of("conf/playbook.yaml").toAbsolutePath())
        .replace("master: local[2]", "master: local[2]\n  maxcores: 2"));
    Result r = run("pipeline", "--as-of", "2026-01-01", "--conf", env.toString());
    assertEquals(ExitCode.CONFIG.code, r.code, r.err);
    assertTrue(r.err.contains(env.toString()) && r.err.contains("spark.maxcores"), r.err);
  }

  @Test
  void missingConfigFileIsAConfigError() {
    Result r = run("pipeline", "--as-of", "2026-01-01", "--conf", dir.resolve("nope.yaml").toString());
    assertEquals(ExitCode.CONFIG.code, r.code);
    assertTrue(r.err.contains("not found"), r.err);
  }
}
