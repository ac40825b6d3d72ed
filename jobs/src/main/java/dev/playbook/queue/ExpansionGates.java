package dev.playbook.queue;

import static dev.playbook.contract.Col.*;
import static dev.playbook.queue.QueueColumns.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.config.QueueConfig;
import dev.playbook.config.QueueConfig.Gate;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Step 1 of the queue: which expansion type fits each account (the trigger matrix's qualifying gates) or
 * why it goes to the adoption track. One row per account that is a risk account or has at least one fired
 * signal at the as-of date; accounts with nothing fired and no risk are not queue items.
 *
 * <p>Cost: one aggregation of the day's signals by account (a shuffle), then joins on account_id.
 */
public final class ExpansionGates {
  private ExpansionGates() {}

  /** Internal per-type columns (dropped before writing). */
  static String strengthOf(String type) {
    return "strength_" + type;
  }

  static String persistenceOf(String type) {
    return "persistence_days_" + type;
  }

  static String startOf(String type) {
    return "start_" + type;
  }

  static String leadOf(String type) {
    return "lead_" + type;
  }

  private static String streakCol(String signal) {
    return "k_" + signal;
  }

  public static final String STRENGTH_MAX = "strength_max";
  public static final String PERSISTENCE_DAYS = "persistence_days";
  public static final String EPISODE_HINT = "episode_hint";

  /**
   * @param signals the features job's {@code signals} (any dates; the as-of date's rows are used)
   * @param features the features job's {@code features}
   * @param windows the features job's {@code window_positions}
   * @param context {@link AccountContext#accountContext} at the same date
   */
  public static Dataset<Row> qualify(Dataset<Row> signals, Dataset<Row> features, Dataset<Row> windows,
      Dataset<Row> context, LocalDate asOf, QueueConfig.Expansion expansion, int daysPerPeriod) {
    Inputs.require(signals, "signals", AS_OF_DATE, ACCOUNT_ID, SIGNAL, VALUE, CUTOFF, FIRED, STRENGTH,
        STREAK_LENGTH, STREAK_UNIT, STREAK_START);
    Inputs.require(features, "features", AS_OF_DATE, ACCOUNT_ID, SEGMENT, IS_STRATEGIC, ARR, SEATS_PURCHASED,
        ACTIVE_USERS, IS_RISK, RISK_REASON);
    Inputs.require(windows, "window_positions", AS_OF_DATE, ACCOUNT_ID, DAYS_SINCE_ONBOARDING, PHASE,
        IN_CROSS_SELL_WINDOW, CROSS_SELL_WINDOW_POSITION, DAYS_TO_RENEWAL, PROJECTED_LIMIT_DATE);
    Column d = lit(Date.valueOf(asOf));

    // 1. The day's fired signals, one row per account: the fired set, each signal's streak, and per
    //    expansion type the strongest signal, its strength, the longest streak in days and the earliest start.
    Column days = when(col(STREAK_UNIT).equalTo(UNIT_PERIODS), col(STREAK_LENGTH).multiply(daysPerPeriod))
        .otherwise(col(STREAK_LENGTH));
    List<Column> aggs = new ArrayList<>();
    aggs.add(sort_array(collect_set(col(SIGNAL))).as(FIRED_SIGNALS));
    for (String s : QueueConfig.SIGNALS) {
      aggs.add(max(when(col(SIGNAL).equalTo(s), coalesce(col(STREAK_LENGTH), lit(1)))).as(streakCol(s)));
    }
    for (String t : QueueConfig.TYPES) {
      Column ofType = col(SIGNAL).isin(SignalTypes.signalsOf(t).toArray());
      aggs.add(max(when(ofType, coalesce(col(STRENGTH), lit(0.0)))).as(strengthOf(t)));
      aggs.add(max(when(ofType, days)).as(persistenceOf(t)));
      aggs.add(min(when(ofType, col(STREAK_START))).as(startOf(t)));
      aggs.add(max_by(when(ofType, col(SIGNAL)),
          when(ofType, struct(coalesce(col(STRENGTH), lit(0.0)), coalesce(days, lit(0)), col(SIGNAL)))).as(leadOf(t)));
    }
    Dataset<Row> fired = signals
        .filter(col(AS_OF_DATE).equalTo(d).and(col(FIRED).equalTo(true)))
        .groupBy(ACCOUNT_ID)
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));

    // 2. Each account's features, window position and context at the date.
    Dataset<Row> base = features.filter(col(AS_OF_DATE).equalTo(d)).drop(AS_OF_DATE)
        .select(ACCOUNT_ID, SEGMENT, IS_STRATEGIC, ARR, SEATS_PURCHASED, ACTIVE_USERS, IS_RISK, RISK_REASON)
        .join(windows.filter(col(AS_OF_DATE).equalTo(d)).select(ACCOUNT_ID, DAYS_SINCE_ONBOARDING, PHASE,
            IN_CROSS_SELL_WINDOW, CROSS_SELL_WINDOW_POSITION, DAYS_TO_RENEWAL, PROJECTED_LIMIT_DATE), ACCOUNT_ID,
            "left")
        .join(context, ACCOUNT_ID, "left")
        .join(fired, ACCOUNT_ID, "left")
        .withColumn(FIRED_SIGNALS, coalesce(col(FIRED_SIGNALS), array().cast("array<string>")))
        .filter(coalesce(col(IS_RISK), lit(false)).or(size(col(FIRED_SIGNALS)).gt(0)));

    // 3. Gates, in precedence order; the first passing type is the item's expansion type.
    List<Column> qualified = new ArrayList<>();
    List<Column> misses = new ArrayList<>();
    for (String t : expansion.precedence()) {
      Gate g = expansion.gates().get(t);
      qualified.add(when(passes(g), lit(t)));
      misses.add(when(not(passes(g)), concat(lit(t + " needs "), missing(g))));
    }
    Column risk = coalesce(col(IS_RISK), lit(false));
    Dataset<Row> gated = base
        .withColumn(QUALIFIED_TYPES, when(risk, array().cast("array<string>"))
            .otherwise(filter(array(qualified.toArray(Column[]::new)), x -> x.isNotNull())))
        .withColumn(EXPANSION_TYPE, element_at(col(QUALIFIED_TYPES), 1))
        .withColumn(TRACK, when(col(EXPANSION_TYPE).isNotNull(), lit(TRACK_EXPANSION)).otherwise(lit(TRACK_ADOPTION)))
        .withColumn(ITEM_TYPE, coalesce(col(EXPANSION_TYPE), lit(TRACK_ADOPTION)));

    // 4. The chosen type's lead signal, strength, persistence and episode start.
    Column lead = lit(null).cast("string");
    Column strength = lit(null).cast("double");
    Column persistence = lit(null).cast("int");
    Column start = lit(null).cast("date");
    for (String t : QueueConfig.TYPES) {
      Column is = col(EXPANSION_TYPE).equalTo(t);
      lead = when(is, col(leadOf(t))).otherwise(lead);
      strength = when(is, col(strengthOf(t))).otherwise(strength);
      persistence = when(is, col(persistenceOf(t))).otherwise(persistence);
      start = when(is, col(startOf(t))).otherwise(start);
    }
    Column reason = when(risk, concat(lit("adoption track: risk account ("),
            coalesce(col(RISK_REASON), lit("few active users for its seats")), lit("); no expansion motion")))
        .when(col(EXPANSION_TYPE).isNull(), concat(lit("adoption track: fired ["), array_join(col(FIRED_SIGNALS), ", "),
            lit("] but no gate passed: "), concat_ws("; ", misses.toArray(Column[]::new))))
        .otherwise(concat(col(EXPANSION_TYPE), lit(" qualified, led by "), lead,
            when(size(col(QUALIFIED_TYPES)).gt(1), concat(lit(" (also qualified: "),
                array_join(slice(col(QUALIFIED_TYPES), 2, 3), ", "), lit("; precedence decides)")))
                .otherwise(lit(""))));
    return gated
        .withColumn(LEAD_SIGNAL, lead)
        .withColumn(STRENGTH_MAX, strength)
        .withColumn(PERSISTENCE_DAYS, persistence)
        .withColumn(EPISODE_HINT, start)
        .withColumn(REASON, reason);
  }

  /** Whether signal {@code s} counts for gate {@code g}: it fired with at least the gate's minimum streak. */
  private static Column counts(Gate g, String s) {
    return coalesce(col(streakCol(s)).geq(g.minStreakOf(s)), lit(false));
  }

  private static Column condition(String name) {
    return coalesce(col(name), lit(false));
  }

  static Column passes(Gate g) {
    Column ok = lit(true);
    for (String s : g.allOf()) {
      ok = ok.and(counts(g, s));
    }
    if (!g.anyOf().isEmpty()) {
      Column any = lit(false);
      for (String s : g.anyOf()) {
        any = any.or(counts(g, s));
      }
      ok = ok.and(any);
    }
    for (String c : g.requires()) {
      ok = ok.and(condition(c));
    }
    return ok;
  }

  /** What a failing gate misses, e.g. "seat_utilization, one of [power_user_density, team_growth]". */
  private static Column missing(Gate g) {
    List<Column> parts = new ArrayList<>();
    for (String s : g.allOf()) {
      parts.add(when(not(counts(g, s)), lit(s + (g.minStreakOf(s) > 1 ? " (streak ≥ " + g.minStreakOf(s) + ")" : ""))));
    }
    if (!g.anyOf().isEmpty()) {
      Column any = lit(false);
      for (String s : g.anyOf()) {
        any = any.or(counts(g, s));
      }
      parts.add(when(not(any), lit("one of " + g.anyOf())));
    }
    for (String c : g.requires()) {
      parts.add(when(not(condition(c)), lit(c)));
    }
    return concat_ws(", ", parts.toArray(Column[]::new));
  }
}
