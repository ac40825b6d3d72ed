package dev.playbook.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.grouping_id;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.playbook.contract.InputTable;
import dev.playbook.io.Sources;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Cost per daily table: one aggregation over the window's evaluated rows (persisted anyway) that also gives the
 * table's check counts ({@link #tally}), one over the staged rows of the window's days (partition-pruned), and,
 * with the late-row check, one over the source's date column before the window; the last two are one Spark job
 * for all daily tables ({@link #stagedDays}, {@link #outsideLookback}).
 */
final class DailyStaging {
  private DailyStaging() {}

  static final String ROWS_READ = IngestTables.ROWS_READ;
  static final String STAGED_ROWS = "staged_rows";
  static final String STAGED_HASH = "staged_hash";

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

  /** A daily table's {@link CheckRunner.Counts} and its {@link #freshDays}, from one aggregation. */
  record Tally(CheckRunner.Counts counts, SortedMap<LocalDate, Day> days) {}

  /**
   * The counts of a daily table's evaluated rows and, per day (on or before the as-of date), the rows read, the
   * rows to stage and the sum of their hashes (its fresh days): one pass, grouping sets {@code ((day), ())}; the
   * whole-table set gives the counts (distinct accounts included, which per-day rows could not sum to). Rows
   * held back (dated after the as-of date) or without a valid date are in no day.
   */
  static Tally tally(Dataset<Row> evaluated, InputTable t, List<Check> checks) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(grouping_id());
    aggs.addAll(CheckRunner.countColumns(evaluated, checks));
    aggs.add(count(when(not(col(CheckRunner.HELD)), 1)).as(ROWS_READ));
    aggs.add(count(when(col(CheckRunner.STAGED), 1)).as(STAGED_ROWS));
    aggs.add(coalesce(sum(when(col(CheckRunner.STAGED), rowHash(t))), lit(0L)).as(STAGED_HASH));
    CheckRunner.Counts counts = null;
    SortedMap<LocalDate, Day> days = new TreeMap<>();
    int perDay = 1 + aggs.size() - 3; // after the day column and every aggregate but the last three
    for (Row r : evaluated.rollup(IngestTables.dateOf(t).as(IngestTables.DAY))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).collectAsList()) {
      if (((Number) r.get(1)).intValue() == 1) {
        counts = CheckRunner.counts(r, 2, checks);
      } else if (!r.isNullAt(0) && r.getLong(perDay) > 0) {
        days.put(r.getDate(0).toLocalDate(), new Day(r.getLong(perDay), r.getLong(perDay + 1),
            r.getLong(perDay + 2)));
      }
    }
    // No rows: grouping sets give no row at all (a plain aggregation gives its one row of zeros).
    return new Tally(counts != null ? counts : CheckRunner.count(evaluated, checks), days);
  }

  /**
   * Per daily table, per day of its already staged rows ({@code staged}: each table's rows of the days to
   * compare): their number and the sum of their hashes (comparable with the fresh days). One job for all tables.
   */
  static Map<InputTable, SortedMap<LocalDate, Day>> stagedDays(Map<InputTable, Dataset<Row>> staged) {
    Map<InputTable, SortedMap<LocalDate, Day>> days = new LinkedHashMap<>();
    staged.keySet().forEach(t -> days.put(t, new TreeMap<>()));
    List<Dataset<Row>> perTable = new ArrayList<>();
    staged.forEach((t, rows) -> perTable.add(rows.groupBy(col(IngestTables.dayColumn(t)).as(IngestTables.DAY))
        .agg(count(lit(1)).as(STAGED_ROWS), sum(rowHash(t)).as(STAGED_HASH))
        .select(lit(t.tableName()).as(IngestTables.TABLE_NAME), col(IngestTables.DAY), col(STAGED_ROWS),
            col(STAGED_HASH))));
    for (Row r : IngestTables.collectTogether(perTable)) {
      days.get(InputTable.byName(r.getString(0)))
          .put(r.getDate(1).toLocalDate(), new Day(0L, r.getLong(2), r.getLong(3)));
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
   * Per daily table, its source rows per day before its window's first day ({@code from}) against the rows read
   * when each day was staged ({@code recorded}: the rows of ingest_date_counts): the absolute differences summed,
   * with up to five example days. The sources' day counts are one job for all tables; the comparison runs on the
   * driver (a row per table and day).
   */
  static Map<InputTable, Outside> outsideLookback(Map<InputTable, Dataset<Row>> typed, Map<InputTable, LocalDate> from,
      List<Row> recorded) {
    Map<InputTable, SortedMap<LocalDate, long[]>> perDay = new LinkedHashMap<>();
    List<Dataset<Row>> perTable = new ArrayList<>();
    typed.forEach((t, rows) -> {
      perDay.put(t, new TreeMap<>());
      Column day = IngestTables.dateOf(t);
      perTable.add(rows.where(day.lt(lit(Date.valueOf(from.get(t)))))
          .groupBy(day.as(IngestTables.DAY)).agg(count(lit(1)).as("source_rows"))
          .select(lit(t.tableName()).as(IngestTables.TABLE_NAME), col(IngestTables.DAY), col("source_rows")));
    });
    for (Row r : IngestTables.collectTogether(perTable)) {
      perDay.get(InputTable.byName(r.getString(0))).computeIfAbsent(r.getDate(1).toLocalDate(),
          d -> new long[2])[0] = r.getLong(2);
    }
    for (Row r : recorded) {
      InputTable t = InputTable.byName(r.getAs(IngestTables.TABLE_NAME));
      LocalDate day = r.<Date>getAs(IngestTables.DAY).toLocalDate();
      if (perDay.containsKey(t) && day.isBefore(from.get(t))) {
        perDay.get(t).computeIfAbsent(day, d -> new long[2])[1] = r.<Long>getAs(ROWS_READ);
      }
    }
    Map<InputTable, Outside> outside = new LinkedHashMap<>();
    perDay.forEach((t, days) -> {
      long total = 0;
      long changed = 0;
      long sourceRows = 0;
      long recordedRows = 0;
      List<String> examples = new ArrayList<>();
      for (Map.Entry<LocalDate, long[]> d : days.entrySet()) {
        long diff = d.getValue()[0] - d.getValue()[1];
        sourceRows += d.getValue()[0];
        recordedRows += d.getValue()[1];
        total += Math.abs(diff);
        if (diff != 0 && changed++ < 5) {
          examples.add(d.getKey() + " " + (diff > 0 ? "+" : "") + diff);
        }
      }
      outside.put(t, new Outside(total, changed, List.copyOf(examples), sourceRows, recordedRows));
    });
    return outside;
  }
}
