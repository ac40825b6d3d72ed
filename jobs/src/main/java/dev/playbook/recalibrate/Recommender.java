package dev.playbook.recalibrate;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;

import dev.playbook.config.RecalibrateConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Recommends a cutoff per signal from its training sweep by the configured objective, and checks it on the
 * later holdout sweep.
 *
 * <ol>
 *   <li>Objective per week: {@code net_arr} = (expected_arr − break_even_rate × mean_won_arr × fires) /
 *       evaluation dates, the ARR a weekly review gains net of the effort of acting on every fire, a fire
 *       costing break_even_rate of a typical win; or {@code expected_arr} = expected_arr / evaluation dates.
 *       With net_arr the best cutoff is where the marginal fire stops paying (the fires a lower cutoff adds
 *       convert below break_even_rate); with expected_arr, which only grows as the cutoff falls, it is the
 *       lowest cutoff the constraints allow. Pricing a fire in the signal's own won ARR keeps break_even_rate
 *       free of the currency and deal size.</li>
 *   <li>A cutoff is a candidate only with enough evidence (fires ≥ min_fires, conversions ≥ min_conversions)
 *       and within the constraints (conversion rate ≥ min_conversion_rate, fires per week ≤
 *       max_fires_per_week). The best candidate maximizes the objective; ties go to the fewer fires.</li>
 *   <li>Holdout check of the best cutoff on the holdout sweep: {@code passed} when its holdout conversion rate
 *       is ≥ the floor, {@code failed} when even the Wilson upper bound is below it, else (or with no holdout
 *       fires) {@code inconclusive}.</li>
 *   <li>Decision: {@code keep} the current cutoff when no cutoff has enough evidence, none meets the
 *       constraints, the best candidate's objective is not positive (net_arr: acting on its fires would cost
 *       more than they win), the best is the current one, the current one is a candidate whose objective is within
 *       keep_within of the best, or the holdout check failed; otherwise {@code change} to the best.</li>
 * </ol>
 */
public final class Recommender {
  private Recommender() {}

  public static final String CHANGE = "change";
  public static final String KEEP = "keep";

  public static final String BETTER_OBJECTIVE = "better_objective";
  public static final String INSUFFICIENT_EVIDENCE = "insufficient_evidence";
  public static final String NO_CUTOFF_MEETS_CONSTRAINTS = "no_cutoff_meets_constraints";
  public static final String NO_POSITIVE_OBJECTIVE = "no_positive_objective";
  public static final String ALREADY_BEST = "already_best";
  public static final String CURRENT_WITHIN_TOLERANCE = "current_within_tolerance";
  public static final String HOLDOUT_FAILED = "holdout_failed";

  public static final String PASSED = "passed";
  public static final String FAILED = "failed";
  public static final String INCONCLUSIVE = "inconclusive";

  /**
   * @param signal the signal
   * @param currentCutoff the cutoff in use (null when unknown: then any candidate is a change)
   * @param best the objective's pick in training, empty when none qualified
   * @param recommendedCutoff the cutoff to use: the best on change, the current one on keep
   * @param decision {@link #CHANGE} or {@link #KEEP}
   * @param reason why (one of the constants above)
   * @param current the current cutoff's training sweep point, when on the grid
   * @param holdout the best cutoff's holdout sweep point, when there is a holdout
   * @param holdoutCheck passed / failed / inconclusive; null without a best cutoff
   */
  public record Recommendation(
      String signal,
      Double currentCutoff,
      Optional<SweepPoint> best,
      Double recommendedCutoff,
      String decision,
      String reason,
      Optional<SweepPoint> current,
      Optional<SweepPoint> holdout,
      String holdoutCheck,
      Double bestObjectivePerWeek,
      Double currentObjectivePerWeek) {}

  /** The objective of one sweep point, per evaluation date (= per weekly review). */
  public static double objectivePerWeek(SweepPoint p, RecalibrateConfig.Objective o) {
    double value = RecalibrateConfig.Objective.NET_ARR.equals(o.maximize())
        ? p.expectedArr()
            - o.breakEvenRate() * (p.meanWonArr() == null ? 0.0 : p.meanWonArr()) * p.fires()
        : p.expectedArr();
    return value / p.evaluationDates();
  }

  static boolean hasEvidence(SweepPoint p, RecalibrateConfig.Objective o) {
    return p.fires() >= o.minFires() && p.conversions() >= o.minConversions();
  }

  static boolean meetsConstraints(SweepPoint p, RecalibrateConfig.Objective o) {
    return hasEvidence(p, o) && p.conversionRate() != null && p.conversionRate() >= o.minConversionRate()
        && p.firesPerWeek() <= o.maxFiresPerWeek();
  }

  /** Holdout verdict for a cutoff's holdout point against the conversion-rate floor. */
  static String holdoutCheck(SweepPoint h, double floor) {
    if (h == null || h.fires() == 0 || h.conversionRate() == null) {
      return INCONCLUSIVE;
    }
    if (h.conversionRate() >= floor) {
      return PASSED;
    }
    return h.ciHigh() != null && h.ciHigh() < floor ? FAILED : INCONCLUSIVE;
  }

