package dev.playbook.features;

import static dev.playbook.features.Intervals.DAY;
import static dev.playbook.features.Intervals.END;
import static dev.playbook.features.Intervals.START;
import static dev.playbook.features.Intervals.coverCount;
import static dev.playbook.features.Intervals.dayOf;
import static dev.playbook.features.Intervals.merge;
import static dev.playbook.features.Intervals.trailingSums;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.playbook.config.SignalsConfig;
import dev.playbook.config.WindowsConfig;
import dev.playbook.contract.Col;
import dev.playbook.contract.UtcTime;
import dev.playbook.features.Intervals.TrailingSum;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The daily measures behind every signal and window position: one row per account and day of the grid
 * [from - signals.max_streak_days, to] (days on or after onboarding), computed in one pass for the whole range.
 *
 * <p>Point-in-time by construction: every value for day D is a trailing window ending on D, a running total
 * up to D, or a property of rows dated on or before D (subscription periods starting on or before D, users invited
 * on or before D, deactivation only as "on or before D"). Nothing reads the wall clock.
 *
 * <p>Steps and cost (n = activity rows read, a = accounts, g = grid days):
 * <ol>
 *   <li>account grid: accounts x grid days (broadcast cross join, no shuffle);
 *   <li>activity rows from the longest lookback before the grid;
 *   <li>everything windowed over the activity — distinct counts over trailing windows (active users, per
 *       product, departments, plan features used), the power-user window's daily users, power-user emergence —
 *       in one pass per account ({@link ActivitySweep}: the activity and the users grouped by account together, one
 *       shuffle of the activity, linear in n);
 *       the users' first activity day from the whole history (a scan and an aggregation by user);
 *   <li>subscriptions: each billing period exploded to its days up to {@code to} (the size of api_usage_daily),
 *       joined to daily metered usage; running totals per period and the usage trend by range-frame windows;
 *   <li>closed billing periods: utilization and period streaks, exploded to the days each is the latest closed;
 *   <li>trailing sums (API calls, gate events) by one range-frame window over grid rows unioned with the daily
 *       facts;
 *   <li>team growth: joins and departments as intervals ({@link Intervals});
 *   <li>left joins of the per-(account, day) pieces onto the grid (shuffles by account).
 * </ol>
 */
final class AccountDays {
  private AccountDays() {}

  // Grid and account columns.
  static final String ONBOARDED_DAY = "onboarded_day";
  // Users.
  private static final String INVITED_DAY = ActivitySweep.INVITED_DAY;
  private static final String ACTIVATED_DAY = "activated_day";
  private static final String DEACTIVATED_DAY = ActivitySweep.DEACTIVATED_DAY;
  // Subscriptions.
  static final String PERIOD_START_DAY = "period_start_day";
  static final String PERIOD_END_DAY = "period_end_day";
  private static final String NEXT_START_DAY = "next_start_day";
  private static final String EFFECTIVE_END_DAY = "effective_end_day";
  static final String RENEWAL_DAY = "renewal_day";
  private static final String ALLOCATION = "allocation";
  private static final String USAGE = "usage";
  private static final String USAGE_TO_DATE = "usage_to_date";
  private static final String PERIOD_USAGE = "period_usage";
  private static final String NEXT_PLAN = "next_plan";
  private static final String REG_N = "reg_n";
  private static final String REG_T = "reg_t";
  private static final String REG_Y = "reg_y";
  private static final String REG_TY = "reg_ty";
  private static final String REG_TT = "reg_tt";
  /** Fixed origin of the trend regression's time axis (keeps sums small; fixed so every run rounds alike). */
  private static final int TREND_ORIGIN_DAY = 20_000;
  // Per-product measures.
  private static final String ACTIVE_IN_PRODUCT = ActivitySweep.ACTIVE_IN_PRODUCT;
  private static final String DAU_SUM = ActivitySweep.DAU_SUM;
  private static final String USED_FEATURES = ActivitySweep.USED_FEATURES;
  private static final String PLAN_FEATURE_COUNT = "plan_feature_count";
  private static final String EVENTS = "events";
  // Account-day measures (the wide frame).
  static final String SEATS = Col.SEATS_PURCHASED;
  static final String MRR_TOTAL = "mrr_total";
  static final String ACTIVE_USERS = FeatureTables.ACTIVE_USERS;
  static final String SEAT_UTILIZATION = "seat_utilization_value";
  static final String POWER_USER_DENSITY = "power_user_density_value";
  static final String FEATURE_BREADTH = "feature_breadth_value";
  static final String USAGE_ALLOCATION = "usage_allocation_value";
  static final String PROJECTED_DAY = "projected_day";
  static final String PROJECTED_PRODUCT = FeatureTables.PROJECTED_LIMIT_PRODUCT;
  static final String PLAN_LIMIT_VALUE = "plan_limit_value";
  static final String PLAN_LIMIT_STREAK = "plan_limit_streak";
  static final String PLAN_LIMIT_STREAK_START_DAY = "plan_limit_streak_start_day";
  static final String API_RECENT = FeatureTables.API_CALLS_RECENT;
  static final String API_BASELINE = FeatureTables.API_CALLS_BASELINE;
  static final String API_FIRST_DAY = "api_first_day";
  static final String GATES = FeatureTables.GATE_EVENTS;
  static final String ACTIVE_DEPARTMENTS = FeatureTables.ACTIVE_DEPARTMENTS;
  static final String NEW_USERS = FeatureTables.NEW_USERS;
  static final String NEW_DEPARTMENTS = FeatureTables.NEW_DEPARTMENTS;
  static final String EMERGENCE = ActivitySweep.EMERGENCE;
  static final String PRODUCT_IDS = FeatureTables.PRODUCT_IDS;
  static final String PLAN_IDS = FeatureTables.PLAN_IDS;
  static final String HAS_HIGHER_PLAN = FeatureTables.HAS_HIGHER_PLAN;

