package dev.playbook.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;

import dev.playbook.cli.Job;
import dev.playbook.cli.JobContext;
import dev.playbook.cli.UsageException;
import dev.playbook.config.ConfigException;
import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import dev.playbook.ingest.IngestTables;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code playbook purge --user-id U | --email E | --name N}: removes one person's PII from every table that holds
 * it ({@link PiiColumns}) — current rows <em>and</em> every older Delta version.
 *
 * <p>Why not UPDATE + VACUUM: VACUUM deletes old data files, but the {@code _delta_log} keeps each old file's
 * column statistics (min/max values: an email can be a min) and the UPDATE's own predicate, in JSON commits and
 * checkpoints that log cleanup removes only after {@code delta.logRetentionDuration} (30 days) and a checkpoint.
 * So each PII table is <em>rebuilt</em>: its purged rows are written as a fresh Delta table (same schema, column
 * comments, table comment, partitioning and properties) beside it, which then replaces the old folder; the old
 * folder — data files of every version, the log, checkpoints — is deleted. Time travel on a PII table afterwards
 * starts at the purge (version 0: the empty creation, version 1: the purged rows). Every PII table is rebuilt even when its current rows do not mention the person:
 * an older version may.
 *
 * <p>The source systems are not touched: purge the person there first, or the next ingest stages them again.
 * Path warehouses only (the catalog mode's table folders are the catalog's to manage). Not atomic across tables
 * (Delta has none): rerun it after a failure; a failure between the two renames of one table leaves the table at
 * {@code .<table>.purge-old}, whose name the message gives.
 *
 * <p>Cost: each PII table is read twice (changed-row count, rewrite) and written once; they are the small tables
 * (accounts, users, activities, quarantine, briefs, outbox), never the activity facts.
 */
public final class PurgeJob implements Job {
  static final String USER_ID = "user-id";
  static final String EMAIL = "email";
  static final String NAME = "name";

  @Override
  public String name() {
    return "purge";
  }

  @Override
  public String summary() {
    return "remove one person's PII (email, name) from every table holding it, old Delta versions included";
  }

  @Override
  public boolean needsDates() {
    return false;
  }

