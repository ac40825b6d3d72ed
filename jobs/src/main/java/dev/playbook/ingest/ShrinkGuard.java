package dev.playbook.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The shrink guard: a table about to be staged that became empty, or has sharply fewer rows or distinct accounts
 * than the last published run, stops the ingest before anything is published — an upstream extract that
 * silently lost 40% of the accounts would otherwise empty the queues downstream.
 *
 * <p>An empty source is judged by what the table is ({@link #emptyRule}): a table of events that may not have
 * happened yet (API calls, gate events, opportunities, logged conversations) may be empty on a first run and stay
 * empty — accepted with a warning that names what then has no data; a table the pipeline cannot run without
 * (accounts, plans, plan features, subscriptions, users, activity) is refused even on a first run; and any table
 * that had rows in the last published run and is empty now is refused: it <em>became</em> empty.
 *
 * <p>The baseline is the current {@code staged_<table>} (the last published run, replaced whole), restricted to
 * rows dated on or before this run's as-of date, so a backfill of an earlier date compares like with like: the
 * history up to that date as the last run saw it. Without a staged table (the first run) only emptiness is
 * checked.
 *
 * <p>Cost: one aggregation (count, count distinct account_id — a shuffle) over each new staged table (persisted)
 * and over each baseline staged table (a scan).
 */
public final class ShrinkGuard {
  private ShrinkGuard() {}

  public static final String ROWS = "rows";
  public static final String ACCOUNTS = "accounts";

  /** A table's size: its rows, and its distinct account_id values (null when it has no account_id column). */
  public record Size(long rows, Long accounts) {}

  /**
   * One table's verdict: its size now, the baseline's (null on a first run), what refuses it ({@code problems};
   * empty = accepted) and what is accepted but worth a warning ({@code warnings}: an empty table it may be).
   */
  public record Verdict(InputTable table, Size now, Size last, List<String> problems, List<String> warnings) {
    public boolean refused() {
      return !problems.isEmpty();
    }

    public boolean warned() {
      return !warnings.isEmpty();
    }
  }

  /**
   * What an empty source of a table means: whether it may be empty while no baseline had rows, and why — what has
   * no data then, or why the pipeline cannot run without it.
   */
  public record EmptyRule(boolean mayBeEmpty, String why) {}

  /**
   * The empty rule of each contract table. May be empty: event tables of things that may not have happened yet —
   * a product without an API, gates not instrumented yet, a CRM with no opportunity yet, no conversation logged.
   * Cannot run without: the tables that say who the customers are and what they bought and use. Users and their
   * daily activity are among them: empty, every account reads 0 active users — a risk account (adoption track),
   * never an expansion candidate — a wrong answer, not a missing one; and an account with users but no activity
   * at all is a broken extract, not a young business. Plans and plan features are reference data: a catalogue
   * without plans or features describes no product.
   */
  public static EmptyRule emptyRule(InputTable table) {
    return switch (table) {
      case ACCOUNTS -> cannotRunWithout("every output is per account");
      case PLANS -> cannotRunWithout("each subscription's tier, allocation and upgrade path");
      case PLAN_FEATURES -> cannotRunWithout("the features of each plan, the denominator of feature_adoption_breadth");
      case SUBSCRIPTIONS -> cannotRunWithout("seats, MRR and the plan of every account");
      case USERS, USER_ACTIVITY_DAILY -> cannotRunWithout("without users and their activity every account has 0 "
          + "active users: a risk account, never an expansion candidate");
      case API_USAGE_DAILY -> mayBeEmpty("api_usage_growth has no value; with signals.usage_metric api_calls (the "
          + "default) usage_allocation and plan_limit_utilization read 0 usage and never fire");
      case GATE_EVENTS -> mayBeEmpty("feature_gate_friction never fires");
      case OPPORTUNITIES -> mayBeEmpty("no outcome yet: measure and recalibrate have no opportunity to attribute, and "
          + "no queue item is suppressed by an open one");
      case ACTIVITIES -> mayBeEmpty("handoff briefs list no prior conversation");
    };
  }

  private static EmptyRule mayBeEmpty(String noData) {
    return new EmptyRule(true, noData);
  }

  private static EmptyRule cannotRunWithout(String why) {
    return new EmptyRule(false, why);
  }

  /** The sizes of several tables' rows (count and distinct accounts), in one job. */
  public static Map<InputTable, Size> sizes(Map<InputTable, Dataset<Row>> tables) {
    List<Dataset<Row>> perTable = new ArrayList<>();
    tables.forEach((t, rows) -> perTable.add(rows.agg(lit(t.tableName()), count(lit(1)),
        Arrays.asList(rows.columns()).contains(Col.ACCOUNT_ID) ? countDistinct(col(Col.ACCOUNT_ID))
            : lit(null).cast("long"))));
    Map<InputTable, Size> sizes = new LinkedHashMap<>();
    for (Row r : IngestTables.collectTogether(perTable)) {
      sizes.put(InputTable.byName(r.getString(0)), new Size(r.getLong(1), r.isNullAt(2) ? null : r.getLong(2)));
    }
    return sizes;
  }

  /** The last published staged rows as they stood at {@code asOf}: those dated on or before it. */
  public static Dataset<Row> baseline(Dataset<Row> lastStaged, InputTable table, LocalDate asOf) {
    Column dated = IngestTables.dateOf(table);
    return dated == null ? lastStaged : lastStaged.where(dated.leq(lit(Date.valueOf(asOf))));
  }

  /**
   * Judges one table. An empty source ({@code rowsRead} 0): refused when the baseline had rows ("became empty"),
   * else by its {@link #emptyRule} — refused when the pipeline cannot run without it, accepted with a warning when
   * it may be empty (on the first run, or "still empty"). Otherwise: refused on a drop by more than
   * {@code maxDropFraction} in rows or accounts against {@code last} (null: no baseline). Zero rows to stage from a
   * non-empty source (every row dated after a backfilled date) is not "empty": the baseline restricted to that date
   * is then empty too.
   */
  public static Verdict judge(InputTable table, long rowsRead, Size now, Size last, double maxDropFraction) {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (rowsRead == 0) {
      String name = table.tableName();
      EmptyRule rule = emptyRule(table);
      String when = last == null ? "empty on the first run (0 rows read, no staged table yet)"
          : "still empty (0 rows read, none in the last published run)";
      if (last != null && last.rows() > 0) {
        problems.add(String.format(Locale.ROOT, "%s: became empty: 0 rows read, %,d in the last published run",
            name, last.rows()));
      } else if (rule.mayBeEmpty()) {
        warnings.add(name + ": " + when + " — accepted; " + rule.why());
      } else {
        problems.add(name + ": " + when + " — a table the pipeline cannot run without (" + rule.why() + ")");
      }
    } else if (last != null) {
      drop(table, ROWS, now.rows(), last.rows(), maxDropFraction).ifPresent(problems::add);
      if (now.accounts() != null && last.accounts() != null) {
        drop(table, ACCOUNTS, now.accounts(), last.accounts(), maxDropFraction).ifPresent(problems::add);
      }
    }
    return new Verdict(table, now, last, List.copyOf(problems), List.copyOf(warnings));
  }

  /**
   * Judges a daily table staged incrementally: its re-read days that were staged before ({@code now}) against the
   * same days as staged ({@code last}), by the drop rule (a quiet window is not "empty"). With the late-row check,
   * {@code sourceRows} and {@code lastRows} are the whole source's rows and the rows read when the staged days were
   * staged: a source that became empty is refused whatever the limit, as a dimension table is, and one still
   * empty is judged by its {@link #emptyRule} as on a full run ("still empty"). Null: not checked.
   */
  public static Verdict judgeWindow(InputTable table, Size now, Size last, Long sourceRows,
      Long lastRows, double maxDropFraction) {
    if (sourceRows != null && sourceRows == 0 && lastRows == 0) {
      return judge(table, 0, now, new Size(0, null), maxDropFraction); // still empty: its empty rule decides
    }
    List<String> problems = new ArrayList<>();
    if (sourceRows != null && sourceRows == 0) {
      problems.add(String.format(Locale.ROOT, "%s: became empty: 0 rows read, %,d in the last published runs",
          table.tableName(), lastRows));
    } else {
      drop(table, ROWS, now.rows(), last.rows(), maxDropFraction).ifPresent(problems::add);
    }
    return new Verdict(table, now, last, List.copyOf(problems), List.of());
  }

  private static java.util.Optional<String> drop(InputTable table, String metric, long now, long last, double limit) {
    if (last == 0 || now >= last) {
      return java.util.Optional.empty();
    }
    double drop = 1.0 - (double) now / last;
    if (drop <= limit + 1e-9) {   // 70 of 100 is a 30% drop, not 30.000000000000004%
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(String.format(Locale.ROOT,
        "%s: %s dropped %.1f%%, %,d now vs %,d in the last published run, limit %.1f%%",
        table.tableName(), metric.equals(ROWS) ? "rows" : "distinct accounts", 100 * drop, now, last, 100 * limit));
  }

  /** The refusal message: every refused table, the limit's key, and how to let a deliberate shrink through. */
  public static String refusal(List<Verdict> verdicts, double maxDropFraction) {
    StringBuilder m = new StringBuilder(String.format(Locale.ROOT,
        "shrink guard: nothing published (limit ingest.shrink_guard.max_drop_fraction = %.2f; rerun with "
            + "--allow-shrink if the shrink is deliberate):", maxDropFraction));
    verdicts.stream().flatMap(v -> v.problems().stream()).forEach(p -> m.append("\n  ").append(p));
    return m.toString();
  }

  /** Every accepted table's warning, in table order. */
  public static List<String> warnings(List<Verdict> verdicts) {
    return verdicts.stream().flatMap(v -> v.warnings().stream()).toList();
  }

  /** One line per table for the console: rows and accounts, last → now; then each warning. */
  public static String summary(List<Verdict> verdicts) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  %-20s %21s %21s  %s%n", "table",
        "rows last → now", "accounts last → now", "verdict"));
    for (Verdict v : verdicts) {
      s.append(String.format(Locale.ROOT, "  %-20s %21s %21s  %s%n", v.table().tableName(),
          arrow(v.last() == null ? null : v.last().rows(), v.now().rows()),
          arrow(v.last() == null ? null : v.last().accounts(), v.now().accounts()),
          v.refused() ? "REFUSED" : v.warned() ? "WARNING" : "ok"));
    }
    warnings(verdicts).forEach(w -> s.append("  WARNING ").append(w).append(System.lineSeparator()));
    return s.toString().stripTrailing();
  }

  private static String arrow(Long last, Long now) {
    if (now == null) {
      return "-";
    }
    return (last == null ? "-" : String.format(Locale.ROOT, "%,d", last)) + " → " + String.format(Locale.ROOT, "%,d", now);
  }
}
