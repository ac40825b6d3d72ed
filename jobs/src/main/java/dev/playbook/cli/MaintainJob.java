package dev.playbook.cli;

import dev.playbook.config.EnvConfig;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code playbook maintain [--table T|all] [--dry-run]}: upkeep of the output Delta tables, one table after the
 * other:
 *
 * <ol>
 *   <li>compacts small files (Delta's OPTIMIZE, bin-packing within each partition of a partitioned table). The
 *       commit changes no row ({@code dataChange = false}): readers, the history and restore see the same data;
 *   <li>VACUUMs with {@code maintenance.vacuum_retention_hours} (env config, default 168): deletes the data files
 *       that no version current within that window needs, the small files just compacted included once they
 *       are older than the window;
 *   <li>prints a summary: files and bytes of the current version before → after, files VACUUM removed, seconds.
 * </ol>
 *
 * <p>What {@code restore} can reach afterwards: every version current within the retention window; older
 * versions stay in the history while their log is kept ({@code delta.logRetentionDuration}, 30 days) but can no
 * longer be restored. {@code --dry-run} changes nothing: it prints the files now and what VACUUM would delete.
 *
 * <p>Cost: compaction reads and rewrites each partition's small files (no shuffle); VACUUM lists every file of
 * the table, and the job lists them once more before and after it to count what it removed. Upkeep is not dated:
 * {@code --as-of} is accepted for the scheduler and only printed; the retention counts back from now (Delta's
 * rule). A write to the same table at the same moment may conflict with the compaction: exit 5, rerun.
 */
public final class MaintainJob implements Job {
  public static final String TABLE = RestoreJob.TABLE;
  public static final String DRY_RUN = "dry-run";
  public static final String AS_OF = "as-of";

  @Override
  public String name() {
    return "maintain";
  }

  @Override
  public String summary() {
    return "table upkeep: compact small files, then VACUUM old ones (retention maintenance.vacuum_retention_hours)";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(TABLE, "NAMES  table(s) of the output folder: one, a,b,c, or all (default all)",
        DRY_RUN, "       change nothing: print the files now and what VACUUM would delete",
        AS_OF, "DATE   the scheduler's date, printed with the run (upkeep does not depend on it)");
  }

  @Override
  public Set<String> flags() {
    return Set.of(DRY_RUN);
  }

  @Override
  public boolean needsDates() {
    return false;
  }

  /**
   * What upkeep did to one table. Files and bytes are the current version's; {@code vacuumedFiles} and
   * {@code vacuumedBytes} what VACUUM deleted from storage (in a dry run: would delete; bytes unknown, -1).
   */
  record Upkeep(String table, long filesBefore, long filesAfter, long bytesBefore, long bytesAfter,
      long vacuumedFiles, long vacuumedBytes, double seconds) {}

  @Override
  public void run(JobContext ctx) {
    boolean dryRun = Boolean.parseBoolean(ctx.option(DRY_RUN).orElse("false"));
    ctx.option(AS_OF).ifPresent(d -> Main.date(AS_OF, d));   // a typo is a usage error, as in every job
    int retentionHours = ctx.env().maintenance().vacuumRetentionHours();
    List<String> tables = RestoreJob.tables(ctx, ctx.option(TABLE).orElse(RestoreJob.ALL), "maintain");
    ctx.console().stage((dryRun ? "dry run: " : "") + tables.size() + " tables, VACUUM retention " + retentionHours
        + " h (maintenance." + EnvConfig.Maintenance.VACUUM_RETENTION_HOURS + ")"
        + ctx.option(AS_OF).map(d -> ", scheduled as of " + d).orElse(""));
    List<Upkeep> done = new ArrayList<>();
    for (String table : tables) {
      Upkeep u = upkeep(ctx, table, retentionHours, dryRun);
      ctx.console().stage(String.format(Locale.ROOT, "%s: files %,d → %s, VACUUM %s %,d files, %.1f s", table,
          u.filesBefore(), dryRun ? "(dry run)" : String.format(Locale.ROOT, "%,d", u.filesAfter()),
          dryRun ? "would delete" : "deleted", u.vacuumedFiles(), u.seconds()));
      done.add(u);
    }
    ctx.console().print(summary(done, dryRun));
  }

  /** Compacts, then vacuums one table (or only looks, in a dry run). */
  static Upkeep upkeep(JobContext ctx, String table, int retentionHours, boolean dryRun) {
    long start = System.nanoTime();
    SparkSession spark = ctx.spark();
    DeltaTable dt = ctx.warehouse().deltaTable(table);
    Row before = detail(dt);
    String location = before.getString(0);
    if (dryRun) {
      long wouldDelete = spark.sql("VACUUM delta.`" + location.replace("`", "``") + "` RETAIN " + retentionHours
          + " HOURS DRY RUN").count();
      return new Upkeep(table, before.getLong(1), before.getLong(1), before.getLong(2), before.getLong(2),
          wouldDelete, -1, seconds(start));
    }
    // 1. Compaction: one commit per table, no row changed; its metrics say which files it replaced by which.
    List<Row> compacted = dt.optimize().executeCompaction().selectExpr("metrics.numFilesRemoved",
        "metrics.numFilesAdded", "metrics.filesRemoved.totalSize", "metrics.filesAdded.totalSize").collectAsList();
    long filesAfter = before.getLong(1);
    long bytesAfter = before.getLong(2);
    for (Row m : compacted) {
      filesAfter += m.getLong(1) - m.getLong(0);
      bytesAfter += m.getLong(3) - m.getLong(2);
    }
    // 2. VACUUM: what it deleted is what storage held before it and no longer holds.
    long[] stored = storedDataFiles(spark, location);
    dt.vacuum(retentionHours);
    long[] kept = storedDataFiles(spark, location);
    return new Upkeep(table, before.getLong(1), filesAfter, before.getLong(2), bytesAfter, stored[0] - kept[0],
        stored[1] - kept[1], seconds(start));
  }

  /** The table's location, files and bytes of its current version (DESCRIBE DETAIL: from the log, no listing). */
  private static Row detail(DeltaTable dt) {
    return dt.detail().selectExpr("location", "numFiles", "sizeInBytes").first();
  }

  /**
   * Data files on storage, of every version still there, not only the current one's: {count, bytes}. The log
   * ({@code _delta_log}) and hidden files ({@code _} or {@code .}) are left out, as VACUUM leaves them.
   */
  static long[] storedDataFiles(SparkSession spark, String location) {
    try {
      Path root = new Path(location);
      FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
      int rootDepth = fs.makeQualified(root).depth();
      long files = 0;
      long bytes = 0;
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        if (!hidden(f.getPath(), rootDepth)) {
          files++;
          bytes += f.getLen();
        }
      }
      return new long[] {files, bytes};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + location, e);
    }
  }

  /** Whether a file or one of its folders below the table's root starts with {@code _} or {@code .}. */
  private static boolean hidden(Path file, int rootDepth) {
    for (Path p = file; p != null && p.depth() > rootDepth; p = p.getParent()) {
      if (p.getName().startsWith("_") || p.getName().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The closing table: one row per table, then the totals. */
  static String summary(List<Upkeep> done, boolean dryRun) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "  %-32s %20s  %26s  %28s %8s", "table", "files before → after",
        "bytes before → after", dryRun ? "VACUUM would delete" : "VACUUM deleted", "seconds"));
    done.forEach(u -> lines.add(row(u, dryRun)));
    lines.add(row(new Upkeep("total", done.stream().mapToLong(Upkeep::filesBefore).sum(),
        done.stream().mapToLong(Upkeep::filesAfter).sum(), done.stream().mapToLong(Upkeep::bytesBefore).sum(),
        done.stream().mapToLong(Upkeep::bytesAfter).sum(), done.stream().mapToLong(Upkeep::vacuumedFiles).sum(),
        done.stream().mapToLong(Upkeep::vacuumedBytes).sum(), done.stream().mapToDouble(Upkeep::seconds).sum()),
        dryRun));
    return String.join("\n", lines);
  }

  private static String row(Upkeep u, boolean dryRun) {
    String after = dryRun ? "-" : String.format(Locale.ROOT, "%,d", u.filesAfter());
    String bytesAfter = dryRun ? "-" : String.format(Locale.ROOT, "%,d", u.bytesAfter());
    String vacuumed = String.format(Locale.ROOT, "%,d files", u.vacuumedFiles())
        + (dryRun ? "" : String.format(Locale.ROOT, ", %,d bytes", u.vacuumedBytes()));
    return String.format(Locale.ROOT, "  %-32s %20s  %26s  %28s %8.1f", u.table(),
        String.format(Locale.ROOT, "%,d → %s", u.filesBefore(), after),
        String.format(Locale.ROOT, "%,d → %s", u.bytesBefore(), bytesAfter), vacuumed, u.seconds());
  }
}
