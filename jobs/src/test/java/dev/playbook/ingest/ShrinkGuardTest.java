package dev.playbook.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.InputException;
import dev.playbook.config.IngestConfig;
import dev.playbook.contract.InputTable;
import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The shrink guard: an empty or sharply shrunk upstream table stops the ingest before anything is published. */
class ShrinkGuardTest {
  private final SparkSession spark = SharedSpark.session();
  private static final LocalDate D = Fixture.AS_OF;
  private static final IngestConfig CONFIG = IngestConfig.defaults();   // max drop 30%

  private IngestJob.Result ingest(Fixture f, LocalDate asOf, Warehouse wh, boolean allowShrink) {
    Fixture.Captured out = new Fixture.Captured();
    return IngestJob.ingest(spark, Fixture.parquetSources(spark, f.writeParquet(spark, Fixture.newRoot())), CONFIG,
        asOf, wh, out.console, "test@0", allowShrink);
  }

  private static Path baseline;

  /**
   * A warehouse where the valid world was ingested as of D: one ingest for the whole class, copied per test
   * (each test changes its copy).
   */
  private Warehouse afterAValidRun(String name) {
    synchronized (ShrinkGuardTest.class) {
      if (baseline == null) {
        Path dir = SharedSpark.tempDir("shrink-baseline");
        ingest(Fixture.valid(), D, Warehouse.atPath(spark, dir), false);
        baseline = dir;
      }
    }
    Path dir = SharedSpark.tempDir(name).resolve("warehouse");
    SharedSpark.copy(baseline, dir);
    return Warehouse.atPath(spark, dir);
  }

  /** The valid world without account a3 and every row of it: upstream lost one account in three (33%). */
  private static Fixture withoutA3() {
    Fixture f = Fixture.valid();
    f.rows.replaceAll((t, lines) -> lines.stream().filter(l -> !l.matches("(^|.*\\|)a3\\|.*")).toList());
    return f;
  }

  /** Every staged table's version and rows, to show that nothing changed. */
  private Map<String, Object> staged(Warehouse wh) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (InputTable t : InputTable.values()) {
      String name = IngestTables.staged(t).name();
      m.put(name + "@version", wh.deltaTable(name).history(1).first().getAs("version"));
      m.put(name, wh.read(name).collectAsList().stream().map(Row::toString).sorted().toList());
    }
    return m;
  }

  @Test
  void accountsDroppedPastTheLimitRefuseTheRunAndPublishNothing() {
    Warehouse wh = afterAValidRun("shrink");
    Map<String, Object> before = staged(wh);

    InputException e = assertThrows(InputException.class, () -> ingest(withoutA3(), D, wh, false),
        "3 → 2 accounts is a 33% drop, over the 30% limit");
    String m = e.getMessage();
    assertTrue(m.contains("accounts: distinct accounts dropped 33.3%, 2 now vs 3 in the last published run, limit 30.0%")
        && m.contains("ingest.shrink_guard.max_drop_fraction") && m.contains("--allow-shrink"),
        "the message names the table, the metric, last vs now, the limit's key and the override: " + m);
    assertTrue(m.contains("subscriptions: distinct accounts dropped 33.3%") && m.contains("users: distinct accounts "
        + "dropped 33.3%"), "every shrunk table is named: " + m);
    // user_activity_daily is staged incrementally: a3's old days are outside the lookback and stay staged (the
    // late-row check reports the difference; IncrementalIngestTest), so it is not a shrink of the staged table.
    assertEquals(before, staged(wh), "no staged table changed: same versions, same rows");
    List<Row> runs = wh.read("ingest_runs").where("table_name = 'accounts'").collectAsList();
    assertEquals(1, runs.size());
    assertEquals("refused", runs.get(0).getAs("outcome"), "the refusal is recorded for SQL readers");
    assertTrue(runs.get(0).<String>getAs("message").contains("shrink guard"), runs.get(0).toString());
  }

  @Test
  void allowShrinkPublishesADeliberateShrink() {
    Warehouse wh = afterAValidRun("shrink-allowed");
    IngestJob.Result r = ingest(withoutA3(), D, wh, true);
    assertTrue(r.published(), "--allow-shrink lets the shrink through");
    assertEquals(2, wh.read("staged_accounts").count(), "a3 is gone from the staged accounts");
  }

  @Test
  void anEmptyTableThePipelineCannotRunWithoutIsRefusedEvenOnTheFirstRun() {
    Warehouse wh = Warehouse.atPath(spark, SharedSpark.tempDir("shrink-empty"));
    Fixture f = Fixture.valid();
    f.put(InputTable.USERS);
    InputException e = assertThrows(InputException.class, () -> ingest(f, D, wh, false));
    assertTrue(e.getMessage().contains("users: empty on the first run (0 rows read, no staged table yet) — a table "
        + "the pipeline cannot run without"), e.getMessage());
    assertFalse(wh.exists("staged_users"), "nothing staged");
    assertFalse(wh.exists("staged_accounts"), "nothing staged, not even the tables that were fine");
  }

  @Test
  void aTableThatBecameEmptyIsRefusedEvenIfItMayBeEmpty() {
    Warehouse wh = afterAValidRun("shrink-became-empty");
    Map<String, Object> before = staged(wh);
    Fixture f = Fixture.valid();
    f.put(InputTable.GATE_EVENTS);
    InputException e = assertThrows(InputException.class, () -> ingest(f, D, wh, false),
        "gate events may be empty on a first run, but not vanish after a run that staged some");
    assertTrue(e.getMessage().contains("gate_events: became empty: 0 rows read, 3 in the last published run"),
        e.getMessage());
    assertEquals(before, staged(wh), "no staged table changed");
  }

  @Test
  void aBackfillIsComparedWithTheLastRunAsItStoodAtTheBackfilledDate() {
    Warehouse wh = afterAValidRun("shrink-backfill");
    // As of 03-01 only 3 of the 5 activity rows exist (40% fewer than staged as of 03-31) and no gate event
    // (all are dated later); so it is in the baseline restricted to rows dated on or before 03-01: no shrink.
    IngestJob.Result r = ingest(Fixture.valid(), LocalDate.parse("2026-03-01"), wh, false);
    assertTrue(r.published(), "a backfill is not a shrink");
    // Daily tables are staged incrementally: the backfill re-stages its own window, later days stay as staged.
    assertEquals(3, wh.read("staged_user_activity_daily").where("activity_date <= DATE'2026-03-01'").count(),
        "the backfill's rows are staged");
    assertEquals(0, wh.read("staged_gate_events").where("event_date <= DATE'2026-03-01'").count(),
        "no gate event yet as of 03-01, and that is no refusal");
  }
}
