package dev.playbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.ingest.IngestJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: exit codes and messages, checked before any Spark session starts. */
class MainTest {
  @TempDir Path dir;

  @Test
  void helpListsEveryJobAndTheExitCodes() {
    CliRun.Result r = CliRun.run("--help");
    assertEquals(0, r.code());
    for (Job job : Jobs.all()) {
      assertTrue(r.out().contains(job.name()), "job " + job.name() + " missing from help:\n" + r.out());
    }
    for (ExitCode c : ExitCode.values()) {
      assertTrue(r.out().contains(c.code + "  " + c.meaning), "exit code " + c + " missing from help");
    }
  }

  @Test
  void everyJobHasItsOwnHelp() {
    for (Job job : Jobs.all()) {
      CliRun.Result r = CliRun.run(job.name(), "--help");
      assertEquals(0, r.code(), job.name());
      assertTrue(r.out().startsWith("usage: playbook " + job.name()), r.out());
      job.options().keySet().forEach(o -> assertTrue(r.out().contains("--" + o), o + " not in help of " + job.name()));
    }
  }

  @Test
  void unknownJobIsAUsageError() {
    CliRun.Result r = CliRun.run("fetaures", "--as-of", "2026-01-01");
    assertEquals(ExitCode.USAGE.code, r.code());
    assertTrue(r.err().contains("unknown job 'fetaures'"), r.err());
  }

  @Test
  void badDateIsAUsageErrorNamingTheOption() {
    CliRun.Result r = CliRun.run("pipeline", "--as-of", "2026-13-01");
    assertEquals(ExitCode.USAGE.code, r.code());
    assertTrue(r.err().contains("--as-of must be a date"), r.err());
  }

  @Test
  void asOfAndRangeTogetherAreRefused() {
    CliRun.Result r = CliRun.run("pipeline", "--as-of", "2026-01-01", "--from", "2026-01-01", "--to", "2026-01-02");
    assertEquals(ExitCode.USAGE.code, r.code());
    assertTrue(r.err().contains("not both"), r.err());
  }

  @Test
  void reversedRangeIsRefused() {
    CliRun.Result r = CliRun.run("pipeline", "--from", "2026-02-01", "--to", "2026-01-01");
    assertEquals(ExitCode.USAGE.code, r.code());
    assertTrue(r.err().contains("before --from"), r.err());
  }

  @Test
  void unknownOptionIsRefused() {
    CliRun.Result r = CliRun.run("pipeline", "--as-of", "2026-01-01", "--fast");
    assertEquals(ExitCode.USAGE.code, r.code());
    assertTrue(r.err().contains("unknown option --fast"), r.err());
  }

  @Test
  void configErrorExitsWithThreeNamingFileAndKey() throws IOException {
    Path env = dir.resolve("env.yaml");
    Files.writeString(env, Files.readString(Path.of("conf/local.yaml"))
        .replace("playbook: playbook.yaml", "playbook: " + Path.of("conf/playbook.yaml").toAbsolutePath())
        .replace("master: local[2]", "master: local[2]\n  maxcores: 2"));
    CliRun.Result r = CliRun.run("pipeline", "--as-of", "2026-01-01", "--conf", env.toString());
    assertEquals(ExitCode.CONFIG.code, r.code(), r.err());
    assertTrue(r.err().contains(env.toString()) && r.err().contains("spark.maxcores"), r.err());
  }

  @Test
  void missingConfigFileIsAConfigError() {
    CliRun.Result r = CliRun.run("pipeline", "--as-of", "2026-01-01", "--conf", dir.resolve("nope.yaml").toString());
    assertEquals(ExitCode.CONFIG.code, r.code());
    assertTrue(r.err().contains("not found"), r.err());
  }

  @Test
  void allowShrinkIsAFlagWithoutAValue() {
    Map<String, String> opts = Main.parse(new IngestJob(), List.of("--allow-shrink", "--as-of", "2026-09-30"));
    assertEquals("true", opts.get(IngestJob.ALLOW_SHRINK_OPTION));
    assertEquals("2026-09-30", opts.get("as-of"), "the next option is not taken as its value");
  }

  @Test
  void thePipelineTakesItsStepsOptions() {
    Map<String, String> opts = Main.parse(new PipelineJob(), List.of("--as-of", "2026-09-30", "--allow-shrink"));
    assertEquals("true", opts.get(IngestJob.ALLOW_SHRINK_OPTION), "pipeline --allow-shrink reaches ingest");
    CliRun.Result help = CliRun.run("pipeline", "--help");
    assertTrue(help.out().contains("--" + IngestJob.ALLOW_SHRINK_OPTION), help.out());
  }
}
