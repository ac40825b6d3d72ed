package dev.playbook.queue;

import static dev.playbook.config.QueueConfig.CROSS_SELL;
import static dev.playbook.config.QueueConfig.PLAN_UPGRADE;
import static dev.playbook.queue.QueueColumns.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.config.QueueConfig;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * priority = strength_weight·S + persistence_weight·P + window_weight·W + renewal_weight·R (docs/QUEUE.md §3):
 * <ul>
 *   <li>S = s ÷ (s + strength_half), s = strongest strength of the item type's fired signals (≥ 0)</li>
 *   <li>P = p ÷ (p + persistence_half_days), p = longest streak of those signals in days; a streak in billing
 *       periods counts days_per_period days per period</li>
 *   <li>W = window_scores[phase]; a cross-sell item by its own window: window_scores.peak on the window's
 *       first day, falling linearly to window_scores.late on its last; a plan upgrade 1 when the projected
 *       100% date is within upgrade_lead_days</li>
 *   <li>R = max(0, 1 − days_to_renewal ÷ renewal_horizon_days), 0 when unknown (secondary term)</li>
 * </ul>
 * S and P rise strictly with their input and never reach 1, so no strength or streak saturates into a tie
 * (the clipped min(1, x ÷ cap) of before tied every strong, long item at the same score). Only expansion
 * items are scored; the terms and the priority are rounded to 6 decimals.
 */
public final class Priority {
  private Priority() {}

  /** Decimals kept in the priority and its terms: far below any difference the inputs can make. */
  static final int DECIMALS = 6;

  public static Dataset<Row> score(Dataset<Row> items, LocalDate asOf, QueueConfig.Priority p) {
    return score(items, lit(Date.valueOf(asOf)), p);
  }

  /**
   * The same score with the as-of date taken from a column ({@code d}), for frames of many dates (the
   * propensity job scores its labelled history with the rules).
   */
  public static Dataset<Row> score(Dataset<Row> items, Column d, QueueConfig.Priority p) {
    Inputs.require(items, "items", TRACK, EXPANSION_TYPE, ExpansionGates.STRENGTH_MAX, ExpansionGates.PERSISTENCE_DAYS,
        PHASE, CROSS_SELL_WINDOW_POSITION, PROJECTED_LIMIT_DATE, DAYS_TO_RENEWAL);
    Column s = halfSaturation(coalesce(col(ExpansionGates.STRENGTH_MAX), lit(0.0)), p.strengthHalf());
    Column pers = halfSaturation(coalesce(col(ExpansionGates.PERSISTENCE_DAYS), lit(0)).cast("double"),
        p.persistenceHalfDays());
    Column phase = lit(0.0);
    for (Map.Entry<String, Double> e : p.windowScores().entrySet()) {
      phase = when(col(PHASE).equalTo(e.getKey()), lit(e.getValue())).otherwise(phase);
    }
    double peak = p.windowScores().get(PHASE_PEAK);
    double late = p.windowScores().get(PHASE_LATE);
    Column crossSellPosition = least(lit(1.0), greatest(lit(0.0), col(CROSS_SELL_WINDOW_POSITION)));
    Column crossSell = col(EXPANSION_TYPE).equalTo(CROSS_SELL).and(col(CROSS_SELL_WINDOW_POSITION).isNotNull());
    Column limitSoon = col(EXPANSION_TYPE).equalTo(PLAN_UPGRADE)
        .and(col(PROJECTED_LIMIT_DATE).leq(date_add(d, p.upgradeLeadDays())));
    Column w = when(coalesce(crossSell, lit(false)), lit(peak).minus(crossSellPosition.multiply(peak - late)))
        .when(coalesce(limitSoon, lit(false)), lit(1.0))
        .otherwise(phase);
    Column r = coalesce(least(lit(1.0), greatest(lit(0.0),
        lit(1.0).minus(col(DAYS_TO_RENEWAL).cast("double").divide(p.renewalHorizonDays())))), lit(0.0));
    Column isExpansion = col(TRACK).equalTo(TRACK_EXPANSION);
    return items
        .withColumn(STRENGTH_SCORE, when(isExpansion, round(s, DECIMALS)))
        .withColumn(PERSISTENCE_SCORE, when(isExpansion, round(pers, DECIMALS)))
        .withColumn(WINDOW_SCORE, when(isExpansion, round(w, DECIMALS)))
        .withColumn(RENEWAL_SCORE, when(isExpansion, round(r, DECIMALS)))
        .withColumn(PRIORITY, when(isExpansion, round(s.multiply(p.strengthWeight())
            .plus(pers.multiply(p.persistenceWeight()))
            .plus(w.multiply(p.windowWeight()))
            .plus(r.multiply(p.renewalWeight())), DECIMALS)));
  }

  /** x ÷ (x + half) for x ≥ 0 (negative counts as 0): 0 at 0, ½ at half, ⅔ at 2·half, → 1; strictly rising. */
  static Column halfSaturation(Column x, double half) {
    Column nonNegative = greatest(lit(0.0), x);
    return nonNegative.divide(nonNegative.plus(half));
  }
}