  private static final String API = "api_calls_day";
  private static final String GATE = "gate_events_day";

  /**
   * A DATE column between two day indexes, as a comparison of the column itself: unlike the same filter on
   * {@code unix_date(column)}, Delta and Parquet skip the files (months of a staged daily table) outside it.
   */
  private static Column dated(String dateColumn, int fromDay, int toDay) {
    return col(dateColumn).between(lit(java.sql.Date.valueOf(java.time.LocalDate.ofEpochDay(fromDay))),
        lit(java.sql.Date.valueOf(java.time.LocalDate.ofEpochDay(toDay))));
  }

  /** The wide daily frame for grid days [gridStart, toDay]; see the class comment. */
  static Dataset<Row> build(FeatureInputs in, int gridStart, int toDay, SignalsConfig s, WindowsConfig w) {
    int readFrom = gridStart - s.maxLookbackDays() - 1;
    var spark = in.accounts().sparkSession();
    List<String> acc = List.of(Col.ACCOUNT_ID);
    List<String> accProduct = List.of(Col.ACCOUNT_ID, Col.PRODUCT_ID);
    List<String> accDay = List.of(Col.ACCOUNT_ID, DAY);

    // 1. Account grid: one row per account and day from max(gridStart, onboarding) to toDay.
    Dataset<Row> accounts = in.accounts()
        .select(col(Col.ACCOUNT_ID), col(Col.SEGMENT), col(Col.IS_STRATEGIC),
            dayOf(col(Col.ONBOARDED_ON)).as(ONBOARDED_DAY))
        .filter(col(ONBOARDED_DAY).leq(toDay));
    Dataset<Row> days = spark.range(gridStart, toDay + 1L).select(col("id").cast("int").as(DAY));
    Dataset<Row> grid = accounts.crossJoin(broadcast(days)).filter(col(DAY).geq(col(ONBOARDED_DAY)));

    // 2. Users known on or before toDay, and the activity in the lookback (ActivitySweep keeps that of known
    //    users while they were users).
    Dataset<Row> users = in.users()
        .select(col(Col.USER_ID), col(Col.ACCOUNT_ID), col(Col.DEPARTMENT),
            dayOf(col(Col.INVITED_ON)).as(INVITED_DAY), dayOf(col(Col.ACTIVATED_ON)).as(ACTIVATED_DAY),
            dayOf(col(Col.DEACTIVATED_ON)).as(DEACTIVATED_DAY))
        .filter(col(INVITED_DAY).isNull().or(col(INVITED_DAY).leq(toDay)));
    Dataset<Row> activity = in.userActivityDaily().filter(dated(Col.ACTIVITY_DATE, readFrom, toDay))
        .select(col(Col.ACCOUNT_ID), col(Col.USER_ID), col(Col.PRODUCT_ID), col(Col.FEATURE_KEY),
            dayOf(col(Col.ACTIVITY_DATE)).as(DAY), col(Col.EVENT_COUNT));
    Dataset<Row> deactivation = users.select(Col.USER_ID, DEACTIVATED_DAY);

    // 3. Distinct counts over trailing windows: one pass per account over its activity (ActivitySweep).
    Dataset<Row> planFeatures = in.planFeatures().select(Col.PLAN_ID, Col.FEATURE_KEY).distinct();
    Dataset<Row> firstSeen = in.userActivityDaily()
        .filter(col(Col.ACTIVITY_DATE).leq(lit(java.sql.Date.valueOf(java.time.LocalDate.ofEpochDay(toDay)))))
        .groupBy(Col.USER_ID).agg(min(dayOf(col(Col.ACTIVITY_DATE))).as(ActivitySweep.FIRST_SEEN_DAY));
    Dataset<Row> swept = ActivitySweep.sweep(activity,
        users.join(firstSeen, List.of(Col.USER_ID).toArray(String[]::new), "left")
            .join(broadcast(accounts.select(Col.ACCOUNT_ID, ONBOARDED_DAY)), Col.ACCOUNT_ID),
        planFeaturesByProduct(in), gridStart, toDay, ActivitySweep.Windows.of(s));
    Dataset<Row> accountCounts = swept.filter(col(Col.PRODUCT_ID).isNull())
        .select(Col.ACCOUNT_ID, DAY, ACTIVE_USERS, ACTIVE_DEPARTMENTS, EMERGENCE);
    Dataset<Row> productCounts = swept.filter(col(Col.PRODUCT_ID).isNotNull().and(col(Col.PLAN_ID).isNull()))
        .select(Col.ACCOUNT_ID, Col.PRODUCT_ID, DAY, ActivitySweep.ACTIVE_IN_PRODUCT, DAU_SUM);
    Dataset<Row> usedPlanFeatures = swept.filter(col(Col.PLAN_ID).isNotNull())
        .select(Col.ACCOUNT_ID, Col.PRODUCT_ID, Col.PLAN_ID, DAY, USED_FEATURES);
    Dataset<Row> planFeatureCount = planFeatures.groupBy(Col.PLAN_ID).agg(count(lit(1)).as(PLAN_FEATURE_COUNT));

    // 4. Subscriptions: billing periods started on or before toDay; a later period of the same account and
    //    product (a mid-period upgrade) ends the earlier one at its start ("latest period_start wins").
    WindowSpec byPeriod = Window.partitionBy(col(Col.ACCOUNT_ID), col(Col.PRODUCT_ID)).orderBy(col(PERIOD_START_DAY));
    Dataset<Row> periods = in.subscriptions()
        .select(col(Col.ACCOUNT_ID), col(Col.PRODUCT_ID), col(Col.PLAN_ID),
            dayOf(col(Col.PERIOD_START)).as(PERIOD_START_DAY), dayOf(col(Col.PERIOD_END)).as(PERIOD_END_DAY),
            col(Col.SEATS_PURCHASED), col(Col.USAGE_LIMIT), col(Col.MRR), dayOf(col(Col.CONTRACT_END)).as(RENEWAL_DAY))
        .filter(col(PERIOD_START_DAY).leq(toDay))
        .withColumn(NEXT_START_DAY, lead(col(PERIOD_START_DAY), 1).over(byPeriod))
        .withColumn(EFFECTIVE_END_DAY, least(col(PERIOD_END_DAY), coalesce(col(NEXT_START_DAY), col(PERIOD_END_DAY))))
        .join(in.plans().select(col(Col.PLAN_ID), col(Col.USAGE_LIMIT).as("_plan_limit"),
            col(Col.NEXT_PLAN_ID).as(NEXT_PLAN)), List.of(Col.PLAN_ID).toArray(String[]::new), "left")
        .withColumn(ALLOCATION, coalesce(col(Col.USAGE_LIMIT), col("_plan_limit")).cast("double"))
        .drop("_plan_limit", Col.USAGE_LIMIT);

    Dataset<Row> usageDaily = (SignalsConfig.EVENTS.equals(s.usageMetric())
        ? in.userActivityDaily().select(col(Col.ACCOUNT_ID), col(Col.PRODUCT_ID),
            dayOf(col(Col.ACTIVITY_DATE)).as(DAY), col(Col.EVENT_COUNT).cast("double").as(USAGE))
        : in.apiUsageDaily().select(col(Col.ACCOUNT_ID), col(Col.PRODUCT_ID),
            dayOf(col(Col.USAGE_DATE)).as(DAY), col(Col.API_CALLS).cast("double").as(USAGE)))
        .filter(col(DAY).leq(toDay))
        .groupBy(Col.ACCOUNT_ID, Col.PRODUCT_ID, DAY).agg(sum(USAGE).as(USAGE));

    WindowSpec inPeriod = Window.partitionBy(col(Col.ACCOUNT_ID), col(Col.PRODUCT_ID), col(PERIOD_START_DAY))
        .orderBy(col(DAY)).rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec trend = Window.partitionBy(col(Col.ACCOUNT_ID), col(Col.PRODUCT_ID)).orderBy(col(DAY))
        .rangeBetween(-(w.usageProjectionLookbackDays() - 1), 0);
    Column t = col(DAY).minus(TREND_ORIGIN_DAY).cast("double");
    Column periodLastDay = least(col(EFFECTIVE_END_DAY).minus(1), lit(toDay));
    Dataset<Row> periodDays = periods
        .filter(col(PERIOD_START_DAY).leq(periodLastDay))
        .withColumn(DAY, explode(sequence(col(PERIOD_START_DAY), periodLastDay)))
        .join(usageDaily, List.of(Col.ACCOUNT_ID, Col.PRODUCT_ID, DAY).toArray(String[]::new), "left")
        .withColumn(USAGE, coalesce(col(USAGE), lit(0.0)))
        .withColumn(USAGE_TO_DATE, sum(col(USAGE)).over(inPeriod))
        .withColumn(REG_N, count(lit(1)).over(trend).cast("double"))
        .withColumn(REG_T, sum(t).over(trend))
        .withColumn(REG_Y, sum(col(USAGE)).over(trend))
        .withColumn(REG_TY, sum(t.multiply(col(USAGE))).over(trend))
        .withColumn(REG_TT, sum(t.multiply(t)).over(trend));

    // 5. Closed billing periods (effective end on or before the day): utilization and consecutive-period streak.
    Dataset<Row> periodTotals = periodDays.groupBy(Col.ACCOUNT_ID, Col.PRODUCT_ID, PERIOD_START_DAY)
        .agg(sum(USAGE).as(PERIOD_USAGE));
    WindowSpec periodOrder = Window.partitionBy(col(Col.ACCOUNT_ID), col(Col.PRODUCT_ID))
        .orderBy(col(PERIOD_START_DAY));
    // A period cut short by an upgrade is judged against its allocation pro rata.
    Column allocationUsed = col(ALLOCATION).multiply(col(EFFECTIVE_END_DAY).minus(col(PERIOD_START_DAY)))
        .divide(col(PERIOD_END_DAY).minus(col(PERIOD_START_DAY)));
    double plCutoff = s.planLimitUtilization().cutoff();
    int minPeriods = s.planLimitUtilization().minConsecutivePeriods();
    // The signal's value is the lowest utilization of the last min_consecutive_periods closed periods (null
    // while fewer have closed, or when one of them has no allocation): value >= cutoff exactly when those
    // periods are all at or above it, i.e. when the signal fires — so a sweep over the value asks the
    // signal's own question.
    WindowSpec lastPeriods = periodOrder.rowsBetween(1 - minPeriods, Window.currentRow());
    Column utilization = col("_utilization");
    Dataset<Row> closed = periods.filter(col(EFFECTIVE_END_DAY).leq(toDay))
        .join(periodTotals, List.of(Col.ACCOUNT_ID, Col.PRODUCT_ID, PERIOD_START_DAY).toArray(String[]::new))
        .withColumn("_utilization", when(allocationUsed.gt(0), col(PERIOD_USAGE).divide(allocationUsed)))
        .withColumn(PLAN_LIMIT_VALUE, when(count(utilization).over(lastPeriods).equalTo(minPeriods),
            min(utilization).over(lastPeriods)))
        .withColumn("_above", coalesce(utilization.geq(plCutoff), lit(false)))
        .withColumn("_idx", row_number().over(periodOrder))
        .withColumn("_last_below", coalesce(max(when(col("_above").unary_$bang(), col("_idx"))).over(
            periodOrder.rowsBetween(Window.unboundedPreceding(), Window.currentRow())), lit(0)))
        .withColumn(PLAN_LIMIT_STREAK, when(col("_above"), col("_idx").minus(col("_last_below"))).otherwise(0))
        .withColumn(PLAN_LIMIT_STREAK_START_DAY, min(when(col("_above"), col(PERIOD_START_DAY))).over(
            Window.partitionBy(col(Col.ACCOUNT_ID), col(Col.PRODUCT_ID), col("_last_below"))))
        .withColumn("_next_end", lead(col(EFFECTIVE_END_DAY), 1).over(periodOrder));
    // Each closed period is "the latest closed" from its effective end until the next one's.
    Column latestFrom = greatest(col(EFFECTIVE_END_DAY), lit(gridStart));
    Column latestTo = least(coalesce(col("_next_end").minus(1), lit(toDay)), lit(toDay));
    Dataset<Row> planLimit = closed.filter(latestFrom.leq(latestTo))
        .withColumn(DAY, explode(sequence(latestFrom, latestTo)))
        .groupBy(Col.ACCOUNT_ID, DAY)
        // The account's value is its products' highest (it fires when any product does).
        .agg(max(struct(
            coalesce(col(PLAN_LIMIT_VALUE), lit(-1.0)).as("u"),
            col(PLAN_LIMIT_STREAK).as("s"),
            col(PLAN_LIMIT_VALUE).as("v"),
            col(PLAN_LIMIT_STREAK_START_DAY).as("st"))).as("_best"))
        .select(col(Col.ACCOUNT_ID), col(DAY), col("_best.v").as(PLAN_LIMIT_VALUE),
            col("_best.s").as(PLAN_LIMIT_STREAK), col("_best.st").as(PLAN_LIMIT_STREAK_START_DAY));

    // 6. Per product and day: the current subscription with its seats, allocation and adoption ratios.
    Dataset<Row> productDays = periodDays.filter(col(DAY).between(gridStart, toDay)).drop(PERIOD_USAGE)
        .join(productCounts, List.of(Col.ACCOUNT_ID, Col.PRODUCT_ID, DAY).toArray(String[]::new), "left")
        .withColumn(DAU_SUM, coalesce(col(DAU_SUM), lit(0.0)))
        .join(usedPlanFeatures, List.of(Col.ACCOUNT_ID, Col.PRODUCT_ID, Col.PLAN_ID, DAY).toArray(String[]::new),
            "left")
        .join(planFeatureCount, List.of(Col.PLAN_ID).toArray(String[]::new), "left");
    Column seats = col(Col.SEATS_PURCHASED);
    Column projected = projectedLimitDay();
    Dataset<Row> products = productDays
        .withColumn("_seat_ratio", when(seats.gt(0), coalesce(col(ACTIVE_IN_PRODUCT), lit(0)).divide(seats)))
        .withColumn("_density", when(seats.gt(0),
            col(DAU_SUM).divide(s.powerUserDensity().windowDays()).divide(seats)))
        .withColumn("_breadth", when(col(PLAN_FEATURE_COUNT).gt(0),
            coalesce(col(USED_FEATURES), lit(0)).divide(col(PLAN_FEATURE_COUNT))))
        .withColumn("_alloc", when(col(ALLOCATION).gt(0), col(USAGE_TO_DATE).divide(col(ALLOCATION))))
        .withColumn("_projected", projected)
        .groupBy(Col.ACCOUNT_ID, DAY)
        .agg(sum(seats).cast("int").as(SEATS),
            sum(col(Col.MRR)).as(MRR_TOTAL),
            array_sort(collect_set(col(Col.PRODUCT_ID))).as(PRODUCT_IDS),
            array_sort(collect_set(col(Col.PLAN_ID))).as(PLAN_IDS),
            max(col(NEXT_PLAN).isNotNull()).as(HAS_HIGHER_PLAN),
            min(col(RENEWAL_DAY)).as(RENEWAL_DAY),
            max("_seat_ratio").as(SEAT_UTILIZATION),
            max("_density").as(POWER_USER_DENSITY),
            max("_breadth").as(FEATURE_BREADTH),
            max("_alloc").as(USAGE_ALLOCATION),
            min("_projected").as(PROJECTED_DAY),
            min_by(col(Col.PRODUCT_ID), col("_projected")).as(PROJECTED_PRODUCT));

    // 7. Trailing sums on the account grid: API calls (recent and baseline windows) and gate events.
    Dataset<Row> apiDaily = in.apiUsageDaily().filter(dated(Col.USAGE_DATE, readFrom, toDay))
        .select(col(Col.ACCOUNT_ID), dayOf(col(Col.USAGE_DATE)).as(DAY), col(Col.API_CALLS).as(API));
    Dataset<Row> gateDaily = in.gateEvents()
        .select(col(Col.ACCOUNT_ID), dayOf(UtcTime.utcDate(col(Col.EVENT_TS))).as(DAY), lit(1).as(GATE))
        .filter(col(DAY).between(readFrom, toDay));
    var api = s.apiUsageGrowth();
    Dataset<Row> withSums = trailingSums(grid, apiDaily.unionByName(gateDaily, true), acc, List.of(
        TrailingSum.last(API_RECENT, API, api.windowDays()),
        new TrailingSum(API_BASELINE, API, api.baselineOffsetDays() + api.windowDays() - 1,
            api.baselineOffsetDays()),
        TrailingSum.last(GATES, GATE, s.featureGateFriction().windowDays())))
        // The account's first day with API calls: api_usage_growth needs its baseline window inside the history.
        .join(in.apiUsageDaily().filter(col(Col.API_CALLS).gt(0))
            .select(col(Col.ACCOUNT_ID), dayOf(col(Col.USAGE_DATE)).as(DAY))
            .filter(col(DAY).leq(toDay))
            .groupBy(Col.ACCOUNT_ID).agg(min(DAY).as(API_FIRST_DAY)), Col.ACCOUNT_ID, "left");

    // 8. Team growth: users invited or activated in the window (not deactivated since), and new departments.
    int tw = s.teamGrowth().windowDays();
    Dataset<Row> joins = users.select(col(Col.ACCOUNT_ID), col(Col.USER_ID), col(INVITED_DAY).as(START))
        .union(users.select(col(Col.ACCOUNT_ID), col(Col.USER_ID), col(ACTIVATED_DAY).as(START)))
        .filter(col(START).isNotNull())
        .withColumn(END, col(START).plus(tw - 1));
    Dataset<Row> newUsers = coverCount(
        merge(whileNotDeactivated(joins, deactivation), List.of(Col.ACCOUNT_ID, Col.USER_ID)), acc, gridStart, toDay)
        .withColumnRenamed(Intervals.COUNT, NEW_USERS);
    Column joined = coalesce(col(INVITED_DAY), col(ACTIVATED_DAY));
    Dataset<Row> accountFirst = users.groupBy(Col.ACCOUNT_ID).agg(min(joined).as("_account_first"));
    Dataset<Row> newDepartments = coverCount(users.filter(col(Col.DEPARTMENT).isNotNull())
            .groupBy(Col.ACCOUNT_ID, Col.DEPARTMENT).agg(min(joined).as("_first"))
            .join(accountFirst, Col.ACCOUNT_ID)
            // New only once the account is older than the window: its first departments are not "new".
            .withColumn(START, greatest(col("_first"), col("_account_first").plus(tw)))
            .withColumn(END, col("_first").plus(tw - 1)),
        acc, gridStart, toDay).withColumnRenamed(Intervals.COUNT, NEW_DEPARTMENTS);

    // 9. Everything onto the grid.
    String[] on = accDay.toArray(String[]::new);
    return withSums
        .join(accountCounts, on, "left")
        .join(products, on, "left")
        .join(planLimit, on, "left")
        .join(newUsers, on, "left")
        .join(newDepartments, on, "left")
        .withColumn(ACTIVE_USERS, coalesce(col(ACTIVE_USERS), lit(0)))
        .withColumn(ACTIVE_DEPARTMENTS, coalesce(col(ACTIVE_DEPARTMENTS), lit(0)))
        .withColumn(NEW_USERS, coalesce(col(NEW_USERS), lit(0)))
        .withColumn(NEW_DEPARTMENTS, coalesce(col(NEW_DEPARTMENTS), lit(0)))
        .withColumn(MRR_TOTAL, coalesce(col(MRR_TOTAL), lit(0).cast(dev.playbook.contract.InputTable.MONEY)))
        .withColumn(PRODUCT_IDS, coalesce(col(PRODUCT_IDS), org.apache.spark.sql.functions.array().cast("array<string>")))
        .withColumn(PLAN_IDS, coalesce(col(PLAN_IDS), org.apache.spark.sql.functions.array().cast("array<string>")))
        .withColumn(HAS_HIGHER_PLAN, coalesce(col(HAS_HIGHER_PLAN), lit(false)));
  }

