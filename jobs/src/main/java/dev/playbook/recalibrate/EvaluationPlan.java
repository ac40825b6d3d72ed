package dev.playbook.recalibrate;

import dev.playbook.config.RecalibrateConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The evaluation dates of one recalibration run as of date A, split into a training and a later holdout
 * period.
 *
 * <ul>
 *   <li>The last evaluation date is A − horizon: a value at D is labelled by outcomes created in
 *       (D, D + horizon], all of which are known by A, so every label is complete.</li>
 *   <li>Evaluation dates step back from it every {@code step_days} while within {@code lookback_days}.</li>
 *   <li>Holdout: the dates after (last − holdout_days). Training: the dates on or before
 *       (last − holdout_days − horizon), so no training label looks into the holdout's dates and no won
 *       opportunity labels rows of both periods. Dates in the gap are used by neither.</li>
 *   <li>Value dates: every step date from {@code warmup_days} before the first evaluation date to the last,
 *       the gap included. Their values tell whether a fire at an evaluation date is new (below the cutoff at
 *       every value date of the previous rearm_days); only the evaluation dates are swept.</li>
 * </ul>
 *
 * @param asOf the recalibration's as-of date A; no outcome after it is used
 * @param training training evaluation dates, ascending
 * @param holdout holdout evaluation dates, ascending (empty when holdout_days is 0)
 * @param valueDates the dates whose signal values the run reads, ascending (a superset of the above)
 */
public record EvaluationPlan(LocalDate asOf, List<LocalDate> training, List<LocalDate> holdout,
    List<LocalDate> valueDates) {

  public EvaluationPlan {
    training = List.copyOf(training);
    holdout = List.copyOf(holdout);
    valueDates = List.copyOf(valueDates);
  }

  public static EvaluationPlan of(LocalDate asOf, RecalibrateConfig cfg) {
    return of(asOf, cfg.lookbackDays(), cfg.stepDays(), cfg.horizonDays(), cfg.holdoutDays(), cfg.warmupDays());
  }

  public static EvaluationPlan of(LocalDate asOf, int lookbackDays, int stepDays, int horizonDays,
      int holdoutDays, int warmupDays) {
    LocalDate last = asOf.minusDays(horizonDays);
    LocalDate first = last.minusDays(lookbackDays);
    LocalDate holdoutAfter = last.minusDays(holdoutDays);
    LocalDate trainingUntil = holdoutAfter.minusDays(horizonDays);
    List<LocalDate> training = new ArrayList<>();
    List<LocalDate> holdout = new ArrayList<>();
    List<LocalDate> valueDates = new ArrayList<>();
    for (LocalDate d = last; !d.isBefore(first.minusDays(warmupDays)); d = d.minusDays(stepDays)) {
      valueDates.add(d);
      if (d.isBefore(first)) {
        continue;
      }
      if (holdoutDays > 0 && d.isAfter(holdoutAfter)) {
        holdout.add(d);
      } else if (!d.isAfter(trainingUntil) || holdoutDays == 0) {
        training.add(d);
      }
    }
    Collections.reverse(training);
    Collections.reverse(holdout);
    Collections.reverse(valueDates);
    if (training.isEmpty()) {
      throw new IllegalArgumentException("recalibrate: no training evaluation dates as of " + asOf
          + "; lookback_days (" + lookbackDays + ") must exceed holdout_days + horizon_days ("
          + (holdoutDays + horizonDays) + ")");
    }
    return new EvaluationPlan(asOf, training, holdout, valueDates);
  }

  /** Every evaluation date, ascending. */
  public List<LocalDate> all() {
    List<LocalDate> all = new ArrayList<>(training);
    all.addAll(holdout);
    return all;
  }
}
