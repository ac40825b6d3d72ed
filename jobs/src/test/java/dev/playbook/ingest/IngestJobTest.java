package dev.playbook.ingest;

import static dev.playbook.contract.InputTable.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.InputException;
import dev.playbook.config.IngestConfig;
import dev.playbook.contract.InputTable;
import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class IngestJobTest {
  private final SparkSession spark = SharedSpark.session();
  private static final LocalDate D = Fixture.AS_OF;

  private record Run(IngestJob.Result result, String console) {}

  private Run ingest(Fixture f, LocalDate asOf, IngestConfig config, Warehouse wh) {
    Path root = f.writeParquet(spark, Fixture.newRoot());
    Fixture.Captured out = new Fixture.Captured();
    try {
      // Whole-table runs (a first run, or --full-refresh) throughout: these tests change rows of old days between
      // runs; what an incremental run re-reads is IncrementalIngestTest's.
      return new Run(IngestJob.ingest(spark, Fixture.parquetSources(spark, root), config, asOf, wh, out.console,
          "test@0", false, true), out.text());
    } catch (RuntimeException e) {
      System.out.println(out.text());
      throw e;
    }
  }

  private static Warehouse newWarehouse(SparkSession spark) {
    return Warehouse.atPath(spark, SharedSpark.tempDir("ingest-wh"));
  }

  private static List<String> typeShape(List<StructField> fields) {
    return fields.stream().map(f -> f.name() + ":" + f.dataType().simpleString()).toList();
  }

  private long count(Warehouse wh, String table, String where) {
    return wh.read(table).where(where).count();
  }

  @Test
  void publishesStagedTablesWithTheContractSchemaAndHandlesMessyInput() {
    Fixture f = Fixture.valid()
        .add(USER_ACTIVITY_DAILY, "a1|u1|2026-04-02|prod_a|f1|5")            // late: dated after D, held back
        .add(USER_ACTIVITY_DAILY, "a1|u1|2026-03-01|prod_a|f1|12")           // exact duplicate: one copy staged
        .add(USERS, "u2|a2|sales|2026-01-20|2026-01-21||u2@globex.test");    // u2 twice, different: both out
    Warehouse wh = newWarehouse(spark);
    Run run = ingest(f, D, new IngestConfig(0.5, Map.of()), wh);   // 2 of 5 users bad: a tiny fixture

    for (InputTable t : InputTable.values()) {
      Dataset<Row> staged = wh.read("staged_" + t.tableName());
      List<String> want = new ArrayList<>(typeShape(List.of(t.schema().fields())));
      if (t == GATE_EVENTS) {
        want.add("event_date:date");   // the day a run replaces, the UTC date of event_ts
      }
      if (IngestTables.DAILY.contains(t)) {
        want.add("partition_month:date");   // a daily table's partition column
      }
      assertEquals(want, typeShape(List.of(staged.schema().fields())),
          t.tableName() + ": the staged table has the contract's columns and types (Delta's CREATE TABLE AS SELECT "
              + "keeps columns nullable; the contract's required columns are enforced by the not_null checks)");
    }
    assertEquals(7, wh.read("staged_subscriptions").count(), "overlapping and gapped periods are all staged");
    assertEquals(5, wh.read("staged_user_activity_daily").count(), "5 valid rows: the late row and the copy are not");
    assertEquals(List.of("u1", "u3", "u4"), wh.read("staged_users").orderBy("user_id").collectAsList().stream()
        .map(r -> r.<String>getAs("user_id")).toList(), "both versions of u2 are quarantined");
    assertEquals("2026-03-06 07:30:00", wh.read("staged_gate_events").where("user_id = 'u2'")
        .select(date_format(col("event_ts"), "yyyy-MM-dd HH:mm:ss")).first().getString(0), "+02:00 stored as UTC");

    List<Row> q = wh.read("quarantine").orderBy("original_row").collectAsList();
    assertEquals(2, q.size(), "the two versions of u2: " + q);
    for (Row r : q) {
      assertEquals("users", r.getAs("table_name"));
      assertEquals("unique_key(user_id)", r.getAs("rule"));
      assertTrue(r.<String>getAs("original_row").contains("\"user_id\":\"u2\""), r.toString());
    }
    Map<String, Long> failed = new HashMap<>();
    wh.read("dq_results").where("table_name = 'user_activity_daily'").collectAsList()
        .forEach(r -> failed.put(r.getAs("check_name"), r.getAs("rows_failed")));
    assertEquals(1L, failed.get("dated_after_as_of"), "the late row is counted as held back");
    assertEquals(1L, failed.get("exact_duplicate"), "the copy is counted");
    assertEquals(0L, failed.get("bad_row_ratio"), "no bad activity row");
    assertEquals(InputTable.values().length, count(wh, "dq_results", "check_name = 'bad_row_ratio' AND passed"),
        "every table's verdict is recorded");
    assertEquals(InputTable.values().length, count(wh, "ingest_runs", "outcome = 'published'"), "published");
    String metadata = DeltaTable.forPath(spark, wh.location("staged_accounts")).history(1).first().getAs("userMetadata");
    assertTrue(metadata.contains("as_of_date=2026-03-31"), metadata);
    assertTrue(run.console().contains("published") && run.console().contains("unique_key(user_id)"), run.console());
  }

  @Test
  void thousandMalformedRowsAmongGoodOnesAreQuarantinedExactlyWithTheirReason() {
    Fixture f = Fixture.valid();
    List<String> good = new ArrayList<>();
    String[] users = {"a1|u1", "a1|u2", "a2|u3", "a3|u4"};
    for (String u : users) {
      for (int day = 0; day < 60; day++) {
        for (int feature = 1; feature <= 5; feature++) {
          good.add(u + "|" + D.minusDays(day) + "|prod_b|g" + feature + "|" + (day + feature));
        }
      }
    }
    f.add(USER_ACTIVITY_DAILY, good.toArray(String[]::new));
    // 1,000 malformed rows of ten kinds in three tables; each is identified by a marker it carries.
    Map<String, String> expectedRule = new HashMap<>();   // marker → the rule it must be quarantined by
    List<String> badActivity = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      String m = "bad_" + i;
      String[] kind = switch (i % 8) {
        case 0 -> new String[] {"a1|u1|2026-13-01|" + m + "|f1|1", "castable(activity_date)"};
        case 1 -> new String[] {"a1|u1|2026-03-01|" + m + "|f1|many", "castable(event_count)"};
        case 2 -> new String[] {"a1|u1|2026-03-01|" + m + "|f1|-3", "non_negative(event_count)"};
        case 3 -> new String[] {"a1||2026-03-01|" + m + "|f1|1", "not_null(user_id)"};
        case 4 -> new String[] {"a1|ghost|2026-03-01|" + m + "|f1|1", "references(user_id -> users)"};
        case 5 -> new String[] {"acct_ghost|u1|2026-03-01|" + m + "|f1|1", "references(account_id -> accounts)"};
        case 6 -> new String[] {"a1|u1|2026-03-01||" + m + "|1", "not_null(product_id)"};
        // pairs (i = 7 and 15, 23 and 31, ...): one key, two different counts; both are quarantined
        default -> new String[] {"a1|u1|2026-03-01|pairs|pair_" + (i / 16) + "|" + i,
            "unique_key(user_id, activity_date, product_id, feature_key)"};
      };
      badActivity.add(kind[0]);
      expectedRule.put(i % 8 == 7 ? "count_" + i : m, kind[1]);
    }
    List<String> badGate = new ArrayList<>();
    for (int i = 800; i < 900; i++) {
      String m = "bad_" + i;
      badGate.add(i % 2 == 0 ? "a1|u1|2026-03-05T10:00:00Z|" + m + "|clicked" : "a1|u1|not a time|" + m + "|feature_request");
      expectedRule.put(m, i % 2 == 0 ? "accepted_values(event_type)" : "castable(event_ts)");
    }
    List<String> badSubscriptions = new ArrayList<>();
    for (int i = 900; i < 1000; i++) {
      String m = "bad_" + i;
      badSubscriptions.add(i % 2 == 0 ? "a1|" + m + "|p_basic|2026-03-01|2026-02-01|1||10.00|"
          : "a1|" + m + "|p_ghost|2026-03-01|2026-04-01|1||10.00|");
      expectedRule.put(m, i % 2 == 0 ? "period_end_after_start" : "references(plan_id -> plans)");
    }
    f.add(USER_ACTIVITY_DAILY, badActivity.toArray(String[]::new));
    f.add(GATE_EVENTS, badGate.toArray(String[]::new));
    f.add(SUBSCRIPTIONS, badSubscriptions.toArray(String[]::new));
    assertEquals(1000, badActivity.size() + badGate.size() + badSubscriptions.size());
    assertEquals(1000, expectedRule.size());

    Warehouse wh = newWarehouse(spark);
    ingest(f, D, new IngestConfig(0.99, Map.of()), wh);

    List<Row> q = wh.read("quarantine").collectAsList();
    assertEquals(1000, q.size(), "exactly the malformed rows");
    Map<String, Integer> seen = new HashMap<>();
    for (Row r : q) {
      String row = r.getAs("original_row");
      String marker = row.contains("\"bad_") ? row.replaceAll(".*\"(bad_\\d+)\".*", "$1")
          : "count_" + row.replaceAll(".*\"event_count\":\"(\\d+)\".*", "$1");
      assertTrue(expectedRule.containsKey(marker), "not a planted bad row: " + row);
      assertEquals(expectedRule.get(marker), r.getAs("rule"), "rule of " + row);
      assertTrue(r.<String>getAs("reason").startsWith(expectedRule.get(marker) + ": "), "reason of " + row + ": "
          + r.getAs("reason"));
      seen.merge(marker, 1, Integer::sum);
    }
    assertEquals(1000, seen.size(), "every planted bad row is in quarantine");
    assertEquals(good.size() + 5, wh.read("staged_user_activity_daily").count(), "every good activity row staged");
    assertEquals(0, wh.read("staged_user_activity_daily").where("feature_key LIKE 'bad_%'").count(), "no bad row staged");
    assertEquals(3, wh.read("staged_gate_events").count(), "the good gate events");
    assertEquals(7, wh.read("staged_subscriptions").count(), "the good subscriptions");
  }

  @Test
  void rerunsReplaceTheirDateAndARefusedRunPublishesNothing() {
    Warehouse wh = newWarehouse(spark);
    LocalDate dayBefore = D.minusDays(1);
    // A tiny fixture: one bad row is 17% of a table; the rerun drops account a3 on purpose (shrink guard off).
    IngestConfig lenient = new IngestConfig(0.5, Map.of(), new IngestConfig.ShrinkLimit(1.0));
    ingest(Fixture.valid().add(USER_ACTIVITY_DAILY, "a1|u1|2026-03-01|prod_a|f9|-2"), D, lenient, wh);
    // the rerun of D: other data
    Fixture rerun = Fixture.valid().add(USER_ACTIVITY_DAILY, "a1|u1|2026-03-01|prod_a|f8|-3", "a1|u1|2026-03-01|prod_a|f8|x");
    rerun.rows.get(ACCOUNTS).remove(2);
    rerun.rows.get(USER_ACTIVITY_DAILY).removeIf(l -> l.startsWith("a3|"));
    rerun.rows.get(USERS).removeIf(l -> l.startsWith("u4|"));
    rerun.rows.get(OPPORTUNITIES).removeIf(l -> l.startsWith("o3|"));
    rerun.rows.get(SUBSCRIPTIONS).removeIf(l -> l.startsWith("a3|"));
    ingest(rerun, D, lenient, wh);

    assertEquals(2, wh.read("staged_accounts").count(), "staged tables hold the rerun's rows only");
    assertEquals(List.of("2026-03-31:-3", "2026-03-31:x"), wh.read("quarantine")
        .orderBy("as_of_date", "original_row").collectAsList().stream()
        .map(r -> r.getAs("as_of_date") + ":" + r.<String>getAs("original_row").replaceAll(".*\"event_count\":\"([^\"]*)\".*", "$1"))
        .toList(), "the rerun replaced D's quarantine rows");
    long checks = ContractChecks.all().size() + InputTable.values().length;   // + one bad_row_ratio per table
    assertEquals(checks, count(wh, "dq_results", "as_of_date = DATE'2026-03-31'"),
        "one row per table and check for D, not two runs' worth");

    // a refused run of another date: no staged table changes, D's records stay
    Map<String, Long> versions = new HashMap<>();
    for (InputTable t : InputTable.values()) {
      versions.put(t.tableName(), DeltaTable.forPath(spark, wh.location("staged_" + t.tableName())).history(1)
          .first().<Long>getAs("version"));
    }
    Fixture tooBad = Fixture.valid().add(USER_ACTIVITY_DAILY, "a1|u1|2026-03-01|prod_a|f7|-1");  // 1 of 6: 16.7%
    InputException e = assertThrows(InputException.class, () -> ingest(tooBad, dayBefore, IngestConfig.defaults(), wh));
    assertTrue(e.getMessage().contains("user_activity_daily: 1 of 6 rows (16.67%) failed ERROR checks, limit 5.00%")
        && e.getMessage().contains("non_negative(event_count): 1"), e.getMessage());
    for (InputTable t : InputTable.values()) {
      assertEquals(versions.get(t.tableName()), DeltaTable.forPath(spark, wh.location("staged_" + t.tableName()))
          .history(1).first().<Long>getAs("version"), "a refused run leaves staged_" + t.tableName() + " unchanged");
    }
    assertEquals(0, count(wh, "quarantine", "as_of_date = DATE'2026-03-30'"), "no quarantine rows of the refused run");
    assertEquals(2, count(wh, "quarantine", "as_of_date = DATE'2026-03-31'"), "D's quarantine rows stay");
    assertEquals(1, count(wh, "dq_results",
        "as_of_date = DATE'2026-03-30' AND check_name = 'bad_row_ratio' AND NOT passed AND table_name = 'user_activity_daily'"),
        "dq_results record why");
    assertEquals(checks, count(wh, "dq_results", "as_of_date = DATE'2026-03-31'"), "D's dq_results stay");
    assertEquals(InputTable.values().length, count(wh, "ingest_runs", "as_of_date = DATE'2026-03-30' AND outcome = 'refused'"),
        "ingest_runs record the refusal");
    assertEquals(InputTable.values().length, count(wh, "ingest_runs", "as_of_date = DATE'2026-03-31' AND outcome = 'published'"),
        "and keep D's published runs");
    assertEquals(0.5, new IngestConfig(0.05, Map.of("user_activity_daily", 0.5)).maxBadRowRatio(USER_ACTIVITY_DAILY),
        "a per-table override wins");
  }

  @Test
  void aMissingTableAndAMissingColumnAreNamedBeforeAnythingIsWritten() throws IOException {
    Fixture f = Fixture.valid();
    Path root = f.writeParquet(spark, Fixture.newRoot());
    try (Stream<Path> files = Files.walk(root.resolve("users"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Fixture.text(spark, ACCOUNTS, f.rows.get(ACCOUNTS)).drop("segment").write().mode("overwrite")
        .parquet(root.resolve("accounts").toString());
    Path whRoot = SharedSpark.tempDir("ingest-wh");
    Warehouse wh = Warehouse.atPath(spark, whRoot);
    InputException e = assertThrows(InputException.class, () -> IngestJob.ingest(spark,
        Fixture.parquetSources(spark, root), IngestConfig.defaults(), D, wh, new Fixture.Captured().console, "t"));
    assertTrue(e.getMessage().contains("table accounts") && e.getMessage().contains("missing required column segment"),
        e.getMessage());
    assertTrue(e.getMessage().contains("table users: source not found"), e.getMessage());
    try (Stream<Path> written = Files.list(whRoot)) {
      assertEquals(List.of(), written.toList(), "nothing written");
    }
    assertFalse(wh.exists("dq_results"));
  }
}
