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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Recommends a cutoff per signal from its training sweep by the configured objective, and lets a change
 * through only with evidence that survives the search and a confirming holdout.
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
 *       max_fires_per_week). The best candidate maximizes the objective; ties go to the fewer fires
 *       ({@link #best}).</li>
 *   <li>{@link #recommend} proposes: {@code keep} the current cutoff when no cutoff has enough evidence, none
 *       meets the constraints, the best candidate's objective is not positive (net_arr: acting on its fires
 *       would cost more than they win), the best is the current one, or the current one is a candidate whose
 *       objective is within keep_within of the best; otherwise {@code change} to the best, pending 4.</li>
 *   <li>{@link #decide}, over all signals: a proposed change stays a change only when its permutation p-value
 *       ({@link SearchPermutation}) survives Benjamini–Hochberg over the signals swept at the configured q,
 *       and its holdout check passed: on the holdout the best cutoff's objective beats the current one's and
 *       its conversion rate reaches the floor ({@link #holdoutCheck}).</li>
 * </ol>
 *
 * <p>A signal without usable training data ({@link #noData}) gets no proposal and no rate: only the reason.
 */
public final class Recommender {
  private Recommender() {}

  public static final String CHANGE = "change";
  public static final String KEEP = "keep";

  public static final String BETTER_OBJECTIVE = "better_objective";
  public static final String NO_DATA = "no_data";
  public static final String INSUFFICIENT_EVIDENCE = "insufficient_evidence";
  public static final String NO_CUTOFF_MEETS_CONSTRAINTS = "no_cutoff_meets_constraints";
  public static final String NO_POSITIVE_OBJECTIVE = "no_positive_objective";
  public static final String ALREADY_BEST = "already_best";
  public static final String CURRENT_WITHIN_TOLERANCE = "current_within_tolerance";
  public static final String NOT_SIGNIFICANT = "not_significant";
  public static final String HOLDOUT_NOT_CONFIRMED = "holdout_not_confirmed";

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
   * @param detail the reason in words, with its numbers (printed, in the patch and the table)
   * @param current the current cutoff's training sweep point, when on the grid
   * @param holdout the best cutoff's holdout sweep point, when there is a holdout
   * @param holdoutCheck passed / failed / inconclusive; null without a best cutoff
   * @param holdoutGainPerWeek holdout objective per week at the best cutoff minus at the current one
   * @param pValue the permutation p-value of the search's gain; null when nothing was proposed
   * @param pAdjusted pValue adjusted by Benjamini–Hochberg over the signals swept
   */
  public record Recommendation(
      String signal,
      Double currentCutoff,
      Optional<SweepPoint> best,
      Double recommendedCutoff,
      String decision,
      String reason,
      String detail,
      Optional<SweepPoint> current,
      Optional<SweepPoint> holdout,
      String holdoutCheck,
      Double bestObjectivePerWeek,
      Double currentObjectivePerWeek,
      Double holdoutGainPerWeek,
      Double pValue,
      Double pAdjusted) {

    /** Whether the search proposed a change (before {@link #decide}). */
    boolean proposesChange() {
      return CHANGE.equals(decision);
    }

    Recommendation kept(String why, String words, Double p, Double adjusted) {
      return new Recommendation(signal, currentCutoff, best, currentCutoff, KEEP, why, words, current, holdout,
          holdoutCheck, bestObjectivePerWeek, currentObjectivePerWeek, holdoutGainPerWeek, p, adjusted);
    }

    Recommendation changed(String words, Double p, Double adjusted) {
      return new Recommendation(signal, currentCutoff, best, recommendedCutoff, CHANGE, BETTER_OBJECTIVE, words,
          current, holdout, holdoutCheck, bestObjectivePerWeek, currentObjectivePerWeek, holdoutGainPerWeek, p,
          adjusted);
    }
  }

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

  /**
   * The search: the candidate (evidence and constraints) with the best objective. Ties: fewer fires; cutoffs
   * that select the very same fires (no observed value between them) are indistinguishable on the evidence:
   * the highest, i.e. the lowest value an account actually had.
   */
  static Optional<SweepPoint> best(List<SweepPoint> training, RecalibrateConfig.Objective o) {
    return training.stream().filter(p -> meetsConstraints(p, o))
        .min(Comparator.comparingDouble((SweepPoint p) -> objectivePerWeek(p, o)).reversed()
            .thenComparingLong(SweepPoint::fires)
            .thenComparing(Comparator.comparingDouble(SweepPoint::cutoff).reversed()));
  }

  /**
   * Holdout verdict of a move from the current cutoff to the best one: {@code passed} when the best cutoff's
   * holdout objective beats the current cutoff's ({@code gain} > 0) and its holdout conversion rate reaches
   * the floor; {@code failed} when the gain is negative or even the rate's Wilson upper bound is below the
   * floor; otherwise — no holdout fires at the best cutoff, no gain either way, or a rate below the floor
   * that the interval cannot rule out — {@code inconclusive}.
   */
  static String holdoutCheck(SweepPoint h, Double gain, double floor) {
    if (h == null || h.fires() == 0 || h.conversionRate() == null || gain == null) {
      return INCONCLUSIVE;
    }
    if (gain < 0 || h.ciHigh() != null && h.ciHigh() < floor) {
      return FAILED;
    }
    return gain > 0 && h.conversionRate() >= floor ? PASSED : INCONCLUSIVE;
  }

  /** A signal without usable training data: kept, with why, and no rate. */
  public static Recommendation noData(String signal, Double currentCutoff, String why) {
    return new Recommendation(signal, currentCutoff, Optional.empty(), currentCutoff, KEEP, NO_DATA,
        "no data: " + why, Optional.empty(), Optional.empty(), null, null, null, null, null, null);
  }

  /**
   * Why a signal's training rows cannot support a recommendation, or empty when they can: no value at all,
   * fewer valued account-dates than min_fires, a single value (no variation: any cutoff fires on all or none),
   * or no conversion of its expansion type.
   */
  public static Optional<String> whyNoData(SearchPermutation.Signal s, RecalibrateConfig.Objective o) {
    if (s.valued() == 0) {
      return Optional.of(s.rowsTotal() + " training account-dates, none with a computable value");
    }
    if (s.valued() < o.minFires()) {
      return Optional.of("only " + s.valued() + " training account-dates with a value (min_fires " + o.minFires()
          + ")");
    }
    if (!(s.maxValue() > s.minValue())) {
      return Optional.of("every one of its " + s.valued() + " training values is "
          + RecommendationReport.num(s.minValue()) + " (no variation)");
    }
    if (s.positives() == 0) {
      return Optional.of("no conversion among its " + s.valued() + " training account-dates");
    }
    return Optional.empty();
  }

  /**
   * The search's proposal for one signal (a change still to pass {@link #decide}).
   *
   * @param training the signal's training sweep points
   * @param holdout the signal's holdout sweep points (same grid), possibly empty
   */
  public static Recommendation recommend(String signal, List<SweepPoint> training, List<SweepPoint> holdout,
      Double currentCutoff, RecalibrateConfig.Objective o) {
    Optional<SweepPoint> current = at(training, currentCutoff);
    Double currentObjective = current.map(p -> objectivePerWeek(p, o)).orElse(null);
    Proposal keep = (reason, best, words) -> new Recommendation(signal, currentCutoff, best, currentCutoff, KEEP,
        reason, words, current, Optional.empty(), null, best.map(b -> objectivePerWeek(b, o)).orElse(null),
        currentObjective, null, null, null);
    if (training.stream().noneMatch(p -> hasEvidence(p, o))) {
      return keep.of(INSUFFICIENT_EVIDENCE, Optional.empty(), "no cutoff has " + o.minFires() + " fires and "
          + o.minConversions() + " conversions in training");
    }
    Optional<SweepPoint> found = best(training, o);
    if (found.isEmpty()) {
      return keep.of(NO_CUTOFF_MEETS_CONSTRAINTS, found, "no cutoff with the sample converts at "
          + RecommendationReport.pct(o.minConversionRate()) + " within " + RecommendationReport.num(o.maxFiresPerWeek())
          + " fires/week");
    }
    SweepPoint best = found.get();
    double bestObjective = objectivePerWeek(best, o);
    if (bestObjective <= 0) {
      // Acting on the fires of any candidate costs more than its wins bring (net_arr): nothing to move to.
      return keep.of(NO_POSITIVE_OBJECTIVE, found, "the best candidate " + RecommendationReport.num(best.cutoff())
          + " loses " + RecommendationReport.num(-bestObjective) + "/week net of its fires' cost");
    }
    if (currentCutoff != null && best.isAt(currentCutoff)) {
      return keep.of(ALREADY_BEST, found, "the current cutoff has the best objective");
    }
    if (current.isPresent() && meetsConstraints(current.get(), o)
        && currentObjective >= bestObjective - o.keepWithin() * Math.abs(bestObjective)) {
      return keep.of(CURRENT_WITHIN_TOLERANCE, found, "the current cutoff's objective is within "
          + RecommendationReport.pct(o.keepWithin()) + " of the best");
    }
    Optional<SweepPoint> holdoutBest = at(holdout, best.cutoff());
    Double gain = holdout.isEmpty() || holdoutBest.isEmpty() ? null
        : objectivePerWeek(holdoutBest.get(), o)
            - at(holdout, currentCutoff).map(p -> objectivePerWeek(p, o)).orElse(0.0);
    return new Recommendation(signal, currentCutoff, found, best.cutoff(), CHANGE, BETTER_OBJECTIVE, null,
        current, holdoutBest, holdoutCheck(holdoutBest.orElse(null), gain, o.minConversionRate()), bestObjective,
        currentObjective, gain, null, null);
  }

  private interface Proposal {
    Recommendation of(String reason, Optional<SweepPoint> best, String words);
  }

  private static Optional<SweepPoint> at(List<SweepPoint> points, Double cutoff) {
    return cutoff == null ? Optional.empty() : points.stream().filter(p -> p.isAt(cutoff)).findFirst();
  }

  /**
   * The false-discovery control over all signals: Benjamini–Hochberg over the m signals swept with data (a
   * signal without a proposal counts with p = 1), then a proposed change is kept unless its adjusted p-value
   * is ≤ q and its holdout check passed.
   *
   * @param pValues signal → permutation p-value of its proposal ({@link SearchPermutation#pValue})
   */
  public static List<Recommendation> decide(List<Recommendation> proposals, Map<String, Double> pValues,
      RecalibrateConfig.FalseDiscovery fd) {
    List<Recommendation> tested = proposals.stream().filter(r -> !NO_DATA.equals(r.reason())).toList();
    double[] p = tested.stream().mapToDouble(r -> r.proposesChange() ? pValues.get(r.signal()) : 1.0).toArray();
    double[] adjusted = SearchPermutation.benjaminiHochberg(p);
    Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < tested.size(); i++) {
      index.put(tested.get(i).signal(), i);
    }
    int m = tested.size();
    List<Recommendation> out = new ArrayList<>();
    for (Recommendation r : proposals) {
      if (!r.proposesChange()) {
        out.add(r);
        continue;
      }
      int i = index.get(r.signal());
      String evidence = String.format(Locale.ROOT, "p = %s (%s after BH over %d signals, q %s)",
          pNum(p[i]), pNum(adjusted[i]), m, RecommendationReport.num(fd.q()));
      String holdout = r.holdoutGainPerWeek() == null ? "no holdout to confirm it"
          : String.format(Locale.ROOT, "holdout gain %s/week at %s vs %s, holdout rate %s",
              RecommendationReport.num(r.holdoutGainPerWeek()), RecommendationReport.num(r.recommendedCutoff()),
              RecommendationReport.num(r.currentCutoff()), r.holdout().map(SweepPoint::conversionRate)
                  .map(RecommendationReport::pct).orElse("-"));
      if (adjusted[i] > fd.q()) {
        out.add(r.kept(NOT_SIGNIFICANT, evidence + " > q", p[i], adjusted[i]));
      } else if (!PASSED.equals(r.holdoutCheck())) {
        out.add(r.kept(HOLDOUT_NOT_CONFIRMED, holdout + " -> " + r.holdoutCheck() + "; " + evidence, p[i],
            adjusted[i]));
      } else {
        out.add(r.changed(evidence + "; " + holdout + " -> passed", p[i], adjusted[i]));
      }
    }
    return out;
  }

  /** A p-value in three significant figures: 0.001, 0.0412, 0.41. */
  static String pNum(double p) {
    return new java.math.BigDecimal(p).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
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
