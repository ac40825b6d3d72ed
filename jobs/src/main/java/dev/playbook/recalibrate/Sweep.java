package dev.playbook.recalibrate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * The threshold sweep: for every signal and every cutoff c of its grid, what firing at value ≥ c would have
 * done over the labelled history.
 *
 * <p>Cost: one pass over the labelled rows whatever the grid size. Each value is bucketed to the largest grid
 * cutoff ≤ value (binary search, O(log grid)); one aggregation counts rows, conversions and won ARR per
 * (signal, bucket); a window over those few rows per signal sums them cumulatively from the top bucket down,
 * since the fires at cutoff c are exactly the rows in buckets ≥ c. Two shuffles in all (the aggregation and
 * the per-signal window over the aggregated rows), for a grid of 3 cutoffs or 3,000.
 *
 * <p>New fires: when the labelled rows carry a {@code previous_max} (the account's highest value over the
 * rearm days before, {@link Labels}), a row fires at c only when value ≥ c &gt; previous_max — the start of
 * an episode, what the playbook acts on once. The fires at c are then #(value ≥ c) − #(min(value,
 * previous_max) ≥ c): each such row adds a negative fire at the bucket of the minimum, and the same
 * cumulative sums count the new fires, still in one pass. A null previous_max (no earlier value) is new at
 * every cutoff ≤ value.
 *
 * <p>Metrics per (signal, cutoff), over the rows with a non-null value (N rows, P positives):
 * <pre>
 *   fires            = rows with value ≥ cutoff (and, with previous_max, cutoff > previous_max)
 *   conversions      = converted rows among the fires
 *   conversion_rate  = conversions / fires  (= precision)      ci_low, ci_high = Wilson 95% interval
 *   base_rate        = P / N                                   recall = conversions / P
 *   lift             = conversion_rate / base_rate
 *   expected_arr     = Σ won_arr over the converted fires (= conversions × their mean won ARR)
 *   mean_won_arr     = Σ won_arr over all P positives / P  (what a typical win is worth)
 *   fires_per_week   = fires / evaluation dates  (the workload of one weekly review)
 *   expected_arr_per_week = expected_arr / evaluation dates
 * </pre>
 * Ratios with a zero denominator are null.
 */
public final class Sweep {
  private Sweep() {}

  /** The output columns, in order. */
  public static final List<String> COLUMNS = List.of(RecalCol.SIGNAL, RecalCol.CUTOFF_INDEX, RecalCol.CUTOFF,
      RecalCol.EVALUATION_DATES, RecalCol.ROWS, RecalCol.POSITIVES, RecalCol.BASE_RATE, RecalCol.FIRES,
      RecalCol.CONVERSIONS, RecalCol.CONVERSION_RATE, RecalCol.CI_LOW, RecalCol.CI_HIGH, RecalCol.PRECISION,
      RecalCol.RECALL, RecalCol.LIFT, RecalCol.EXPECTED_ARR, RecalCol.MEAN_WON_ARR, RecalCol.FIRES_PER_WEEK,
      RecalCol.EXPECTED_ARR_PER_WEEK);

  /** Won ARR of every valued row (the totals' mean won ARR), beside the fires' expected_arr. */
  private static final String WON = "won_arr_all";