  @Override
  public Map<String, String> options() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(USER_ID, "ID     a user: their email(s) as staged or quarantined are purged");
    m.put(EMAIL, "EMAIL  an email address to purge (case-insensitive)");
    m.put(NAME, "NAME   a person's name to purge, e.g. a champion (case-insensitive)");
    return m;
  }

  @Override
  public void run(JobContext ctx) {
    if (ctx.env().output().catalogSchema() != null) {
      throw new ConfigException("purge rewrites table folders: it supports output.path warehouses, not "
          + "output.catalog_schema (" + ctx.env().output().catalogSchema() + ")");
    }
    if (ctx.option(USER_ID).isEmpty() && ctx.option(EMAIL).isEmpty() && ctx.option(NAME).isEmpty()) {
      throw new UsageException("give --user-id, --email or --name");
    }
    SparkSession spark = ctx.spark();
    Set<String> targets = new LinkedHashSet<>();
    ctx.option(EMAIL).map(String::trim).ifPresent(targets::add);
    ctx.option(NAME).map(String::trim).ifPresent(targets::add);
    ctx.option(USER_ID).ifPresent(u -> {
      List<String> emails = emailsOf(ctx, u);
      ctx.console().print("  user " + u + ": " + emails.size() + " email address(es) found");
      targets.addAll(emails);
    });
    targets.removeIf(String::isBlank);
    if (targets.isEmpty()) {
      ctx.console().print("  nothing to purge: no email or name found");
      return;
    }
    Dataset<Row> t = Purge.targets(spark, List.copyOf(targets));
    ctx.console().stage("purging " + targets.size() + " value(s) from " + PiiColumns.tables().size()
        + " PII tables (rebuilt without their history)");
    for (String table : PiiColumns.tables()) {
      if (!ctx.warehouse().exists(table)) {
        ctx.console().print(String.format(Locale.ROOT, "  %-22s not in the warehouse", table));
        continue;
      }
      String location = ctx.warehouse().location(table);
      long versions = DeltaTable.forPath(spark, location).history().count();
      Dataset<Row> purged = Purge.purge(ctx.warehouse().read(table), table, t);
      long changed = purged.filter(col(Purge.CHANGED)).count();
      long rows = rewriteWithoutHistory(spark, location, purged.drop(Purge.CHANGED));
      ctx.console().print(String.format(Locale.ROOT, "  %-22s %,9d rows, %,6d changed, %,4d versions replaced by one",
          table, rows, changed, versions));
    }
  }

  /** The emails of a user: as staged, and in quarantined users rows (by the contract column names). */
  static List<String> emailsOf(JobContext ctx, String userId) {
    SparkSession spark = ctx.spark();
    Dataset<Row> id = spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(userId)),
        new StructType().add("_purge_user_id", "string"));
    List<String> out = new ArrayList<>();
    String users = IngestTables.staged(InputTable.USERS).name();
    if (ctx.warehouse().exists(users)) {
      ctx.warehouse().read(users).join(id, col(Col.USER_ID).equalTo(col("_purge_user_id")))
          .select(Col.EMAIL).collectAsList().forEach(r -> out.add(r.getString(0)));
    }
    String q = IngestTables.QUARANTINE.name();
    if (ctx.warehouse().exists(q)) {
      Column json = col(IngestTables.ORIGINAL_ROW);
      ctx.warehouse().read(q).filter(col(IngestTables.TABLE_NAME).equalTo(lit(InputTable.USERS.tableName())))
          .join(id, get_json_object(json, "$." + Col.USER_ID).equalTo(col("_purge_user_id")))
          .select(get_json_object(json, "$." + Col.EMAIL)).collectAsList().forEach(r -> out.add(r.getString(0)));
    }
    // Purging is case-insensitive: one address however it was spelt.
    return out.stream().filter(e -> e != null && !e.isBlank()).map(e -> e.trim().toLowerCase(Locale.ROOT))
        .distinct().toList();
  }

  /**
   * Replaces the Delta table at {@code location} by a new one holding {@code rows} (which may read the old table):
   * same schema with comments, table comment, partitioning and properties, one version, no older files or log.
   * Returns the number of rows written.
   */
  static long rewriteWithoutHistory(SparkSession spark, String location, Dataset<Row> rows) {
    Row detail = DeltaTable.forPath(spark, location).detail().first();
    String description = detail.getAs("description");
    List<String> partitions = detail.getList(detail.fieldIndex("partitionColumns"));
    Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
    StructType schema = spark.read().format("delta").load(location).schema();
    Path dir = new Path(location);
    Path tmp = new Path(dir.getParent(), "." + dir.getName() + ".purge-tmp");
    Path old = new Path(dir.getParent(), "." + dir.getName() + ".purge-old");
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(tmp, true);
      DeltaTableBuilder b = DeltaTable.create(spark).location(tmp.toString()).addColumns(schema);
      if (description != null) {
        b = b.comment(description);
      }
      if (!partitions.isEmpty()) {
        b = b.partitionedBy(partitions.toArray(String[]::new));
      }
      for (Map.Entry<String, String> p : properties.entrySet()) {
        b = b.property(p.getKey(), p.getValue());
      }
      b.execute();
      Dataset<Row> ordered = rows.select(java.util.Arrays.stream(schema.fields()).map(StructField::name)
          .map(org.apache.spark.sql.functions::col).toArray(Column[]::new)).cache();
      long n;
      try {
        n = ordered.count();
        ordered.write().format("delta").mode("append").save(tmp.toString());
      } finally {
        ordered.unpersist();
      }
      if (!fs.rename(dir, old)) {
        throw new IllegalStateException("purge: could not move " + dir + " aside to " + old);
      }
      if (!fs.rename(tmp, dir)) {
        throw new IllegalStateException("purge: could not move the purged table " + tmp + " to " + dir
            + "; the old table is at " + old + " (rename it back, or rerun the purge)");
      }
      fs.delete(old, true);
      DeltaLog.clearCache(); // this session's cached logs still describe the old folder's versions
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("purge: rewriting " + location + ": " + e.getMessage(), e);
    }
  }
}