  /** product → plan → the plan's feature keys (plans and their features are small dimension tables). */
  private static Map<String, Map<String, Set<String>>> planFeaturesByProduct(FeatureInputs in) {
    Map<String, Map<String, Set<String>>> byProduct = new HashMap<>();
    for (Row r : in.planFeatures().select(Col.PLAN_ID, Col.FEATURE_KEY)
        .join(in.plans().select(Col.PLAN_ID, Col.PRODUCT_ID), Col.PLAN_ID)
        .select(Col.PRODUCT_ID, Col.PLAN_ID, Col.FEATURE_KEY).distinct().collectAsList()) {
      byProduct.computeIfAbsent(r.getString(0), p -> new HashMap<>())
          .computeIfAbsent(r.getString(1), p -> new HashSet<>()).add(r.getString(2));
    }
    return byProduct;
  }

  /** Cuts each interval at the day before its user's deactivation (a deactivated user is never active). */
  private static Dataset<Row> whileNotDeactivated(Dataset<Row> intervals, Dataset<Row> deactivation) {
    return intervals.join(deactivation, Col.USER_ID)
        .withColumn(END, when(col(DEACTIVATED_DAY).isNull(), col(END))
            .otherwise(least(col(END), col(DEACTIVATED_DAY).minus(1))))
        .filter(col(START).leq(col(END)))
        .drop(DEACTIVATED_DAY);
  }

