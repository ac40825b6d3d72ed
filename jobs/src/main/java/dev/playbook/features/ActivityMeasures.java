package dev.playbook.features;

import static dev.playbook.features.Intervals.DAY;
import static dev.playbook.features.Intervals.dateOf;
import static dev.playbook.features.Intervals.dayOf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.playbook.config.SignalsConfig;
import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The account-day activity measures over the trailing active-user window (30 days, D-29..D), computed the way the
 * features job computes its windowed counts ({@link ActivitySweep}: one shuffle by account, then each account's
 * rows swept in memory with gaps-and-islands covers and +1/-1 edges): one row per
 * account and day D in [from, to] with at least one activity row in D-29..D —
 * {@code active_users} (distinct users), {@code events} (sum of event_count) and {@code distinct_features}
 * (distinct product and feature pairs). Reads {@code user_activity_daily} only (no user lifecycle).
 *
 * <p>Public so the benchmark (issues #9, #18) times the production formulation against other engines on the same
 * data. Cost: one scan and one shuffle of the rows in [from - 29, to]; memory: one account's rows at a time.
 */
public final class ActivityMeasures {
  private ActivityMeasures() {}

  public static final String AS_OF_DATE = Col.AS_OF_DATE;
  public static final String ACTIVE_USERS = "active_users";
  public static final String EVENTS = "events";
  public static final String DISTINCT_FEATURES = "distinct_features";
  /** The output columns, in order. */
  public static final List<String> COLUMNS = List.of(Col.ACCOUNT_ID, AS_OF_DATE, ACTIVE_USERS, EVENTS,
      DISTINCT_FEATURES);

  /** The trailing window in days (the active-user window of the features job). */
  public static final int WINDOW_DAYS = SignalsConfig.ACTIVE_USER_DAYS;

  /**
   * @param activity {@code user_activity_daily} rows (contract columns); rows outside [from - 29, to] are ignored
   * @return account_id, as_of_date DATE, active_users, events, distinct_features (BIGINT), one row per account and
   *     day of [from, to] with activity in its window
   */
  public static Dataset<Row> trailing(Dataset<Row> activity, LocalDate from, LocalDate to) {
    FeatureInputs.require(InputTable.USER_ACTIVITY_DAILY, activity);
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to " + to + " is before from " + from);
    }
    int fromDay = (int) from.toEpochDay();
    int toDay = (int) to.toEpochDay();
    Dataset<Row> rows = activity
        .select(col(Col.ACCOUNT_ID), col(Col.USER_ID), col(Col.PRODUCT_ID), col(Col.FEATURE_KEY),
            dayOf(col(Col.ACTIVITY_DATE)).as(DAY), col(Col.EVENT_COUNT))
        .filter(col(Col.ACTIVITY_DATE).between(lit(Date.valueOf(from.minusDays(WINDOW_DAYS - 1))), lit(Date.valueOf(to))));
    return rows.groupBy(col(Col.ACCOUNT_ID)).as(Encoders.STRING(), Encoders.row(rows.schema()))
        .flatMapGroups(new Sweep(fromDay, toDay), Encoders.row(SWEPT))
        .select(col(Col.ACCOUNT_ID), dateOf(col(DAY)).as(AS_OF_DATE), col(ACTIVE_USERS), col(EVENTS),
            col(DISTINCT_FEATURES));
  }

  private static final StructType SWEPT = new StructType()
      .add(Col.ACCOUNT_ID, DataTypes.StringType, false)
      .add(DAY, DataTypes.IntegerType, false)
      .add(ACTIVE_USERS, DataTypes.LongType, false)
      .add(EVENTS, DataTypes.LongType, false)
      .add(DISTINCT_FEATURES, DataTypes.LongType, false);

  /** One account's rows (account, user, product, feature, day, events) to its rows of {@link #SWEPT}. */
  private record Sweep(int from, int to) implements FlatMapGroupsFunction<String, Row, Row> {
    @Override
    public Iterator<Row> call(String account, Iterator<Row> rows) {
      Map<String, ActivitySweep.Days> users = new HashMap<>();
      Map<List<String>, ActivitySweep.Days> features = new HashMap<>();
      int first = from - WINDOW_DAYS + 1;
      long[] events = new long[to - first + 2];
      while (rows.hasNext()) {
        Row r = rows.next();
        int day = r.getInt(4);
        users.computeIfAbsent(r.getString(1), u -> new ActivitySweep.Days()).add(day);
        features.computeIfAbsent(List.of(r.getString(2), r.getString(3)), f -> new ActivitySweep.Days()).add(day);
        events[day - first + 1] += r.getInt(5);
      }
      int n = to - from + 1;
      int[] activeUsers = count(users, n);
      int[] distinctFeatures = count(features, n);
      for (int k = 1; k < events.length; k++) {
        events[k] += events[k - 1]; // events[k] = events dated first .. first + k - 1
      }
      List<Row> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int day = from + i;
        if (activeUsers[i] > 0) {
          long inWindow = events[day - first + 1] - events[day - WINDOW_DAYS - first + 1];
          out.add(RowFactory.create(account, day, (long) activeUsers[i], inWindow, (long) distinctFeatures[i]));
        }
      }
      return out.iterator();
    }

    /** For each day of [from, to], how many keys have a fact in its trailing window. */
    private int[] count(Map<?, ActivitySweep.Days> facts, int n) {
      int[] edges = new int[n + 1];
      for (ActivitySweep.Days days : facts.values()) {
        ActivitySweep.add(ActivitySweep.islands(days, WINDOW_DAYS, Integer.MAX_VALUE), from, to, edges);
      }
      ActivitySweep.runningSum(edges);
      return edges;
    }
  }
}
