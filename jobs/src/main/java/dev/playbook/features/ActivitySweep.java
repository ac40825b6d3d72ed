package dev.playbook.features;

import static dev.playbook.features.Intervals.DAY;
import static org.apache.spark.sql.functions.col;

import dev.playbook.config.SignalsConfig;
import dev.playbook.contract.Col;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The windowed distinct counts of the activity for every day of [from, to], all in one pass per account: the
 * activity is shuffled by account once, and each account's rows are swept in memory (the same gaps-and-islands
 * covers and +1/−1 edges as {@link Intervals}, on int arrays). Replaces a shuffle, window sort and merge per count
 * (five reads of the activity) with one; an account's rows for the lookback are held in memory at a time.
 *
 * <p>Output rows, one per key and day with something to count (zeros are left out; callers left-join and treat a
 * missing row as zero):
 * <ul>
 *   <li>account level ({@code product_id} and {@code plan_id} null): {@code active_users}, users with activity in
 *       the last {@link dev.playbook.config.SignalsConfig#ACTIVE_USER_DAYS} days and not deactivated on or before
 *       the day; {@code active_departments}, departments with such a user over the department-spread window;
 *   <li>product level ({@code plan_id} null): {@code active_in_product}, the same active users counted in the
 *       product; {@code dau_sum}, the sum over the power-user window of the product's daily distinct users;
 *   <li>plan level: {@code used_features}, features of the plan (in its product) used in the adoption window.
 * </ul>
 */
final class ActivitySweep implements CoGroupFunction<String, Row, Row, Row> {
  static final String ACTIVE_USERS = FeatureTables.ACTIVE_USERS;
  static final String ACTIVE_DEPARTMENTS = FeatureTables.ACTIVE_DEPARTMENTS;
  static final String ACTIVE_IN_PRODUCT = "active_in_product";
  static final String DAU_SUM = "dau_sum";
  static final String USED_FEATURES = "used_features";

  static final String EMERGENCE = "emergence_value";
  static final String INVITED_DAY = "invited_day";
  static final String DEACTIVATED_DAY = "deactivated_day";
  static final String FIRST_SEEN_DAY = "first_seen_day";

  /** The activity columns, in this order (day as a day index). */
  static final List<String> ACTIVITY = List.of(Col.ACCOUNT_ID, Col.USER_ID, Col.PRODUCT_ID, Col.FEATURE_KEY, DAY,
      Col.EVENT_COUNT);
  /**
   * The users' columns, in this order (days as day indexes): department, invitation, deactivation, the first
   * activity day ever, and the account's onboarding day.
   */
  static final List<String> USERS = List.of(Col.ACCOUNT_ID, Col.USER_ID, Col.DEPARTMENT, INVITED_DAY,
      DEACTIVATED_DAY, FIRST_SEEN_DAY, AccountDays.ONBOARDED_DAY);

  static final StructType OUTPUT = new StructType()
      .add(Col.ACCOUNT_ID, DataTypes.StringType, false)
      .add(Col.PRODUCT_ID, DataTypes.StringType, true)
      .add(Col.PLAN_ID, DataTypes.StringType, true)
      .add(DAY, DataTypes.IntegerType, false)
      .add(ACTIVE_USERS, DataTypes.IntegerType, false)
      .add(ACTIVE_DEPARTMENTS, DataTypes.IntegerType, false)
      .add(ACTIVE_IN_PRODUCT, DataTypes.IntegerType, false)
      .add(DAU_SUM, DataTypes.DoubleType, false)
      .add(USED_FEATURES, DataTypes.IntegerType, false)
      .add(EMERGENCE, DataTypes.DoubleType, true);

  /** Window lengths in days, and power-user emergence's parameters ({@link SignalsConfig.Emergence}). */
  record Windows(int activeUser, int department, int featureAdoption, int powerUser, int engagement,
      int emergingFrom, int emergingTo, int evaluateUntil, int minActiveUsers) implements Serializable {
    static Windows of(SignalsConfig s) {
      SignalsConfig.Emergence e = s.powerUserEmergence();
      return new Windows(SignalsConfig.ACTIVE_USER_DAYS, s.departmentSpread().windowDays(),
          s.featureAdoptionBreadth().windowDays(), s.powerUserDensity().windowDays(), e.engagementDays(),
          e.firstSeenFromDays(), e.firstSeenToDays(), e.evaluateUntilDays(), e.minActiveUsers());
    }
  }

  private final int from;
  private final int to;
  private final Windows w;
  /** product → plan → the plan's feature keys. */
  private final Map<String, Map<String, Set<String>>> planFeatures;

  ActivitySweep(int from, int to, Windows w, Map<String, Map<String, Set<String>>> planFeatures) {
    this.from = from;
    this.to = to;
    this.w = w;
    this.planFeatures = planFeatures;
  }

  /**
   * @param activity the {@link #ACTIVITY} columns, rows dated in the lookback up to {@code to}
   * @param users the {@link #USERS} columns: users known on the last day; activity of other users, before a
   *     user's invitation or on or after the deactivation, is not counted
   * @param planFeatures product → plan → feature keys (a plan's features are those of its product)
   * @return the {@link #OUTPUT} rows for days [from, to]
   */
  static Dataset<Row> sweep(Dataset<Row> activity, Dataset<Row> users,
      Map<String, Map<String, Set<String>>> planFeatures, int from, int to, Windows w) {
    Dataset<Row> a = activity.select(Intervals.cols(ACTIVITY));
    Dataset<Row> u = users.select(Intervals.cols(USERS));
    return a.groupBy(col(Col.ACCOUNT_ID)).as(Encoders.STRING(), Encoders.row(a.schema()))
        .cogroup(u.groupBy(col(Col.ACCOUNT_ID)).as(Encoders.STRING(), Encoders.row(u.schema())),
            new ActivitySweep(from, to, w, planFeatures), Encoders.row(OUTPUT));
  }

  @Override
  public Iterator<Row> call(String account, Iterator<Row> rows, Iterator<Row> users) {
    Map<String, Days> userDays = new HashMap<>();
    Map<String, String> departments = new HashMap<>();
    Map<String, Integer> lastDays = new HashMap<>();
    Map<String, Map<String, Days>> productUserDays = new TreeMap<>();
    Map<String, Map<String, Days>> productFeatureDays = new TreeMap<>();
    Map<String, List<long[]>> userEvents = new HashMap<>();
    Map<String, Integer> firstSeen = new HashMap<>();
    Map<String, Integer> invited = new HashMap<>();
    int onboarded = 0;
    while (users.hasNext()) {
      Row r = users.next();
      String user = r.getString(1);
      if (!r.isNullAt(2)) {
        departments.put(user, r.getString(2));
      }
      invited.put(user, r.isNullAt(3) ? Integer.MIN_VALUE : r.getInt(3));
      // A deactivated user is active up to the day before deactivation.
      lastDays.put(user, r.isNullAt(4) ? Integer.MAX_VALUE : r.getInt(4) - 1);
      firstSeen.put(user, r.isNullAt(5) ? Integer.MIN_VALUE : r.getInt(5));
      onboarded = r.getInt(6);
    }
    while (rows.hasNext()) {
      Row r = rows.next();
      String user = r.getString(1);
      int day = r.getInt(4);
      Integer since = invited.get(user);
      if (since == null || day < since || day > lastDays.get(user)) {
        continue; // not a known user on that day
      }
      String product = r.getString(2);
      userDays.computeIfAbsent(user, k -> new Days()).add(day);
      productUserDays.computeIfAbsent(product, p -> new HashMap<>()).computeIfAbsent(user, k -> new Days()).add(day);
      productFeatureDays.computeIfAbsent(product, p -> new HashMap<>())
          .computeIfAbsent(r.getString(3), f -> new Days()).add(day);
      userEvents.computeIfAbsent(user, k -> new ArrayList<>()).add(new long[] {day, r.getInt(5)});
    }
    int n = to - from + 1;
    List<Row> out = new ArrayList<>();

    // Account level: active users, active departments.
    int[] activeUsers = new int[n + 1];
    Map<String, List<int[]>> departmentCovers = new HashMap<>();
    for (Map.Entry<String, Days> e : userDays.entrySet()) {
      int last = lastDays.get(e.getKey());
      add(islands(e.getValue(), w.activeUser(), last), activeUsers);
      String department = departments.get(e.getKey());
      if (department != null) {
        departmentCovers.computeIfAbsent(department, d -> new ArrayList<>())
            .addAll(islands(e.getValue(), w.department(), last));
      }
    }
    int[] activeDepartments = new int[n + 1];
    for (List<int[]> covers : departmentCovers.values()) {
      add(union(covers), activeDepartments);
    }
    runningSum(activeUsers);
    runningSum(activeDepartments);
    Double[] emergence = emergence(userDays, userEvents, lastDays, firstSeen, onboarded);
    for (int i = 0; i < n; i++) {
      if (activeUsers[i] > 0 || activeDepartments[i] > 0 || emergence[i] != null) {
        out.add(RowFactory.create(account, null, null, from + i, activeUsers[i], activeDepartments[i], 0, 0.0, 0,
            emergence[i]));
      }
    }

    // Product level: active users in the product, the power-user window's sum of daily distinct users.
    int dauFrom = from - w.powerUser() + 1;
    for (Map.Entry<String, Map<String, Days>> p : productUserDays.entrySet()) {
      int[] active = new int[n + 1];
      long[] dau = new long[to - dauFrom + 2];
      for (Map.Entry<String, Days> u : p.getValue().entrySet()) {
        Days days = u.getValue();
        add(islands(days, w.activeUser(), lastDays.get(u.getKey())), active);
        for (int k = 0; k < days.size; k++) {
          int d = days.values[k];
          if (d >= dauFrom && d <= to) {
            dau[d - dauFrom + 1]++;
          }
        }
      }
      runningSum(active);
      for (int k = 1; k < dau.length; k++) {
        dau[k] += dau[k - 1]; // dau[k] = distinct user-days on days dauFrom .. dauFrom + k - 1
      }
      for (int i = 0; i < n; i++) {
        int day = from + i;
        long dauSum = dau[day - dauFrom + 1] - dau[day - w.powerUser() - dauFrom + 1];
        if (active[i] > 0 || dauSum > 0) {
          out.add(RowFactory.create(account, p.getKey(), null, day, 0, 0, active[i], (double) dauSum, 0, null));
        }
      }
    }

    // Plan level: the plan's features used in the adoption window.
    for (Map.Entry<String, Map<String, Days>> p : productFeatureDays.entrySet()) {
      Map<String, Set<String>> plans = planFeatures.getOrDefault(p.getKey(), Map.of());
      for (Map.Entry<String, Set<String>> plan : new TreeMap<>(plans).entrySet()) {
        int[] used = new int[n + 1];
        for (Map.Entry<String, Days> f : p.getValue().entrySet()) {
          if (plan.getValue().contains(f.getKey())) {
            add(islands(f.getValue(), w.featureAdoption(), Integer.MAX_VALUE), used);
          }
        }
        runningSum(used);
        for (int i = 0; i < n; i++) {
          if (used[i] > 0) {
            out.add(RowFactory.create(account, p.getKey(), plan.getKey(), from + i, 0, 0, 0, 0.0, used[i], null));
          }
        }
      }
    }
    return out.iterator();
  }

  /**
   * Power-user emergence for each day of [from, to] within [onboarded + first_seen_from, onboarded +
   * evaluate_until] (null elsewhere): among users not deactivated with engagement (events over the engagement
   * window) above 0 on the day, the highest engagement of a user first seen within [onboarded + first_seen_from,
   * onboarded + first_seen_to] divided by the median engagement; 0 when none is; null with fewer than
   * min_active_users engaged users.
   */
  private Double[] emergence(Map<String, Days> userDays, Map<String, List<long[]>> userEvents,
      Map<String, Integer> lastDays, Map<String, Integer> firstSeen, int onboarded) {
    Double[] out = new Double[to - from + 1];
    int evalFrom = Math.max(from, onboarded + w.emergingFrom());
    int evalTo = Math.min(to, onboarded + w.evaluateUntil());
    if (evalFrom > evalTo) {
      return out;
    }
    int n = evalTo - evalFrom + 1;
    List<List<Double>> engagements = new ArrayList<>(n);
    double[] best = new double[n];
    for (int i = 0; i < n; i++) {
      engagements.add(new ArrayList<>());
      best[i] = -1;
    }
    for (Map.Entry<String, Days> u : userDays.entrySet()) {
      String user = u.getKey();
      List<long[]> events = userEvents.get(user);
      events.sort(Comparator.comparingLong((long[] e) -> e[0]));
      long[] eventDays = new long[events.size()];
      long[] cumulative = new long[events.size()];
      for (int k = 0; k < events.size(); k++) {
        eventDays[k] = events.get(k)[0];
        cumulative[k] = events.get(k)[1] + (k == 0 ? 0 : cumulative[k - 1]);
      }
      int first = firstSeen.get(user);
      boolean emerging = first >= onboarded + w.emergingFrom() && first <= onboarded + w.emergingTo();
      for (int[] island : islands(u.getValue(), w.engagement(), lastDays.get(user))) {
        for (int d = Math.max(island[0], evalFrom); d <= Math.min(island[1], evalTo); d++) {
          long engagement = upTo(eventDays, cumulative, d) - upTo(eventDays, cumulative, d - w.engagement());
          if (engagement > 0) {
            engagements.get(d - evalFrom).add((double) engagement);
            if (emerging) {
              best[d - evalFrom] = Math.max(best[d - evalFrom], engagement);
            }
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      List<Double> values = engagements.get(i);
      if (!values.isEmpty() && values.size() >= w.minActiveUsers()) {
        out[evalFrom - from + i] = Math.max(best[i], 0.0) / median(values);
      }
    }
    return out;
  }

  /** The sum of the events dated on or before {@code day}. */
  private static long upTo(long[] days, long[] cumulative, int day) {
    int k = Arrays.binarySearch(days, day);
    if (k >= 0) {
      while (k + 1 < days.length && days[k + 1] == day) {
        k++;
      }
    } else {
      k = -k - 2;
    }
    return k < 0 ? 0 : cumulative[k];
  }

  /** Spark's {@code median}: the exact percentile 0.5, the two middle values interpolated. */
  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    double position = (sorted.size() - 1) * 0.5;
    int lower = (int) Math.floor(position);
    int higher = (int) Math.ceil(position);
    double low = sorted.get(lower);
    double high = sorted.get(higher);
    return lower == higher || low == high ? low : (higher - position) * low + (position - lower) * high;
  }

  /**
   * The maximal intervals [start, end] of days D with a fact in [D - window + 1, D], ending no later than
   * {@code lastDay}: each fact day d covers [d, d + window - 1]; overlapping or adjacent covers merge.
   */
  static List<int[]> islands(Days facts, int window, int lastDay) {
    int[] days = facts.sorted();
    List<int[]> out = new ArrayList<>();
    int start = 0;
    int end = Integer.MIN_VALUE;
    for (int k = 0; k < facts.size; k++) {
      int d = days[k];
      if (end != Integer.MIN_VALUE && d <= end + 1) {
        end = Math.max(end, d + window - 1);
      } else {
        if (end != Integer.MIN_VALUE) {
          cut(start, end, lastDay, out);
        }
        start = d;
        end = d + window - 1;
      }
    }
    if (end != Integer.MIN_VALUE) {
      cut(start, end, lastDay, out);
    }
    return out;
  }

  private static void cut(int start, int end, int lastDay, List<int[]> out) {
    int e = Math.min(end, lastDay);
    if (start <= e) {
      out.add(new int[] {start, e});
    }
  }

  /** Overlapping or adjacent intervals merged into disjoint ones. */
  static List<int[]> union(List<int[]> intervals) {
    List<int[]> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparingInt((int[] i) -> i[0]));
    List<int[]> out = new ArrayList<>();
    for (int[] i : sorted) {
      int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && i[0] <= last[1] + 1) {
        last[1] = Math.max(last[1], i[1]);
      } else {
        out.add(new int[] {i[0], i[1]});
      }
    }
    return out;
  }

  /** +1 at each disjoint interval's first day in [from, to], −1 after its last (edges indexed from {@code from}). */
  private void add(List<int[]> intervals, int[] edges) {
    add(intervals, from, to, edges);
  }

  /** {@link #add(List, int[])} for the days [from, to]. */
  static void add(List<int[]> intervals, int from, int to, int[] edges) {
    for (int[] i : intervals) {
      int s = Math.max(i[0], from);
      int e = Math.min(i[1], to);
      if (s <= e) {
        edges[s - from]++;
        edges[e - from + 1]--;
      }
    }
  }

  static void runningSum(int[] edges) {
    for (int k = 1; k < edges.length; k++) {
      edges[k] += edges[k - 1];
    }
  }

  /** A growable list of day indexes; {@link #sorted} sorts it and drops repeats in place. */
  static final class Days {
    int[] values = new int[4];
    int size;
    private boolean sorted;

    void add(int day) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = day;
      sorted = false;
    }

    int[] sorted() {
      if (!sorted) {
        Arrays.sort(values, 0, size);
        int k = 0;
        for (int i = 0; i < size; i++) {
          if (k == 0 || values[i] != values[k - 1]) {
            values[k++] = values[i];
          }
        }
        size = k;
        sorted = true;
      }
      return values;
    }
  }
}
