package dev.playbook.ingest;

import static dev.playbook.contract.InputTable.API_USAGE_DAILY;
import static dev.playbook.contract.InputTable.GATE_EVENTS;
import static dev.playbook.contract.InputTable.OPPORTUNITIES;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.DateRange;
import dev.playbook.cli.JobContext;
import dev.playbook.config.Configs;
import dev.playbook.config.IngestConfig;
import dev.playbook.contract.InputTable;
import dev.playbook.features.FeatureTables;
import dev.playbook.features.FeaturesJob;
import dev.playbook.io.Warehouse;
import dev.playbook.measure.MeasureJob;
import dev.playbook.measure.MeasureTables;
import dev.playbook.queue.QueueJob;
import dev.playbook.queue.QueueTables;
import dev.playbook.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A young deployment: no API product, feature gates not instrumented yet, no opportunity in the CRM yet. The
 * first ingest publishes with a warning per empty table, features, queue and measure run on the empty tables, and
 * a second ingest with the tables still empty is accepted with a "still empty" warning.
 */
@Tag("reliability")   // a whole pipeline twice: minutes on 2 cores; bin/reliability runs it
class EmptyInputsTest {
  private final SparkSession spark = SharedSpark.session();
  private static final LocalDate D = Fixture.AS_OF;
  private static final List<InputTable> EMPTY = List.of(API_USAGE_DAILY, GATE_EVENTS, OPPORTUNITIES);

  private static String messageOf(Warehouse wh, InputTable t) {
    return wh.read(IngestTables.INGEST_RUNS.name()).where(col(IngestTables.TABLE_NAME).equalTo(t.tableName()))
        .first().getAs(IngestTables.MESSAGE);
  }

  /** Ingests {@code root} as of D; asserts it is published and that every empty table is warned about as {@code kase}. */
  private void ingestWarned(Path root, Warehouse wh, String kase) {
    Fixture.Captured out = new Fixture.Captured();
    IngestJob.Result r = IngestJob.ingest(spark, Fixture.parquetSources(spark, root), IngestConfig.defaults(), D, wh,
        out.console, "test@0");
    assertTrue(r.published(), out.text());
    for (InputTable t : EMPTY) {
      String warning = t.tableName() + ": " + kase + " — accepted; ";
      assertTrue(out.text().contains("WARNING " + warning), "the console names the table and the case: " + out.text());
      String message = messageOf(wh, t);
      assertTrue(message != null && message.startsWith(IngestReport.SHRINK_GUARD_WARNING + warning),
          "ingest_runs.message records the warning for SQL readers: " + message);
      assertEquals(0, wh.read(IngestTables.staged(t).name()).count(), t.tableName() + " is staged empty");
    }
    assertNull(messageOf(wh, InputTable.ACCOUNTS), "a table with rows has no warning");
  }

  @Test
  void aFirstRunWithEmptyEventTablesIsPublishedWithWarningsAndTheLaterJobsRunOnIt() {
    Fixture f = Fixture.valid();
    for (InputTable t : EMPTY) {
      f.put(t);
    }
    Path root = f.writeParquet(spark, Fixture.newRoot());
    Warehouse wh = Warehouse.atPath(spark, SharedSpark.tempDir("empty-inputs"));
    long start = System.nanoTime();
    ingestWarned(root, wh, "empty on the first run (0 rows read, no staged table yet)");
    long ingested = System.nanoTime();

    Fixture.Captured out = new Fixture.Captured();
    JobContext ctx = new JobContext(spark, Configs.load(Path.of("conf/local.yaml")), DateRange.of(D), Map.of(), wh,
        out.console);
    new FeaturesJob().run(ctx);
    new QueueJob().run(ctx);
    new MeasureJob().run(ctx);
    System.out.printf(Locale.ROOT, "[empty-inputs] first ingest %.1f s; features, queue, measure %.1f s%n",
        (ingested - start) / 1e9, (System.nanoTime() - ingested) / 1e9);

    Dataset<Row> signals = wh.read(FeatureTables.SIGNALS.name());
    assertEquals(3 * 10, signals.count(), "ten signals for each of the three accounts");
    assertEquals(List.of(), signals.where(col(FeatureTables.SIGNAL).equalTo("api_usage_growth")
        .and(col(FeatureTables.VALUE).isNotNull())).collectAsList(), "no API calls: api_usage_growth has no value");
    assertEquals(0, signals.where(col(FeatureTables.SIGNAL).isin("feature_gate_friction", "usage_allocation",
        "plan_limit_utilization").and(col(FeatureTables.FIRED))).count(), "the signals read from empty tables never fire");
    assertTrue(signals.where(col(FeatureTables.SIGNAL).equalTo("seat_utilization")
        .and(col(FeatureTables.VALUE).isNotNull())).count() > 0, "the signals of the other tables still have values");
    for (String table : List.of(QueueTables.EXPANSION_QUEUE.name(), QueueTables.HANDOFF_BRIEFS.name(),
        QueueTables.OUTBOX.name(), MeasureTables.SIGNAL_OUTCOMES.name(), MeasureTables.CONVERSION_METRICS.name(),
        MeasureTables.RETENTION.name(), MeasureTables.EXPANSION_PIPELINE.name())) {
      assertTrue(wh.exists(table), table + " is written");
    }
    assertEquals(0, wh.read(MeasureTables.EXPANSION_PIPELINE.name()).count(), "no opportunity, no pipeline");
    assertTrue(wh.read(MeasureTables.MRR_MOVEMENTS.name()).count() > 0,
        "MRR movements come from subscriptions, which have rows");

    ingestWarned(root, wh, "still empty (0 rows read, none in the last published run)");
  }
}