  /**
   * @param training the signal's training sweep points
   * @param holdout the signal's holdout sweep points (same grid), possibly empty
   */
  public static Recommendation recommend(String signal, List<SweepPoint> training, List<SweepPoint> holdout,
      Double currentCutoff, RecalibrateConfig.Objective o) {
    Optional<SweepPoint> current = currentCutoff == null ? Optional.empty()
        : training.stream().filter(p -> p.isAt(currentCutoff)).findFirst();
    Double currentObjective = current.map(p -> objectivePerWeek(p, o)).orElse(null);
    if (training.stream().noneMatch(p -> hasEvidence(p, o))) {
      return keep(signal, currentCutoff, Optional.empty(), INSUFFICIENT_EVIDENCE, current, Optional.empty(),
          null, null, currentObjective);
    }
    List<SweepPoint> candidates = new ArrayList<>(training.stream().filter(p -> meetsConstraints(p, o)).toList());
    if (candidates.isEmpty()) {
      return keep(signal, currentCutoff, Optional.empty(), NO_CUTOFF_MEETS_CONSTRAINTS, current,
          Optional.empty(), null, null, currentObjective);
    }
    // Ties: fewer fires; cutoffs that select the very same fires (no observed value between them) are
    // indistinguishable on the evidence: take the highest, i.e. the lowest value an account actually had.
    candidates.sort(Comparator.comparingDouble((SweepPoint p) -> objectivePerWeek(p, o)).reversed()
        .thenComparingLong(SweepPoint::fires)
        .thenComparing(Comparator.comparingDouble(SweepPoint::cutoff).reversed()));
    SweepPoint best = candidates.get(0);
    double bestObjective = objectivePerWeek(best, o);
    if (bestObjective <= 0) {
      // Acting on the fires of any candidate costs more than its wins bring (net_arr): nothing to move to.
      return keep(signal, currentCutoff, Optional.of(best), NO_POSITIVE_OBJECTIVE, current, Optional.empty(),
          null, bestObjective, currentObjective);
    }
    Optional<SweepPoint> holdoutPoint = holdout.stream().filter(p -> p.isAt(best.cutoff())).findFirst();
    String check = holdoutCheck(holdoutPoint.orElse(null), o.minConversionRate());

    if (currentCutoff != null && best.isAt(currentCutoff)) {
      return keep(signal, currentCutoff, Optional.of(best), ALREADY_BEST, current, holdoutPoint, check,
          bestObjective, currentObjective);
    }
    if (current.isPresent() && meetsConstraints(current.get(), o)
        && currentObjective >= bestObjective - o.keepWithin() * Math.abs(bestObjective)) {
      return keep(signal, currentCutoff, Optional.of(best), CURRENT_WITHIN_TOLERANCE, current, holdoutPoint,
          check, bestObjective, currentObjective);
    }
    if (FAILED.equals(check)) {
      return keep(signal, currentCutoff, Optional.of(best), HOLDOUT_FAILED, current, holdoutPoint, check,
          bestObjective, currentObjective);
    }
    return new Recommendation(signal, currentCutoff, Optional.of(best), best.cutoff(), CHANGE, BETTER_OBJECTIVE,
        current, holdoutPoint, check, bestObjective, currentObjective);
  }

  private static Recommendation keep(String signal, Double currentCutoff, Optional<SweepPoint> best,
      String reason, Optional<SweepPoint> current, Optional<SweepPoint> holdout, String check,
      Double bestObjective, Double currentObjective) {
    return new Recommendation(signal, currentCutoff, best, currentCutoff, KEEP, reason, current, holdout, check,
        bestObjective, currentObjective);
  }

  /**
   * Adds to a sweep, for charts: objective_per_week, meets_constraints (evidence and constraints) and
   * is_current_cutoff. Same definitions as {@link #objectivePerWeek} and {@link #meetsConstraints}.
   */
  public static Dataset<Row> annotate(Dataset<Row> sweep, RecalibrateConfig.Objective o,
      Map<String, Double> currentCutoffs) {
    RequireColumns.of(sweep, "sweep", RecalCol.SIGNAL, RecalCol.CUTOFF, RecalCol.FIRES, RecalCol.CONVERSIONS,
        RecalCol.CONVERSION_RATE, RecalCol.EXPECTED_ARR, RecalCol.MEAN_WON_ARR, RecalCol.FIRES_PER_WEEK,
        RecalCol.EVALUATION_DATES);
    Column value = RecalibrateConfig.Objective.NET_ARR.equals(o.maximize())
        ? col(RecalCol.EXPECTED_ARR).minus(col(RecalCol.FIRES).multiply(o.breakEvenRate())
            .multiply(coalesce(col(RecalCol.MEAN_WON_ARR), lit(0.0))))
        : col(RecalCol.EXPECTED_ARR);
    Column meets = col(RecalCol.FIRES).geq(o.minFires())
        .and(col(RecalCol.CONVERSIONS).geq(o.minConversions()))
        .and(col(RecalCol.CONVERSION_RATE).geq(o.minConversionRate()))
        .and(col(RecalCol.FIRES_PER_WEEK).leq(o.maxFiresPerWeek()));
    List<Column> pairs = new ArrayList<>();
    currentCutoffs.forEach((s, c) -> {
      if (c != null) {
        pairs.add(lit(s));
        pairs.add(lit(c));
      }
    });
    Column current = pairs.isEmpty() ? lit(null).cast("double")
        : element_at(map(pairs.toArray(Column[]::new)), col(RecalCol.SIGNAL));
    Column isCurrent = current.isNotNull()
        .and(abs(col(RecalCol.CUTOFF).minus(current)).leq(lit(1e-9)));
    return sweep
        .withColumn(RecalCol.OBJECTIVE_PER_WEEK, value.divide(col(RecalCol.EVALUATION_DATES).cast("double")))
        .withColumn(RecalCol.MEETS_CONSTRAINTS, coalesce(meets, lit(false)))
        .withColumn(RecalCol.IS_CURRENT_CUTOFF, coalesce(isCurrent, lit(false)));
  }
}
