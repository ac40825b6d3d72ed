package dev.playbook.cli;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code playbook restore --table T [--to-version N | --to-timestamp TS]}: puts output tables back to an earlier
 * Delta version after a bad run (Delta's RESTORE). Without a target it lists the table's history, so the version
 * before the bad run can be picked. A restore is itself a new commit: it can be undone by restoring again.
 *
 * <p>{@code --to-version} names one table's version; {@code --to-timestamp} may restore several tables at once
 * ({@code --table a,b} or {@code --table all}) to their state at that instant, e.g. just before a bad run started.
 * Restoring needs the old data files: a VACUUM with a short retention makes older versions unrestorable.
 */
public final class RestoreJob implements Job {
  public static final String TABLE = "table";
  public static final String TO_VERSION = "to-version";
  public static final String TO_TIMESTAMP = "to-timestamp";
  public static final String ALL = "all";
  /** Versions listed when no target is given. */
  static final int HISTORY_ROWS = 20;

  @Override
  public String name() {
    return "restore";
  }

  @Override
  public String summary() {
    return "restore output tables to an earlier Delta version after a bad run (lists history without a target)";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(TABLE, "NAMES  table(s) of the output folder: one, a,b,c, or all (all and lists need --to-timestamp)",
        TO_VERSION, "N      restore the table to this version (see its history: restore --table T)",
        TO_TIMESTAMP, "TS     restore to the version current at this instant, e.g. '2026-11-23 06:00:00' (UTC)");
  }

  @Override
  public boolean needsDates() {
    return false;
  }

  @Override
  public void run(JobContext ctx) {
    String tableOption = ctx.option(TABLE).orElseThrow(() -> new UsageException("--table is required"));
    String version = ctx.option(TO_VERSION).orElse(null);
    String timestamp = ctx.option(TO_TIMESTAMP).orElse(null);
    if (version != null && timestamp != null) {
      throw new UsageException("give --to-version or --to-timestamp, not both");
    }
    List<String> tables = tableOption.equals(ALL)
        ? CompareJob.deltaTables(ctx.spark(), java.nio.file.Path.of(ctx.warehouse().location("")))
        : Arrays.stream(tableOption.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (tables.isEmpty()) {
      throw new UsageException("no tables to restore for --table " + tableOption + " (all lists the Delta tables of "
          + "the output folder; in a catalog schema name them)");
    }
    if (tables.size() != 1 && timestamp == null) {
      throw new UsageException("several tables are restored together with --to-timestamp only; --table "
          + tableOption + " names " + tables.size());
    }
    for (String table : tables) {
      DeltaTable dt = ctx.warehouse().deltaTable(table);
      long before = currentVersion(dt);
      if (version == null && timestamp == null) {
        ctx.console().stage(table + ": history (current version " + before + "); restore with --to-version N");
        ctx.console().print(history(dt));
        continue;
      }
      if (version != null) {
        long target = ctx.longOption(TO_VERSION, -1);
        if (target < 0 || target >= before) {
          throw new UsageException("--to-version must be an earlier version of " + table + ", 0.." + (before - 1)
              + ", was " + version);
        }
        dt.restoreToVersion(target);
        report(ctx, table, before, "version " + target, dt);
      } else {
        Long target = versionAt(dt, timestamp);
        if (target == null) {
          ctx.console().print(String.format(Locale.ROOT, "  %-32s skipped: created after %s", table, timestamp));
          continue;
        }
        if (target == before) {
          ctx.console().print(String.format(Locale.ROOT, "  %-32s unchanged: version %d is current at %s", table,
              before, timestamp));
          continue;
        }
        dt.restoreToTimestamp(timestamp);
        report(ctx, table, before, "version " + target + " (current at " + timestamp + ")", dt);
      }
    }
  }

  private static void report(JobContext ctx, String table, long before, String target, DeltaTable dt) {
    long after = currentVersion(dt);
    ctx.console().print(String.format(Locale.ROOT, "  %-32s version %d → restored to %s as new version %d, %,d rows",
        table, before, target, after, dt.toDF().count()));
  }

  /** The latest committed version of a table. */
  public static long currentVersion(DeltaTable dt) {
    return dt.history(1).first().<Long>getAs("version");
  }

  /** The version current at {@code timestamp}: the last one committed at or before it; null when none. */
  static Long versionAt(DeltaTable dt, String timestamp) {
    List<Row> rows = dt.history()
        .where(functions.col("timestamp").leq(functions.to_timestamp(functions.lit(timestamp))))
        .agg(functions.max("version")).collectAsList();
    return rows.isEmpty() || rows.get(0).isNullAt(0) ? null : rows.get(0).getLong(0);
  }

  /** The last versions: version, time, operation, rows written, and the run that wrote it (userMetadata). */
  static String history(DeltaTable dt) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "  %7s  %-23s  %-18s %10s  %s", "version", "timestamp (UTC)", "operation",
        "rows out", "written by"));
    for (Row r : dt.history(HISTORY_ROWS).collectAsList()) {
      Map<String, String> metrics = r.getJavaMap(r.fieldIndex("operationMetrics"));
      String rowsOut = metrics == null ? "" : metrics.getOrDefault("numOutputRows", "");
      Object meta = r.getAs("userMetadata");
      lines.add(String.format(Locale.ROOT, "  %7d  %-23s  %-18s %10s  %s", r.<Long>getAs("version"),
          String.valueOf(r.<Object>getAs("timestamp")), r.<String>getAs("operation"), rowsOut,
          meta == null ? "" : meta));
    }
    return String.join("\n", lines);
  }
}
