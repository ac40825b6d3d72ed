package dev.playbook.queue;

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
 * priority = strength_weight·S + persistence_weight·P + window_weight·W + renewal_weight·R (docs/QUEUE.md):
 * <ul>
 *   <li>S = min(1, strongest strength of the item type's fired signals ÷ strength_cap)</li>
 *   <li>P = min(1, longest streak of those signals in days ÷ persistence_full_days); a streak in billing
 *       periods counts days_per_period days per period</li>
 *   <li>W = window_scores[phase]; for a plan upgrade 1 when the projected 100% date is within
 *       upgrade_lead_days</li>
 *   <li>R = max(0, 1 − days_to_renewal ÷ renewal_horizon_days), 0 when unknown (secondary term)</li>
 * </ul>
 * Only expansion items are scored; priority is rounded to 4 decimals.
 */
public final class Priority {
  private Priority() {}

  public static Dataset<Row> score(Dataset<Row> items, LocalDate asOf, QueueConfig.Priority p) {
    Inputs.require(items, "items", TRACK, EXPANSION_TYPE, ExpansionGates.STRENGTH_MAX, ExpansionGates.PERSISTENCE_DAYS,
        PHASE, PROJECTED_LIMIT_DATE, DAYS_TO_RENEWAL);
    Column d = lit(Date.valueOf(asOf));
    Column s = least(lit(1.0), greatest(lit(0.0), coalesce(col(ExpansionGates.STRENGTH_MAX), lit(0.0))
        .divide(p.strengthCap())));
    Column pers = least(lit(1.0), coalesce(col(ExpansionGates.PERSISTENCE_DAYS), lit(0)).cast("double")
        .divide(p.persistenceFullDays()));
    Column phase = lit(0.0);
    for (Map.Entry<String, Double> e : p.windowScores().entrySet()) {
      phase = when(col(PHASE).equalTo(e.getKey()), lit(e.getValue())).otherwise(phase);
    }
    Column limitSoon = col(EXPANSION_TYPE).equalTo(PLAN_UPGRADE)
        .and(col(PROJECTED_LIMIT_DATE).leq(date_add(d, p.upgradeLeadDays())));
    Column w = when(coalesce(limitSoon, lit(false)), lit(1.0)).otherwise(phase);
    Column r = coalesce(least(lit(1.0), greatest(lit(0.0),
        lit(1.0).minus(col(DAYS_TO_RENEWAL).cast("double").divide(p.renewalHorizonDays())))), lit(0.0));
    Column isExpansion = col(TRACK).equalTo(TRACK_EXPANSION);
    return items
        .withColumn(STRENGTH_SCORE, when(isExpansion, round(s, 4)))
        .withColumn(PERSISTENCE_SCORE, when(isExpansion, round(pers, 4)))
        .withColumn(WINDOW_SCORE, when(isExpansion, round(w, 4)))
        .withColumn(RENEWAL_SCORE, when(isExpansion, round(r, 4)))
        .withColumn(PRIORITY, when(isExpansion, round(s.multiply(p.strengthWeight())
            .plus(pers.multiply(p.persistenceWeight()))
            .plus(w.multiply(p.windowWeight()))
            .plus(r.multiply(p.renewalWeight())), 4)));
  }
}
