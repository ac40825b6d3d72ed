package dev.playbook.cli;

import java.time.LocalDate;
import java.util.List;

/** The as-of dates a job computes: one date ({@code --as-of}) or an inclusive range ({@code --from/--to}). */
public record DateRange(LocalDate from, LocalDate to) {

  public DateRange {
    if (from == null || to == null) {
      throw new UsageException("a date range needs both ends");
    }
    if (to.isBefore(from)) {
      throw new UsageException("--to " + to + " is before --from " + from);
    }
  }

  public static DateRange of(LocalDate day) {
    return new DateRange(day, day);
  }

  public boolean isSingleDay() {
    return from.equals(to);
  }

  public List<LocalDate> dates() {
    return from.datesUntil(to.plusDays(1)).toList();
  }

  /** A SQL predicate on {@code column} that selects exactly these dates (for Delta's replaceWhere). */
  public String predicate(String column) {
    return column + " >= DATE'" + from + "' AND " + column + " <= DATE'" + to + "'";
  }

  @Override
  public String toString() {
    return isSingleDay() ? from.toString() : from + ".." + to;
  }
}
