package dev.playbook.recalibrate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;

import dev.playbook.config.RecalibrateConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The cutoffs swept per signal: an explicit list from config, or {@code points} cutoffs derived from the
 * signal's observed values in one aggregation over all signals —
 * {@code linear}: multiples of a round step (1, 2, 2.5 or 5 × 10^k) spanning the 1st..99th percentile, so
 * familiar values such as 0.70 or 0.85 are on the grid; {@code quantiles}: the observed quantiles. The current
 * cutoff is always added, so the sweep also reports the cutoff in use.
 */
public final class CutoffGrid {
  /**
   * The percentiles the linear grid spans: a few outliers (growth of 2,400% from almost no API calls) would
   * otherwise stretch the step so far that the useful cutoffs fall between two grid points. Values beyond the
   * range still count (above the top cutoff they fire at it). When the two percentiles are equal the grid
   * spans min..max.
   */
  static final double[] LINEAR_RANGE = {0.01, 0.99};

  private CutoffGrid() {}

  /** Signal → ascending distinct cutoffs. Collects one small aggregation (one row per signal). */
  public static Map<String, double[]> compute(Dataset<Row> labelled, RecalibrateConfig.Grid cfg,
      Map<String, Double> currentCutoffs) {
    RequireColumns.of(labelled, "labelled history", RecalCol.SIGNAL, RecalCol.VALUE);
    Dataset<Row> observed = labelled.filter(col(RecalCol.VALUE).isNotNull());
    Map<String, double[]> grid = new TreeMap<>();
    if (RecalibrateConfig.Grid.QUANTILES.equals(cfg.method())) {
      Column probs = functions.array(Arrays.stream(quantileProbabilities(cfg.points()))
          .mapToObj(functions::lit).toArray(Column[]::new));
      for (Row r : observed.groupBy(RecalCol.SIGNAL)
          .agg(percentile_approx(col(RecalCol.VALUE), probs, functions.lit(10_000)).as("q"))
          .collectAsList()) {
        List<Double> qs = r.getList(1);
        grid.put(r.getString(0), qs.stream().mapToDouble(Double::doubleValue).toArray());
      }
    } else {
      Column range = functions.array(functions.lit(LINEAR_RANGE[0]), functions.lit(LINEAR_RANGE[1]));
      for (Row r : observed.groupBy(RecalCol.SIGNAL)
          .agg(min(RecalCol.VALUE).as("lo"), max(RecalCol.VALUE).as("hi"),
              percentile_approx(col(RecalCol.VALUE), range, functions.lit(10_000)).as("p"))
          .collectAsList()) {
        List<Double> p = r.getList(3);
        boolean spread = p.get(1) > p.get(0);
        grid.put(r.getString(0), linear(spread ? p.get(0) : r.getDouble(1), spread ? p.get(1) : r.getDouble(2),
            cfg.points()));
      }
    }
    cfg.explicit().forEach((signal, cutoffs) ->
        grid.put(signal, cutoffs.stream().mapToDouble(Double::doubleValue).toArray()));
    Map<String, double[]> out = new LinkedHashMap<>();
    grid.forEach((signal, cutoffs) -> {
      TreeSet<Double> set = new TreeSet<>();
      for (double c : cutoffs) {
        set.add(c);
      }
      Double current = currentCutoffs.get(signal);
      if (current != null) {
        set.add(current);
      }
      out.put(signal, set.stream().mapToDouble(Double::doubleValue).toArray());
    });
    return out;
  }

  /** Multiples of a round step from ≤ lo to ≤ hi; about {@code points} of them. */
  static double[] linear(double lo, double hi, int points) {
    if (!(hi > lo)) {
      return new double[] {lo};
    }
    double step = roundStep((hi - lo) / (points - 1));
    long first = (long) Math.floor(lo / step + 1e-9);
    long last = (long) Math.floor(hi / step + 1e-9);
    List<Double> out = new ArrayList<>();
    for (long k = first; k <= last; k++) {
      out.add(Math.round(k * step * 1e9) / 1e9);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ raw. */
  static double roundStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double f : new double[] {1, 2, 2.5, 5, 10}) {
      if (f * magnitude >= raw * (1 - 1e-9)) {
        return f * magnitude;
      }
    }
    return 10 * magnitude;
  }

  static double[] quantileProbabilities(int points) {
    double[] p = new double[points];
    for (int i = 0; i < points; i++) {
      p[i] = (double) i / (points - 1);
    }
    return p;
  }
}
