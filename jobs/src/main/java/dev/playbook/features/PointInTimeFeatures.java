package dev.playbook.features;

import static dev.playbook.features.Intervals.DAY;
import static dev.playbook.features.Intervals.dateOf;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_min;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import dev.playbook.config.RiskConfig;
import dev.playbook.config.SignalsConfig;
import dev.playbook.config.WindowsConfig;
import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Point-in-time features, signals and window positions for every account and as-of date in [from, to], in one
 * pass: the daily measures of {@link AccountDays} over [from - signals.max_streak_days, to], then signals (with
 * streaks from that daily history), features and window positions, kept for [from, to]. A result for D uses only
 * input rows dated on or before D, and is the same whether D is computed alone or inside a range.
 *
 * <p>Cost: see {@link AccountDays}; on top, one shuffle by (account, signal) for the streak window.
 */
public final class PointInTimeFeatures {
  private PointInTimeFeatures() {}

  /** The three outputs, conforming to {@link FeatureTables}. */
  public record Outputs(Dataset<Row> signals, Dataset<Row> features, Dataset<Row> windowPositions) {}

  /** Computes the three outputs for the as-of dates [from, to]; see the class comment. */
  public static Outputs compute(FeatureInputs in, LocalDate from, LocalDate to, SignalsConfig signals,
      WindowsConfig windows, RiskConfig risk) {
    return outputs(daily(in, from, to, signals, windows), in.plans(), from, signals, windows, risk);
  }

