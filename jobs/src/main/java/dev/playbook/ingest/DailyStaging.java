package dev.playbook.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.playbook.contract.InputTable;
import dev.playbook.io.Sources;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Incremental staging of the daily tables ({@link IngestTables#DAILY}), as pure functions of frames. After the
 * first run, a run reads a daily table only from {@link #windowFrom} on, checks those rows, and replaces only the
 * days whose staged rows changed ({@link #changedDays}: a per-day row count and hash compared with what is staged,
 * both collected to the driver: a row per day).
 * Days before the window are kept; the source's rows per day there are compared with what was read when the day
 * was staged ({@link #outsideLookback}), so a row arriving later than the lookback is reported, never lost
 * silently.
 *
 * <p>Cost per daily table: one aggregation over the window's evaluated rows (persisted anyway), one over the
 * staged rows of the window's days (partition-pruned), and, with the late-row check, one over the source's date
 * column before the window.
 */
final class DailyStaging {
  private DailyStaging() {}

  static final String ROWS_READ = IngestTables.ROWS_READ;
  static final String STAGED_ROWS = "staged_rows";
  static final String STAGED_HASH = "staged_hash";
  static final String RECORDED = "recorded_rows";

  /**
   * The first day a run re-reads: the earlier of {@code asOf} and the day after the last published run, minus
   * the lookback. A daily run after D-1 re-reads D-lookback..D; after a gap it re-reads the whole gap too.
   */
  static LocalDate windowFrom(LocalDate asOf, LocalDate lastPublished, int lookbackDays) {
    LocalDate next = lastPublished.plusDays(1);
    return (asOf.isBefore(next) ? asOf : next).minusDays(lookbackDays);
  }

  /** The typed rows dated from {@code from} on, and those without a valid date (the checks quarantine them). */
  static Dataset<Row> inWindow(Dataset<Row> typed, InputTable t, LocalDate from) {
    Column day = IngestTables.dateOf(t);
    return typed.where(day.geq(lit(Date.valueOf(from))).or(day.isNull()));
  }

  /** One day's rows: read from the source (0 for staged rows), to stage, and the sum of their hashes. */
  record Day(long rowsRead, long stagedRows, long stagedHash) {}

  /**
   * Per day (on or before the as-of date) of the evaluated rows: rows read, rows to stage and the sum of their
   * hashes; rows held back or without a valid date are left out. One aggregation, collected (a row per day).
   */
  static SortedMap<LocalDate, Day> freshDays(Dataset<Row> evaluated, InputTable t) {
    return collect(evaluated.where(not(col(CheckRunner.HELD)).and(IngestTables.dateOf(t).isNotNull()))
        .groupBy(IngestTables.dateOf(t).as(IngestTables.DAY))
        .agg(count(lit(1)).as(ROWS_READ), count(when(col(CheckRunner.STAGED), 1)).as(STAGED_ROWS),
            coalesce(sum(when(col(CheckRunner.STAGED), rowHash(t))), lit(0L)).as(STAGED_HASH)));
  }

  /** Per day of already staged rows: their number and the sum of their hashes (comparable with freshDays). */
  static SortedMap<LocalDate, Day> stagedDays(Dataset<Row> staged, InputTable t) {
    return collect(staged.groupBy(col(IngestTables.dayColumn(t)).as(IngestTables.DAY))
        .agg(lit(0L).as(ROWS_READ), count(lit(1)).as(STAGED_ROWS), sum(rowHash(t)).as(STAGED_HASH)));
  }

  private static SortedMap<LocalDate, Day> collect(Dataset<Row> perDay) {
    SortedMap<LocalDate, Day> days = new TreeMap<>();
    for (Row r : perDay.collectAsList()) {
      days.put(r.getDate(0).toLocalDate(), new Day(r.getLong(1), r.getLong(2), r.getLong(3)));
    }
    return days;
  }

  /** A hash of a row's contract columns (sums of it wrap around: a fingerprint, not a number). */
  private static Column rowHash(InputTable t) {
    return xxhash64(Sources.contractColumns(t).stream().map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new));
  }

  /** Days whose rows to stage differ from the staged ones (new, changed or gone), in order. */
  static List<LocalDate> changedDays(SortedMap<LocalDate, Day> fresh, SortedMap<LocalDate, Day> staged) {
    SortedSet<LocalDate> all = new TreeSet<>(fresh.keySet());
    all.addAll(staged.keySet());
    Day none = new Day(0, 0, 0);
    return all.stream().filter(d -> {
      Day f = fresh.getOrDefault(d, none);
      Day s = staged.getOrDefault(d, none);
      return f.stagedRows() != s.stagedRows() || f.stagedHash() != s.stagedHash();
    }).toList();
  }

  /** Rows staged on the days from {@code from} to {@code until}, both included. */
  static long stagedRows(SortedMap<LocalDate, Day> days, LocalDate from, LocalDate until) {
    return days.subMap(from, until.plusDays(1)).values().stream().mapToLong(Day::stagedRows).sum();
  }

  /**
   * A replaceWhere predicate matching exactly {@code days} of the column, with their months of
   * {@link IngestTables#PARTITION_MONTH} (so Delta prunes partitions before it looks at files' day ranges: only
   * files whose days overlap are rewritten).
   */
  static String daysPredicate(String column, List<LocalDate> days) {
    return "`" + IngestTables.PARTITION_MONTH + "` IN (" + dates(days.stream().map(d -> d.withDayOfMonth(1)).distinct()
        .toList()) + ") AND `" + column + "` IN (" + dates(days) + ")";
  }

  private static String dates(List<LocalDate> days) {
    return days.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "));
  }

  /**
   * The late-row check's answer for one table: rows that differ, on how many days, the first few; and the source's
   * rows before the window and the rows recorded for those days (what the shrink guard compares).
   */
  record Outside(long rows, long days, List<String> examples, long sourceRows, long recordedRows) {}

  /**
   * Source rows per day before {@code from} against the rows read when each day was staged
   * ({@code recorded}: day, rows_read): the absolute differences summed, with up to five example days.
   */
  static Outside outsideLookback(Dataset<Row> typed, InputTable t, LocalDate from, Dataset<Row> recorded) {
    Column day = IngestTables.dateOf(t);
    Dataset<Row> source = typed.where(day.lt(lit(Date.valueOf(from))))
        .groupBy(day.as(IngestTables.DAY)).agg(count(lit(1)).as("source_rows"));
    Dataset<Row> before = recorded.where(col(IngestTables.DAY).lt(lit(Date.valueOf(from))));
    Dataset<Row> diff = source.join(before.select(col(IngestTables.DAY), col(ROWS_READ).as(RECORDED)),
            List.of(IngestTables.DAY).toArray(String[]::new), "full_outer")
        .select(col(IngestTables.DAY), coalesce(col("source_rows"), lit(0L)).as("source_rows"),
            coalesce(col(RECORDED), lit(0L)).as(RECORDED),
            coalesce(col("source_rows"), lit(0L)).minus(coalesce(col(RECORDED), lit(0L))).as("diff"));
    List<Row> rows = diff.orderBy(IngestTables.DAY).collectAsList();
    long total = rows.stream().mapToLong(r -> Math.abs(r.getLong(3))).sum();
    List<String> examples = rows.stream().filter(r -> r.getLong(3) != 0).limit(5)
        .map(r -> r.getDate(0) + " " + (r.getLong(3) > 0 ? "+" : "") + r.getLong(3)).toList();
    long changedDays = rows.stream().filter(r -> r.getLong(3) != 0).count();
    return new Outside(total, changedDays, examples, rows.stream().mapToLong(r -> r.getLong(1)).sum(),
        rows.stream().mapToLong(r -> r.getLong(2)).sum());
  }
}
