package dev.playbook.cli;

import dev.playbook.config.EnvConfig;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Restoring needs the old data files: versions older than the VACUUM retention of {@code maintain}
 * ({@code maintenance.vacuum_retention_hours}, default 168) can no longer be restored, and say so.
 */
public final class RestoreJob implements Job {
  public static final String TABLE = "table";
  public static final String TO_VERSION = "to-version";
  public static final String TO_TIMESTAMP = "to-timestamp";
  public static final String ALL = "all";
  /** Versions listed when no target is given. */
  static final int HISTORY_ROWS = 20;
  /** How Delta's restore begins its error when a version's data files are missing (restoreMissedDataFilesError). */
  private static final String MISSING_FILES = "Not all files from version";

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
    List<String> tables = tables(ctx, tableOption, "restore");
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
        restore(ctx, table, "version " + target, () -> dt.restoreToVersion(target));
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
        restore(ctx, table, "version " + target, () -> dt.restoreToTimestamp(timestamp));
        report(ctx, table, before, "version " + target + " (current at " + timestamp + ")", dt);
      }
    }
  }

  /**
   * The tables {@code --table} names: one, {@code a,b,c}, or {@code all}, the Delta tables of the output folder
   * (a catalog schema's are named). Fails when there are none, and clearly when the output folder is missing.
   */
  static List<String> tables(JobContext ctx, String tableOption, String verb) {
    if (tableOption.equals(ALL)) {
      if (ctx.warehouse().inCatalog()) {
        throw new UsageException("--table all lists the Delta tables of an output folder; in a catalog schema name "
            + "the tables to " + verb);
      }
      Path root = Path.of(ctx.warehouse().location(""));
      if (!Files.isDirectory(root)) {
        throw new InputException("no warehouse at " + root + " (output.path of " + ctx.configs().envFile()
            + "): run the pipeline first, or check --conf");
      }
      List<String> tables = CompareJob.deltaTables(ctx.spark(), root);
      if (tables.isEmpty()) {
        throw new InputException("no Delta tables to " + verb + " in " + root);
      }
      return tables;
    }
    List<String> tables = Arrays.stream(tableOption.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (tables.isEmpty()) {
      throw new UsageException("--table names no table: '" + tableOption + "'");
    }
    return tables;
  }

  /**
   * Runs one restore. A target whose data files are gone (Delta checks before it commits) fails saying why: VACUUM
   * deleted them, past {@code maintenance.vacuum_retention_hours}; the table is left as it was.
   */
  private static void restore(JobContext ctx, String table, String target, Runnable restore) {
    try {
      restore.run();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith(MISSING_FILES)) {
        throw e;
      }
      throw new InputException(table + " cannot be restored to " + target + ": its data files are gone, deleted by "
          + "VACUUM (maintain keeps the files of the versions current within maintenance."
          + EnvConfig.Maintenance.VACUUM_RETENTION_HOURS + " = " + ctx.env().maintenance().vacuumRetentionHours()
          + " h); restore a more recent version. The table is unchanged. Delta: "
          + e.getMessage().lines().findFirst().orElse(""));
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
