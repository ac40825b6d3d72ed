package dev.playbook.queue;

import static dev.playbook.contract.Col.*;
import static dev.playbook.queue.QueueColumns.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.config.QueueConfig;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
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
 * <p>Cost: small joins on account_id (and on owner for the week's actions) and three window sorts (overall, per
 * owner, and per owner among the items not yet actioned this week) over the day's items.
 */
public final class ExpansionQueue {
  private ExpansionQueue() {}

  /**
   * @param routed today's items after {@link Routing#route}
   * @param opportunities staged opportunities (any dates; only those created on or before the date count)
   * @param previousQueue the expansion_queue table (any dates; the latest date before {@code asOf} is used)
   * @param previousOutbox the outbox table (any dates; those in the cooldown and the week before {@code asOf}
   *     are used)
   */
  public static Dataset<Row> build(Dataset<Row> routed, Dataset<Row> opportunities, Dataset<Row> previousQueue,
      Dataset<Row> previousOutbox, LocalDate asOf, QueueConfig cfg) {
    Inputs.require(opportunities, "opportunities", OPPORTUNITY_ID, ACCOUNT_ID, OPPORTUNITY_TYPE, CREATED_ON,
        CLOSED_ON, STAGE);
    Inputs.require(previousQueue, "expansion_queue", AS_OF_DATE, ACCOUNT_ID, ACCOUNT_NAME, ITEM_TYPE, TRACK,
        EXPANSION_TYPE, STATUS, EPISODE_START);
    Inputs.require(previousOutbox, "outbox", AS_OF_DATE, ACCOUNT_ID, EXPANSION_TYPE, IDEMPOTENCY_KEY, OWNER_ID);
    Column d = lit(Date.valueOf(asOf));
    Column isExpansion = col(TRACK).equalTo(TRACK_EXPANSION);
    // Close rows are not actions of the item: they neither use capacity nor start a cooldown.
    previousOutbox = Outbox.withDeclaredColumns(previousOutbox)
        .filter(coalesce(col(ACTION), lit(Outbox.ACTION_CREATE)).notEqual(Outbox.ACTION_CLOSE));

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

    // 5. Suppression (scope account: any expansion type on the account; account_type: the item's type): an
    //    open expansion opportunity at the date; or a cooldown after an action (an outbox row of another
    //    episode, motion or type, or an expansion opportunity closed, within cooldown_days). The reason names
    //    the type that holds the item back.
    QueueConfig.Suppression sup = cfg.suppression();
    int cd = sup.cooldownDays();
    Column since = date_sub(d, cd);
    Dataset<Row> opps = opportunities.filter(col(CREATED_ON).leq(d).and(col(OPPORTUNITY_TYPE).isin(QueueConfig.TYPES.toArray())));
    Column oppText = concat(col(OPPORTUNITY_TYPE), lit(" opportunity "), col(OPPORTUNITY_ID));
    Dataset<Row> open = holds(opps.filter(col(CLOSED_ON).isNull().or(col(CLOSED_ON).gt(d))), OPPORTUNITY_TYPE,
        oppText, col(CREATED_ON), null);
    Dataset<Row> closed = holds(opps.filter(col(CLOSED_ON).geq(since).and(col(CLOSED_ON).leq(d))), OPPORTUNITY_TYPE,
        concat(oppText, lit(" "), col(STAGE), lit(" on "), col(CLOSED_ON).cast("string")), col(CLOSED_ON), null);
    Dataset<Row> acted = holds(previousOutbox.filter(col(AS_OF_DATE).geq(since).and(col(AS_OF_DATE).lt(d))),
        EXPANSION_TYPE, concat(col(EXPANSION_TYPE), lit(" actioned on "), col(AS_OF_DATE).cast("string")),
        col(AS_OF_DATE), col(IDEMPOTENCY_KEY));
    Dataset<Row> keys = items.select(ACCOUNT_ID, EXPANSION_TYPE, IDEMPOTENCY_KEY);
    Column routedLive = isExpansion.and(not(col(HOLDOUT)));
    String within = " (within " + cd + " days)";
    Column suppressionReason = when(routedLive.and(col("_open").isNotNull()), concat(lit("open "), col("_open")))
        .when(routedLive.and(col("_acted").isNotNull()), concat(lit("cooldown: "), col("_acted"), lit(within)))
        .when(routedLive.and(col("_closed").isNotNull()), concat(lit("cooldown: "), col("_closed"), lit(within)));
    String[] itemKey = {ACCOUNT_ID, EXPANSION_TYPE};
    items = items.join(latestPerItem(keys, open, sup, "_open"), itemKey, "left")
        .join(latestPerItem(keys, closed, sup, "_closed"), itemKey, "left")
        .join(latestPerItem(keys, acted, sup, "_acted"), itemKey, "left")
        .withColumn(SUPPRESSION_REASON, suppressionReason)
        .withColumn(SUPPRESSED, col(SUPPRESSION_REASON).isNotNull())
        .drop("_open", "_closed", "_acted");

    // 6. Priority.
    items = Priority.score(items, asOf, cfg.priority());

    // 7. Ranks among the items to work (expansion, not held out, not suppressed), overall and per owner.
    //    Capacity is per owner and ISO week (Monday..Sunday of D): the distinct actions emitted for the owner
    //    earlier in the week (outbox rows dated Monday..D−1) count against it. An item whose action was one
    //    of them stays worked (the action exists already); the others fill what is left, by priority.
    Date monday = Date.valueOf(asOf.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    Dataset<Row> weekActions = previousOutbox.filter(col(AS_OF_DATE).geq(lit(monday)).and(col(AS_OF_DATE).lt(d)))
        .select(col(OWNER_ID).as(OWNER), col(IDEMPOTENCY_KEY)).distinct();
    Dataset<Row> weekCounts = weekActions.groupBy(OWNER).agg(count(lit(1)).cast("int").as("_week_used"));
    items = items
        .join(weekCounts, new String[] {OWNER}, "left")
        .join(weekActions.withColumn("_week_actioned", lit(true)), new String[] {OWNER, IDEMPOTENCY_KEY}, "left");
    Column active = isExpansion.and(not(col(HOLDOUT))).and(not(col(SUPPRESSED)));
    Column fresh = active.and(col("_week_actioned").isNull());
    WindowSpec overall = Window.partitionBy(active).orderBy(col(PRIORITY).desc(), col(ACCOUNT_ID));
    WindowSpec perOwner = Window.partitionBy(active, col(OWNER)).orderBy(col(PRIORITY).desc(), col(ACCOUNT_ID));
    WindowSpec freshPerOwner = Window.partitionBy(fresh, col(OWNER)).orderBy(col(PRIORITY).desc(), col(ACCOUNT_ID));
    Column capacity = lit(cfg.capacity().weeklyDefault());
    for (Map.Entry<String, Integer> e : cfg.capacity().perOwner().entrySet()) {
      capacity = when(col(OWNER).equalTo(e.getKey()), lit(e.getValue())).otherwise(capacity);
    }
    capacity = when(col(MOTION).isin(cfg.capacity().unlimitedMotions().toArray()), lit(null).cast("int"))
        .otherwise(capacity);
    Column left = col(OWNER_CAPACITY).minus(col(OWNER_WEEK_ACTIONED));
    items = items
        .withColumn(RANK_OVERALL, when(active, row_number().over(overall)))
        .withColumn(RANK_IN_OWNER, when(active, row_number().over(perOwner)))
        .withColumn(OWNER_CAPACITY, when(active, capacity))
        .withColumn(OWNER_WEEK_ACTIONED, when(active, coalesce(col("_week_used"), lit(0))))
        .withColumn(ACTIONED_THIS_WEEK, when(active, col("_week_actioned").isNotNull()))
        .withColumn(OVER_CAPACITY, coalesce(fresh.and(row_number().over(freshPerOwner).gt(left)), lit(false)))
        .drop("_week_used", "_week_actioned")
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

  /**
   * Events that hold an account back ({@code account_id}, {@code _type}, {@code _text} in words, {@code _on}
   * its date, {@code _key} the action's key or null).
   */
  private static Dataset<Row> holds(Dataset<Row> rows, String typeColumn, Column text, Column on, Column key) {
    return rows.select(col(ACCOUNT_ID), col(typeColumn).as("_type"), text.as("_text"), on.as("_on"),
        (key == null ? lit(null).cast("string") : key).as("_key"));
  }

  /**
   * Per item (account_id, expansion_type), the latest event in the suppression scope — any type of the
   * account, or only the item's — that is not the item's own action (another key), as {@code name}.
   */
  private static Dataset<Row> latestPerItem(Dataset<Row> keys, Dataset<Row> events, QueueConfig.Suppression sup,
      String name) {
    Column inScope = sup.perAccount() ? lit(true) : col("_type").equalTo(col(EXPANSION_TYPE));
    Column otherAction = col("_key").isNull().or(col("_key").notEqual(col(IDEMPOTENCY_KEY)));
    return keys.join(events, ACCOUNT_ID)
        .filter(inScope.and(otherAction))
        .groupBy(ACCOUNT_ID, EXPANSION_TYPE)
        .agg(max_by(col("_text"), struct(col("_on"), col("_text"))).as(name));
  }
}
