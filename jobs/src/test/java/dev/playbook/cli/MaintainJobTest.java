package dev.playbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.config.EnvConfig;
import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * {@code playbook maintain}: small files compacted without changing a row; VACUUM deletes old files only past its
 * retention, and a version whose files it deleted can no longer be restored, with a message that says why.
 */
class MaintainJobTest {
  private static final SparkSession spark = SharedSpark.session();
  /** Commits of {@code scores}, one date each, and files per commit. */
  private static final int DATES = 2;
  private static final int FILES_PER_COMMIT = 2;

  /**
   * {@code scores}, by date: {@link #DATES} commits of {@link #FILES_PER_COMMIT} small files each; returns its
   * version before any upkeep.
   */
  private static long smallFiles(Warehouse wh) {
    for (int d = 0; d < DATES; d++) {
      String date = LocalDate.parse("2026-09-28").plusDays(d).toString();
      wh.replaceDates(RestoreJobTest.SCORES, RestoreJobTest.scores(date, d).repartition(FILES_PER_COMMIT),
          DateRange.of(LocalDate.parse(date)));
    }
    return RestoreJob.currentVersion(wh.deltaTable("scores"));
  }

  private static List<String> rows(Warehouse wh, String table) {
    return wh.read(table).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static long currentFiles(Warehouse wh, String table) {
    return wh.deltaTable(table).detail().first().<Long>getAs("numFiles");
  }

  /** Parquet files on disk under a table's folder, of every version. */
  private static long parquetOnDisk(Path table) throws IOException {
    try (Stream<Path> s = Files.walk(table)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  @Test
  void compactsSmallFilesKeepsTheRowsAndByDefaultEveryRecentVersionRestorable() throws IOException {
    Path dir = SharedSpark.tempDir("maintain");
    Path env = CliRun.env(dir);
    Warehouse wh = Warehouse.atPath(spark, dir.resolve("wh"));
    long beforeUpkeep = smallFiles(wh);
    wh.replaceAll(RestoreJobTest.COUNTS, RestoreJobTest.counts(1).repartition(2));   // and a whole table: 2 files
    List<String> scores = rows(wh, "scores");
    List<String> counts = rows(wh, "counts");
    assertEquals(DATES * FILES_PER_COMMIT, currentFiles(wh, "scores"), "the fixture writes small files");

    long countsVersion = RestoreJob.currentVersion(wh.deltaTable("counts"));
    CliRun.Result dry = CliRun.runWith(env, "maintain", "--dry-run", "--table", "counts");
    assertEquals(0, dry.code(), dry.err() + dry.out());
    assertEquals(countsVersion, RestoreJob.currentVersion(wh.deltaTable("counts")), "a dry run commits nothing");
    assertTrue(dry.out().contains("counts: files 2 → (dry run), VACUUM would delete 0 files"),
        "nothing is older than 168 h: " + dry.out());

    CliRun.Result run = CliRun.runWith(env, "maintain", "--as-of", "2026-09-30");
    assertEquals(0, run.code(), run.err() + run.out());
    assertEquals(DATES, currentFiles(wh, "scores"), "one file per date partition after compaction: " + run.out());
    assertEquals(1, currentFiles(wh, "counts"), "one file for the unpartitioned table: " + run.out());
    assertEquals(scores, rows(wh, "scores"), "compaction changes no row");
    assertEquals(counts, rows(wh, "counts"), "compaction changes no row");
    assertTrue(run.out().contains("scores: files " + DATES * FILES_PER_COMMIT + " → " + DATES + ", VACUUM deleted 0 "
        + "files"), "per table: files before → after, and the default 168 h retention deletes nothing this new: "
        + run.out());
    assertTrue(run.out().contains("files before → after") && run.out().contains("total"), "summary: " + run.out());
    assertEquals(DATES * FILES_PER_COMMIT + DATES, parquetOnDisk(dir.resolve("wh/scores")),
        "the compacted small files stay on disk for the retention");

    CliRun.Result restored = CliRun.runWith(env, "restore", "--table", "scores", "--to-version",
        String.valueOf(beforeUpkeep));
    assertEquals(0, restored.code(), "the version before compaction, of the last 168 h, can still be restored: "
        + restored.err());
    assertEquals(scores, rows(wh, "scores"), "restored from the small files kept on disk");
  }

  @Test
  void aZeroRetentionDeletesTheOldFilesAndTheirVersionsCannotBeRestored() throws IOException {
    Path dir = SharedSpark.tempDir("maintain-vacuum");
    Path env = CliRun.env(dir);
    // Retention 0 is refused at load unless the same file turns Delta's check off (ConfigLoaderTest).
    Files.writeString(env, Files.readString(env).replace("conf: {}",
        "conf: {" + EnvConfig.Maintenance.RETENTION_CHECK + ": \"false\"}") + "maintenance: {vacuum_retention_hours: 0}\n");
    Warehouse wh = Warehouse.atPath(spark, dir.resolve("wh"));
    long beforeUpkeep = smallFiles(wh);
    List<String> scores = rows(wh, "scores");
    try {
      CliRun.Result run = CliRun.runWith(env, "maintain", "--table", "scores");
      assertEquals(0, run.code(), run.err() + run.out());
      assertEquals(DATES, currentFiles(wh, "scores"), run.out());
      assertEquals(DATES, parquetOnDisk(dir.resolve("wh/scores")),
          "with retention 0 only the compacted files are left on disk: " + run.out());
      assertTrue(run.out().contains("VACUUM deleted " + DATES * FILES_PER_COMMIT + " files"), run.out());

      CliRun.Result restore = CliRun.runWith(env, "restore", "--table", "scores", "--to-version",
          String.valueOf(beforeUpkeep));
      assertEquals(ExitCode.BAD_INPUT.code, restore.code(), restore.out() + restore.err());
      assertTrue(restore.err().contains("cannot be restored to version " + beforeUpkeep)
              && restore.err().contains("VACUUM") && restore.err().contains("vacuum_retention_hours"),
          "the message says the version's files were vacuumed: " + restore.err());
      assertEquals(scores, rows(wh, "scores"), "the current version is untouched and reads fine");
    } finally {
      spark.conf().unset(EnvConfig.Maintenance.RETENTION_CHECK);   // the env's setting reached the shared session
    }
  }

  @Test
  void aMissingWarehouseIsAClearError() throws IOException {
    Path dir = SharedSpark.tempDir("maintain-none");
    CliRun.Result run = CliRun.runWith(CliRun.env(dir), "maintain");
    assertEquals(ExitCode.BAD_INPUT.code, run.code(), run.out() + run.err());
    assertTrue(run.err().contains("no warehouse at " + dir.resolve("wh")), run.err());
    CliRun.Result badDate = CliRun.runWith(CliRun.env(dir), "maintain", "--as-of", "2026-13-01");
    assertEquals(ExitCode.USAGE.code, badDate.code(), "--as-of is checked like every job's: " + badDate.err());
  }
}
