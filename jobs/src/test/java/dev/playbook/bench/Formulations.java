package dev.playbook.bench;

import dev.playbook.features.ActivityMeasures;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The same account features written for the two other engines of the benchmark: per account and day D in
 * [from, to] with at least one {@code user_activity_daily} row dated D-29..D, {@code active_users} (distinct
 * user_id), {@code events} (sum of event_count) and {@code distinct_features} (distinct product_id and
 * feature_key). Ours is {@link ActivityMeasures#trailing}.
 *
 * <p>Both SQL texts are what a dbt model would say: a grid of account-days joined to the activity rows of the
 * trailing 30 days, grouped, with COUNT(DISTINCT ...). They differ only where the dialects do (day arithmetic,
 * a day series, a distinct count over two columns).
 */
final class Formulations {
  private Formulations() {}

  static final int WINDOW = ActivityMeasures.WINDOW_DAYS;

  /** Spark SQL over a view named {@code user_activity_daily}. */
  static String sparkSql(LocalDate from, LocalDate to) {
    return String.format(Locale.ROOT, """
        WITH activity AS (
          SELECT account_id, user_id, product_id, feature_key, activity_date, event_count
          FROM user_activity_daily
          WHERE activity_date BETWEEN date_sub(DATE'%1$s', %3$d) AND DATE'%2$s'
        ),
        accounts AS (SELECT DISTINCT account_id FROM activity),
        days AS (SELECT explode(sequence(DATE'%1$s', DATE'%2$s')) AS as_of_date),
        account_days AS (SELECT account_id, as_of_date FROM accounts CROSS JOIN days)
        SELECT g.account_id,
               g.as_of_date,
               COUNT(DISTINCT a.user_id)                   AS active_users,
               SUM(a.event_count)                          AS events,
               COUNT(DISTINCT a.product_id, a.feature_key) AS distinct_features
        FROM account_days g
        JOIN activity a
          ON a.account_id = g.account_id
         AND a.activity_date BETWEEN date_sub(g.as_of_date, %3$d) AND g.as_of_date
        GROUP BY g.account_id, g.as_of_date
        """, from, to, WINDOW - 1);
  }

  /** DuckDB SQL over the Parquet files matched by {@code parquetGlob}. */
  static String duckDbSql(String parquetGlob, LocalDate from, LocalDate to) {
    return String.format(Locale.ROOT, """
        WITH activity AS (
          SELECT account_id, user_id, product_id, feature_key, activity_date, event_count
          FROM read_parquet('%4$s')
          WHERE activity_date BETWEEN DATE '%1$s' - %3$d AND DATE '%2$s'
        ),
        accounts AS (SELECT DISTINCT account_id FROM activity),
        days AS (SELECT CAST(d AS DATE) AS as_of_date
                 FROM generate_series(DATE '%1$s', DATE '%2$s', INTERVAL 1 DAY) AS t(d)),
        account_days AS (SELECT account_id, as_of_date FROM accounts CROSS JOIN days)
        SELECT g.account_id,
               g.as_of_date,
               COUNT(DISTINCT a.user_id)                     AS active_users,
               SUM(a.event_count)::BIGINT                    AS events,
               COUNT(DISTINCT (a.product_id, a.feature_key)) AS distinct_features
        FROM account_days g
        JOIN activity a
          ON a.account_id = g.account_id
         AND a.activity_date BETWEEN g.as_of_date - %3$d AND g.as_of_date
        GROUP BY g.account_id, g.as_of_date
        """, from, to, WINDOW - 1, parquetGlob.replace("'", "''"));
  }

  /**
   * DuckDB SQL as a DuckDB expert writes the trailing-window counts: linear in the rows, no grid. Each distinct
   * (account, user, day) covers [day, day + 29]; a fact opens an island when the previous fact of its user is more
   * than 30 days before it (+1 on its day) and closes one when the next is more than 30 days after it (−1 the day
   * after its cover ends); the same for (account, product, feature); events add on their day and leave 30 days
   * later. One running sum per account over the edge days gives every count for the days up to the next edge,
   * and each constant segment is expanded to its days within [from, to].
   */
  static String duckDbExpertSql(String parquetGlob, LocalDate from, LocalDate to) {
    return String.format(Locale.ROOT, """
        WITH activity AS (
          SELECT account_id, user_id, product_id, feature_key, event_count,
                 CAST(activity_date - DATE '1970-01-01' AS INTEGER) AS d
          FROM read_parquet('%4$s')
          WHERE activity_date BETWEEN DATE '%1$s' - %3$d AND DATE '%2$s'
        ),
        users AS (
          SELECT account_id, d,
                 lag(d) OVER (PARTITION BY account_id, user_id ORDER BY d) AS prev,
                 lead(d) OVER (PARTITION BY account_id, user_id ORDER BY d) AS next
          FROM (SELECT DISTINCT account_id, user_id, d FROM activity)
        ),
        features AS (
          SELECT account_id, d,
                 lag(d) OVER (PARTITION BY account_id, product_id, feature_key ORDER BY d) AS prev,
                 lead(d) OVER (PARTITION BY account_id, product_id, feature_key ORDER BY d) AS next
          FROM (SELECT DISTINCT account_id, product_id, feature_key, d FROM activity)
        ),
        daily AS (SELECT account_id, d, sum(event_count) AS ev FROM activity GROUP BY account_id, d),
        edges AS (
          SELECT account_id, day, sum(du) AS du, sum(df) AS df, sum(dev) AS dev
          FROM (
            SELECT account_id, d AS day, 1 AS du, 0 AS df, 0 AS dev FROM users WHERE prev IS NULL OR d - prev > %5$d
            UNION ALL
            SELECT account_id, d + %5$d, -1, 0, 0 FROM users WHERE next IS NULL OR next - d > %5$d
            UNION ALL
            SELECT account_id, d, 0, 1, 0 FROM features WHERE prev IS NULL OR d - prev > %5$d
            UNION ALL
            SELECT account_id, d + %5$d, 0, -1, 0 FROM features WHERE next IS NULL OR next - d > %5$d
            UNION ALL
            SELECT account_id, d, 0, 0, ev FROM daily
            UNION ALL
            SELECT account_id, d + %5$d, 0, 0, -ev FROM daily
          )
          WHERE day <= %7$d
          GROUP BY account_id, day
        ),
        segments AS (
          SELECT account_id,
                 greatest(day, %6$d) AS first_day,
                 least(coalesce(lead(day) OVER (PARTITION BY account_id ORDER BY day) - 1, %7$d), %7$d) AS last_day,
                 sum(du) OVER running AS active_users,
                 sum(dev) OVER running AS events,
                 sum(df) OVER running AS distinct_features
          FROM edges
          WINDOW running AS (PARTITION BY account_id ORDER BY day ROWS UNBOUNDED PRECEDING)
        )
        SELECT account_id,
               DATE '1970-01-01' + CAST(unnest(generate_series(first_day, last_day)) AS INTEGER) AS as_of_date,
               active_users::BIGINT AS active_users,
               events::BIGINT AS events,
               distinct_features::BIGINT AS distinct_features
        FROM segments
        WHERE active_users > 0 AND first_day <= last_day
        """, from, to, WINDOW - 1, parquetGlob.replace("'", "''"), WINDOW, from.toEpochDay(), to.toEpochDay());
  }

  /**
   * DuckDB SQL giving one row {@code rows, checksum, active_users, events, distinct_features} for a result
   * stored as Parquet: the row count, the sum of a hash of every row's values (order-independent), and the
   * column totals. The same query over the three results makes the checksums comparable.
   */
  static String checksumSql(String parquetGlob) {
    return String.format(Locale.ROOT, """
        SELECT count(*) AS rows,
               CAST(sum(hash(CAST(account_id AS VARCHAR), CAST(as_of_date AS DATE), CAST(active_users AS BIGINT),
                             CAST(events AS BIGINT), CAST(distinct_features AS BIGINT))) AS VARCHAR) AS checksum,
               sum(active_users)::BIGINT AS active_users,
               sum(events)::BIGINT AS events,
               sum(distinct_features)::BIGINT AS distinct_features
        FROM read_parquet('%s')
        """, parquetGlob.replace("'", "''"));
  }
}
