package dev.playbook.measure;

import static dev.playbook.contract.Col.*;
import static dev.playbook.measure.MeasureCol.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.contract.Vocabulary;
import dev.playbook.features.Signal;
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
 *   <li>{@link #episodes}: one episode per run of fires of an account and signal whose streak did not break,
 *       from the signals history ≤ D (gaps and islands; a capped, sliding streak_start stays one episode).
 *   <li>{@link #matchOpportunities}: the first expansion opportunity of the signal's matching type created in
 *       [first fire − lead, first fire + horizon] (and ≤ D) and credited to this episode (each opportunity is
 *       credited to at most one episode per signal); its outcome as of D.
 *   <li>{@link #attachQueue}: the first queue entry of the matching type in [streak start, + horizon]: motion,
 *       owner, holdout.
 *   <li>{@link #reconcileBilling}: whether subscriptions changed the way the type predicts in the horizon.
 * </ol>
 * Cost: one window pass over the signals ≤ D and a group-by for the episodes; three left joins on account id
 * (opportunities, queue, subscriptions), each followed by windows over the episode (no self-joins).
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
   * One row per episode: a run of fired signal rows of one account and signal, dated ≤ D, in which each row's
   * streak began on or before the previous fired row's date (docs/MEASURE.md "Episodes and matching"). A row
   * whose streak began after the previous fired date opens a new episode: the features job saw a day without a
   * fire in between. A streak past signals.max_streak_days, whose capped streak_start moves forward one day per
   * day, stays one episode. first_fired_on is the earliest streak_start of the run (its first row's); also the
   * last fired as-of date, how many as-of dates fired, the longest streak and strongest strength seen, whether
   * it still fired on the latest signals date ≤ D, the horizon end and whether it is past D.
   */
  public static Dataset<Row> episodes(Dataset<Row> signals, LocalDate asOf, int horizonDays, String periodUnit) {
    Inputs.require(signals, "signals", AS_OF_DATE, ACCOUNT_ID, SIGNAL, FIRED, STRENGTH, STREAK_LENGTH,
        STREAK_START);
    Column d = lit(Date.valueOf(asOf));
    WindowSpec history = Window.partitionBy(ACCOUNT_ID, SIGNAL).orderBy(AS_OF_DATE);
    return signals
        .filter(col(AS_OF_DATE).leq(d))
        .withColumn("latest_signal_date", max(AS_OF_DATE).over(Window.partitionBy(ACCOUNT_ID, SIGNAL)))
        .filter(col(FIRED).equalTo(true).and(col(STREAK_START).isNotNull()))
        // gaps and islands over the fired rows: the running count of rows that open an episode numbers them
        .withColumn("opens", coalesce(col(STREAK_START).gt(lag(AS_OF_DATE, 1).over(history)), lit(true)))
        .withColumn("episode_no", sum(when(col("opens"), 1).otherwise(0))
            .over(history.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
        .groupBy(col(ACCOUNT_ID), col(SIGNAL), col("episode_no"))
        .agg(min(STREAK_START).as(FIRST_FIRED_ON), max(AS_OF_DATE).as(LAST_FIRED_ON),
            count(lit(1)).as(FIRED_DATES), max(STREAK_LENGTH).as(MAX_STREAK_LENGTH), max(STRENGTH).as(MAX_STRENGTH),
            first("latest_signal_date").as("latest_signal_date"))
        .withColumn(STILL_FIRING, col(LAST_FIRED_ON).equalTo(col("latest_signal_date")))
        .drop("episode_no", "latest_signal_date")
        .withColumn(EXPANSION_TYPE, matchingType(col(SIGNAL)))
        .withColumn(HORIZON_END, date_add(col(FIRST_FIRED_ON), horizonDays))
        .withColumn(HORIZON_COMPLETE, col(HORIZON_END).leq(d))
        .withColumn(PERIOD, trunc(col(FIRST_FIRED_ON), periodUnit));
  }

  /**
   * Adds the matched opportunity and its outcome as of D. Candidates: same account, opportunity type = the
   * signal's matching type, created in [first fire − lead, first fire + horizon] and ≤ D. Each opportunity is
   * credited to one episode per signal: the latest-starting candidate episode that began on or before its
   * creation, else (inside the lead) the first that began after it. An episode's match is the first created
   * opportunity credited to it (ties: lowest id). Outcome: won / lost when closed on or before D (a closed
   * opportunity without a close date counts as closed, with unknown days), open when open or closed after D,
   * none without a match.
   */
  public static Dataset<Row> matchOpportunities(Dataset<Row> episodes, Dataset<Row> opportunities, LocalDate asOf,
      int horizonDays, int leadDays) {
    Inputs.require(opportunities, "opportunities", OPPORTUNITY_ID, ACCOUNT_ID, OPPORTUNITY_TYPE, CREATED_ON,
        CLOSED_ON, STAGE, AMOUNT_ARR, OWNER, SOURCE_SIGNAL);
    Column d = lit(Date.valueOf(asOf));
    Dataset<Row> o = opportunities.filter(col(CREATED_ON).leq(d))
        .select(col(ACCOUNT_ID).as("o_account"), col(OPPORTUNITY_TYPE).as("o_type"), col(OPPORTUNITY_ID),
            col(CREATED_ON).as(OPPORTUNITY_CREATED_ON), col(STAGE).as("o_stage"), col(CLOSED_ON).as("o_closed"),
            col(AMOUNT_ARR), col(OWNER).as(OPPORTUNITY_OWNER), col(SOURCE_SIGNAL).as("o_source"));
    // 1. every candidate in the window (left join keeps unmatched episodes)
    Dataset<Row> candidates = episodes.join(o, col(ACCOUNT_ID).equalTo(col("o_account"))
            .and(col(EXPANSION_TYPE).equalTo(col("o_type")))
            .and(col(OPPORTUNITY_CREATED_ON).geq(date_sub(col(FIRST_FIRED_ON), leadDays)))
            .and(col(OPPORTUNITY_CREATED_ON).leq(col(HORIZON_END))), "left");
    // 2. the episode each opportunity is credited to, per signal: the nearest start on or before its creation,
    //    else the nearest after it; the other episodes keep the pair only as an uncredited (null) candidate
    Column startedAfter = col(FIRST_FIRED_ON).gt(col(OPPORTUNITY_CREATED_ON));
    Column credited = col(OPPORTUNITY_ID).isNull().or(row_number().over(
            Window.partitionBy(ACCOUNT_ID, SIGNAL, OPPORTUNITY_ID)
                .orderBy(startedAfter, abs(datediff(col(OPPORTUNITY_CREATED_ON), col(FIRST_FIRED_ON)))))
        .equalTo(1));
    Dataset<Row> creditedOnly = candidates.withColumn("credited", credited);
    for (String c : o.columns()) {
      creditedOnly = creditedOnly.withColumn(c, when(col("credited"), col(c)));
    }
    // 3. per episode, the first created opportunity credited to it
    Column closedByD = col("o_closed").isNull().or(col("o_closed").leq(d));
    return creditedOnly
        .withColumn("rn", row_number().over(byEpisode()
            .orderBy(col(OPPORTUNITY_CREATED_ON).asc_nulls_last(), col(OPPORTUNITY_ID))))
        .filter(col("rn").equalTo(1))
        .withColumn(OUTCOME,
            when(col(OPPORTUNITY_ID).isNull(), lit(NONE))
                .when(col("o_stage").equalTo(Vocabulary.CLOSED_WON).and(closedByD), lit(WON))
                .when(col("o_stage").equalTo(Vocabulary.CLOSED_LOST).and(closedByD), lit(LOST))
                .otherwise(lit(OPEN)))
        .withColumn(OPPORTUNITY_CLOSED_ON, when(col(OUTCOME).isin(WON, LOST), col("o_closed")))
        .withColumn(SOURCE_SIGNAL_MATCH, when(col(OPPORTUNITY_ID).isNotNull(),
            coalesce(col("o_source").equalTo(col(SIGNAL)), lit(false))))
        .withColumn(DAYS_TO_CREATED, datediff(col(OPPORTUNITY_CREATED_ON), col(FIRST_FIRED_ON)))
        .withColumn(DAYS_TO_CLOSED, datediff(col(OPPORTUNITY_CLOSED_ON), col(FIRST_FIRED_ON)))
        .drop("rn", "credited", "o_account", "o_type", "o_stage", "o_closed", "o_source");
  }

  /**
   * Adds the episode's queue entry: the earliest live expansion_queue row dated ≤ D for the same account and
   * the matching expansion type, dated in [first fire, first fire + horizon]. Gives queued_on, motion, owner,
   * is_holdout and queue_status; all null when the account never entered the queue for that type. Rows with
   * status {@code resolved} (an item gone that day) are not entries. The holdout flag is read from
   * {@code is_holdout}, or from {@code holdout} as the queue job names it.
   */
  public static Dataset<Row> attachQueue(Dataset<Row> outcomes, Dataset<Row> queue, LocalDate asOf,
      int horizonDays) {
    Inputs.require(queue, "expansion_queue", AS_OF_DATE, ACCOUNT_ID, EXPANSION_TYPE, MOTION, QUEUE_OWNER, STATUS);
    String holdoutColumn = java.util.Arrays.asList(queue.columns()).contains(IS_HOLDOUT) ? IS_HOLDOUT : HOLDOUT;
    Inputs.require(queue, "expansion_queue", holdoutColumn);
    Column d = lit(Date.valueOf(asOf));
    Dataset<Row> q = queue
        .filter(col(AS_OF_DATE).leq(d).and(coalesce(col(STATUS), lit("")).notEqual(RESOLVED)))
        .select(col(ACCOUNT_ID).as("q_account"), col(EXPANSION_TYPE).as("q_type"), col(AS_OF_DATE).as(QUEUED_ON),
            col(MOTION), col(QUEUE_OWNER).as(OWNER), col(holdoutColumn).as(IS_HOLDOUT),
            col(STATUS).as(QUEUE_STATUS));
    return outcomes.join(q, col(ACCOUNT_ID).equalTo(col("q_account"))
            .and(col(EXPANSION_TYPE).equalTo(col("q_type")))
            .and(col(QUEUED_ON).geq(col(FIRST_FIRED_ON)))
            .and(col(QUEUED_ON).leq(col(HORIZON_END))), "left")
        .withColumn("rn", row_number().over(byEpisode().orderBy(col(QUEUED_ON).asc_nulls_last(), col(OWNER))))
        .filter(col("rn").equalTo(1))
        .drop("rn", "q_account", "q_type");
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
        .select(col(ACCOUNT_ID).as("s_account"), col(PRODUCT_ID).as("s_product"), col(PERIOD_START).as("s_start"),
            col(PERIOD_END).as("s_end"), col(SEATS_PURCHASED).as("s_seats"), col(TIER_RANK).as("s_tier"));

    // 1. the account's periods running on or after the first fire that start by the horizon end (and D)
    Dataset<Row> joined = outcomes.join(subs, col(ACCOUNT_ID).equalTo(col("s_account"))
        .and(col("s_end").gt(col(FIRST_FIRED_ON)))
        .and(col("s_start").leq(least(col(HORIZON_END), d))), "left");

    // 2. per product: the baseline period (running on the first fire; the latest-starting one)
    Column isBase = col("s_start").leq(col(FIRST_FIRED_ON));
    WindowSpec byProduct = byEpisode(col("s_product"))
        .orderBy(when(isBase, col("s_start")).desc_nulls_last())
        .rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    Dataset<Row> withBase = joined
        .withColumn("base_seats", first(when(isBase, col("s_seats"))).over(byProduct))
        .withColumn("base_tier", first(when(isBase, col("s_tier"))).over(byProduct))
        .withColumn("had_product", max(when(isBase, 1).otherwise(0)).over(byProduct).equalTo(1));

    // 3. per episode: the first later period with more seats / a higher tier / a new product
    Column later = col("s_start").gt(col(FIRST_FIRED_ON));
    WindowSpec episode = byEpisode().rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    Column predicted = when(col(EXPANSION_TYPE).equalTo(Vocabulary.SEAT_EXPANSION), col(SEATS_INCREASED_ON))
        .when(col(EXPANSION_TYPE).equalTo(Vocabulary.PLAN_UPGRADE), col(PLAN_UPGRADED_ON))
        .when(col(EXPANSION_TYPE).equalTo(Vocabulary.CROSS_SELL), col(NEW_PRODUCT_ON));
    return withBase
        .withColumn(SEATS_INCREASED_ON, min(when(later.and(col("had_product"))
            .and(col("s_seats").gt(col("base_seats"))), col("s_start"))).over(episode))
        .withColumn(PLAN_UPGRADED_ON, min(when(later.and(col("had_product"))
            .and(col("s_tier").gt(col("base_tier"))), col("s_start"))).over(episode))
        .withColumn(NEW_PRODUCT_ON, min(when(later.and(not(col("had_product"))), col("s_start"))).over(episode))
        .withColumn("rn", row_number().over(byEpisode().orderBy(col("s_start").asc_nulls_last(), col("s_product"))))
        .filter(col("rn").equalTo(1))
        .drop("rn", "s_account", "s_product", "s_start", "s_end", "s_seats", "s_tier", "base_seats", "base_tier",
            "had_product")
        .withColumn(BILLING_CHANGED_ON, predicted)
        .withColumn(BILLING_CONFIRMED, col(BILLING_CHANGED_ON).isNotNull())
        .withColumn(BILLING_STATUS,
            when(col(OUTCOME).equalTo(WON).and(col(BILLING_CONFIRMED)), lit("won_and_billed"))
                .when(col(OUTCOME).equalTo(WON), lit("won_not_billed"))
                .when(col(BILLING_CONFIRMED), lit("billed_not_won"))
                .otherwise(lit("no_change")));
  }

  /** The matching expansion type ({@link Signal#expansionType()}) of a signal column; null for an unknown one. */
  static Column matchingType(Column signal) {
    Column result = lit(null).cast("string");
    for (Signal s : Signal.values()) {
      result = when(signal.equalTo(s.key()), lit(s.expansionType())).otherwise(result);
    }
    return result;
  }

  /** A window over one episode (plus optional extra partition columns). */
  private static WindowSpec byEpisode(Column... extra) {
    Column[] cols = new Column[EPISODE_KEY.length + extra.length];
    for (int i = 0; i < EPISODE_KEY.length; i++) {
      cols[i] = col(EPISODE_KEY[i]);
    }
    System.arraycopy(extra, 0, cols, EPISODE_KEY.length, extra.length);
    return Window.partitionBy(cols);
  }

  static scala.collection.immutable.Seq<String> seq(String... columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(columns)).toList();
  }
}
