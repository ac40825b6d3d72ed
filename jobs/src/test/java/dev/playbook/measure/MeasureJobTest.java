package dev.playbook.measure;

import static dev.playbook.measure.MeasureFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.Console;
import dev.playbook.cli.DateRange;
import dev.playbook.cli.JobContext;
import dev.playbook.config.Configs;
import dev.playbook.io.OutputTable;
import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The job end to end on the fixture story: reads the warehouse, writes five tables that conform to their
 * declared schemas. (Queue-dependent figures are covered by ConversionMetricsTest; reruns by WarehouseTest.)
 */
class MeasureJobTest {

  private static void save(Warehouse wh, String table, Dataset<Row> rows) {
    rows.write().format("delta").mode("overwrite").save(wh.location(table));
  }

  private static String run(Warehouse wh, Path dir, String asOf) throws IOException {
    Path env = dir.resolve("env.yaml");
    Files.writeString(env, "playbook: " + Path.of("conf/playbook.yaml").toAbsolutePath() + "\n"
        + "sources: {defaults: {format: parquet, path: in}}\n"
        + "output: {path: " + dir + ", catalog_schema: null}\n"
        + "spark: {master: \"local[2]\", conf: {}}\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), "measure");
    new MeasureJob().run(new JobContext(SharedSpark.session(), Configs.load(env),
        DateRange.of(LocalDate.parse(asOf)), Map.of(), wh, console));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesEveryTableAndSkipsQueueBreakdownsWithoutAQueue() throws IOException {
    Path dir = SharedSpark.tempDir("measure-job");
    Warehouse wh = Warehouse.atPath(spark(), dir);
    save(wh, MeasureJob.SIGNALS, signals());
    save(wh, "staged_opportunities", opportunities());
    save(wh, "staged_subscriptions", billingSubscriptions());
    save(wh, "staged_plans", plans());
    save(wh, "staged_accounts", accounts(List.of(new String[] {"A", "2026-01-01"}, new String[] {"B", "2026-01-01"},
        new String[] {"C", "2026-01-01"}, new String[] {"D", "2026-01-01"}, new String[] {"G", "2026-01-01"})));

    String printed = run(wh, dir, AS_OF);
    assertTrue(printed.contains("no expansion_queue table"), printed);
    assertTrue(printed.contains("signals history 2026-01-10 to 2026-07-05"), printed);
    assertTrue(printed.contains("Conversion by signal") && printed.contains("seat_utilization"), printed);
    for (OutputTable t : MeasureTables.ALL) {
      assertTrue(wh.read(t).count() > 0, t.name() + " has rows");
    }
    assertEquals(7, wh.read(MeasureTables.SIGNAL_OUTCOMES).count(), "one row per episode");
    assertEquals(0, wh.read(MeasureTables.CONVERSION_METRICS).filter("dimension = 'owner'").count(),
        "no owner breakdown without the queue");
  }
}
