package dev.playbook.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.Console;
import dev.playbook.cli.DateRange;
import dev.playbook.cli.JobContext;
import dev.playbook.config.Configs;
import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import dev.playbook.testing.TestEnv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The export job: the snapshot at the latest date on or before --as-of, flat CSV columns, one file per table. */
class ExportJobTest {
  private final SparkSession spark = SharedSpark.session();

  private static final StructType QUEUE = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("account_id", DataTypes.StringType, false)
      .add("fired_signals", DataTypes.createArrayType(DataTypes.StringType), true)
      .add("priority", DataTypes.DoubleType, true)
      .add("arr", DataTypes.createDecimalType(18, 2), true);

  private Dataset<Row> queue(Object[]... rows) {
    return spark.createDataFrame(Stream.of(rows).map(RowFactory::create).toList(), QUEUE);
  }

  private static Object[] row(String date, String account, List<String> signals, Double priority) {
    return new Object[] {Date.valueOf(date), account, signals, priority, new java.math.BigDecimal("1200.50")};
  }

  @Test
  void snapshotIsTheLatestDateOnOrBeforeTheAsOfDate() {
    Dataset<Row> q = queue(row("2026-09-01", "a", List.of(), 0.5), row("2026-09-15", "a", List.of(), 0.6),
        row("2026-10-01", "a", List.of(), 0.7));
    assertEquals(LocalDate.parse("2026-09-15"), NotebookExport.snapshotDate(q, LocalDate.parse("2026-09-30")),
        "a later day sees the last snapshot before it, never a future one");
    assertEquals(LocalDate.parse("2026-09-01"), NotebookExport.snapshotDate(q, LocalDate.parse("2026-09-01")),
        "the as-of date itself is included");
    assertNull(NotebookExport.snapshotDate(q, LocalDate.parse("2026-08-31")), "nothing on or before the date");
    assertEquals(1, NotebookExport.snapshot(q, LocalDate.parse("2026-09-15")).count(), "only that date's rows");
  }

  @Test
  void arraysOfStringsBecomeSeparatedText() {
    Dataset<Row> q = queue(row("2026-09-30", "a", List.of("seat_utilization", "team_growth"), 0.5),
        row("2026-09-30", "b", null, null));
    List<Row> flat = NotebookExport.flatten(q).orderBy("account_id").collectAsList();
    assertEquals(DataTypes.StringType, NotebookExport.flatten(q).schema().apply("fired_signals").dataType(),
        "a CSV column holds text");
    assertEquals("seat_utilization;team_growth", flat.get(0).getAs("fired_signals"), "values joined by ';'");
    assertEquals(List.of("as_of_date", "account_id", "fired_signals", "priority", "arr"),
        List.of(NotebookExport.flatten(q).columns()), "same columns in the same order");
  }

  @Test
  void writesOneCsvFilePerTableAndAManifest() throws IOException {
    Path dir = SharedSpark.tempDir("export");
    Configs configs = Configs.load(TestEnv.write(dir, TestEnv.shippedPlaybook()));
    Warehouse wh = Warehouse.atPath(spark, dir.resolve("wh"));
    queue(row("2026-09-29", "a", List.of("seat_utilization"), 0.5),
        row("2026-09-30", "a", List.of("seat_utilization", "team_growth"), 0.9),
        row("2026-09-30", "b", List.of(), null))
        .write().format("delta").save(wh.location("expansion_queue"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), "export");
    new ExportJob().run(new JobContext(spark, configs, DateRange.of(LocalDate.parse("2026-09-30")), Map.of(), wh,
        console));

    Path export = dir.resolve("wh").resolve(ExportJob.OUT_DEFAULT);
    List<String> csv = Files.readAllLines(export.resolve("expansion_queue.csv"));
    assertEquals("as_of_date,account_id,fired_signals,priority,arr", csv.get(0), "a header first");
    assertEquals(List.of("2026-09-30,a,seat_utilization;team_growth,0.9,1200.50", "2026-09-30,b,,,1200.50"),
        csv.subList(1, csv.size()).stream().sorted().toList(), "the 09-30 snapshot only, nulls empty");
    List<String> manifest = Files.readAllLines(export.resolve(ExportJob.MANIFEST));
    assertEquals("table,as_of_date,rows,written_by,status", manifest.get(0));
    assertTrue(manifest.contains("expansion_queue,2026-09-30,2,queue,ok"), manifest.toString());
    assertTrue(manifest.contains("threshold_sweeps,,0,recalibrate,missing"), "a table not written yet is listed");
    try (Stream<Path> files = Files.list(export)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(List.of("_manifest.csv", "expansion_queue.csv"), names, "one file per table, nothing else");
    }
    assertFalse(out.toString(StandardCharsets.UTF_8).isEmpty(), "the job says what it wrote");
  }
}
