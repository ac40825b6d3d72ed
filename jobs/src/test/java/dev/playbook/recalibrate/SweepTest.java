package dev.playbook.recalibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.config.RecalibrateConfig;
import dev.playbook.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SweepTest {
  private final SparkSession spark = SharedSpark.session();

  static final StructType LABELLED = new StructType()
      .add(RecalCol.SIGNAL, DataTypes.StringType)
      .add(RecalCol.VALUE, DataTypes.DoubleType)
      .add(RecalCol.CONVERTED, DataTypes.IntegerType)
      .add(RecalCol.WON_ARR, DataTypes.DoubleType);

  private Dataset<Row> labelled(Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return spark.createDataFrame(list, LABELLED);
  }

  /**
   * Seven valued rows of signal s (one more with a null value, which is not computable and ignored):
   * 0.1 no · 0.3 no · 0.5 won 100 · 0.5 no · 0.7 won 200 · 0.9 won 300 · 0.95 no. N = 7, P = 3.
   */
  private Dataset<Row> handRows() {
    return labelled(
        new Object[] {"s", 0.1, 0, 0.0},
        new Object[] {"s", 0.3, 0, 0.0},
        new Object[] {"s", 0.5, 1, 100.0},
        new Object[] {"s", 0.5, 0, 0.0},
        new Object[] {"s", 0.7, 1, 200.0},
        new Object[] {"s", 0.9, 1, 300.0},
        new Object[] {"s", 0.95, 0, 0.0},
        new Object[] {"s", null, 1, 999.0},
        new Object[] {"t", 1.0, 1, 50.0},
        new Object[] {"t", 2.0, 0, 0.0});
  }

  @Test
  void sweepArithmeticOnHandWrittenRows() {
    Map<String, double[]> grid = new LinkedHashMap<>();
    grid.put("s", new double[] {0.2, 0.5, 0.8});
    grid.put("t", new double[] {5.0});
    List<Row> got = Sweep.sweep(handRows(), grid, 2).collectAsList();
    assertEquals(4, got.size(), "one row per signal and cutoff: " + got);

    // cutoff 0.2: fires 0.3, 0.5, 0.5, 0.7, 0.9, 0.95 → 6 fires, 3 conversions
    check(got.get(0), "s", 0.2, 6, 3, 0.5, 1.0, 0.5 / (3.0 / 7), 600.0, 3.0);
    // cutoff 0.5 (a value equal to the cutoff fires): 5 fires, 3 conversions
    check(got.get(1), "s", 0.5, 5, 3, 0.6, 1.0, 0.6 / (3.0 / 7), 600.0, 2.5);
    // cutoff 0.8: 0.9 and 0.95 → 2 fires, 1 conversion (300)
    check(got.get(2), "s", 0.8, 2, 1, 0.5, 1.0 / 3, 0.5 / (3.0 / 7), 300.0, 1.0);
    Row s = got.get(0);
    assertEquals(7L, s.<Long>getAs(RecalCol.ROWS), "the null value is not counted, the below-grid 0.1 is");
    assertEquals(200.0, s.<Double>getAs(RecalCol.MEAN_WON_ARR), 1e-9, "mean won ARR = (100 + 200 + 300) / 3");
    assertEquals(3.0 / 7, s.<Double>getAs(RecalCol.BASE_RATE), 1e-12, "base rate = 3 positives / 7 rows");
    assertEquals(0.187616, s.<Double>getAs(RecalCol.CI_LOW), 1e-6, "Wilson low of 3/6");
    assertEquals(0.812384, s.<Double>getAs(RecalCol.CI_HIGH), 1e-6, "Wilson high of 3/6");
    assertEquals(s.<Double>getAs(RecalCol.CONVERSION_RATE), s.<Double>getAs(RecalCol.PRECISION),
        "precision is the conversion rate of the fires");

    Row t = got.get(3);
    assertEquals(0L, t.<Long>getAs(RecalCol.FIRES), "nothing reaches 5.0");
    assertNull(t.getAs(RecalCol.CONVERSION_RATE), "no fires: rate is null, not NaN");
    assertNull(t.getAs(RecalCol.CI_LOW), "no fires: no interval");
    assertEquals(0.0, t.<Double>getAs(RecalCol.RECALL), 1e-12, "no fires: recall 0 of 1 positive");
  }

  @Test
  void newFiresCountOnlyCutoffsAboveThePreviousMax() {
    // value, previous_max, converted, won_arr; a fire at c is new when value ≥ c > previous_max
    StructType schema = LABELLED.add(RecalCol.PREVIOUS_MAX, DataTypes.DoubleType);
    List<Row> rows = List.of(
        RowFactory.create("s", 0.9, 1, 100.0, null),   // no earlier value: new at 0.2, 0.5, 0.8
        RowFactory.create("s", 0.9, 0, 0.0, 0.85),     // new only in (0.85, 0.9]: at no grid cutoff
        RowFactory.create("s", 0.6, 1, 50.0, 0.4),     // new in (0.4, 0.6]: at 0.5
        RowFactory.create("s", 0.6, 0, 0.0, 0.9),      // was higher before: never new
        RowFactory.create("s", 0.3, 0, 0.0, 0.1));     // new in (0.1, 0.3]: at 0.2
    Map<String, double[]> grid = Map.of("s", new double[] {0.2, 0.5, 0.8});
    List<Row> got = Sweep.sweep(spark.createDataFrame(rows, schema), grid, 1).collectAsList();

    check(got.get(0), "s", 0.2, 2, 1, 0.5, 0.5, 0.5 / 0.4, 100.0, 2.0);
    check(got.get(1), "s", 0.5, 2, 2, 1.0, 1.0, 1.0 / 0.4, 150.0, 2.0);
    check(got.get(2), "s", 0.8, 1, 1, 1.0, 0.5, 1.0 / 0.4, 100.0, 1.0);
    assertEquals(5L, got.get(0).<Long>getAs(RecalCol.ROWS), "every valued row counts in the totals");
    assertEquals(75.0, got.get(0).<Double>getAs(RecalCol.MEAN_WON_ARR), 1e-9, "(100 + 50) / 2 positives");
  }

  private static void check(Row r, String signal, double cutoff, long fires, long conversions, double rate,
      double recall, double lift, double arr, double firesPerWeek) {
    String at = signal + " ≥ " + cutoff + ": ";
    assertEquals(signal, r.getAs(RecalCol.SIGNAL), at + "signal");
    assertEquals(cutoff, r.<Double>getAs(RecalCol.CUTOFF), 1e-12, at + "cutoff");
    assertEquals(fires, r.<Long>getAs(RecalCol.FIRES), at + "fires");
    assertEquals(conversions, r.<Long>getAs(RecalCol.CONVERSIONS), at + "conversions");
    assertEquals(rate, r.<Double>getAs(RecalCol.CONVERSION_RATE), 1e-12, at + "conversion rate");
    assertEquals(recall, r.<Double>getAs(RecalCol.RECALL), 1e-12, at + "recall");
    assertEquals(lift, r.<Double>getAs(RecalCol.LIFT), 1e-12, at + "lift = rate / base rate");
    assertEquals(arr, r.<Double>getAs(RecalCol.EXPECTED_ARR), 1e-9, at + "expected ARR = won ARR of the fires");
    assertEquals(firesPerWeek, r.<Double>getAs(RecalCol.FIRES_PER_WEEK), 1e-12, at + "fires / 2 evaluation dates");
  }

  @Test
  void bucketIsTheLargestCutoffAtOrBelowTheValue() {
    double[] grid = {0.2, 0.5, 0.8};
    assertEquals(-1, Sweep.bucket(grid, 0.1), "below the grid");
    assertEquals(0, Sweep.bucket(grid, 0.2), "on a cutoff");
    assertEquals(1, Sweep.bucket(grid, 0.79), "between");
    assertEquals(2, Sweep.bucket(grid, 9.0), "above the grid");
  }

  @Test
  void planDoesNotGrowWithTheGrid() {
    String small = plan(3);
    String large = plan(500);
    assertEquals(count(small, "Exchange"), count(large, "Exchange"),
        "same number of shuffles for 3 and 500 cutoffs:\n" + small + "\n---\n" + large);
    assertEquals(count(small, "HashAggregate"), count(large, "HashAggregate"),
        "same number of aggregations for 3 and 500 cutoffs");
    assertEquals(count(small, "Window"), count(large, "Window"), "same windows for 3 and 500 cutoffs");
    assertTrue(count(small, "Exchange") <= 3,
        "one shuffle to aggregate, one for the per-signal window, one for the final order:\n" + small);
    long rows = Sweep.sweep(handRows(), Map.of("s", linearGrid(500)), 1).count();
    assertEquals(500, rows, "every cutoff is reported");

    // New fires (rows with a previous_max) add negative rows to the same aggregation, not work per cutoff.
    Dataset<Row> withPrevious = handRows().withColumn(RecalCol.PREVIOUS_MAX, org.apache.spark.sql.functions.lit(0.4));
    String smallNew = plan(withPrevious, 3);
    String largeNew = plan(withPrevious, 500);
    assertEquals(count(smallNew, "Exchange"), count(largeNew, "Exchange"), "new fires: same shuffles:\n" + largeNew);
    assertEquals(count(smallNew, "HashAggregate"), count(largeNew, "HashAggregate"), "new fires: same aggregations");
  }

  private String plan(int cutoffs) {
    return plan(handRows(), cutoffs);
  }

  private static String plan(Dataset<Row> rows, int cutoffs) {
    return Sweep.sweep(rows, Map.of("s", linearGrid(cutoffs)), 1).queryExecution().executedPlan().toString();
  }

  private static double[] linearGrid(int n) {
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = (double) i / n;
    }
    return g;
  }

  private static int count(String text, String word) {
    return text.split(word, -1).length - 1;
  }

  @Test
  void linearGridUsesRoundSteps() {
    assertEquals(0.025, CutoffGrid.roundStep(0.025), 1e-12, "already round");
    assertEquals(0.05, CutoffGrid.roundStep(0.03), 1e-12, "rounded up to 5 × 10^-2");
    double[] g = CutoffGrid.linear(0.013, 0.98, 41);
    assertEquals(0.0, g[0], 1e-12, "starts at the step multiple at or below the minimum");
    assertEquals(0.975, g[g.length - 1], 1e-12, "ends at the step multiple at or below the maximum");
    assertArrayEquals(new double[] {0.7, 0.725, 0.75}, Arrays.copyOfRange(g, 28, 31), 1e-12,
        "familiar cutoffs are on the grid");
  }

  @Test
  void linearGridSpansThePercentilesNotTheOutliers() {
    // 200 growth values 0.00..1.99 and two outliers at 24 and 30 (growth from almost no calls), one constant
    // signal: min..max would give a step of 1.0 and no cutoff between 0 and 1.
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(new Object[] {"growth", i / 100.0, 0, 0.0});
      rows.add(new Object[] {"flat", 3.0, 0, 0.0});
    }
    rows.add(new Object[] {"growth", 24.0, 1, 10.0});
    rows.add(new Object[] {"growth", 30.0, 1, 10.0});
    Map<String, double[]> grid = CutoffGrid.compute(labelled(rows.toArray(Object[][]::new)),
        new RecalibrateConfig.Grid("linear", 41, Map.of()), Map.of("growth", 0.6));
    double[] g = grid.get("growth");
    assertEquals(0.05, g[1] - g[0], 1e-9, "1st..99th percentile (about 0.02..1.97) over 40 steps: 0.05");
    assertTrue(Arrays.stream(g).anyMatch(c -> Math.abs(c - 0.4) < 1e-9), "0.40 is on the grid");
    assertTrue(g[g.length - 1] < 2.0, "the outliers do not stretch the grid; they fire at its top cutoff");
    assertArrayEquals(new double[] {3.0}, grid.get("flat"), 1e-12, "a constant signal: its one value");
  }
}
