package dev.playbook.ingest;

import static dev.playbook.contract.InputTable.USER_ACTIVITY_DAILY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.config.IngestConfig;
import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Incremental staging of the daily tables (DailyStaging): after a first run, a run re-reads only its lookback
 * days, rewrites only the days that changed, stages a row arriving within the lookback, and reports (never
 * stages silently) one arriving later than the lookback; --full-refresh stages it.
 */
class IncrementalIngestTest {
  private final SparkSession spark = SharedSpark.session();
  private static final LocalDate D = Fixture.AS_OF;   // 2026-03-31
  private static final IngestConfig CONFIG = new IngestConfig(0.5, Map.of(),
      new IngestConfig.ShrinkLimit(0.3), new IngestConfig.Incremental(3, true));

  private String ingest(Fixture f, LocalDate asOf, Warehouse wh, boolean fullRefresh) {
    Path root = f.writeParquet(spark, Fixture.newRoot());
    Fixture.Captured out = new Fixture.Captured();
    try {
      IngestJob.ingest(spark, Fixture.parquetSources(spark, root), CONFIG, asOf, wh, out.console, "test@0", false,
          fullRefresh);
      return out.text();
    } catch (RuntimeException e) {
      System.out.println(out.text());
      throw e;
    }
  }

  private static Row run(Warehouse wh, LocalDate asOf) {
    return wh.read(IngestTables.INGEST_RUNS).where("table_name = 'user_activity_daily' AND as_of_date = DATE'"
        + asOf + "'").first();
  }

  private static List<String> activity(Warehouse wh) {
    return wh.read("staged_user_activity_daily").drop(IngestTables.PARTITION_MONTH)
        .orderBy("activity_date", "user_id", "product_id", "feature_key").collectAsList().stream()
        .map(Row::toString).toList();
  }

  @Test
  void lateRowsWithinTheLookbackAreStagedOlderOnesReportedThenStagedByAFullRefresh() {
    Warehouse wh = Warehouse.atPath(spark, SharedSpark.tempDir("incremental-wh"));
    Fixture f = Fixture.valid().add(USER_ACTIVITY_DAILY, "a1|u1|2026-03-29|prod_a|f1|4");
    ingest(f, D.minusDays(1), wh, false);   // first run as of 03-30: whole history, partitioned by month
    assertEquals(List.of("partition_month"), wh.partitionColumns("staged_user_activity_daily"));
    assertNull(run(wh, D.minusDays(1)).getAs(IngestTables.STAGED_FROM), "a first run stages the table whole");

    // As of 03-31: a new day, and a row for 03-29 arriving late (within the 3-day lookback).
    f.add(USER_ACTIVITY_DAILY, "a1|u1|2026-03-31|prod_a|f1|7", "a1|u1|2026-03-29|prod_a|f2|1");
    ingest(f, D, wh, false);
    Row r = run(wh, D);
    assertEquals(java.sql.Date.valueOf("2026-03-28"), r.getAs(IngestTables.STAGED_FROM),
        "re-read from the day after the last run (03-31) minus 3 days");
    assertEquals(2, (int) r.getAs(IngestTables.DATES_REWRITTEN), "03-29 changed and 03-31 is new: nothing else");
    assertEquals(0L, (long) r.getAs(IngestTables.ROWS_OUTSIDE_LOOKBACK));
    assertTrue(activity(wh).contains("[a1,u1,2026-03-29,prod_a,f2,1]"), "the late row within the lookback");

    // A rerun rewrites nothing; the table equals a fresh full ingest as of the same date.
    ingest(f, D, wh, false);
    assertEquals(0, (int) run(wh, D).getAs(IngestTables.DATES_REWRITTEN), "a rerun rewrites no day");
    Warehouse fresh = Warehouse.atPath(spark, SharedSpark.tempDir("incremental-fresh"));
    ingest(f, D, fresh, false);
    assertEquals(activity(fresh), activity(wh), "incremental staging ends with the rows of a full run");

    // A row dated 03-01 (before the lookback) arrives: reported, counted, not staged.
    f.add(USER_ACTIVITY_DAILY, "a1|u1|2026-03-01|prod_a|f9|2");
    String console = ingest(f, D, wh, false);
    r = run(wh, D);
    assertEquals(1L, (long) r.getAs(IngestTables.ROWS_OUTSIDE_LOOKBACK), "one row outside the lookback: " + console);
    assertTrue(console.contains("WARNING user_activity_daily: 1 rows on 1 days before 2026-03-28"), console);
    assertTrue(r.<String>getAs(IngestTables.MESSAGE).contains("rerun with --full-refresh"), r.toString());
    assertTrue(activity(wh).stream().noneMatch(s -> s.contains("f9")), "not staged silently");

    // --full-refresh re-reads everything and stages it.
    ingest(f, D, wh, true);
    assertTrue(activity(wh).stream().anyMatch(s -> s.contains("f9")), "a full refresh stages the old late row");
    assertNull(run(wh, D).getAs(IngestTables.ROWS_OUTSIDE_LOOKBACK), "a full refresh has nothing outside");
  }
}
