package dev.playbook.io;

import dev.playbook.cli.DateRange;
import dev.playbook.cli.InputException;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.CommitInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * The pipeline's output location: a folder of Delta tables ({@code output.path}) or a catalog schema
 * ({@code output.catalog_schema}). The only place that writes tables.
 *
 * <p>A write replaces exactly the dates it computed ({@code replaceWhere}) in one Delta commit, so a rerun of
 * a date replaces that date and nothing else, and a failed run leaves the table at its previous version.
 */
public final class Warehouse {
  private final SparkSession spark;
  private final Path root;
  private final String catalogSchema;

  private Warehouse(SparkSession spark, Path root, String catalogSchema) {
    this.spark = spark;
    this.root = root;
    this.catalogSchema = catalogSchema;
  }

  public static Warehouse atPath(SparkSession spark, Path root) {
    return new Warehouse(spark, root.toAbsolutePath().normalize(), null);
  }

  public static Warehouse inCatalog(SparkSession spark, String schema) {
    return new Warehouse(spark, null, schema);
  }

  /** Whether the tables are in a catalog schema rather than a folder. */
  public boolean inCatalog() {
    return catalogSchema != null;
  }

  /** The folder or the catalog name of a table. */
  public String location(String table) {
    return catalogSchema != null ? catalogSchema + "." + table : root.resolve(table).toString();
  }

  /**
   * A folder beside the tables for files that are not tables (saved models); only with {@code output.path}.
   */
  public Path folder(String name) {
    if (catalogSchema != null) {
      throw new InputException("'" + name + "' files are saved under output.path; with output.catalog_schema ("
          + catalogSchema + ") there is no folder for them: set output.path");
    }
    return root.resolve(name);
  }

  public boolean exists(String table) {
    return catalogSchema != null
        ? spark.catalog().tableExists(location(table))
        : DeltaTable.isDeltaTable(spark, location(table));
  }

  /** The Delta table behind {@code table} (history, restore); fails naming the table when it is not there. */
  public DeltaTable deltaTable(String table) {
    if (!exists(table)) {
      throw new InputException("table '" + table + "' not found at " + location(table));
    }
    return delta(table);
  }

  private DeltaTable delta(String table) {
    return catalogSchema != null ? DeltaTable.forName(spark, location(table)) : DeltaTable.forPath(spark, location(table));
  }

  /** Reads a table this pipeline wrote; fails naming the job that writes it when it is not there. */
  public Dataset<Row> read(String table) {
    if (!exists(table)) {
      throw new InputException("table '" + table + "' not found at " + location(table)
          + "; run the job that writes it first");
    }
    return catalogSchema != null ? spark.table(location(table)) : spark.read().format("delta").load(location(table));
  }

  public Dataset<Row> read(OutputTable table) {
    return read(table.name());
  }

  /**
   * Replaces the rows of {@code dates} in {@code table} with {@code rows} in one commit, creating the table
   * (with its comments) on first use. Rows are conformed to the declared schema: a missing column fails
   * before anything is written, extra columns are an error too. Returns the number of rows written.
   */
  public long replaceDates(OutputTable table, Dataset<Row> rows, DateRange dates) {
    if (table.replaceKey() == null) {
      throw new IllegalArgumentException(table.name() + " is not replaced by date; use replaceAll");
    }
    return write(table, rows, dates.predicate(table.replaceKey()));
  }

  /** Replaces the whole content of {@code table} in one commit. */
  public long replaceAll(OutputTable table, Dataset<Row> rows) {
    return write(table, rows, null);
  }

  private long write(OutputTable table, Dataset<Row> rows, String replaceWhere) {
    Dataset<Row> conformed = conform(table, rows);
    if (!exists(table.name()) && createWith(table, conformed)) {
      return recordCommit(table.name());
    }
    // Columns declared since the table was created are added (conform() keeps exactly the declared schema).
    var writer = conformed.write().format("delta").mode("overwrite").option("mergeSchema", "true");
    if (replaceWhere != null) {
      writer = writer.option("replaceWhere", replaceWhere);
    } else if (!partitionColumns(table.name()).equals(table.partitionBy())) {
      // A whole rewrite of a table created with an older layout takes the declared partitioning.
      writer = writer.option("overwriteSchema", "true").partitionBy(table.partitionBy().toArray(String[]::new));
    }
    if (catalogSchema != null) {
      writer.saveAsTable(location(table.name()));
    } else {
      writer.save(location(table.name()));
    }
    return recordCommit(table.name());
  }

