package dev.playbook.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.DateRange;
import dev.playbook.testing.SharedSpark;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class WarehouseTest {
  private final SparkSession spark = SharedSpark.session();

  private static final OutputTable SCORES = WarehouseTestTables.SCORES;

  private Dataset<Row> rows(String date, String... accounts) {
    List<Row> rows = java.util.Arrays.stream(accounts)
        .map(a -> RowFactory.create(java.sql.Date.valueOf(date), a, 1.0)).toList();
    return spark.createDataFrame(rows, SCORES.schema());
  }

  @Test
  void rerunOfADateReplacesThatDateOnly() {
    Warehouse wh = Warehouse.atPath(spark, SharedSpark.tempDir("wh"));
    wh.replaceDates(SCORES, rows("2026-01-01", "a", "b"), DateRange.of(LocalDate.parse("2026-01-01")));
    wh.replaceDates(SCORES, rows("2026-01-02", "a"), DateRange.of(LocalDate.parse("2026-01-02")));
    wh.replaceDates(SCORES, rows("2026-01-01", "c"), DateRange.of(LocalDate.parse("2026-01-01")));
    List<Row> got = wh.read(SCORES).orderBy("as_of_date", "account_id").collectAsList();
    assertEquals("[[2026-01-01,c,1.0], [2026-01-02,a,1.0]]", got.toString(),
        "the rerun of 01-01 must replace 01-01 and keep 01-02");
  }

  @Test
  void commentsReachTheDeltaTable() {
    Warehouse wh = Warehouse.atPath(spark, SharedSpark.tempDir("wh"));
    wh.replaceDates(SCORES, rows("2026-01-01", "a"), DateRange.of(LocalDate.parse("2026-01-01")));
    String loc = wh.location("scores");
    List<Row> described = spark.sql("DESCRIBE TABLE delta.`" + loc + "`").collectAsList();
    assertTrue(described.stream().anyMatch(r -> r.getString(0).equals("score") && "a score".equals(r.getString(2))),
        described.toString());
    String comment = spark.sql("DESCRIBE DETAIL delta.`" + loc + "`").first().getAs("description");
    assertTrue(comment.startsWith("Grain: one row per account and as-of date"), comment);
  }

  @Test
  void missingColumnFailsBeforeWriting() {
    Warehouse wh = Warehouse.atPath(spark, SharedSpark.tempDir("wh"));
    Dataset<Row> bad = rows("2026-01-01", "a").drop("score");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> wh.replaceDates(SCORES, bad, DateRange.of(LocalDate.parse("2026-01-01"))));
    assertTrue(e.getMessage().contains("scores") && e.getMessage().contains("score"), e.getMessage());
    assertTrue(!wh.exists("scores"), "nothing may be written");
  }

  @Test
  void sparkTestingBaseAssertsWork() {
    SharedSpark.assertEquals(rows("2026-01-01", "a"), rows("2026-01-01", "a"));
    assertThrows(AssertionError.class, () -> SharedSpark.assertEquals(rows("2026-01-01", "a"),
        rows("2026-01-01", "b")));
  }
}
