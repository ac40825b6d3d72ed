package dev.playbook.measure;

import static dev.playbook.contract.Col.*;
import static dev.playbook.measure.MeasureCol.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.contract.Vocabulary;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Signal episodes and what became of them, as of a date (docs/MEASURE.md "Episodes and matching").
 *
 * <ol>
 *   <li>{@link #episodes}: one episode per account, signal and streak start, from the signals history ≤ D.
 *   <li>{@link #matchOpportunities}: the first expansion opportunity of the signal's matching type created in
 *       [streak start − lead, streak start + horizon] (and ≤ D); its outcome as of D.
 *   <li>{@link #attachQueue}: the first queue entry of the matching type in [streak start, + horizon]: motion,
 *       owner, holdout.
 *   <li>{@link #reconcileBilling}: whether subscriptions changed the way the type predicts in the horizon.
 * </ol>
 * Cost: three joins on account id (opportunities, queue, subscriptions), each with a window; all small.
 */
public final class SignalOutcomes {
  private SignalOutcomes() {}

  private static final String[] EPISODE_KEY = {ACCOUNT_ID, SIGNAL, FIRST_FIRED_ON};

  /** The full signal_outcomes rows: episodes, matched, queue-attributed (when a queue is given), reconciled. */
  public static Dataset<Row> signalOutcomes(Dataset<Row> signals, Dataset<Row> opportunities,
      Dataset<Row> queueOrNull, Dataset<Row> subscriptions, Dataset<Row> plans, LocalDate asOf,
      int horizonDays, int leadDays, String periodUnit) {
    Dataset<Row> eps = episodes(signals, asOf, horizonDays, periodUnit);
    Dataset<Row> matched = matchOpportunities(eps, opportunities, asOf, horizonDays, leadDays);
    Dataset<Row> queued = queueOrNull == null ? withoutQueue(matched) : attachQueue(matched, queueOrNull, asOf,
        horizonDays);
    return reconcileBilling(queued, subscriptions, plans, asOf, horizonDays)
        .withColumn(AS_OF_DATE, lit(Date.valueOf(asOf)));
  }

  /**
   * One row per account, signal and streak start among the fired signal rows dated ≤ D: first fire (= streak
   * start), last fired as-of date, how many as-of dates fired, the longest streak and strongest strength seen,
   * whether it still fired on the latest signals date ≤ D, the horizon end and whether it is past D.
   */
  public static Dataset<Row> episodes(Dataset<Row> signals, LocalDate asOf, int horizonDays, String periodUnit) {
    Inputs.require(signals, "signals", AS_OF_DATE, ACCOUNT_ID, SIGNAL, FIRED, STRENGTH, STREAK_LENGTH,
        STREAK_START);
    Column d = lit(Date.valueOf(asOf));
    Dataset<Row> known = signals.filter(col(AS_OF_DATE).leq(d));
    Dataset<Row> latest = known.groupBy(ACCOUNT_ID, SIGNAL).agg(max(AS_OF_DATE).as("latest_signal_date"));
    return known
        .filter(col(FIRED).equalTo(true).and(col(STREAK_START).isNotNull()))
        .groupBy(col(ACCOUNT_ID), col(SIGNAL), col(STREAK_START).as(FIRST_FIRED_ON))
        .agg(max(AS_OF_DATE).as(LAST_FIRED_ON), count(lit(1)).as(FIRED_DATES),
            max(STREAK_LENGTH).as(MAX_STREAK_LENGTH), max(STRENGTH).as(MAX_STRENGTH))
        .join(latest, seq(ACCOUNT_ID, SIGNAL))
        .withColumn(STILL_FIRING, col(LAST_FIRED_ON).equalTo(col("latest_signal_date")))
        .drop("latest_signal_date")
        .withColumn(EXPANSION_TYPE, ExpansionTypes.of(col(SIGNAL)))
        .withColumn(HORIZON_END, date_add(col(FIRST_FIRED_ON), horizonDays))
        .withColumn(HORIZON_COMPLETE, col(HORIZON_END).leq(d))
        .withColumn(PERIOD, trunc(col(FIRST_FIRED_ON), periodUnit));
  }

  /**
   * Adds the matched opportunity and its outcome as of D. Candidates: same account, opportunity type = the
   * signal's matching type, created in [first fire − lead, first fire + horizon] and ≤ D; the first created
   * wins (ties: lowest id). Outcome: won / lost when closed on or before D (a closed opportunity without a
   * close date counts as closed, with unknown days), open when open or closed after D, none without a match.
   */
  public static Dataset<Row> matchOpportunities(Dataset<Row> episodes, Dataset<Row> opportunities, LocalDate asOf,
      int horizonDays, int leadDays) {
    Inputs.require(opportunities, "opportunities", OPPORTUNITY_ID, ACCOUNT_ID, OPPORTUNITY_TYPE, CREATED_ON,
        CLOSED_ON, STAGE, AMOUNT_ARR, OWNER, SOURCE_SIGNAL);
    Column d = lit(Date.valueOf(asOf));
    Dataset<Row> e = episodes.alias("e");
    Dataset<Row> o = opportunities.filter(col(CREATED_ON).leq(d)).alias("o");
    Dataset<Row> candidates = e.join(o, col("e." + ACCOUNT_ID).equalTo(col("o." + ACCOUNT_ID))
            .and(col("e." + EXPANSION_TYPE).equalTo(col("o." + OPPORTUNITY_TYPE)))
            .and(col("o." + CREATED_ON).geq(date_sub(col("e." + FIRST_FIRED_ON), leadDays)))
            .and(col("o." + CREATED_ON).leq(col("e." + HORIZON_END))))
        .select(col("e." + ACCOUNT_ID), col("e." + SIGNAL), col("e." + FIRST_FIRED_ON),
            col("o." + OPPORTUNITY_ID), col("o." + CREATED_ON).as(OPPORTUNITY_CREATED_ON),
            col("o." + STAGE), col("o." + CLOSED_ON), col("o." + AMOUNT_ARR), col("o." + OWNER).as(OPPORTUNITY_OWNER),
            col("o." + SOURCE_SIGNAL));
    WindowSpec firstCreated = Window.partitionBy(EPISODE_KEY[0], EPISODE_KEY[1], EPISODE_KEY[2])
        .orderBy(col(OPPORTUNITY_CREATED_ON), col(OPPORTUNITY_ID));
    Column closedByD = col(CLOSED_ON).isNull().or(col(CLOSED_ON).leq(d));
    Dataset<Row> best = candidates
        .withColumn("rn", row_number().over(firstCreated)).filter(col("rn").equalTo(1)).drop("rn")
        .withColumn(OUTCOME,
            when(col(STAGE).equalTo(Vocabulary.CLOSED_WON).and(closedByD), lit(WON))
                .when(col(STAGE).equalTo(Vocabulary.CLOSED_LOST).and(closedByD), lit(LOST))
                .otherwise(lit(OPEN)))
        .withColumn(OPPORTUNITY_CLOSED_ON, when(col(OUTCOME).notEqual(OPEN), col(CLOSED_ON)))
        .withColumn(SOURCE_SIGNAL_MATCH, coalesce(col(SOURCE_SIGNAL).equalTo(col(SIGNAL)), lit(false)))
        .drop(STAGE, CLOSED_ON, SOURCE_SIGNAL);
    return episodes.join(best, seq(EPISODE_KEY), "left")
        .withColumn(OUTCOME, coalesce(col(OUTCOME), lit(NONE)))
        .withColumn(DAYS_TO_CREATED, datediff(col(OPPORTUNITY_CREATED_ON), col(FIRST_FIRED_ON)))
        .withColumn(DAYS_TO_CLOSED, datediff(col(OPPORTUNITY_CLOSED_ON), col(FIRST_FIRED_ON)));
  }

  /**
   * Adds the episode's queue entry: the earliest expansion_queue row dated ≤ D for the same account and the
   * matching expansion type, dated in [first fire, first fire + horizon]. Gives queued_on, motion, owner,
   * is_holdout and queue_status; all null when the account never entered the queue for that type.
   */
  public static Dataset<Row> attachQueue(Dataset<Row> outcomes, Dataset<Row> queue, LocalDate asOf,
      int horizonDays) {
    Inputs.require(queue, "expansion_queue", AS_OF_DATE, ACCOUNT_ID, EXPANSION_TYPE, MOTION, QUEUE_OWNER,
        IS_HOLDOUT, STATUS);
    Column d = lit(Date.valueOf(asOf));
    Dataset<Row> e = outcomes.select(ACCOUNT_ID, SIGNAL, FIRST_FIRED_ON, EXPANSION_TYPE, HORIZON_END).alias("e");
    Dataset<Row> q = queue.filter(col(AS_OF_DATE).leq(d)).alias("q");
    Dataset<Row> firstEntry = e.join(q, col("e." + ACCOUNT_ID).equalTo(col("q." + ACCOUNT_ID))
            .and(col("e." + EXPANSION_TYPE).equalTo(col("q." + EXPANSION_TYPE)))
            .and(col("q." + AS_OF_DATE).geq(col("e." + FIRST_FIRED_ON)))
            .and(col("q." + AS_OF_DATE).leq(col("e." + HORIZON_END))))
        .select(col("e." + ACCOUNT_ID), col("e." + SIGNAL), col("e." + FIRST_FIRED_ON),
            col("q." + AS_OF_DATE).as(QUEUED_ON), col("q." + MOTION).as(MOTION),
            col("q." + QUEUE_OWNER).as(OWNER), col("q." + IS_HOLDOUT).as(IS_HOLDOUT),
            col("q." + STATUS).as(QUEUE_STATUS))
        .withColumn("rn", row_number().over(Window.partitionBy(EPISODE_KEY[0], EPISODE_KEY[1], EPISODE_KEY[2])
            .orderBy(col(QUEUED_ON), col(OWNER)))).filter(col("rn").equalTo(1)).drop("rn");
    return outcomes.join(firstEntry, seq(EPISODE_KEY), "left");
  }

  /** The queue columns, all null: the measure job ran without an expansion_queue table. */
  static Dataset<Row> withoutQueue(Dataset<Row> outcomes) {
    return outcomes
        .withColumn(QUEUED_ON, lit(null).cast("date"))
        .withColumn(MOTION, lit(null).cast("string"))
        .withColumn(OWNER, lit(null).cast("string"))
        .withColumn(IS_HOLDOUT, lit(null).cast("boolean"))
        .withColumn(QUEUE_STATUS, lit(null).cast("string"));
  }

  /**
   * Adds billing reconciliation. Baseline: per product, the subscription period active on the first fire
   * (latest-starting when periods overlap). Changes: periods starting after the first fire, up to the horizon
   * end and D. Seats increased = a later period of a baseline product with more seats; plan upgraded = one on
   * a plan of higher tier_rank; new product = a period of a product with no baseline period. billing_changed_on
   * is the first date of the change the episode's type predicts; billing_status crosses it with the outcome.
   */
  public static Dataset<Row> reconcileBilling(Dataset<Row> outcomes, Dataset<Row> subscriptions, Dataset<Row> plans,
      LocalDate asOf, int horizonDays) {
    Inputs.require(subscriptions, "subscriptions", ACCOUNT_ID, PRODUCT_ID, PLAN_ID, PERIOD_START, PERIOD_END,
        SEATS_PURCHASED);
    Inputs.require(plans, "plans", PLAN_ID, TIER_RANK);
    Column d = lit(Date.valueOf(asOf));
    Dataset<Row> subs = subscriptions.filter(col(PERIOD_START).leq(d))
        .join(plans.select(PLAN_ID, TIER_RANK), seq(PLAN_ID), "left")
        .select(ACCOUNT_ID, PRODUCT_ID, PERIOD_START, PERIOD_END, SEATS_PURCHASED, TIER_RANK).alias("s");
    Dataset<Row> e = outcomes.select(ACCOUNT_ID, SIGNAL, FIRST_FIRED_ON, HORIZON_END).alias("e");
    Column sameAccount = col("e." + ACCOUNT_ID).equalTo(col("s." + ACCOUNT_ID));
    Column[] keyAndSub = {col("e." + ACCOUNT_ID), col("e." + SIGNAL), col("e." + FIRST_FIRED_ON),
        col("s." + PRODUCT_ID), col("s." + PERIOD_START), col("s." + SEATS_PURCHASED), col("s." + TIER_RANK)};

    // 1. baseline: the period of each product active on the first fire (latest start wins an overlap)
    Dataset<Row> baseline = e.join(subs, sameAccount
            .and(col("s." + PERIOD_START).leq(col("e." + FIRST_FIRED_ON)))
            .and(col("s." + PERIOD_END).gt(col("e." + FIRST_FIRED_ON))))
        .select(keyAndSub)
        .withColumn("rn", row_number().over(Window.partitionBy(ACCOUNT_ID, SIGNAL, FIRST_FIRED_ON, PRODUCT_ID)
            .orderBy(col(PERIOD_START).desc())))
        .filter(col("rn").equalTo(1))
        .select(col(ACCOUNT_ID), col(SIGNAL), col(FIRST_FIRED_ON), col(PRODUCT_ID),
            col(SEATS_PURCHASED).as("base_seats"), col(TIER_RANK).as("base_tier"), lit(true).as("had_product"));

    // 2. changes: periods starting after the first fire, within the horizon and ≤ D, against the baseline
    Dataset<Row> changes = e.join(subs, sameAccount
            .and(col("s." + PERIOD_START).gt(col("e." + FIRST_FIRED_ON)))
            .and(col("s." + PERIOD_START).leq(least(col("e." + HORIZON_END), d))))
        .select(keyAndSub)
        .join(baseline, seq(ACCOUNT_ID, SIGNAL, FIRST_FIRED_ON, PRODUCT_ID), "left")
        .groupBy(EPISODE_KEY[0], EPISODE_KEY[1], EPISODE_KEY[2])
        .agg(
            min(when(col("had_product").and(col(SEATS_PURCHASED).gt(col("base_seats"))), col(PERIOD_START)))
                .as(SEATS_INCREASED_ON),
            min(when(col("had_product").and(col(TIER_RANK).gt(col("base_tier"))), col(PERIOD_START)))
                .as(PLAN_UPGRADED_ON),
            min(when(col("had_product").isNull(), col(PERIOD_START))).as(NEW_PRODUCT_ON));

    Column predicted = when(col(EXPANSION_TYPE).equalTo(Vocabulary.SEAT_EXPANSION), col(SEATS_INCREASED_ON))
        .when(col(EXPANSION_TYPE).equalTo(Vocabulary.PLAN_UPGRADE), col(PLAN_UPGRADED_ON))
        .when(col(EXPANSION_TYPE).equalTo(Vocabulary.CROSS_SELL), col(NEW_PRODUCT_ON));
    return outcomes.join(changes, seq(EPISODE_KEY), "left")
        .withColumn(BILLING_CHANGED_ON, predicted)
        .withColumn(BILLING_CONFIRMED, col(BILLING_CHANGED_ON).isNotNull())
        .withColumn(BILLING_STATUS,
            when(col(OUTCOME).equalTo(WON).and(col(BILLING_CONFIRMED)), lit("won_and_billed"))
                .when(col(OUTCOME).equalTo(WON), lit("won_not_billed"))
                .when(col(BILLING_CONFIRMED), lit("billed_not_won"))
                .otherwise(lit("no_change")));
  }

  static scala.collection.immutable.Seq<String> seq(String... columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(columns)).toList();
  }
}
