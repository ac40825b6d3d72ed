package dev.playbook.recalibrate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import dev.playbook.config.RecalibrateConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The p-value of a proposed move that accounts for the search over cutoffs: a label-permutation test that
 * reruns the whole search ({@link Recommender#best}) on every relabelling.
 *
 * <p>Statistic: T = objective(the search's best cutoff) − objective(the current cutoff), per week, on the
 * training period. Null hypothesis: the signal says nothing about conversion beyond whether it fires at the
 * current cutoff — the labels (converted, won ARR) are exchangeable among the account-dates that fire at the
 * current cutoff, and among those that do not. Each relabelling permutes the labels within those two groups
 * (so the current cutoff's own fires, conversions and objective stay as observed), reruns the search over
 * the whole grid with the same evidence, constraints and tie rules, and records its T. With B relabellings
 * p = (1 + #{T_b ≥ T_observed}) / (1 + B): the best of ~41 cutoffs must beat the best that chance finds among
 * the same ~41, so the number of cutoffs tried is in the p-value.
 *
 * <p>Cost: the training rows are collected once, aggregated to one row per signal and fire pattern (the grid
 * indices a row fires at are a range (lo, hi]: hi = the bucket of its value, lo = the bucket of min(value,
 * previous_max) with new fires, −1 otherwise) — at most a few hundred rows per signal, with the won ARR of
 * their conversions. A relabelling draws which rows convert (O(conversions)) and sums over the patterns and
 * the grid on the driver; no Spark job per relabelling.
 */
public final class SearchPermutation {
  private SearchPermutation() {}

  /**
   * One signal's training rows, aggregated by fire pattern: the rows of pattern g fire at the grid cutoffs
   * with index in (lo[g], hi[g]]; positiveGroup and positiveWon list every conversion's pattern and won ARR.
   *
   * @param valued rows with a value; {@code positives} of them converted
   * @param minValue the smallest value (NaN without values); {@code maxValue} the largest
   */
  public record Signal(String signal, double[] grid, int evaluationDates, long rowsTotal, long valued,
      long positives, double minValue, double maxValue, int[] lo, int[] hi, long[] rows, int[] positiveGroup,
      double[] positiveWon) {}

  /**
   * Collects the training rows of every signal in {@code labelled} aggregated by fire pattern: one small
   * aggregation, its rows (a few hundred per signal) collected. Signals not in the grid (no values) come
   * back with no patterns.
   */
  public static Map<String, Signal> collect(Dataset<Row> labelled, Map<String, double[]> grid,
      int evaluationDates) {
    RequireColumns.of(labelled, "labelled history", RecalCol.SIGNAL, RecalCol.VALUE, RecalCol.CONVERTED,
        RecalCol.WON_ARR);
    Column value = col(RecalCol.VALUE);
    Column inGrid = col(RecalCol.SIGNAL).isin(grid.keySet().toArray());
    Column hi = Sweep.bucketFunction(grid).apply(col(RecalCol.SIGNAL), value);
    Column lo = Arrays.asList(labelled.columns()).contains(RecalCol.PREVIOUS_MAX)
        ? when(col(RecalCol.PREVIOUS_MAX).isNull(), lit(-1))
            .otherwise(Sweep.bucketFunction(grid).apply(col(RecalCol.SIGNAL), least(value, col(RecalCol.PREVIOUS_MAX))))
        : lit(-1);
    Column valued = value.isNotNull().and(inGrid);
    Column converted = col(RecalCol.CONVERTED).equalTo(1);
    List<Row> patterns = labelled
        .select(col(RecalCol.SIGNAL), value, valued.as("valued"), converted.as("conv"),
            col(RecalCol.WON_ARR).cast("double").as("won"),
            when(valued, lo).otherwise(lit(-1)).as("lo"), when(valued, hi).otherwise(lit(-1)).as("hi"))
        // a row that fires nowhere (lo = hi) joins the one "never" pattern
        .withColumn("never", col("lo").equalTo(col("hi")))
        .withColumn("lo", when(col("never"), lit(-1)).otherwise(col("lo")))
        .withColumn("hi", when(col("never"), lit(-1)).otherwise(col("hi")))
        .groupBy(col(RecalCol.SIGNAL), col("valued"), col("lo"), col("hi"))
        .agg(count(lit(1)).as("n"), collect_list(when(col("conv"), col("won"))).as("won"),
            min(value).as("min"), max(value).as("max"))
        .orderBy(RecalCol.SIGNAL, "valued", "lo", "hi")
        .collectAsList();

    Map<String, List<Row>> bySignal = new LinkedHashMap<>();
    for (Row r : patterns) {
      bySignal.computeIfAbsent(r.getString(0), s -> new ArrayList<>()).add(r);
    }
    Map<String, Signal> out = new LinkedHashMap<>();
    bySignal.forEach((signal, rs) -> {
      List<Row> v = rs.stream().filter(r -> r.getBoolean(1)).toList();
      long total = rs.stream().mapToLong(r -> r.getLong(4)).sum();
      int[] los = new int[v.size()];
      int[] his = new int[v.size()];
      long[] rows = new long[v.size()];
      List<Integer> pg = new ArrayList<>();
      List<Double> pw = new ArrayList<>();
      double mn = Double.NaN;
      double mx = Double.NaN;
      for (int g = 0; g < v.size(); g++) {
        Row r = v.get(g);
        los[g] = r.getInt(2);
        his[g] = r.getInt(3);
        rows[g] = r.getLong(4);
        for (Object w : r.getList(5)) {
          pg.add(g);
          pw.add(w == null ? 0.0 : (Double) w);
        }
        mn = Double.isNaN(mn) ? r.getDouble(6) : Math.min(mn, r.getDouble(6));
        mx = Double.isNaN(mx) ? r.getDouble(7) : Math.max(mx, r.getDouble(7));
      }
      out.put(signal, new Signal(signal, grid.getOrDefault(signal, new double[0]), evaluationDates, total,
          Arrays.stream(rows).sum(), pg.size(), mn, mx, los, his, rows,
          pg.stream().mapToInt(Integer::intValue).toArray(), pw.stream().mapToDouble(Double::doubleValue).toArray()));
    });
    return out;
  }

  /**
   * The sweep of one labelling, on the driver: {@code conversions[g]} and {@code won[g]} of every pattern.
   * The same fires, conversions and ARR as {@link Sweep#sweep} (no interval or lift: the search does not use
   * them).
   */
  static List<SweepPoint> sweep(Signal s, long[] conversions, double[] won) {
    int n = s.grid().length;
    long[] dFires = new long[n + 1];
    long[] dConv = new long[n + 1];
    double[] dArr = new double[n + 1];
    for (int g = 0; g < s.rows().length; g++) {
      // fires at the indices lo+1..hi
      int from = s.lo()[g] + 1;
      int to = s.hi()[g] + 1;
      if (to > from) {
        dFires[from] += s.rows()[g];
        dFires[to] -= s.rows()[g];
        dConv[from] += conversions[g];
        dConv[to] -= conversions[g];
        dArr[from] += won[g];
        dArr[to] -= won[g];
      }
    }
    double totalWon = Arrays.stream(won).sum();
    Double meanWon = s.positives() == 0 ? null : totalWon / s.positives();
    List<SweepPoint> points = new ArrayList<>(n);
    long fires = 0;
    long conv = 0;
    double arr = 0;
    for (int i = 0; i < n; i++) {
      fires += dFires[i];
      conv += dConv[i];
      arr += dArr[i];
      points.add(new SweepPoint(s.signal(), s.grid()[i], s.evaluationDates(), fires, conv,
          fires == 0 ? null : (double) conv / fires, null, null, null, arr, meanWon,
          (double) fires / s.evaluationDates()));
    }
    return points;
  }

  /** The search's gain over the current cutoff on one sweep; −∞ when no cutoff qualifies. */
  static double gain(List<SweepPoint> points, Double currentCutoff, RecalibrateConfig.Objective o) {
    Optional<SweepPoint> best = Recommender.best(points, o);
    if (best.isEmpty()) {
      return Double.NEGATIVE_INFINITY;
    }
    double current = currentCutoff == null ? 0.0 : points.stream().filter(p -> p.isAt(currentCutoff))
        .findFirst().map(p -> Recommender.objectivePerWeek(p, o)).orElse(0.0);
    return Recommender.objectivePerWeek(best.get(), o) - current;
  }

  /** The observed gain, from the collected rows as labelled. */
  static double observedGain(Signal s, Double currentCutoff, RecalibrateConfig.Objective o) {
    long[] conv = new long[s.rows().length];
    double[] won = new double[s.rows().length];
    for (int k = 0; k < s.positiveGroup().length; k++) {
      conv[s.positiveGroup()[k]]++;
      won[s.positiveGroup()[k]] += s.positiveWon()[k];
    }
    return gain(sweep(s, conv, won), currentCutoff, o);
  }

  /**
   * p = (1 + #{T_b ≥ T}) / (1 + B) over B relabellings within the two groups (firing at the current cutoff
   * or not). Deterministic: the random stream is seeded from {@code seed} and the signal's name.
   */
  public static double pValue(Signal s, Double currentCutoff, RecalibrateConfig.Objective o, int permutations,
      long seed) {
    double observed = observedGain(s, currentCutoff, o);
    if (observed == Double.NEGATIVE_INFINITY) {
      return 1.0;
    }
    int groups = s.rows().length;
    int currentIndex = -2;
    if (currentCutoff != null) {
      for (int i = 0; i < s.grid().length; i++) {
        if (Math.abs(s.grid()[i] - currentCutoff) <= 1e-9 * Math.max(1.0, Math.abs(currentCutoff))) {
          currentIndex = i;
        }
      }
    }
    // The two strata: patterns firing at the current cutoff (lo < i0 <= hi) and the rest.
    int[] stratum = new int[groups];
    for (int g = 0; g < groups; g++) {
      stratum[g] = s.lo()[g] < currentIndex && currentIndex <= s.hi()[g] ? 1 : 0;
    }
    Stratum[] strata = {new Stratum(s, stratum, 0), new Stratum(s, stratum, 1)};
    SplittableRandom rnd = new SplittableRandom(seed * 31 + s.signal().hashCode());
    int atLeast = 0;
    for (int b = 0; b < permutations; b++) {
      long[] conv = new long[groups];
      double[] won = new double[groups];
      for (Stratum st : strata) {
        st.relabel(rnd, conv, won);
      }
      if (gain(sweep(s, conv, won), currentCutoff, o) >= observed - 1e-9 * Math.max(1.0, Math.abs(observed))) {
        atLeast++;
      }
    }
    return (1.0 + atLeast) / (1.0 + permutations);
  }

  /** The rows and the conversions of one stratum; a relabelling draws which of its rows convert. */
  private static final class Stratum {
    final int[] groups;
    final long[] cumulativeRows;
    final double[] won;

    Stratum(Signal s, int[] stratum, int which) {
      List<Integer> gs = new ArrayList<>();
      for (int g = 0; g < stratum.length; g++) {
        if (stratum[g] == which) {
          gs.add(g);
        }
      }
      groups = gs.stream().mapToInt(Integer::intValue).toArray();
      cumulativeRows = new long[groups.length];
      long sum = 0;
      for (int k = 0; k < groups.length; k++) {
        sum += s.rows()[groups[k]];
        cumulativeRows[k] = sum;
      }
      List<Double> w = new ArrayList<>();
      for (int k = 0; k < s.positiveGroup().length; k++) {
        if (stratum[s.positiveGroup()[k]] == which) {
          w.add(s.positiveWon()[k]);
        }
      }
      won = w.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Draws won.length distinct rows uniformly (Floyd) and gives them the won ARR values in random order. */
    void relabel(SplittableRandom rnd, long[] conv, double[] wonPerGroup) {
      long n = groups.length == 0 ? 0 : cumulativeRows[groups.length - 1];
      int k = won.length;
      if (k == 0) {
        return;
      }
      Set<Long> drawn = new HashSet<>();
      List<Long> order = new ArrayList<>(k);
      for (long j = n - k; j < n; j++) {
        long t = rnd.nextLong(j + 1);
        long pick = drawn.add(t) ? t : j;
        if (pick == j) {
          drawn.add(j);
        }
        order.add(pick);
      }
      double[] w = won.clone();
      for (int i = w.length - 1; i > 0; i--) {
        int r = rnd.nextInt(i + 1);
        double tmp = w[i];
        w[i] = w[r];
        w[r] = tmp;
      }
      for (int i = 0; i < k; i++) {
        int pos = Arrays.binarySearch(cumulativeRows, order.get(i) + 1);
        int g = groups[pos >= 0 ? pos : -pos - 1];
        conv[g]++;
        wonPerGroup[g] += w[i];
      }
    }
  }

  /**
   * Benjamini–Hochberg adjusted p-values (step-up): adjusted p(i) = min over j ≥ i of p(j) · m / j, in the
   * ascending order of p, capped at 1. Rejecting every hypothesis with adjusted p ≤ q controls the false
   * discovery rate at q for independent or positively dependent tests.
   */
  public static double[] benjaminiHochberg(double[] p) {
    int m = p.length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
    double[] adjusted = new double[m];
    double running = 1.0;
    for (int rank = m; rank >= 1; rank--) {
      int i = order[rank - 1];
      running = Math.min(running, p[i] * m / rank);
      adjusted[i] = Math.min(1.0, running);
    }
    return adjusted;
  }
}