  /**
   * The daily measures every output is derived from: one row per account and day of
   * [from - signals.max_streak_days, to]. The job persists it once and derives the three outputs from it.
   */
  public static Dataset<Row> daily(FeatureInputs in, LocalDate from, LocalDate to, SignalsConfig signals,
      WindowsConfig windows) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to " + to + " is before from " + from);
    }
    int gridStart = (int) from.toEpochDay() - signals.maxStreakDays();
    return AccountDays.build(in, gridStart, (int) to.toEpochDay(), signals, windows)
        .withColumn(SIGNAL_VALUES, signalValues(signals));
  }

  /** The three outputs for as-of dates from {@code from} on, from the {@link #daily} measures. */
  public static Outputs outputs(Dataset<Row> daily, Dataset<Row> plans, LocalDate from, SignalsConfig signals,
      WindowsConfig windows, RiskConfig risk) {
    int fromDay = (int) from.toEpochDay();
    Dataset<Row> signalRows = signalRows(daily, signals).filter(col(DAY).geq(fromDay))
        .select(dateOf(col(DAY)).as(Col.AS_OF_DATE), col(Col.ACCOUNT_ID), col(FeatureTables.SIGNAL),
            col(FeatureTables.EXPANSION_TYPE), col(FeatureTables.VALUE), col(FeatureTables.CUTOFF),
            col(FeatureTables.FIRED), col(FeatureTables.STRENGTH), col(FeatureTables.STREAK_LENGTH),
            col(FeatureTables.STREAK_UNIT), col(FeatureTables.STREAK_START));
    Dataset<Row> current = daily.filter(col(DAY).geq(fromDay));
    Dataset<Row> productIds = plans.select(col(Col.PRODUCT_ID)).agg(collect_set(col(Col.PRODUCT_ID))
        .as("_all_products"));
    return new Outputs(signalRows, features(current, risk), windowPositions(current, productIds, windows));
  }

  private static final String SIGNAL_VALUES = "_signal_values";

  /** One struct per signal: signal, expansion type, value, cutoff, fired, and the period streak when it has one. */
  private static Column signalValues(SignalsConfig s) {
    List<Column> structs = new ArrayList<>();
    Column noStreak = lit(null).cast("int");
    for (Signal signal : Signal.values()) {
      double cutoff = cutoff(signal, s);
      Column value = value(signal, s).cast("double");
      Column fired = coalesce(value.geq(cutoff), lit(false));
      Column streak = noStreak;
      Column streakStart = noStreak;
      if (signal == Signal.PLAN_LIMIT_UTILIZATION) {
        // Fired by the common rule: its value, the lowest of the last min_consecutive_periods closed periods,
        // is at or above the cutoff exactly when those periods all are (AccountDays).
        streak = col(AccountDays.PLAN_LIMIT_STREAK);
        streakStart = col(AccountDays.PLAN_LIMIT_STREAK_START_DAY);
      } else if (signal == Signal.TEAM_GROWTH && s.teamGrowth().minNewDepartments() > 0) {
        fired = fired.or(col(AccountDays.NEW_DEPARTMENTS).geq(s.teamGrowth().minNewDepartments()));
      }
      structs.add(struct(lit(signal.key()).as(FeatureTables.SIGNAL),
          lit(signal.expansionType()).as(FeatureTables.EXPANSION_TYPE), value.as(FeatureTables.VALUE),
          lit(cutoff).as(FeatureTables.CUTOFF), fired.as(FeatureTables.FIRED),
          lit(signal.streakUnit()).as(FeatureTables.STREAK_UNIT),
          streak.as("period_streak"), streakStart.as("period_streak_start_day")));
    }
    return array(structs.toArray(Column[]::new));
  }

  static double cutoff(Signal signal, SignalsConfig s) {
    return switch (signal) {
      case SEAT_UTILIZATION -> s.seatUtilization().cutoff();
      case USAGE_ALLOCATION -> s.usageAllocation().cutoff();
      case PLAN_LIMIT_UTILIZATION -> s.planLimitUtilization().cutoff();
      case FEATURE_ADOPTION_BREADTH -> s.featureAdoptionBreadth().cutoff();
      case POWER_USER_DENSITY -> s.powerUserDensity().cutoff();
      case API_USAGE_GROWTH -> s.apiUsageGrowth().cutoff();
      case DEPARTMENT_SPREAD -> s.departmentSpread().cutoff();
      case POWER_USER_EMERGENCE -> s.powerUserEmergence().cutoff();
      case TEAM_GROWTH -> s.teamGrowth().cutoff();
      case FEATURE_GATE_FRICTION -> s.featureGateFriction().cutoff();
    };
  }

  private static Column value(Signal signal, SignalsConfig s) {
    return switch (signal) {
      case SEAT_UTILIZATION -> col(AccountDays.SEAT_UTILIZATION);
      case USAGE_ALLOCATION -> col(AccountDays.USAGE_ALLOCATION);
      case PLAN_LIMIT_UTILIZATION -> col(AccountDays.PLAN_LIMIT_VALUE);
      case FEATURE_ADOPTION_BREADTH -> col(AccountDays.FEATURE_BREADTH);
      case POWER_USER_DENSITY -> col(AccountDays.POWER_USER_DENSITY);
      case API_USAGE_GROWTH -> {
        // Computable once the baseline window lies inside the account's API history (its first day with calls
        // is on or before the window's first day): a window reaching before the first call would read a
        // partial baseline as huge growth.
        int baselineFirst = s.apiUsageGrowth().baselineOffsetDays() + s.apiUsageGrowth().windowDays() - 1;
        yield when(col(AccountDays.API_BASELINE).gt(0)
                .and(col(AccountDays.API_FIRST_DAY).leq(col(DAY).minus(baselineFirst))),
            col(AccountDays.API_RECENT).divide(col(AccountDays.API_BASELINE)).minus(1));
      }
      case DEPARTMENT_SPREAD -> col(AccountDays.ACTIVE_DEPARTMENTS);
      case POWER_USER_EMERGENCE -> col(AccountDays.EMERGENCE);
      case TEAM_GROWTH -> col(AccountDays.NEW_USERS);
      case FEATURE_GATE_FRICTION -> col(AccountDays.GATES);
    };
  }

  /**
   * Long signal rows with strength and streaks. A daily signal's streak is the run of fired days ending on D
   * within the grid, capped at max_streak_days (so every run computing D agrees); plan_limit_utilization's streak
   * is its run of closed billing periods.
   */
  private static Dataset<Row> signalRows(Dataset<Row> daily, SignalsConfig s) {
    WindowSpec history = Window.partitionBy(col(Col.ACCOUNT_ID), col(FeatureTables.SIGNAL)).orderBy(col(DAY))
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column lastNotFired = max(when(not(col(FeatureTables.FIRED)), col(DAY))).over(history);
    Column firstDay = min(col(DAY)).over(history);
    Column dailyStreak = least(col(DAY).minus(coalesce(lastNotFired, firstDay.minus(1))), lit(s.maxStreakDays()));
    Column isPeriods = col(FeatureTables.STREAK_UNIT).equalTo(Signal.PERIODS);
    Column streak = when(not(col(FeatureTables.FIRED)), lit(0))
        .when(isPeriods, col("_s.period_streak"))
        .otherwise(dailyStreak);
    Column value = col(FeatureTables.VALUE);
    Column cutoff = col(FeatureTables.CUTOFF);
    return daily.select(col(Col.ACCOUNT_ID), col(DAY), explode(col(SIGNAL_VALUES)).as("_s"))
        .select(col(Col.ACCOUNT_ID), col(DAY), col("_s"), col("_s.*"))
        .withColumn(FeatureTables.STREAK_LENGTH, streak.cast("int"))
        .withColumn(FeatureTables.STREAK_START, when(col(FeatureTables.FIRED),
            dateOf(when(isPeriods, col("_s.period_streak_start_day"))
                .otherwise(col(DAY).minus(col(FeatureTables.STREAK_LENGTH)).plus(1)))))
        .withColumn(FeatureTables.STRENGTH, when(col(FeatureTables.FIRED).and(cutoff.gt(0)),
                greatest(value.divide(cutoff).minus(1), lit(0.0)))
            .otherwise(lit(0.0)));
  }

  /** The features table's rows (see {@link FeatureTables#FEATURES}). */
  private static Dataset<Row> features(Dataset<Row> daily, RiskConfig risk) {
    Column seats = col(AccountDays.SEATS);
    Column share = when(seats.gt(0), col(AccountDays.ACTIVE_USERS).divide(seats));
    Column judged = col(DAY).minus(col(AccountDays.ONBOARDED_DAY)).geq(risk.minDaysSinceOnboarding());
    Column isRisk = coalesce(judged.and(share.lt(risk.minActiveSeatShare())), lit(false));
    Column firedSignals = transform(filter(col(SIGNAL_VALUES), x -> x.getField(FeatureTables.FIRED)),
        x -> x.getField(FeatureTables.SIGNAL));
    return daily.select(
        dateOf(col(DAY)).as(Col.AS_OF_DATE),
        col(Col.ACCOUNT_ID),
        col(Col.SEGMENT),
        col(Col.IS_STRATEGIC),
        col(AccountDays.MRR_TOTAL).multiply(12).cast(InputTable.MONEY).as(FeatureTables.ARR),
        seats.as(Col.SEATS_PURCHASED),
        col(AccountDays.ACTIVE_USERS).cast("int").as(FeatureTables.ACTIVE_USERS),
        share.as(FeatureTables.ACTIVE_SEAT_SHARE),
        isRisk.as(FeatureTables.IS_RISK),
        when(isRisk, format_string("shallow adoption: %d active users of %d seats (%.0f%%) is below %.0f%%",
            col(AccountDays.ACTIVE_USERS), seats, share.multiply(100), lit(risk.minActiveSeatShare() * 100)))
            .as(FeatureTables.RISK_REASON),
        col(AccountDays.PRODUCT_IDS),
        col(AccountDays.PLAN_IDS),
        col(AccountDays.HAS_HIGHER_PLAN),
        col(AccountDays.ACTIVE_DEPARTMENTS).cast("int").as(FeatureTables.ACTIVE_DEPARTMENTS),
        col(AccountDays.NEW_USERS).cast("int").as(FeatureTables.NEW_USERS),
        col(AccountDays.NEW_DEPARTMENTS).cast("int").as(FeatureTables.NEW_DEPARTMENTS),
        col(AccountDays.API_RECENT).cast("long").as(FeatureTables.API_CALLS_RECENT),
        col(AccountDays.API_BASELINE).cast("long").as(FeatureTables.API_CALLS_BASELINE),
        col(AccountDays.GATES).cast("int").as(FeatureTables.GATE_EVENTS),
        firedSignals.as(FeatureTables.FIRED_SIGNALS));
  }

  /** The window_positions table's rows (see {@link FeatureTables#WINDOW_POSITIONS}). */
  private static Dataset<Row> windowPositions(Dataset<Row> daily, Dataset<Row> productIds, WindowsConfig w) {
    Column dso = col(DAY).minus(col(AccountDays.ONBOARDED_DAY));
    Column phase = when(dso.lt(w.peakStartDays()), lit(FeatureTables.BEFORE_WINDOW))
        .when(dso.leq(w.peakEndDays()), lit(FeatureTables.PEAK))
        .otherwise(lit(FeatureTables.LATE));
    Column crossSell = filter(col("_all_products"), p -> not(org.apache.spark.sql.functions.array_contains(
            col(AccountDays.PRODUCT_IDS), p))
        .and(dso.geq(windowEdge(p, w, true))).and(dso.leq(windowEdge(p, w, false))));
    return daily.crossJoin(org.apache.spark.sql.functions.broadcast(productIds))
        .select(
            dateOf(col(DAY)).as(Col.AS_OF_DATE),
            col(Col.ACCOUNT_ID),
            dateOf(col(AccountDays.ONBOARDED_DAY)).as(Col.ONBOARDED_ON),
            dso.cast("int").as(FeatureTables.DAYS_SINCE_ONBOARDING),
            phase.as(FeatureTables.PHASE),
            org.apache.spark.sql.functions.array_sort(crossSell).as(FeatureTables.CROSS_SELL_PRODUCTS),
            dateOf(col(AccountDays.RENEWAL_DAY)).as(FeatureTables.RENEWAL_DATE),
            col(AccountDays.RENEWAL_DAY).minus(col(DAY)).cast("int").as(FeatureTables.DAYS_TO_RENEWAL),
            dateOf(col(AccountDays.PROJECTED_DAY)).as(FeatureTables.PROJECTED_LIMIT_DATE),
            col(AccountDays.PROJECTED_PRODUCT))
        .withColumn(FeatureTables.IN_CROSS_SELL_WINDOW, size(col(FeatureTables.CROSS_SELL_PRODUCTS)).gt(0))
        .withColumn(FeatureTables.CROSS_SELL_WINDOW_POSITION, array_min(transform(
            col(FeatureTables.CROSS_SELL_PRODUCTS), p -> windowPosition(p, col(FeatureTables.DAYS_SINCE_ONBOARDING), w))));
  }

  /** (days − start) ÷ (end − start) in product {@code p}'s cross-sell window; 0 for a one-day window. */
  private static Column windowPosition(Column p, Column days, WindowsConfig w) {
    Column start = windowEdge(p, w, true);
    Column length = windowEdge(p, w, false).minus(start);
    return when(length.gt(0), days.minus(start).cast("double").divide(length)).otherwise(lit(0.0));
  }

  /** The cross-sell window's first (or last) day for product {@code p}: its override, else the default. */
  private static Column windowEdge(Column p, WindowsConfig w, boolean start) {
    int fallback = start ? w.crossSellStartDays() : w.crossSellEndDays();
    if (w.crossSellByProduct().isEmpty()) {
      return lit(fallback);
    }
    List<Column> kv = new ArrayList<>();
    for (Map.Entry<String, WindowsConfig.Range> e : w.crossSellByProduct().entrySet()) {
      kv.add(lit(e.getKey()));
      kv.add(lit(start ? e.getValue().startDays() : e.getValue().endDays()));
    }
    return coalesce(element_at(map(kv.toArray(Column[]::new)), p), lit(fallback));
  }
}
