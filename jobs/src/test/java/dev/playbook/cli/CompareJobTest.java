package dev.playbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * {@code playbook compare}: a warehouse run daily holds earlier dates a one-off run does not; {@code --as-of}
 * compares the dated tables on one date's rows, {@code --skip} leaves tables out, and a real difference on that
 * date still fails.
 */
class CompareJobTest {
  private static final SparkSession spark = SharedSpark.session();

  @Test
  void comparesOneDatesRowsAndSkipsTablesWhenAsked() throws IOException {
    Path dir = SharedSpark.tempDir("compare");
    Path env = CliRun.env(dir);
    Warehouse daily = Warehouse.atPath(spark, dir.resolve("daily"));
    Warehouse once = Warehouse.atPath(spark, dir.resolve("once"));
    daily.replaceDates(RestoreJobTest.SCORES, RestoreJobTest.scores("2026-09-29", 1), DateRange.of(LocalDate.parse(
        "2026-09-29")));
    for (Warehouse wh : new Warehouse[] {daily, once}) {
      wh.replaceDates(RestoreJobTest.SCORES, RestoreJobTest.scores("2026-09-30", 2),
          DateRange.of(LocalDate.parse("2026-09-30")));
    }
    daily.replaceAll(RestoreJobTest.COUNTS, RestoreJobTest.counts(1));
    once.replaceAll(RestoreJobTest.COUNTS, RestoreJobTest.counts(2));
    String[] both = {"compare", "--left", dir.resolve("daily").toString(), "--right", dir.resolve("once").toString()};

    CliRun.Result all = CliRun.runWith(env, concat(both, "--skip", "counts"));
    assertEquals(1, all.code(), "the daily warehouse also holds 09-29: " + all.out() + all.err());
    assertTrue(all.err().contains("scores: 5 rows only on the left, 0 only on the right"), all.err());

    CliRun.Result asOf = CliRun.runWith(env, concat(both, "--as-of", "2026-09-30", "--skip", "counts"));
    assertEquals(0, asOf.code(), asOf.err() + asOf.out());
    assertTrue(asOf.out().contains("1 tables identical"), asOf.out());

    CliRun.Result counts = CliRun.runWith(env, concat(both, "--as-of", "2026-09-30"));
    assertEquals(1, counts.code(), "an undated table is compared whole: " + counts.out());
    assertTrue(counts.err().contains("counts: 3 rows only on the left, 3 only on the right"), counts.err());
  }

  private static String[] concat(String[] a, String... b) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
        .toArray(String[]::new);
  }
}