  /** The table's partition columns, from its Delta log (no Spark job). */
  public List<String> partitionColumns(String table) {
    return scala.jdk.javaapi.CollectionConverters.asJava(snapshot(table).metadata().partitionColumns());
  }

  /** The table's latest snapshot, brought up to date from its Delta log (a file listing, no Spark job). */
  private Snapshot snapshot(String table) {
    return deltaLog(table).update(false, scala.Option.empty(), scala.Option.empty());
  }

  private DeltaLog deltaLog(String table) {
    return catalogSchema != null
        ? DeltaLog.forTable(spark, new TableIdentifier(table, scala.Option.apply(catalogSchema)))
        : DeltaLog.forTable(spark, location(table));
  }

  /** Replaces the rows matching {@code predicate} (Spark SQL over the table's columns) in one commit. */
  public long replaceWhere(OutputTable table, Dataset<Row> rows, String predicate) {
    return write(table, rows, predicate);
  }

  /**
   * Creates the table with its first rows in one commit (CREATE TABLE AS SELECT, with the table comment, the
   * column comments and the partitioning). False when another run created it first: the caller then writes
   * into the existing table as usual.
   */
  private boolean createWith(OutputTable table, Dataset<Row> conformed) {
    var writer = conformed.writeTo(identifier(table.name())).using("delta")
        .tableProperty("comment", table.tableComment());
    if (!table.partitionBy().isEmpty()) {
      Column[] parts = table.partitionBy().stream().map(functions::col).toArray(Column[]::new);
      writer = writer.partitionedBy(parts[0], Arrays.copyOfRange(parts, 1, parts.length));
    }
    try {
      writer.create();
      return true;
    } catch (org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException e) {
      return false;
    } catch (RuntimeException e) {
      if (exists(table.name())) {
        return false;   // lost the race to create it (Delta's commit 0 was taken): write into it
      }
      throw e;
    }
  }

  /** The name CREATE TABLE takes: the catalog table, or {@code delta.`<path>`}. */
  private String identifier(String table) {
    return catalogSchema != null ? location(table) : "delta.`" + location(table) + "`";
  }

  /**
   * Counts the table's latest commit on the session's {@link RunMeter} and returns the rows it wrote, from
   * Delta's operation metrics in that commit's log file (read directly: no Spark job, no pass over the data).
   */
  private long recordCommit(String table) {
    Snapshot latest = snapshot(table);
    var changes = latest.deltaLog().getChanges(latest.version(), scala.Option.empty(), false);
    Map<String, String> metrics = Map.of();
    if (changes.hasNext()) {
      for (Action action : scala.jdk.javaapi.CollectionConverters.asJava(changes.next()._2())) {
        if (action instanceof CommitInfo info && info.operationMetrics().isDefined()) {
          metrics = scala.jdk.javaapi.CollectionConverters.asJava(info.operationMetrics().get());
        }
      }
    }
    long rows = Long.parseLong(metrics.getOrDefault("numOutputRows", "0"));
    RunMeter.of(spark.sparkContext()).commit(rows, Long.parseLong(metrics.getOrDefault("numOutputBytes", "0")));
    return rows;
  }

  /** Selects and casts the declared columns in order; names what is missing or undeclared. */
  static Dataset<Row> conform(OutputTable table, Dataset<Row> rows) {
    List<String> have = Arrays.asList(rows.columns());
    List<String> want = Arrays.stream(table.schema().fields()).map(StructField::name).toList();
    List<String> missing = want.stream().filter(c -> !have.contains(c)).toList();
    List<String> extra = have.stream().filter(c -> !want.contains(c)).toList();
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalStateException("output " + table.name() + ": missing columns " + missing
          + ", undeclared columns " + extra);
    }
    Column[] cols = Arrays.stream(table.schema().fields())
        .map(f -> functions.col(f.name()).cast(f.dataType()).as(f.name(), f.metadata()))
        .toArray(Column[]::new);
    return rows.select(cols);
  }
}
