package dev.playbook.contract;

import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.unix_micros;

import org.apache.spark.sql.Column;

/**
 * How the contract reads time: a TIMESTAMP is an instant, and the date of an event is its <em>UTC</em> date,
 * whatever the session's or the JVM's time zone. Spark's {@code to_date(ts)} and {@code cast(ts AS DATE)} use the
 * session time zone; these do not.
 */
public final class UtcTime {
  private UtcTime() {}

  static final long MICROS_PER_DAY = 86_400_000_000L;

  /** The UTC calendar date of a TIMESTAMP column (zone-independent: arithmetic on microseconds since the epoch). */
  public static Column utcDate(Column timestamp) {
    return date_from_unix_date(floor(unix_micros(timestamp).divide(lit(MICROS_PER_DAY))).cast("int"));
  }

  /** Whether a TIMESTAMP column is exactly midnight UTC (a date delivered as a timestamp). */
  public static Column isUtcMidnight(Column timestamp) {
    return pmod(unix_micros(timestamp), lit(MICROS_PER_DAY)).equalTo(0);
  }
}
