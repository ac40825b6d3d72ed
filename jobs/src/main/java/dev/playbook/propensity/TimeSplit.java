package dev.playbook.propensity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.playbook.contract.Col;
import dev.playbook.recalibrate.EvaluationPlan;
import dev.playbook.recalibrate.Recalibration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The propensity model's time split: recalibration's training and holdout evaluation dates
 * ({@link EvaluationPlan}). The model is fitted on the training rows only and compared with the rules on the
 * holdout rows only; between them lies a gap longer than the label horizon, so no training label (a win
 * created in (D, D + horizon]) reaches a holdout date and no won opportunity labels rows of both periods.
 *
 * @param training rows dated on a training evaluation date
 * @param holdout rows dated on a holdout evaluation date
 */
public record TimeSplit(Dataset<Row> training, Dataset<Row> holdout) {

  /** Splits {@code frame} by the plan's dates and checks the gap on the rows themselves ({@link #check}). */
  public static TimeSplit of(Dataset<Row> frame, EvaluationPlan plan, int horizonDays) {
    return of(frame, plan.training(), plan.holdout(), horizonDays);
  }

  public static TimeSplit of(Dataset<Row> frame, List<LocalDate> trainingDates, List<LocalDate> holdoutDates,
      int horizonDays) {
    if (holdoutDates.isEmpty()) {
      throw new IllegalArgumentException("propensity needs a holdout period: recalibrate.holdout_days is 0");
    }
    TimeSplit split = new TimeSplit(Recalibration.inDates(frame, trainingDates),
        Recalibration.inDates(frame, holdoutDates));
    split.check(horizonDays);
    return split;
  }

  /**
   * Fails unless the last training row's label window (D, D + horizon] ends before the first holdout row's
   * date: no row of the evaluation period, nor any outcome that labels one, is in training. One small
   * aggregation per period.
   */
  public void check(int horizonDays) {
    Row t = training.agg(max(col(Col.AS_OF_DATE))).first();
    Row h = holdout.agg(min(col(Col.AS_OF_DATE))).first();
    if (t.isNullAt(0) || h.isNullAt(0)) {
      return;
    }
    LocalDate lastTraining = t.getDate(0).toLocalDate();
    LocalDate firstHoldout = h.getDate(0).toLocalDate();
    long gap = ChronoUnit.DAYS.between(lastTraining, firstHoldout);
    if (gap <= horizonDays) {
      throw new IllegalArgumentException("propensity time split: the last training date " + lastTraining
          + " is " + gap + " days before the first holdout date " + firstHoldout + "; the gap must exceed the label "
          + "horizon (" + horizonDays + " days) so no training label looks into the holdout");
    }
  }
}
