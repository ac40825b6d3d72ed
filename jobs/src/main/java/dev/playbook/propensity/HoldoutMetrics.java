package dev.playbook.propensity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Holdout metrics of one scorer over collected rows (a holdout is thousands of account-dates per type, so it is
 * collected once and resampled on the driver), and their account-bootstrap intervals.
 *
 * <ul>
 *   <li>AUC-ROC: area under the ROC curve, ties counted half (the trapezoid over distinct scores, as Spark's
 *       BinaryClassificationMetrics computes it).</li>
 *   <li>AUC-PR: the trapezoid over (recall, precision) at every distinct score, starting at (0, precision at the
 *       top score) — Spark's areaUnderPR.</li>
 *   <li>Brier: mean (p − y)²; only for a probability (the model), not for a rank score.</li>
 *   <li>At capacity: per evaluation date, each owner takes their {@code capacity} highest-scored rows (ties by
 *       account id); precision = converted share of those, expected ARR = their won ARR per evaluation date.</li>
 * </ul>
 */
public final class HoldoutMetrics {
  private HoldoutMetrics() {}

  /** One holdout row. */
  public record Obs(String date, String account, String owner, double label, double wonArr) {}

  /** A point estimate with its 95% percentile bootstrap interval (null bounds without resamples). */
  public record Estimate(Double value, Double low, Double high) {}

  /** A calibration bin of predicted probability [lower, upper). */
  public record Bin(int bin, double lower, double upper, long rows, Double meanPredicted, Double observedRate) {}

  public static double aucRoc(double[] score, double[] label, int[] idx) {
    Integer[] order = sortedDesc(score, idx);
    double pos = 0;
    double neg = 0;
    for (int i : idx) {
      if (label[i] > 0.5) {
        pos++;
      } else {
        neg++;
      }
    }
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    double area = 0;
    double tp = 0;
    double fp = 0;
    int k = 0;
    while (k < order.length) {
      double s = score[idx[order[k]]];
      double dtp = 0;
      double dfp = 0;
      while (k < order.length && score[idx[order[k]]] == s) {
        if (label[idx[order[k]]] > 0.5) {
          dtp++;
        } else {
          dfp++;
        }
        k++;
      }
      area += dfp * (tp + dtp / 2);   // trapezoid: fp step × mean tp height
      tp += dtp;
      fp += dfp;
    }
    return area / (pos * neg);
  }

  public static double aucPr(double[] score, double[] label, int[] idx) {
    Integer[] order = sortedDesc(score, idx);
    double pos = 0;
    for (int i : idx) {
      pos += label[i] > 0.5 ? 1 : 0;
    }
    if (pos == 0) {
      return Double.NaN;
    }
    double area = 0;
    double tp = 0;
    double n = 0;
    double prevRecall = 0;
    double prevPrecision = -1;
    int k = 0;
    while (k < order.length) {
      double s = score[idx[order[k]]];
      while (k < order.length && score[idx[order[k]]] == s) {
        tp += label[idx[order[k]]] > 0.5 ? 1 : 0;
        n++;
        k++;
      }
      double recall = tp / pos;
      double precision = tp / n;
      if (prevPrecision < 0) {
        prevPrecision = precision;   // the curve starts at (0, precision at the top score)
      }
      area += (recall - prevRecall) * (precision + prevPrecision) / 2;
      prevRecall = recall;
      prevPrecision = precision;
    }
    return area;
  }

  public static double brier(double[] p, double[] label, int[] idx) {
    double sum = 0;
    for (int i : idx) {
      sum += (p[i] - label[i]) * (p[i] - label[i]);
    }
    return sum / idx.length;
  }

  public static List<Bin> calibration(double[] p, double[] label, int[] idx, int bins) {
    long[] rows = new long[bins];
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    for (int i : idx) {
      int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(p[i] * bins)));
      rows[b]++;
      sumP[b] += p[i];
      sumY[b] += label[i];
    }
    List<Bin> out = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      out.add(new Bin(b, (double) b / bins, (double) (b + 1) / bins, rows[b],
          rows[b] == 0 ? null : sumP[b] / rows[b], rows[b] == 0 ? null : sumY[b] / rows[b]));
    }
    return out;
  }

  /** {precision, selected rows per date, won ARR per date} of each owner's top {@code capacity} rows per date. */
  public static double[] atCapacity(double[] score, List<Obs> rows, int[] idx, ToDoubleFunction<String> capacity,
      int evaluationDates) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i : idx) {
      Obs o = rows.get(i);
      groups.computeIfAbsent(o.date() + "\u0000" + o.owner(), g -> new ArrayList<>()).add(i);
    }
    double selected = 0;
    double converted = 0;
    double arr = 0;
    for (List<Integer> g : groups.values()) {
      g.sort(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparing(i -> rows.get(i).account()));
      int cap = (int) Math.min(g.size(), capacity.applyAsDouble(rows.get(g.get(0)).owner()));
      for (int k = 0; k < cap; k++) {
        Obs o = rows.get(g.get(k));
        selected++;
        converted += o.label();
        arr += o.wonArr();
      }
    }
    return new double[] {selected == 0 ? Double.NaN : converted / selected, selected / evaluationDates,
        arr / evaluationDates};
  }

  /**
   * Resamples of the holdout's accounts with replacement (an account's rows stay together: its weekly rows are
   * not independent), each as the row indices it selects; the same resamples serve every scorer, so
   * differences between scorers are paired.
   */
  public static List<int[]> accountResamples(List<Obs> rows, int resamples, long seed) {
    Map<String, List<Integer>> byAccount = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      byAccount.computeIfAbsent(rows.get(i).account(), a -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> accounts = new ArrayList<>(byAccount.values());
    SplittableRandom random = new SplittableRandom(seed);
    List<int[]> out = new ArrayList<>();
    for (int b = 0; b < resamples; b++) {
      List<Integer> picked = new ArrayList<>();
      for (int a = 0; a < accounts.size(); a++) {
        picked.addAll(accounts.get(random.nextInt(accounts.size())));
      }
      out.add(picked.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }

  /** The metric on all rows and its 2.5th and 97.5th percentiles over the resamples (NaN draws skipped). */
  public static Estimate estimate(java.util.function.Function<int[], Double> metric, int[] all, List<int[]> resamples) {
    double point = metric.apply(all);
    double[] draws = resamples.stream().mapToDouble(metric::apply).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (Double.isNaN(point)) {
      return new Estimate(null, null, null);
    }
    if (draws.length == 0) {
      return new Estimate(point, null, null);
    }
    return new Estimate(point, percentile(draws, 0.025), percentile(draws, 0.975));
  }

  static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static Integer[] sortedDesc(double[] score, int[] idx) {
    Integer[] order = new Integer[idx.length];
    Arrays.setAll(order, k -> k);
    Arrays.sort(order, (a, b) -> Double.compare(score[idx[b]], score[idx[a]]));
    return order;
  }

  /** All row indices 0..n−1. */
  public static int[] all(int n) {
    int[] idx = new int[n];
    Arrays.setAll(idx, i -> i);
    return idx;
  }

}
