package dev.playbook.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;

import dev.playbook.contract.InputTable;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One data-quality check of one contract table, as a value: its level, what it asserts, why it can fail, what
 * happens to a failing row, and the rule that flags failing rows (after Deequ's {@code Check}).
 *
 * @param table the contract table checked
 * @param name short stable name, e.g. {@code not_null(account_id)}; the {@code check} column of dq_results
 * @param level ERROR (a failing row is quarantined and counts toward the bad-row limit) or WARNING (counted)
 * @param action what happens to a failing row
 * @param description what the check asserts, read as a line of the table's specification
 * @param hint why it can fail in real data, for the person reading a failure
 * @param stage {@link Stage#ROW} checks look at one row; {@link Stage#SET} checks compare rows (keys,
 *     duplicates, references) and see only rows that passed every ROW-level ERROR check
 * @param rule flags failing rows
 * @param detail per-row text for the quarantine reason (e.g. the value that failed); null: the description
 */
public record Check(
    InputTable table,
    String name,
    Level level,
    Action action,
    String description,
    String hint,
    Stage stage,
    Rule rule,
    Column detail) {

  public enum Level { ERROR, WARNING }

  /** What happens to a row that fails the check. */
  public enum Action {
    /** Not staged; written to the quarantine table with the rule and the original row. ERROR checks only. */
    QUARANTINE,
    /** Staged; the failure is only counted in dq_results. */
    COUNT,
    /** Not staged, not quarantined: a redundant copy of a row that is staged. */
    DROP,
    /** Not staged by this run and not checked by any other check: a row dated after the as-of date. */
    HOLD_BACK
  }

  public enum Stage { ROW, SET }

  /** What a rule sees: the as-of date and every delivered table (conformed and typed), for references. */
  public record Context(LocalDate asOf, Map<InputTable, Dataset<Row>> tables) {}

  /** Adds the boolean column {@code flag}: true for the rows that fail. */
  @FunctionalInterface
  public interface Rule {
    Dataset<Row> flag(Dataset<Row> rows, String flag, Context ctx);
  }

  public Check {
    if (level == Level.ERROR && action != Action.QUARANTINE) {
      throw new IllegalArgumentException(name + ": an ERROR check quarantines");
    }
    if (level == Level.WARNING && action == Action.QUARANTINE) {
      throw new IllegalArgumentException(name + ": a WARNING check does not quarantine");
    }
  }

  /** A rule that flags the rows where {@code failsWhen} is true (null counts as passing). */
  public static Rule when(Function<Context, Column> failsWhen) {
    return (rows, flag, ctx) -> rows.withColumn(flag, coalesce(failsWhen.apply(ctx), lit(false)));
  }

  /** Same check with a per-row detail for the quarantine reason. */
  public Check withDetail(Column perRowDetail) {
    return new Check(table, name, level, action, description, hint, stage, rule, perRowDetail);
  }

  /** The reason text of a failing row: {@code name: detail}. */
  public Column reason() {
    return org.apache.spark.sql.functions.concat(lit(name + ": "), detail == null ? lit(description) : detail);
  }
}