  /**
   * The day metered usage reaches the allocation, from the trend of daily usage over the lookback: within the
   * current period at the fitted current daily rate; else, when the trend rises, the day the fitted daily rate
   * reaches allocation ÷ period length (no earlier than the next period). Null when unmetered or never.
   */
  private static Column projectedLimitDay() {
    Column n = col(REG_N);
    // Least-squares slope from exact sums (integer-valued usage keeps a flat trend exactly 0).
    Column slope = n.multiply(col(REG_TY)).minus(col(REG_T).multiply(col(REG_Y)))
        .divide(n.multiply(col(REG_TT)).minus(col(REG_T).multiply(col(REG_T))));
    Column tBar = col(REG_T).divide(n);
    Column yBar = col(REG_Y).divide(n);
    Column tNow = col(DAY).minus(TREND_ORIGIN_DAY).cast("double");
    Column rate = yBar.plus(coalesce(slope, lit(0.0)).multiply(tNow.minus(tBar)));
    Column remaining = col(ALLOCATION).minus(col(USAGE_TO_DATE));
    Column daysInPeriod = ceil(remaining.divide(rate));
    Column periodLength = col(PERIOD_END_DAY).minus(col(PERIOD_START_DAY));
    Column daysToRate = ceil(col(ALLOCATION).divide(periodLength).minus(rate).divide(slope));
    return when(col(ALLOCATION).isNull().or(col(ALLOCATION).leq(0)), lit(null).cast("int"))
        .when(remaining.leq(0), col(DAY))
        .when(rate.gt(0).and(col(DAY).plus(daysInPeriod).lt(col(PERIOD_END_DAY))),
            col(DAY).plus(daysInPeriod.cast("int")))
        .when(n.geq(2).and(slope.gt(0)).and(daysToRate.leq(PROJECTION_HORIZON_DAYS)),
            greatest(col(DAY).plus(daysToRate.cast("int")), col(PERIOD_END_DAY)))
        .otherwise(lit(null).cast("int"));
  }

  /** Projections further out than this are reported as none (about ten years). */
  private static final int PROJECTION_HORIZON_DAYS = 3660;
}
