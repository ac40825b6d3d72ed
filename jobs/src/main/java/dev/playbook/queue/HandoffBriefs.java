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

/**
 * The CS→AE handoff brief of every routed item that is worked (not suppressed, not held out): health
 * summary, the qualifying signals with values and cutoffs, champion, expansion type and conversation
 * frame, the latest opportunities and activities, window position — frozen at the as-of date with the
 * config version. Written as a JSON document ({@code brief_json}) and as plain text ({@code brief_text}).
 *
 * <p>Cost: one aggregation each of the day's fired signals, opportunities and activities by account.
 */
public final class HandoffBriefs {
  private HandoffBriefs() {}

  /**
   * @param items the day's items from {@link ExpansionQueue#build}
   * @param signals the features job's signals (the as-of date's fired rows are used)
   * @param opportunities staged opportunities; the brief shows their stage as it was at the date
   * @param activities staged activities (an empty frame when the optional table is absent)
   */
  public static Dataset<Row> build(Dataset<Row> items, Dataset<Row> signals, Dataset<Row> opportunities,
      Dataset<Row> activities, LocalDate asOf, QueueConfig cfg, String configVersion) {
    Inputs.require(activities, "activities", ACCOUNT_ID, ACTIVITY_DATE, OWNER, KIND, SUMMARY);
    Column d = lit(Date.valueOf(asOf));

    // 1. The day's fired signals, strongest first.
    Dataset<Row> sig = signals.filter(col(AS_OF_DATE).equalTo(d).and(col(FIRED).equalTo(true)))
        .groupBy(ACCOUNT_ID)
        .agg(sort_array(collect_list(struct(col(STRENGTH), col(SIGNAL), col(VALUE), col(CUTOFF), col(STREAK_LENGTH),
            col(STREAK_UNIT), col(STREAK_START))), false).as("signals"));

    // 2. The latest opportunities created on or before the date, with their stage at the date.
    int maxOpps = cfg.brief().maxOpportunities();
    Dataset<Row> opps = opportunities.filter(col(CREATED_ON).leq(d))
        .withColumn("_n", row_number().over(Window.partitionBy(ACCOUNT_ID)
            .orderBy(col(CREATED_ON).desc(), col(OPPORTUNITY_ID).desc())))
        .filter(col("_n").leq(maxOpps))
        .groupBy(ACCOUNT_ID)
        .agg(sort_array(collect_list(struct(col(CREATED_ON), col(OPPORTUNITY_ID), col(OPPORTUNITY_TYPE),
            when(col(CLOSED_ON).isNull().or(col(CLOSED_ON).gt(d)), lit("open")).otherwise(col(STAGE))
                .as("stage_at_as_of"),
            when(col(CLOSED_ON).leq(d), col(CLOSED_ON)).as(CLOSED_ON), col(AMOUNT_ARR), col(OWNER))), false)
            .as("opportunities"));

    // 3. The latest logged activities on or before the date.
    int maxActs = cfg.brief().maxActivities();
    Dataset<Row> acts = activities.filter(col(ACTIVITY_DATE).leq(d))
        .withColumn("_n", row_number().over(Window.partitionBy(ACCOUNT_ID)
            .orderBy(col(ACTIVITY_DATE).desc(), col(SUMMARY))))
        .filter(col("_n").leq(maxActs))
        .groupBy(ACCOUNT_ID)
        .agg(sort_array(collect_list(struct(col(ACTIVITY_DATE), col(OWNER), col(KIND), col(SUMMARY))), false)
            .as("activities"));

    // 4. The brief of each worked item.
    Column frame = lit(null).cast("string");
    for (Map.Entry<String, QueueConfig.Gate> e : cfg.expansion().gates().entrySet()) {
      frame = when(col(EXPANSION_TYPE).equalTo(e.getKey()), lit(e.getValue().frame())).otherwise(frame);
    }
    Column seatShare = round(col(ACTIVE_USERS).cast("double").divide(col(SEATS_PURCHASED)), 3);
    Column health = format_string("%s%s, ARR %s, %s of %s seats active (%s), %s",
        col(SEGMENT), when(col(IS_STRATEGIC), lit(" (strategic)")).otherwise(lit("")),
        coalesce(col(ARR).cast("string"), lit("unknown")), coalesce(col(ACTIVE_USERS).cast("string"), lit("?")),
        coalesce(col(SEATS_PURCHASED).cast("string"), lit("?")),
        coalesce(concat(round(seatShare.multiply(100), 0).cast("int").cast("string"), lit("%")), lit("n/a")),
        when(coalesce(col(IS_RISK), lit(false)), concat(lit("RISK: "), coalesce(col(RISK_REASON), lit("")))).otherwise(lit("healthy, not a risk account")));
    Column empty = array();
    Dataset<Row> worked = items.filter(col(STATUS).notEqual(STATUS_RESOLVED).and(col(MOTION).isNotNull())
        .and(not(col(SUPPRESSED))));
    Dataset<Row> joined = worked.join(sig, ACCOUNT_ID, "left").join(opps, ACCOUNT_ID, "left")
        .join(acts, ACCOUNT_ID, "left")
        .withColumn("signals", coalesce(col("signals"), empty.cast(sig.schema().apply("signals").dataType())))
        .withColumn("opportunities", coalesce(col("opportunities"),
            empty.cast(opps.schema().apply("opportunities").dataType())))
        .withColumn("activities", coalesce(col("activities"), empty.cast(acts.schema().apply("activities").dataType())));
    Column brief = struct(
        d.as(AS_OF_DATE), lit(configVersion).as(CONFIG_VERSION), col(IDEMPOTENCY_KEY),
        struct(col(ACCOUNT_ID), col(ACCOUNT_NAME), col(SEGMENT), col(IS_STRATEGIC), col(ARR)).as("account"),
        struct(health.as("summary"), col(SEATS_PURCHASED), col(ACTIVE_USERS), seatShare.as("active_seat_share"),
            col(IS_RISK)).as("health"),
        struct(col(CHAMPION_NAME).as("name"), col(CHAMPION_TITLE).as("role")).as("champion"),
        struct(col(EXPANSION_TYPE).as("type"), frame.as("frame"), col(LEAD_SIGNAL), col(QUALIFIED_TYPES),
            col(ROUTING_RULE), col(MOTION), col(OWNER), col(PRIORITY), col(RANK_IN_OWNER)).as("expansion"),
        col("signals").as("qualifying_signals"),
        struct(col(PHASE), col(DAYS_SINCE_ONBOARDING), col(IN_CROSS_SELL_WINDOW), col(DAYS_TO_RENEWAL),
            col(PROJECTED_LIMIT_DATE)).as("window"),
        struct(col(CURRENT_PLANS), col(NEXT_PLANS), col(PRODUCTS_NOT_OWNED)).as("plans"),
        col("opportunities").as("recent_opportunities"),
        col("activities").as("recent_activities"));

    Column signalText = array_join(transform(col("signals"), x -> format_string(
        "%s = %s (cutoff %s, strength %s, %s %s since %s)", x.getField(SIGNAL),
        round(x.getField(VALUE), 3).cast("string"), round(x.getField(CUTOFF), 3).cast("string"),
        round(x.getField(STRENGTH), 3).cast("string"), x.getField(STREAK_LENGTH).cast("string"),
        x.getField(STREAK_UNIT), coalesce(x.getField(STREAK_START).cast("string"), lit("-")))), "\n  ");
    Column oppText = array_join(transform(col("opportunities"), x -> format_string("%s %s %s, created %s%s, %s ARR, owner %s",
        x.getField(OPPORTUNITY_ID), x.getField(OPPORTUNITY_TYPE), x.getField("stage_at_as_of"),
        x.getField(CREATED_ON).cast("string"),
        coalesce(concat(lit(", closed "), x.getField(CLOSED_ON).cast("string")), lit("")),
        coalesce(x.getField(AMOUNT_ARR).cast("string"), lit("?")), coalesce(x.getField(OWNER), lit("?")))), "\n  ");
    Column actText = array_join(transform(col("activities"), x -> format_string("%s %s by %s: %s",
        x.getField(ACTIVITY_DATE).cast("string"), coalesce(x.getField(KIND), lit("activity")),
        coalesce(x.getField(OWNER), lit("?")), coalesce(x.getField(SUMMARY), lit("")))), "\n  ");
    Column text = concat_ws("\n",
        format_string("EXPANSION BRIEF: %s (%s), as of %s, config %s", coalesce(col(ACCOUNT_NAME), col(ACCOUNT_ID)),
            col(ACCOUNT_ID), d.cast("string"), lit(configVersion)),
        format_string("Recommended: %s via %s, owner %s (rule '%s'); priority %s, rank %s in the owner's queue",
            col(EXPANSION_TYPE), col(MOTION), col(OWNER), col(ROUTING_RULE), col(PRIORITY).cast("string"),
            coalesce(col(RANK_IN_OWNER).cast("string"), lit("-"))),
        concat(lit("Frame: \""), frame, lit("\"")),
        concat(lit("Health: "), health),
        format_string("Champion: %s, %s", coalesce(col(CHAMPION_NAME), lit("(unknown)")),
            coalesce(col(CHAMPION_TITLE), lit("(role unknown)"))),
        concat(lit("Qualifying signals:\n  "), signalText),
        format_string("Window: %s, %s days since onboarding, cross-sell window %s, renewal in %s days, projected limit date %s",
            coalesce(col(PHASE), lit("?")), coalesce(col(DAYS_SINCE_ONBOARDING).cast("string"), lit("?")),
            when(col(IN_CROSS_SELL_WINDOW), lit("open")).otherwise(lit("closed")),
            coalesce(col(DAYS_TO_RENEWAL).cast("string"), lit("?")),
            coalesce(col(PROJECTED_LIMIT_DATE).cast("string"), lit("none"))),
        format_string("Plans: current %s, next %s, products not owned %s", array_join(col(CURRENT_PLANS), ", "),
            array_join(col(NEXT_PLANS), ", "), array_join(col(PRODUCTS_NOT_OWNED), ", ")),
        concat(lit("Recent opportunities:"), when(size(col("opportunities")).gt(0), concat(lit("\n  "), oppText))
            .otherwise(lit(" none"))),
        concat(lit("Recent activities:"), when(size(col("activities")).gt(0), concat(lit("\n  "), actText))
            .otherwise(lit(" none"))));
    return joined.select(d.as(AS_OF_DATE), col(ACCOUNT_ID), col(EXPANSION_TYPE), col(MOTION), col(OWNER),
        col(IDEMPOTENCY_KEY), to_json(brief).as(BRIEF_JSON), text.as(BRIEF_TEXT), lit(configVersion).as(CONFIG_VERSION));
  }
}
