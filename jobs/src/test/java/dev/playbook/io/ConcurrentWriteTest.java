package dev.playbook.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.DateRange;
import dev.playbook.cli.ExitCode;
import dev.playbook.testing.SharedSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Two runs writing the same date at the same time: one commits, the other fails as a conflict (exit 5). */
class ConcurrentWriteTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void sameDateWrittenTwiceAtOnceGivesOneCommitAndOneConflict() throws Exception {
    Warehouse wh = Warehouse.atPath(spark, SharedSpark.tempDir("conflict"));
    DateRange day = DateRange.of(LocalDate.parse("2026-05-01"));
    OutputTable table = WarehouseTestTables.SCORES;
    wh.replaceDates(table, rows(spark, "2026-05-01", "seed", 1), day);

    int writers = 4;
    CyclicBarrier start = new CyclicBarrier(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<Throwable>> results = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String writer = "w" + w;
      results.add(pool.submit(() -> {
        start.await();
        try {
          wh.replaceDates(table, rows(spark, "2026-05-01", writer, 50), day);
          return null;
        } catch (Throwable t) {
          return t;
        }
      }));
    }
    int committed = 0;
    int conflicts = 0;
    for (Future<Throwable> f : results) {
      Throwable t = f.get();
      if (t == null) {
        committed++;
      } else {
        assertTrue(dev.playbook.cli.Main.isConflict(t), "a failure other than a conflict: " + t);
        conflicts++;
      }
    }
    pool.shutdown();
    assertTrue(committed >= 1, "at least one writer commits");
    assertEquals(writers, committed + conflicts);
    List<Row> got = wh.read(table).collectAsList();
    assertEquals(50, got.size(), "exactly one writer's 50 rows for the date, no duplicates: " + got.size());
    assertEquals(1, got.stream().map(r -> r.getString(1).split("-")[0]).distinct().count(),
        "all rows come from one writer");
    assertEquals(5, ExitCode.CONFLICT.code);
  }

  static Dataset<Row> rows(SparkSession spark, String date, String writer, int n) {
    List<Row> rows = IntStream.range(0, n)
        .mapToObj(i -> RowFactory.create(Date.valueOf(date), writer + "-" + i, (double) i)).toList();
    return spark.createDataFrame(rows, WarehouseTestTables.SCORES.schema());
  }
}
