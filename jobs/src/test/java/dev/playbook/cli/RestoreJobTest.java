package dev.playbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.io.OutputTable;
import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** {@code playbook restore}: after a bad run, tables go back to their previous version, exactly. */
class RestoreJobTest {
  private static final SparkSession spark = SharedSpark.session();

  /** Two small tables, one replaced by date and one whole; RegisterJobTest uses them too. */
  static final OutputTable SCORES = OutputTable.builder("scores", "one row per account and as-of date",
          "test table")
      .column("as_of_date", DataTypes.DateType, false, "the as-of date")
      .column("account_id", DataTypes.StringType, false, "the account")
      .column("score", DataTypes.DoubleType, true, "a score")
      .replacedByDate("as_of_date")
      .build();
  static final OutputTable COUNTS = OutputTable.builder("counts", "one row per account", "test table")
      .column("account_id", DataTypes.StringType, false, "the account")
      .column("n", DataTypes.LongType, false, "a count")
      .build();

  static Dataset<Row> scores(String date, double score) {
    return spark.createDataFrame(IntStream.range(0, 5)
        .mapToObj(i -> RowFactory.create(Date.valueOf(date), "a" + i, score + i)).toList(), SCORES.schema());
  }

  static Dataset<Row> counts(long n) {
    return spark.createDataFrame(IntStream.range(0, 3).mapToObj(i -> RowFactory.create("a" + i, n + i)).toList(),
        COUNTS.schema());
  }

  private static List<String> rows(Dataset<Row> df) {
    return df.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  @Test
  void aBadRunIsUndoneByRestoringThePreviousVersion() throws IOException {
    Path dir = SharedSpark.tempDir("restore");
    Path env = CliRun.env(dir);
    Warehouse wh = Warehouse.atPath(spark, dir.resolve("wh"));
    wh.replaceDates(SCORES, scores("2026-09-29", 1), dev.playbook.cli.DateRange.of(java.time.LocalDate.parse("2026-09-29")));
    wh.replaceDates(SCORES, scores("2026-09-30", 1), dev.playbook.cli.DateRange.of(java.time.LocalDate.parse("2026-09-30")));
    List<String> good = rows(wh.read(SCORES));
    long goodVersion = RestoreJob.currentVersion(wh.deltaTable("scores"));
    // The bad run: 09-30 rewritten with wrong scores.
    wh.replaceDates(SCORES, scores("2026-09-30", -100), dev.playbook.cli.DateRange.of(java.time.LocalDate.parse("2026-09-30")));
    assertTrue(!rows(wh.read(SCORES)).equals(good), "the bad run changed the rows");

    CliRun.Result history = CliRun.runWith(env, "restore", "--table", "scores");
    assertEquals(0, history.code(), history.err());
    assertTrue(history.out().contains("WRITE") && history.out().contains("current version " + (goodVersion + 1)),
        "without a target the history is listed: " + history.out());

    CliRun.Result restored = CliRun.runWith(env, "restore", "--table", "scores", "--to-version", String.valueOf(goodVersion));
    assertEquals(0, restored.code(), restored.err());
    assertEquals(good, rows(wh.read(SCORES)), "the previous version's rows, exactly");
    assertTrue(restored.out().contains("version " + (goodVersion + 1) + " → restored to version " + goodVersion
        + " as new version " + (goodVersion + 2)), "versions before and after are printed: " + restored.out());
  }

  @Test
  void severalTablesGoBackToTheirStateAtAnInstant() throws Exception {
    Path dir = SharedSpark.tempDir("restore-ts");
    Path env = CliRun.env(dir);
    Warehouse wh = Warehouse.atPath(spark, dir.resolve("wh"));
    wh.replaceDates(SCORES, scores("2026-09-30", 1), dev.playbook.cli.DateRange.of(java.time.LocalDate.parse("2026-09-30")));
    wh.replaceAll(COUNTS, counts(10));
    Map<String, List<String>> good = Map.of("scores", rows(wh.read(SCORES)), "counts", rows(wh.read(COUNTS)));
    Thread.sleep(1100);   // commit times are file times: keep the instant clear of both runs' commits
    String beforeBadRun = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC)
        .format(Instant.now());
    Thread.sleep(1100);
    wh.replaceDates(SCORES, scores("2026-09-30", -100), dev.playbook.cli.DateRange.of(java.time.LocalDate.parse("2026-09-30")));
    wh.replaceAll(COUNTS, counts(-10));

    CliRun.Result usage = CliRun.runWith(env, "restore", "--table", "scores,counts", "--to-version", "1");
    assertEquals(ExitCode.USAGE.code, usage.code(), "versions differ per table: a list needs a timestamp");

    CliRun.Result restored = CliRun.runWith(env, "restore", "--table", "all", "--to-timestamp", beforeBadRun);
    assertEquals(0, restored.code(), restored.err() + restored.out());
    assertEquals(good, Map.of("scores", rows(wh.read(SCORES)), "counts", rows(wh.read(COUNTS))),
        "every table holds its rows from before the bad run: " + restored.out());
  }
}
