package dev.playbook.recalibrate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.playbook.config.RecalibrateConfig;
import dev.playbook.contract.Col;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The recalibration from labelled history to recommendations, without I/O: the training grid, the training
 * and holdout sweeps, and one recommendation per swept signal.
 *
 * <p>Cost: one small aggregation for the grid, then one sweep per period (each a single pass over that
 * period's labelled rows, see {@link Sweep}); the sweeps — a few hundred rows — are collected for the
 * recommender, and the training rows aggregated by fire pattern (a few hundred rows per signal) are collected
 * for the permutation test of each proposed change ({@link SearchPermutation}). Cache {@code labelled}
 * before calling: it is read four times.
 */
public final class Recalibration {
  private Recalibration() {}

  public static final String TRAINING = "training";
  public static final String HOLDOUT = "holdout";

  /**
   * @param sweeps both periods' sweeps with {@code period}, objective_per_week, meets_constraints and
   *     is_current_cutoff, cached (the caller may unpersist)
   * @param recommendations one per signal of the training rows (or the grid), in signal order
   * @param grid the cutoffs swept per signal
   */
  public record Result(Dataset<Row> sweeps, List<Recommender.Recommendation> recommendations,
      Map<String, double[]> grid) {}

  public static Result recalibrate(Dataset<Row> labelled, EvaluationPlan plan, RecalibrateConfig cfg,
      Map<String, Double> currentCutoffs) {
    RequireColumns.of(labelled, "labelled history", Col.AS_OF_DATE, RecalCol.SIGNAL, RecalCol.VALUE,
        RecalCol.CONVERTED, RecalCol.WON_ARR);
    Dataset<Row> training = inDates(labelled, plan.training());
    Map<String, double[]> grid = CutoffGrid.compute(training, cfg.grid(), currentCutoffs);

    Dataset<Row> sweeps = Sweep.sweep(training, grid, plan.training().size())
        .withColumn(RecalCol.PERIOD, lit(TRAINING));
    if (!plan.holdout().isEmpty()) {
      sweeps = sweeps.unionByName(Sweep.sweep(inDates(labelled, plan.holdout()), grid, plan.holdout().size())
          .withColumn(RecalCol.PERIOD, lit(HOLDOUT)));
    }
    sweeps = Recommender.annotate(sweeps, cfg.objective(), currentCutoffs).cache();

    Map<String, List<SweepPoint>> train = new LinkedHashMap<>();
    Map<String, List<SweepPoint>> hold = new LinkedHashMap<>();
    for (Row r : sweeps.orderBy(RecalCol.SIGNAL, RecalCol.PERIOD, RecalCol.CUTOFF).collectAsList()) {
      SweepPoint p = SweepPoint.of(r);
      (TRAINING.equals(r.getAs(RecalCol.PERIOD)) ? train : hold)
          .computeIfAbsent(p.signal(), s -> new ArrayList<>()).add(p);
    }
    // The search per signal, then its permutation p-value on the collected training rows, then BH and the
    // holdout over all signals (Recommender.decide).
    Map<String, SearchPermutation.Signal> rows = SearchPermutation.collect(training, grid, plan.training().size());
    TreeSet<String> signals = new TreeSet<>(rows.keySet());
    signals.addAll(grid.keySet());
    List<Recommender.Recommendation> proposals = new ArrayList<>();
    Map<String, Double> pValues = new LinkedHashMap<>();
    RecalibrateConfig.FalseDiscovery fd = cfg.falseDiscovery();
    for (String signal : signals) {
      SearchPermutation.Signal s = rows.get(signal);
      Optional<String> noData = s == null ? Optional.of("no training account-dates")
          : Recommender.whyNoData(s, cfg.objective());
      Recommender.Recommendation r = noData.isPresent()
          ? Recommender.noData(signal, currentCutoffs.get(signal), noData.get())
          : Recommender.recommend(signal, train.getOrDefault(signal, List.of()), hold.getOrDefault(signal, List.of()),
              currentCutoffs.get(signal), cfg.objective());
      if (r.proposesChange()) {
        pValues.put(signal, SearchPermutation.pValue(s, currentCutoffs.get(signal), cfg.objective(),
            fd.permutations(), fd.seed()));
      }
      proposals.add(r);
    }
    List<Recommender.Recommendation> recs = Recommender.decide(proposals, pValues, fd);
    return new Result(sweeps, recs, grid);
  }

  public static Dataset<Row> inDates(Dataset<Row> labelled, List<LocalDate> dates) {
    return labelled.filter(col(Col.AS_OF_DATE).isin(dates.stream().map(java.sql.Date::valueOf).toArray()));
  }
}