  /**
   * @param labelled {@link Labels#label} output (signal, value, converted, won_arr, optionally previous_max)
   * @param grid signal → ascending cutoffs ({@link CutoffGrid}); signals not in it are not swept
   * @param evaluationDates how many evaluation dates the labelled rows span (the workload's denominator)
   * @return one row per signal and cutoff, ordered by signal and cutoff
   */
  public static Dataset<Row> sweep(Dataset<Row> labelled, Map<String, double[]> grid, int evaluationDates) {
    RequireColumns.of(labelled, "labelled history", RecalCol.SIGNAL, RecalCol.VALUE, RecalCol.CONVERTED,
        RecalCol.WON_ARR);
    if (evaluationDates <= 0) {
      throw new IllegalArgumentException("evaluationDates must be positive, was " + evaluationDates);
    }
    for (Map.Entry<String, double[]> e : grid.entrySet()) {
      double[] c = e.getValue();
      for (int i = 1; i < c.length; i++) {
        if (!(c[i] > c[i - 1])) {
          throw new IllegalArgumentException("grid of " + e.getKey() + " must be strictly ascending: "
              + Arrays.toString(c));
        }
      }
    }

    // 1. Bucket each value: index of the largest cutoff ≤ value, −1 below the grid. Every row counts in the
    //    totals (rows, positives, won ARR) and is a fire at the cutoffs ≤ its value. With a previous_max, the
    //    fire is new only at cutoffs above it: a second, negative fire row at bucket(min(value, previous_max))
    //    takes it back out at the cutoffs ≤ both (fires at c = #(value ≥ c) − #(min ≥ c)).
    UserDefinedFunction bucketOf = bucketFunction(grid);
    Dataset<Row> valued = labelled
        .filter(col(RecalCol.VALUE).isNotNull().and(col(RecalCol.SIGNAL).isin(grid.keySet().toArray())));
    Column converted = col(RecalCol.CONVERTED).cast("long");
    Column wonArr = when(col(RecalCol.CONVERTED).equalTo(1), col(RecalCol.WON_ARR).cast("double")).otherwise(0.0);
    Dataset<Row> bucketed = valued.select(col(RecalCol.SIGNAL),
        bucketOf.apply(col(RecalCol.SIGNAL), col(RecalCol.VALUE)).as(RecalCol.CUTOFF_INDEX),
        lit(null).cast("double").as(RecalCol.CUTOFF),
        lit(1L).as(RecalCol.ROWS), converted.as(RecalCol.POSITIVES), wonArr.as(WON),
        lit(1L).as(RecalCol.FIRES), converted.as(RecalCol.CONVERSIONS), wonArr.as(RecalCol.EXPECTED_ARR));
    if (Arrays.asList(labelled.columns()).contains(RecalCol.PREVIOUS_MAX)) {
      bucketed = bucketed.unionByName(valued.filter(col(RecalCol.PREVIOUS_MAX).isNotNull()).select(
          col(RecalCol.SIGNAL),
          bucketOf.apply(col(RecalCol.SIGNAL), least(col(RecalCol.VALUE), col(RecalCol.PREVIOUS_MAX)))
              .as(RecalCol.CUTOFF_INDEX),
          lit(null).cast("double").as(RecalCol.CUTOFF),
          lit(0L).as(RecalCol.ROWS), lit(0L).as(RecalCol.POSITIVES), lit(0.0).as(WON),
          lit(-1L).as(RecalCol.FIRES), negate(converted).as(RecalCol.CONVERSIONS),
          negate(wonArr).as(RecalCol.EXPECTED_ARR)));
    }

    // 2. One empty row per grid cutoff (and the below-grid bucket), so every cutoff appears even when no value
    //    falls in its bucket; they carry the cutoff value.
    Dataset<Row> gridRows = labelled.sparkSession().createDataFrame(gridRows(grid), bucketed.schema());

    // 3. One aggregation to (signal, bucket), then cumulative sums from the top bucket down.
    Dataset<Row> perBucket = bucketed.unionByName(gridRows)
        .groupBy(RecalCol.SIGNAL, RecalCol.CUTOFF_INDEX)
        .agg(max(RecalCol.CUTOFF).as(RecalCol.CUTOFF), sum(RecalCol.ROWS).as("bucket_rows"),
            sum(RecalCol.POSITIVES).as("bucket_positives"), sum(WON).as("bucket_won"),
            sum(RecalCol.FIRES).as("bucket_fires"), sum(RecalCol.CONVERSIONS).as("bucket_conversions"),
            sum(RecalCol.EXPECTED_ARR).as("bucket_arr"));
    WindowSpec fromTop = Window.partitionBy(RecalCol.SIGNAL).orderBy(col(RecalCol.CUTOFF_INDEX).desc())
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec whole = Window.partitionBy(RecalCol.SIGNAL);
    Dataset<Row> cumulative = perBucket
        .withColumn(RecalCol.FIRES, sum("bucket_fires").over(fromTop))
        .withColumn(RecalCol.CONVERSIONS, sum("bucket_conversions").over(fromTop))
        .withColumn(RecalCol.EXPECTED_ARR, sum("bucket_arr").over(fromTop))
        .withColumn(RecalCol.ROWS, sum("bucket_rows").over(whole))
        .withColumn(RecalCol.POSITIVES, sum("bucket_positives").over(whole))
        .withColumn(RecalCol.MEAN_WON_ARR, sum("bucket_won").over(whole).divide(col(RecalCol.POSITIVES)))
        .filter(col(RecalCol.CUTOFF_INDEX).geq(0));

    // 4. Metrics.
    Column fires = col(RecalCol.FIRES);
    Column conversions = col(RecalCol.CONVERSIONS);
    Column rate = conversions.cast("double").divide(fires);
    Column baseRate = col(RecalCol.POSITIVES).cast("double").divide(col(RecalCol.ROWS));
    Column dates = lit((double) evaluationDates);
    return cumulative
        .withColumn(RecalCol.EVALUATION_DATES, lit(evaluationDates))
        .withColumn(RecalCol.BASE_RATE, baseRate)
        .withColumn(RecalCol.CONVERSION_RATE, rate)
        .withColumn(RecalCol.CI_LOW, Wilson.low(conversions, fires))
        .withColumn(RecalCol.CI_HIGH, Wilson.high(conversions, fires))
        .withColumn(RecalCol.PRECISION, rate)
        .withColumn(RecalCol.RECALL, conversions.cast("double").divide(col(RecalCol.POSITIVES)))
        .withColumn(RecalCol.LIFT, rate.divide(baseRate))
        .withColumn(RecalCol.FIRES_PER_WEEK, fires.cast("double").divide(dates))
        .withColumn(RecalCol.EXPECTED_ARR_PER_WEEK, col(RecalCol.EXPECTED_ARR).divide(dates))
        .select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new))
        .orderBy(RecalCol.SIGNAL, RecalCol.CUTOFF_INDEX);
  }

  /** Index of the largest cutoff ≤ value in the signal's grid; −1 below it. */
  static int bucket(double[] cutoffs, double value) {
    int pos = Arrays.binarySearch(cutoffs, value);
    return pos >= 0 ? pos : -pos - 2;
  }

  /** (signal, value) → {@link #bucket} in the signal's grid; −1 for a null value or a signal not in the grid. */
  static UserDefinedFunction bucketFunction(Map<String, double[]> grid) {
    HashMap<String, double[]> g = new HashMap<>(grid);
    UDF2<String, Double, Integer> f = (signal, value) ->
        value == null || !g.containsKey(signal) ? -1 : bucket(g.get(signal), value);
    return udf(f, DataTypes.IntegerType).asNonNullable();
  }

  private static List<Row> gridRows(Map<String, double[]> grid) {
    List<Row> rows = new ArrayList<>();
    grid.forEach((signal, cutoffs) -> {
      rows.add(RowFactory.create(signal, -1, null, 0L, 0L, 0.0, 0L, 0L, 0.0));
      for (int i = 0; i < cutoffs.length; i++) {
        rows.add(RowFactory.create(signal, i, cutoffs[i], 0L, 0L, 0.0, 0L, 0L, 0.0));
      }
    });
    return rows;
  }
}
