package dev.playbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** {@code playbook register}: the output tables found by name in the catalog, dated ones with a latest view. */
class RegisterJobTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void tablesAreFoundByNameAndLatestViewsHoldTheNewestDate() throws IOException {
    Path dir = SharedSpark.tempDir("register");
    Path env = CliRun.env(dir);
    Warehouse wh = Warehouse.atPath(spark, dir.resolve("wh"));
    wh.replaceDates(RestoreJobTest.SCORES, RestoreJobTest.scores("2026-09-29", 1),
        DateRange.of(LocalDate.parse("2026-09-29")));
    wh.replaceDates(RestoreJobTest.SCORES, RestoreJobTest.scores("2026-09-30", 7),
        DateRange.of(LocalDate.parse("2026-09-30")));
    wh.replaceAll(RestoreJobTest.COUNTS, RestoreJobTest.counts(10));

    CliRun.Result r = CliRun.runWith(env, "register", "--schema", "bi_reg");
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("CREATE TABLE IF NOT EXISTS bi_reg.scores USING DELTA LOCATION"),
        "the statements are printed to run in another catalog: " + r.out());

    assertEquals(10, spark.table("bi_reg.scores").count(), "both dates through the registered name");
    assertEquals(3, spark.table("bi_reg.counts").count());
    List<Row> latest = spark.sql("SELECT DISTINCT as_of_date FROM bi_reg.scores_latest").collectAsList();
    assertEquals(List.of("2026-09-30"), latest.stream().map(row -> row.get(0).toString()).toList());
    assertFalse(spark.catalog().tableExists("bi_reg", "counts_latest"), "a table without dates gets no view");

    CliRun.Result again = CliRun.runWith(env, "register", "--schema", "bi_reg");
    assertEquals(0, again.code(), "registering twice is safe: " + again.err());
    assertEquals(10, spark.table("bi_reg.scores").count());
  }

  @Test
  void aSchemaThatIsNotAnIdentifierIsAUsageError() throws IOException {
    CliRun.Result r = CliRun.runWith(CliRun.env(SharedSpark.tempDir("register-bad")), "register", "--schema",
        "bi; DROP TABLE x");
    assertEquals(ExitCode.USAGE.code, r.code());
    assertTrue(r.err().contains("--schema must be a plain identifier"), r.err());
  }
}
