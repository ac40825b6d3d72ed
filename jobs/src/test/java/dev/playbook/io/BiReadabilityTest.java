package dev.playbook.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.DateRange;
import dev.playbook.testing.KernelReader;
import dev.playbook.testing.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * What a BI tool sees: an independent Delta reader (Delta Kernel, no Spark) gets the same rows from a table
 * the warehouse wrote, and the table asks for no reader features beyond protocol 1 (readable by common
 * connectors).
 */
class BiReadabilityTest {
  private final SparkSession spark = SharedSpark.session();

  static final OutputTable MIXED = OutputTable.builder("mixed", "one row per account and as-of date",
          "Every column type the pipeline writes.")
      .column("as_of_date", DataTypes.DateType, false, "as-of date")
      .column("account_id", DataTypes.StringType, false, "account")
      .column("fired", DataTypes.BooleanType, true, "a flag")
      .column("streak", DataTypes.IntegerType, true, "an int")
      .column("calls", DataTypes.LongType, true, "a long")
      .column("value", DataTypes.DoubleType, true, "a double")
      .column("arr", DataTypes.createDecimalType(18, 2), true, "money")
      .column("seen_at", DataTypes.TimestampType, true, "a timestamp")
      .column("signals", DataTypes.createArrayType(DataTypes.StringType), true, "a list")
      .replacedByDate("as_of_date")
      .build();

  @Test
  void deltaKernelReadsTheSameRows() throws IOException {
    Warehouse wh = Warehouse.atPath(spark, SharedSpark.tempDir("bi"));
    Dataset<Row> rows = spark.createDataFrame(List.of(
        RowFactory.create(Date.valueOf("2026-03-01"), "a1", true, 3, 12_000_000_000L, 0.875,
            new BigDecimal("12000.50"), Timestamp.valueOf("2026-03-01 10:15:00"),
            scala.jdk.javaapi.CollectionConverters.asScala(List.of("seat_utilization", "team_growth")).toSeq()),
        RowFactory.create(Date.valueOf("2026-03-01"), "a2", null, null, null, null, null, null, null)),
        MIXED.schema());
    wh.replaceDates(MIXED, rows, DateRange.of(LocalDate.parse("2026-03-01")));
    wh.replaceDates(MIXED, rows.where("account_id = 'a1'"), DateRange.of(LocalDate.parse("2026-03-01")));

    List<String> bySpark = wh.read(MIXED).collectAsList().stream().map(KernelReader::render).sorted().toList();
    List<String> byKernel = KernelReader.readAll(wh.location("mixed")).stream().sorted().toList();
    assertEquals(bySpark, byKernel, "Delta Kernel must see exactly the rows Spark sees (after the rerun)");
    assertEquals(1, byKernel.size(), "the rerun replaced the date: one row left");

    String log = Files.readString(Path.of(wh.location("mixed"), "_delta_log", "00000000000000000000.json"));
    String protocol = log.lines().filter(l -> l.contains("\"protocol\"")).findFirst().orElseThrow();
    assertTrue(protocol.contains("\"minReaderVersion\":1"), "reader protocol 1 keeps BI connectors able to read: " + protocol);
    assertTrue(!protocol.contains("readerFeatures"), "no reader table features: " + protocol);
  }
}
