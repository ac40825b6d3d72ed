package dev.playbook.queue;

import static dev.playbook.contract.Col.*;
import static dev.playbook.queue.QueueColumns.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.config.QueueConfig;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Steps 3–7 of the queue, on routed items ({@link Routing#route}): holdout, lifecycle against the previous
 * snapshot, idempotency key, suppression, priority, ranks and capacity. Returns the day's items (one per
 * account in the queue) plus a {@code resolved} row for every item of the previous snapshot that is gone.
 *
 * <p>Cost: small joins on account_id and two window sorts (overall and per owner) over the day's items.
 */
public final class ExpansionQueue {
  private ExpansionQueue() {}

  /**
   * @param routed today's items after {@link Routing#route}
   * @param opportunities staged opportunities (any dates; only those created on or before the date count)
   * @param previousQueue the expansion_queue table (any dates; the latest date before {@code asOf} is used)
   * @param previousOutbox the outbox table (any dates; those in the cooldown before {@code asOf} are used)
   */
  public static Dataset<Row> build(Dataset<Row> routed, Dataset<Row> opportunities, Dataset<Row> previousQueue,
      Dataset<Row> previousOutbox, LocalDate asOf, QueueConfig cfg) {
    Inputs.require(opportunities, "opportunities", OPPORTUNITY_ID, ACCOUNT_ID, OPPORTUNITY_TYPE, CREATED_ON,
        CLOSED_ON, STAGE);
    Inputs.require(previousQueue, "expansion_queue", AS_OF_DATE, ACCOUNT_ID, ACCOUNT_NAME, ITEM_TYPE, TRACK,
        EXPANSION_TYPE, STATUS, EPISODE_START);
    Inputs.require(previousOutbox, "outbox", AS_OF_DATE, ACCOUNT_ID, EXPANSION_TYPE, IDEMPOTENCY_KEY);
    Column d = lit(Date.valueOf(asOf));
    Column isExpansion = col(TRACK).equalTo(TRACK_EXPANSION);

    // 3. Holdout: a stable hash of salt and account id; held-out items keep their type but are not routed.
    long buckets = 10_000;
    Column inHoldout = pmod(xxhash64(lit(cfg.holdout().salt()), col(ACCOUNT_ID)), lit(buckets))
        .lt(lit(Math.round(cfg.holdout().share() * buckets)));
    Dataset<Row> items = routed
        .withColumn(HOLDOUT, isExpansion.and(inHoldout))
        .withColumn(ROUTING_RULE, when(not(col(HOLDOUT)), col(ROUTING_RULE)))
        .withColumn(MOTION, when(not(col(HOLDOUT)), col(MOTION)))
        .withColumn(OWNER, when(not(col(HOLDOUT)), col(OWNER)));

    // 4. Lifecycle: an item (account, item type) live in the latest earlier snapshot continues, and keeps
    //    its episode start; otherwise it is new and its episode starts with its signals' streak.
    Dataset<Row> earlier = previousQueue.filter(col(AS_OF_DATE).lt(d));
    Dataset<Row> latest = earlier.agg(max(col(AS_OF_DATE)).as("_prev_date"));
    Dataset<Row> prevLive = earlier.join(latest, col(AS_OF_DATE).equalTo(col("_prev_date")))
        .filter(col(STATUS).notEqual(STATUS_RESOLVED))
        .drop("_prev_date");
    Dataset<Row> prevKeys = prevLive.select(col(ACCOUNT_ID), col(ITEM_TYPE), col(EPISODE_START).as("_prev_episode"));
    items = items.join(prevKeys, new String[] {ACCOUNT_ID, ITEM_TYPE}, "left")
        .withColumn(STATUS, when(col("_prev_episode").isNotNull(), lit(STATUS_CONTINUING)).otherwise(lit(STATUS_NEW)))
        .withColumn(EPISODE_START, coalesce(col("_prev_episode"), col(ExpansionGates.EPISODE_HINT), d))
        .drop("_prev_episode")
        .withColumn(IDEMPOTENCY_KEY, when(col(MOTION).isNotNull(),
            IdempotencyKey.of(col(ACCOUNT_ID), col(EXPANSION_TYPE), col(MOTION), col(EPISODE_START))));

    // 5. Suppression: an open opportunity of the item's type at the date; or a cooldown after an action
    //    (an outbox row of another episode or motion, or a same-type opportunity closed, within cooldown_days).
    int cd = cfg.suppression().cooldownDays();
    Column since = date_sub(d, cd);
    Dataset<Row> opps = opportunities.filter(col(CREATED_ON).leq(d));
    Dataset<Row> open = opps.filter(col(CLOSED_ON).isNull().or(col(CLOSED_ON).gt(d)))
        .groupBy(col(ACCOUNT_ID), col(OPPORTUNITY_TYPE).as(EXPANSION_TYPE))
        .agg(min(col(OPPORTUNITY_ID)).as("_open_opp"));
    Dataset<Row> closed = opps.filter(col(CLOSED_ON).geq(since).and(col(CLOSED_ON).leq(d)))
        .groupBy(col(ACCOUNT_ID), col(OPPORTUNITY_TYPE).as(EXPANSION_TYPE))
        .agg(max_by(concat(col(OPPORTUNITY_ID), lit(" "), col(STAGE), lit(" on "), col(CLOSED_ON).cast("string")),
            col(CLOSED_ON)).as("_closed_opp"));
    Dataset<Row> acted = previousOutbox.filter(col(AS_OF_DATE).geq(since).and(col(AS_OF_DATE).lt(d)))
        .select(col(ACCOUNT_ID), col(EXPANSION_TYPE), col(IDEMPOTENCY_KEY).as("_acted_key"),
            col(AS_OF_DATE).as("_acted_on"));
    Dataset<Row> actedOther = items.select(ACCOUNT_ID, EXPANSION_TYPE, IDEMPOTENCY_KEY)
        .join(acted, new String[] {ACCOUNT_ID, EXPANSION_TYPE})
        .filter(col("_acted_key").notEqual(col(IDEMPOTENCY_KEY)))
        .groupBy(ACCOUNT_ID, EXPANSION_TYPE)
        .agg(max(col("_acted_on")).as("_acted_on"));
    Column routedLive = isExpansion.and(not(col(HOLDOUT)));
    Column suppressionReason = when(routedLive.and(col("_open_opp").isNotNull()),
            concat(lit("open "), col(EXPANSION_TYPE), lit(" opportunity "), col("_open_opp")))
        .when(routedLive.and(col("_acted_on").isNotNull()),
            concat(lit("cooldown: actioned on "), col("_acted_on").cast("string"), lit(" (within " + cd + " days)")))
        .when(routedLive.and(col("_closed_opp").isNotNull()),
            concat(lit("cooldown: opportunity "), col("_closed_opp"), lit(" (within " + cd + " days)")));
    items = items.join(open, new String[] {ACCOUNT_ID, EXPANSION_TYPE}, "left")
        .join(closed, new String[] {ACCOUNT_ID, EXPANSION_TYPE}, "left")
        .join(actedOther, new String[] {ACCOUNT_ID, EXPANSION_TYPE}, "left")
        .withColumn(SUPPRESSION_REASON, suppressionReason)
        .withColumn(SUPPRESSED, col(SUPPRESSION_REASON).isNotNull())
        .drop("_open_opp", "_closed_opp", "_acted_on");

    // 6. Priority.
    items = Priority.score(items, asOf, cfg.priority());

    // 7. Ranks among the items to work (expansion, not held out, not suppressed), overall and per owner;
    //    per-owner weekly capacity marks the overflow.
    Column active = isExpansion.and(not(col(HOLDOUT))).and(not(col(SUPPRESSED)));
    WindowSpec overall = Window.partitionBy(active).orderBy(col(PRIORITY).desc(), col(ACCOUNT_ID));
    WindowSpec perOwner = Window.partitionBy(active, col(OWNER)).orderBy(col(PRIORITY).desc(), col(ACCOUNT_ID));
    Column capacity = lit(cfg.capacity().weeklyDefault());
    for (Map.Entry<String, Integer> e : cfg.capacity().perOwner().entrySet()) {
      capacity = when(col(OWNER).equalTo(e.getKey()), lit(e.getValue())).otherwise(capacity);
    }
    capacity = when(col(MOTION).isin(cfg.capacity().unlimitedMotions().toArray()), lit(null).cast("int"))
        .otherwise(capacity);
    items = items
        .withColumn(RANK_OVERALL, when(active, row_number().over(overall)))
        .withColumn(RANK_IN_OWNER, when(active, row_number().over(perOwner)))
        .withColumn(OWNER_CAPACITY, when(active, capacity))
        .withColumn(OVER_CAPACITY, coalesce(col(RANK_IN_OWNER).gt(col(OWNER_CAPACITY)), lit(false)))
        .withColumn(REASON, when(col(ROUTING_RULE).isNotNull(),
            concat(col(REASON), lit("; routed by rule '"), col(ROUTING_RULE), lit("'")))
            .when(col(HOLDOUT), concat(col(REASON), lit("; held out of routing (holdout)")))
            .otherwise(col(REASON)))
        .withColumn(AS_OF_DATE, d);

    // 8. Items of the previous snapshot that are gone today are resolved (their signal cleared or a gate closed).
    Dataset<Row> resolved = prevLive
        .join(items.select(ACCOUNT_ID, ITEM_TYPE), new String[] {ACCOUNT_ID, ITEM_TYPE}, "left_anti")
        .select(d.as(AS_OF_DATE), col(ACCOUNT_ID), col(ACCOUNT_NAME), col(ITEM_TYPE), col(TRACK), col(EXPANSION_TYPE),
            col(EPISODE_START), lit(STATUS_RESOLVED).as(STATUS),
            when(col(TRACK).equalTo(TRACK_EXPANSION), concat(lit("resolved: no longer qualifies for "),
                col(EXPANSION_TYPE), lit(" (signal cleared or a gate closed)")))
                .otherwise(lit("resolved: left the adoption track")).as(REASON),
            lit(false).as(SUPPRESSED), lit(false).as(HOLDOUT), lit(false).as(OVER_CAPACITY));
    return items.unionByName(resolved, true);
  }
}
