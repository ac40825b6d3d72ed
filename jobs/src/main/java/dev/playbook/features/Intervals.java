package dev.playbook.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Day-index interval arithmetic that turns "distinct X over a trailing window, for every day of a range" into a
 * linear plan: each daily fact covers the days [day, day + window - 1]; covering intervals of one entity are
 * merged (gaps and islands); the number of entities covering a day is a running sum of +1/-1 edges. Days are
 * ints (days since 1970-01-01). Cost: one shuffle by key per step, no per-date loop, no range join.
 */
final class Intervals {
  private Intervals() {}

  static final String DAY = "day";
  static final String START = "start_day";
  static final String END = "end_day";
  static final String COUNT = "n";

  /** Days since 1970-01-01 of a DATE column. */
  static Column dayOf(Column date) {
    return org.apache.spark.sql.functions.unix_date(date);
  }

  /** The DATE of a day index column. */
  static Column dateOf(Column day) {
    return org.apache.spark.sql.functions.date_from_unix_date(day);
  }

  static Column[] cols(List<String> names) {
    return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  static List<String> plus(List<String> keys, String... more) {
    List<String> all = new ArrayList<>(keys);
    all.addAll(List.of(more));
    return all;
  }

  /**
   * Merges overlapping or adjacent [start_day, end_day] intervals of each key into maximal intervals. Input:
   * keys, start_day, end_day; output the same columns.
   */
  static Dataset<Row> merge(Dataset<Row> intervals, List<String> keys) {
    WindowSpec before = Window.partitionBy(cols(keys)).orderBy(col(START), col(END))
        .rowsBetween(Window.unboundedPreceding(), -1);
    WindowSpec upTo = Window.partitionBy(cols(keys)).orderBy(col(START), col(END))
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> flagged = intervals.select(plus(keys, START, END).stream().map(c -> col(c)).toArray(Column[]::new))
        .withColumn("_prev_end", max(col(END)).over(before))
        .withColumn("_new", when(col("_prev_end").isNull().or(col(START).gt(col("_prev_end").plus(1))), 1)
            .otherwise(0));
    return flagged.withColumn("_island", sum(col("_new")).over(upTo))
        .groupBy(cols(plus(keys, "_island")))
        .agg(min(col(START)).as(START), max(col(END)).as(END))
        .drop("_island");
  }

  /**
   * The trailing-window cover of daily facts: for each key, the maximal intervals of days D on which at least one
   * fact of the key is dated in [D - windowDays + 1, D]. Input: keys and {@code dayColumn}.
   */
  static Dataset<Row> trailingCover(Dataset<Row> facts, List<String> keys, String dayColumn, int windowDays) {
    Dataset<Row> perDay = facts.select(cols(plus(keys, dayColumn))).distinct()
        .withColumn(START, col(dayColumn))
        .withColumn(END, col(dayColumn).plus(windowDays - 1));
    return merge(perDay, keys);
  }

  /**
   * For each key and day in [fromDay, toDay], how many of the key's intervals cover the day, in column
   * {@code n}; days with no cover have no row. Intervals of one key may overlap (each counts).
   */
  static Dataset<Row> coverCount(Dataset<Row> intervals, List<String> keys, int fromDay, int toDay) {
    Column[] keyCols = cols(keys);
    Dataset<Row> kept = intervals
        .filter(col(END).geq(fromDay).and(col(START).leq(toDay)).and(col(START).leq(col(END))))
        .select(concat(keyCols, greatest(col(START), lit(fromDay)).as("_s"), least(col(END), lit(toDay)).as("_e")));
    Dataset<Row> ups = kept.select(concat(keyCols, col("_s").as(DAY), lit(1).as("_delta")));
    Dataset<Row> downs = kept.filter(col("_e").lt(toDay))
        .select(concat(keyCols, col("_e").plus(1).as(DAY), lit(-1).as("_delta")));
    WindowSpec running = Window.partitionBy(keyCols).orderBy(col(DAY))
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec next = Window.partitionBy(keyCols).orderBy(col(DAY));
    Dataset<Row> edges = ups.union(downs).groupBy(cols(plus(keys, DAY))).agg(sum(col("_delta")).as("_delta"))
        .withColumn(COUNT, sum(col("_delta")).over(running))
        .withColumn("_next", lead(col(DAY), 1).over(next));
    // Each edge's count holds until the day before the next edge.
    return edges.filter(col(COUNT).gt(0))
        .withColumn("_days", sequence(col(DAY), coalesce(col("_next").minus(1), lit(toDay))))
        .select(concat(keyCols, explode(col("_days")).as(DAY), col(COUNT).cast("int").as(COUNT)));
  }

  /**
   * Trailing-window sums for every row of {@code grid} (keys, day, anything else): {@code daily} holds keys, day
   * and the summed columns; each output column {@code name} sums {@code column} over daily rows with day in
   * [D - from, D - to] (from >= to >= 0). Daily rows need not be dense nor unique; a grid row with no daily row in
   * its window gets 0. Cost: one shuffle by key (grid and facts are unioned, then a range-frame window).
   */
  static Dataset<Row> trailingSums(Dataset<Row> grid, Dataset<Row> daily, List<String> keys,
      List<TrailingSum> sums) {
    String flag = "_is_grid";
    Dataset<Row> facts = daily.withColumn(flag, lit(false));
    Dataset<Row> unioned = grid.withColumn(flag, lit(true)).unionByName(facts, true);
    WindowSpec base = Window.partitionBy(cols(keys)).orderBy(col(DAY));
    for (TrailingSum s : sums) {
      unioned = unioned.withColumn(s.name(),
          coalesce(sum(col(s.column())).over(base.rangeBetween(-s.fromDaysBack(), -s.toDaysBack())), lit(0)));
    }
    List<String> dropCols = new ArrayList<>();
    for (String c : daily.columns()) {
      if (!keys.contains(c) && !c.equals(DAY) && !List.of(grid.columns()).contains(c)) {
        dropCols.add(c);
      }
    }
    dropCols.add(flag);
    return unioned.filter(col(flag)).drop(dropCols.toArray(String[]::new));
  }

  /** One trailing sum: {@code name} = sum of {@code column} over days D - fromDaysBack .. D - toDaysBack. */
  record TrailingSum(String name, String column, int fromDaysBack, int toDaysBack) {
    static TrailingSum last(String name, String column, int windowDays) {
      return new TrailingSum(name, column, windowDays - 1, 0);
    }
  }

  private static Column[] concat(Column[] first, Column... more) {
    Column[] all = new Column[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
