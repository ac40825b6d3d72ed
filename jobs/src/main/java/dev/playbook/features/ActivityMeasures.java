package dev.playbook.features;

import static dev.playbook.features.Intervals.DAY;
import static dev.playbook.features.Intervals.coverCount;
import static dev.playbook.features.Intervals.dateOf;
import static dev.playbook.features.Intervals.dayOf;
import static dev.playbook.features.Intervals.trailingCover;
import static dev.playbook.features.Intervals.trailingSums;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.playbook.config.SignalsConfig;
import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import dev.playbook.features.Intervals.TrailingSum;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The account-day activity measures over the trailing active-user window (30 days, D-29..D), computed with the
 * same {@link Intervals} operators the features job uses for its windowed distinct counts and sums: one row per
 * account and day D in [from, to] with at least one activity row in D-29..D —
 * {@code active_users} (distinct users), {@code events} (sum of event_count) and {@code distinct_features}
 * (distinct product and feature pairs). Reads {@code user_activity_daily} only (no user lifecycle).
 *
 * <p>Public so the benchmark (issue #9) times the production operators against other engines on the same data.
 * Cost: the two distinct counts are gaps-and-islands covers (a shuffle by entity, then by account); the sum is one
 * range-frame window over the account rows unioned with the daily totals; one join on (account, day).
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
    List<String> acc = List.of(Col.ACCOUNT_ID);
    Dataset<Row> rows = activity
        .select(col(Col.ACCOUNT_ID), col(Col.USER_ID), col(Col.PRODUCT_ID), col(Col.FEATURE_KEY),
            dayOf(col(Col.ACTIVITY_DATE)).as(DAY), col(Col.EVENT_COUNT))
        .filter(col(DAY).between(fromDay - WINDOW_DAYS + 1, toDay));

    Dataset<Row> activeUsers = coverCount(
        trailingCover(rows, List.of(Col.ACCOUNT_ID, Col.USER_ID), DAY, WINDOW_DAYS), acc, fromDay, toDay)
        .withColumnRenamed(Intervals.COUNT, ACTIVE_USERS);
    Dataset<Row> features = coverCount(
        trailingCover(rows, List.of(Col.ACCOUNT_ID, Col.PRODUCT_ID, Col.FEATURE_KEY), DAY, WINDOW_DAYS), acc,
        fromDay, toDay)
        .withColumnRenamed(Intervals.COUNT, DISTINCT_FEATURES);
    Dataset<Row> dailyEvents = rows.groupBy(Col.ACCOUNT_ID, DAY).agg(sum(Col.EVENT_COUNT).as("_events"));
    return trailingSums(activeUsers, dailyEvents, acc, List.of(TrailingSum.last(EVENTS, "_events", WINDOW_DAYS)))
        .join(features, List.of(Col.ACCOUNT_ID, DAY).toArray(String[]::new), "left")
        .select(col(Col.ACCOUNT_ID), dateOf(col(DAY)).as(AS_OF_DATE), col(ACTIVE_USERS).cast("long").as(ACTIVE_USERS),
            col(EVENTS).cast("long").as(EVENTS),
            coalesce(col(DISTINCT_FEATURES), lit(0)).cast("long").as(DISTINCT_FEATURES));
  }
}
