package dev.playbook.propensity;

import static dev.playbook.propensity.PropensityCol.*;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import dev.playbook.config.QueueConfig;
import dev.playbook.contract.Col;
import dev.playbook.features.FeatureTables;
import dev.playbook.features.Signal;
import dev.playbook.queue.ExpansionGates;
import dev.playbook.queue.Priority;
import dev.playbook.queue.QueueColumns;
import dev.playbook.recalibrate.RecalCol;
import dev.playbook.recalibrate.RequireColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The propensity model's frame for one expansion type: one row per as-of date and account with the type's
 * signal values, strengths and persistence, the window position, segment and ARR (the model's features), the
 * owner, and the rule-based priority the queue would give the same row ({@link Priority}, with the strongest
 * fired signal of the type as S and its longest streak as P).
 *
 * <p>Point-in-time: every column of a row dated D comes from the features job's tables at D, which use only
 * input rows dated on or before D. {@link #labelled} adds recalibration's label (a closed-won expansion of the
 * type created in (D, D + horizon]); rows recalibration drops (open expansions of the type, breadth outside the
 * cross-sell window, dates whose horizon is not over) are dropped here too, and so are risk accounts, which
 * the queue never puts on an expansion track.
 *
 * <p>Cost: one aggregation of the signals to (date, account) and three joins of (date, account) frames.
 */
public final class PropensityFrame {
  private PropensityFrame() {}

  /** The signals of {@code type}, in {@link Signal} order. */
  public static List<String> signalsOf(String type) {
    return Arrays.stream(Signal.values()).filter(s -> s.expansionType().equals(type)).map(Signal::key).toList();
  }

  /** The model's features for {@code type}, in vector order. */
  public static List<String> featureNames(String type) {
    List<String> names = new ArrayList<>();
    for (String s : signalsOf(type)) {
      names.add(s + SUFFIX_VALUE);
      names.add(s + SUFFIX_STRENGTH);
      names.add(s + SUFFIX_PERSISTENCE);
      names.add(s + SUFFIX_FRESH);
    }
    names.addAll(List.of(F_DAYS_SINCE_ONBOARDING, F_PHASE_PEAK, F_PHASE_LATE, F_CROSS_SELL_POSITION,
        F_DAYS_TO_RENEWAL, F_LIMIT_SOON, F_SEGMENT_MID_MARKET, F_SEGMENT_ENTERPRISE, F_LOG_ARR));
    return names;
  }

  /**
   * @param signals the features job's {@code signals} (any dates)
   * @param features the features job's {@code features}
   * @param windows the features job's {@code window_positions}
   * @param accounts the contract's accounts (owners)
   * @param freshDays a fire is fresh ({@code <signal>__fresh_fire} = 1) while its streak is at most this many days
   *     (the label horizon: an episode's outcome follows its start, not its tenth week)
   * @return one row per as-of date and account of {@code features} (risk accounts dropped) with
   *     {@link #featureNames}, {@code owner} (the AE for cross-sell, else the CSM) and {@code rule_priority}
   */
  public static Dataset<Row> unlabelled(String type, Dataset<Row> signals, Dataset<Row> features,
      Dataset<Row> windows, Dataset<Row> accounts, QueueConfig.Priority priority, int freshDays) {
    RequireColumns.of(signals, "signals", Col.AS_OF_DATE, Col.ACCOUNT_ID, FeatureTables.SIGNAL, FeatureTables.VALUE,
        FeatureTables.FIRED, FeatureTables.STRENGTH, FeatureTables.STREAK_LENGTH, FeatureTables.STREAK_UNIT);
    RequireColumns.of(features, "features", Col.AS_OF_DATE, Col.ACCOUNT_ID, Col.SEGMENT, FeatureTables.ARR,
        FeatureTables.IS_RISK);
    RequireColumns.of(windows, "window_positions", Col.AS_OF_DATE, Col.ACCOUNT_ID,
        FeatureTables.DAYS_SINCE_ONBOARDING, FeatureTables.PHASE, FeatureTables.CROSS_SELL_WINDOW_POSITION,
        FeatureTables.DAYS_TO_RENEWAL, FeatureTables.PROJECTED_LIMIT_DATE);
    RequireColumns.of(accounts, "accounts", Col.ACCOUNT_ID, Col.CSM_OWNER, Col.AE_OWNER);
    List<String> ofType = signalsOf(type);
    if (ofType.isEmpty()) {
      throw new IllegalArgumentException("expansion type '" + type + "' has no signals; one of "
          + QueueConfig.TYPES);
    }

    // 1. The type's signals, one row per date and account: value, strength and persistence (in days) of each,
    //    and the strongest fired strength and longest fired streak (the rules' S and P).
    Column fired = coalesce(col(FeatureTables.FIRED), lit(false));
    Column days = when(col(FeatureTables.STREAK_UNIT).equalTo(Signal.PERIODS),
        col(FeatureTables.STREAK_LENGTH).multiply(priority.daysPerPeriod())).otherwise(col(FeatureTables.STREAK_LENGTH));
    List<Column> aggs = new ArrayList<>();
    for (String s : ofType) {
      Column is = col(FeatureTables.SIGNAL).equalTo(s);
      aggs.add(max(when(is, col(FeatureTables.VALUE).cast("double"))).as(s + SUFFIX_VALUE));
      aggs.add(max(when(is.and(fired), col(FeatureTables.STRENGTH).cast("double"))).as(s + SUFFIX_STRENGTH));
      aggs.add(max(when(is.and(fired), days.cast("double"))).as(s + SUFFIX_PERSISTENCE));
      aggs.add(max(when(is.and(fired).and(days.leq(freshDays)), 1.0)).as(s + SUFFIX_FRESH));
    }
    aggs.add(max(when(fired, col(FeatureTables.STRENGTH).cast("double"))).as(ExpansionGates.STRENGTH_MAX));
    aggs.add(max(when(fired, days)).as(ExpansionGates.PERSISTENCE_DAYS));
    Dataset<Row> bySignal = signals.filter(col(FeatureTables.SIGNAL).isin(ofType.toArray()))
        .groupBy(Col.AS_OF_DATE, Col.ACCOUNT_ID)
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));

    // 2. Account state and window position at the date; the owner of the type's motion.
    Dataset<Row> base = features.filter(coalesce(col(FeatureTables.IS_RISK), lit(false)).equalTo(false))
        .select(col(Col.AS_OF_DATE), col(Col.ACCOUNT_ID), col(Col.SEGMENT), col(FeatureTables.ARR).cast("double")
            .as(FeatureTables.ARR))
        .join(windows.select(Col.AS_OF_DATE, Col.ACCOUNT_ID, FeatureTables.DAYS_SINCE_ONBOARDING, FeatureTables.PHASE,
            FeatureTables.CROSS_SELL_WINDOW_POSITION, FeatureTables.DAYS_TO_RENEWAL, FeatureTables.PROJECTED_LIMIT_DATE),
            new String[] {Col.AS_OF_DATE, Col.ACCOUNT_ID}, "left")
        .join(bySignal, new String[] {Col.AS_OF_DATE, Col.ACCOUNT_ID}, "left")
        .join(accounts.select(col(Col.ACCOUNT_ID), coalesce(col(QueueConfig.CROSS_SELL.equals(type) ? Col.AE_OWNER
            : Col.CSM_OWNER), lit("unassigned")).as(OWNER)), new String[] {Col.ACCOUNT_ID}, "left");

    // 3. The rule-based priority of each row, as the queue computes it (each row at its own date).
    Dataset<Row> scored = Priority.score(base.withColumn(QueueColumns.TRACK, lit(QueueColumns.TRACK_EXPANSION))
        .withColumn(QueueColumns.EXPANSION_TYPE, lit(type)), col(Col.AS_OF_DATE), priority);

    // 4. Features: missing signal values, strengths and streaks are 0; the window and account terms.
    List<Column> out = new ArrayList<>(List.of(col(Col.AS_OF_DATE), col(Col.ACCOUNT_ID), col(OWNER),
        col(QueueColumns.PRIORITY).as(RULE_PRIORITY)));
    for (String s : ofType) {
      for (String suffix : List.of(SUFFIX_VALUE, SUFFIX_STRENGTH, SUFFIX_PERSISTENCE, SUFFIX_FRESH)) {
        out.add(coalesce(col(s + suffix), lit(0.0)).as(s + suffix));
      }
    }
    Column phase = col(FeatureTables.PHASE);
    out.add(coalesce(col(FeatureTables.DAYS_SINCE_ONBOARDING).cast("double"), lit(0.0)).as(F_DAYS_SINCE_ONBOARDING));
    out.add(when(phase.equalTo(FeatureTables.PEAK), 1.0).otherwise(0.0).as(F_PHASE_PEAK));
    out.add(when(phase.equalTo(FeatureTables.LATE), 1.0).otherwise(0.0).as(F_PHASE_LATE));
    out.add(coalesce(col(FeatureTables.CROSS_SELL_WINDOW_POSITION).cast("double"), lit(0.0)).as(F_CROSS_SELL_POSITION));
    // unknown renewal counts as far away (the rules' R is 0 then too)
    out.add(least(lit((double) priority.renewalHorizonDays()), greatest(lit(0.0),
        coalesce(col(FeatureTables.DAYS_TO_RENEWAL).cast("double"), lit((double) priority.renewalHorizonDays()))))
        .as(F_DAYS_TO_RENEWAL));
    out.add(when(col(FeatureTables.PROJECTED_LIMIT_DATE).leq(date_add(col(Col.AS_OF_DATE), priority.upgradeLeadDays())),
        1.0).otherwise(0.0).as(F_LIMIT_SOON));
    out.add(when(col(Col.SEGMENT).equalTo("mid_market"), 1.0).otherwise(0.0).as(F_SEGMENT_MID_MARKET));
    out.add(when(col(Col.SEGMENT).equalTo("enterprise"), 1.0).otherwise(0.0).as(F_SEGMENT_ENTERPRISE));
    out.add(log1p(greatest(lit(0.0), coalesce(col(FeatureTables.ARR), lit(0.0)))).as(F_LOG_ARR));
    return scored.select(out.toArray(Column[]::new));
  }

  /**
   * {@link #unlabelled} rows joined with recalibration's labelled history for {@code type}: only the
   * account-dates the labelled history holds, with {@code label} (1.0 converted, 0.0 not) and {@code won_arr}.
   *
   * @param labelled {@link dev.playbook.recalibrate.Labels#label} output (one row per date, account and signal)
   */
  public static Dataset<Row> labelled(String type, Dataset<Row> unlabelled, Dataset<Row> labelled) {
    RequireColumns.of(labelled, "labelled history", Col.AS_OF_DATE, Col.ACCOUNT_ID, RecalCol.EXPANSION_TYPE,
        RecalCol.CONVERTED, RecalCol.WON_ARR);
    Dataset<Row> labels = labelled.filter(col(RecalCol.EXPANSION_TYPE).equalTo(type))
        .groupBy(Col.AS_OF_DATE, Col.ACCOUNT_ID)
        .agg(max(col(RecalCol.CONVERTED)).cast("double").as(LABEL),
            max(col(RecalCol.WON_ARR)).cast("double").as(WON_ARR));
    return unlabelled.join(labels, new String[] {Col.AS_OF_DATE, Col.ACCOUNT_ID}, "inner");
  }
}
