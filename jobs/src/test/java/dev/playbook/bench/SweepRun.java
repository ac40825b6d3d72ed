package dev.playbook.bench;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.playbook.features.Signal;
import dev.playbook.recalibrate.RecalCol;
import dev.playbook.recalibrate.Sweep;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The recalibration sweep ({@link Sweep#sweep}, production code) over a synthetic labelled history, with a
 * 10-cutoff and a 1,000-cutoff grid per signal, in its own JVM. The history is cached first so only the sweep is
 * timed; each grid runs twice after a warm-up, alternately, and the faster run counts.
 *
 * <p>Usage: {@code SweepRun ROWS THREADS SHUFFLE_PARTITIONS}; prints one {@code BENCH_RESULT} line.
 */
public final class SweepRun {
  private SweepRun() {}

  static final int FEW = 10;
  static final int MANY = 1_000;

  public static void main(String[] args) {
    long rows = Long.parseLong(args[0]);
    int threads = Integer.parseInt(args[1]);
    int shufflePartitions = Integer.parseInt(args[2]);
    Memory.Sampler sampler = Memory.startSampler();
    SparkSession spark = EngineRun.spark(threads, shufflePartitions);
    Dataset<Row> labelled = labelledHistory(spark, rows).persist(StorageLevel.MEMORY_AND_DISK());
    long n = labelled.count();
    Map<String, double[]> few = grid(FEW);
    Map<String, double[]> many = grid(MANY);
    int dates = 104;
    long[] warm = {time(labelled, few, dates)};
    long bestFew = Long.MAX_VALUE;
    long bestMany = Long.MAX_VALUE;
    long outFew = 0;
    long outMany = 0;
    for (int i = 0; i < 2; i++) {
      long t = System.nanoTime();
      outFew = Sweep.sweep(labelled, few, dates).collectAsList().size();
      bestFew = Math.min(bestFew, System.nanoTime() - t);
      t = System.nanoTime();
      outMany = Sweep.sweep(labelled, many, dates).collectAsList().size();
      bestMany = Math.min(bestMany, System.nanoTime() - t);
    }
    sampler.stop();
    Map<String, String> result = new LinkedHashMap<>();
    result.put("engine", "sweep");
    result.put("labelled_rows", Long.toString(n));
    result.put("signals", Integer.toString(few.size()));
    result.put("warmup_seconds", EngineRun.seconds(warm[0]));
    result.put("seconds_10", EngineRun.seconds(bestFew));
    result.put("seconds_1000", EngineRun.seconds(bestMany));
    result.put("rows_out_10", Long.toString(outFew));
    result.put("rows_out_1000", Long.toString(outMany));
    result.put("peak_heap_bytes", Long.toString(sampler.peakHeapBytes()));
    result.put("peak_rss_bytes", Long.toString(Memory.peakRssBytes()));
    System.out.println(Memory.resultLine(result));
    System.out.flush();
    spark.stop();
    System.exit(0);
  }

  private static long time(Dataset<Row> labelled, Map<String, double[]> grid, int dates) {
    long t = System.nanoTime();
    Sweep.sweep(labelled, grid, dates).collectAsList();
    return System.nanoTime() - t;
  }

  /**
   * {@code rows} labelled rows spread over the ten signals: value uniform-ish in [0, 2) from a hash of the row
   * number, converted more often above 1.0 (so the sweep has something to find), won_arr 12,000 when converted,
   * and a previous_max as with the default {@code fires: new} (null for a fifth of the rows, else uniform-ish in
   * [0, 2)), so the sweep also adds its negative fire rows.
   */
  static Dataset<Row> labelledHistory(SparkSession spark, long rows) {
    List<String> names = Arrays.stream(Signal.values()).map(Signal::key).toList();
    Column signalNames = functions.array(names.stream().map(functions::lit).toArray(Column[]::new));
    Column h1 = abs(xxhash64(col("id"), lit(1)));
    Column h2 = abs(xxhash64(col("id"), lit(2)));
    Column h3 = abs(xxhash64(col("id"), lit(3)));
    Column value = pmod(h1, lit(2_000_000L)).cast("double").divide(1_000_000.0);
    Column chance = pmod(h2, lit(1_000L)).cast("double").divide(1_000.0);
    return spark.range(rows)
        .select(element_at(signalNames, pmod(col("id"), lit((long) names.size())).cast("int").plus(1))
                .as(RecalCol.SIGNAL),
            value.as(RecalCol.VALUE), chance.as("_chance"),
            when(pmod(h3, lit(5L)).equalTo(0), lit(null).cast("double"))
                .otherwise(pmod(h3, lit(2_000_000L)).cast("double").divide(1_000_000.0)).as(RecalCol.PREVIOUS_MAX))
        .withColumn(RecalCol.CONVERTED,
            when(col("_chance").lt(when(col(RecalCol.VALUE).geq(1.0), 0.30).otherwise(0.05)), 1).otherwise(0))
        .withColumn(RecalCol.WON_ARR, when(col(RecalCol.CONVERTED).equalTo(1), 12_000.0).otherwise(0.0))
        .drop("_chance");
  }

  /** Per signal: {@code points} evenly spaced cutoffs in [0, 2). */
  static Map<String, double[]> grid(int points) {
    Map<String, double[]> grid = new LinkedHashMap<>();
    for (Signal s : Signal.values()) {
      double[] c = new double[points];
      for (int i = 0; i < points; i++) {
        c[i] = 2.0 * i / points;
      }
      grid.put(s.key(), c);
    }
    return grid;
  }
}
