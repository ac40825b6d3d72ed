package dev.playbook.export;

import dev.playbook.cli.Job;
import dev.playbook.cli.JobContext;
import dev.playbook.cli.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the tables the notebooks read as one CSV file per table ({@code <out>/<table>.csv}, with a header),
 * so an analyst's Jupyter without Spark or Delta can open them with pandas. Each file holds the table's
 * snapshot at the latest {@code as_of_date} on or before {@code --as-of}; {@code _manifest.csv} lists the
 * tables with their snapshot date and row count. A table not written yet is listed as missing, not an error.
 *
 * <p>Cost: per table one aggregation (its latest date) and one filtered scan written by a single task
 * ({@code coalesce(1)}); the snapshots are aggregates or one row per account, small enough for one file.
 */
public final class ExportJob implements Job {
  static final String OUT_OPTION = "out";
  /** Default export folder, inside the output folder. */
  static final String OUT_DEFAULT = "_notebook_export";
  static final String MANIFEST = "_manifest.csv";

  @Override
  public String name() {
    return "export";
  }

  @Override
  public String summary() {
    return "write the tables the notebooks read as CSV files (one per table) for Jupyter without Spark";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(OUT_OPTION, "DIR    folder for the CSV files, relative to the working dir (default <output folder>/"
        + OUT_DEFAULT + ")");
  }

  @Override
  public void run(JobContext ctx) {
    LocalDate asOf = ctx.dates().to();
    String out = ctx.option(OUT_OPTION).orElseGet(() -> defaultOut(ctx));
    ctx.console().stage("exporting the notebooks' tables as of " + asOf + " to " + out);
    List<String> manifest = new ArrayList<>();
    manifest.add("table,as_of_date,rows,written_by,status");
    for (NotebookTables.Table table : NotebookTables.ALL) {
      if (!ctx.warehouse().exists(table.name())) {
        ctx.console().print(String.format(Locale.ROOT, "  %-28s missing: run the %s job first",
            table.name(), table.writtenBy()));
        manifest.add(table.name() + ",,0," + table.writtenBy() + ",missing");
        continue;
      }
      Dataset<Row> all = ctx.warehouse().read(table.name());
      boolean dated = NotebookExport.isDated(all);
      LocalDate date = dated ? NotebookExport.snapshotDate(all, asOf) : null;
      if (dated && date == null) {
        ctx.console().print(String.format(Locale.ROOT, "  %-28s no rows dated on or before %s",
            table.name(), asOf));
        manifest.add(table.name() + ",,0," + table.writtenBy() + ",no_snapshot");
        continue;
      }
      Dataset<Row> rows = NotebookExport.flatten(NotebookExport.snapshot(all, date)).cache();
      long count = rows.count();
      writeCsv(ctx.spark(), rows, out, table.name());
      rows.unpersist();
      ctx.console().print(String.format(Locale.ROOT, "  %-28s %-10s %,10d rows", table.name(),
          date == null ? "-" : date, count));
      ctx.console().count("out", table.name() + ".csv", count);
      manifest.add(table.name() + "," + (date == null ? "" : date) + "," + count + "," + table.writtenBy() + ",ok");
    }
    writeText(ctx.spark(), new Path(out, MANIFEST), String.join("\n", manifest) + "\n");
  }

  private static String defaultOut(JobContext ctx) {
    if (ctx.env().output().catalogSchema() != null) {
      throw new UsageException("--out is required when the output is a catalog schema");
    }
    return ctx.warehouse().location(OUT_DEFAULT);
  }

  /** Writes {@code rows} as the single file {@code <out>/<table>.csv} (replacing it). */
  static void writeCsv(SparkSession spark, Dataset<Row> rows, String out, String table) {
    Path tmp = new Path(out, "." + table + ".tmp");
    Path target = new Path(out, table + ".csv");
    rows.coalesce(1).write().mode("overwrite")
        .option("header", "true")
        .option("dateFormat", "yyyy-MM-dd")
        .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ssXXX")
        .option("emptyValue", "")
        .csv(tmp.toString());
    try {
      FileSystem fs = tmp.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] parts = fs.globStatus(new Path(tmp, "part-*.csv"));
      if (parts == null || parts.length != 1) {
        throw new IllegalStateException("expected one CSV part file in " + tmp + ", found "
            + (parts == null ? 0 : parts.length));
      }
      fs.delete(target, false);
      if (!fs.rename(parts[0].getPath(), target)) {
        throw new IOException("could not move " + parts[0].getPath() + " to " + target);
      }
      fs.delete(tmp, true);
      dropChecksum(fs, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The local file system's hidden {@code .<name>.crc} beside a file: noise in an analyst's folder. */
  private static void dropChecksum(FileSystem fs, Path file) throws IOException {
    Path crc = new Path(file.getParent(), "." + file.getName() + ".crc");
    if (fs.exists(crc)) {
      fs.delete(crc, false);
    }
  }

  private static void writeText(SparkSession spark, Path file, String text) {
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (FSDataOutputStream stream = fs.create(file, true)) {
        stream.write(text.getBytes(StandardCharsets.UTF_8));
      }
      dropChecksum(fs, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
