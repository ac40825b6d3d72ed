package dev.playbook.cli;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructField;

/**
 * Compares two output folders table by table (same tables, same schemas, same rows as multisets), e.g. a
 * cluster run against a local run. Floating point columns are compared at 1e-9 relative precision, since a
 * different partitioning adds in a different order. {@code --as-of D} compares only the rows of date D in the
 * tables with an {@code as_of_date} column (e.g. a warehouse run daily against one run once as of D);
 * {@code --skip t1,t2} leaves tables out (e.g. the run records, which differ by construction).
 */
public final class CompareJob implements Job {
  private static final String AS_OF_DATE = dev.playbook.contract.Col.AS_OF_DATE;

  @Override
  public String name() {
    return "compare";
  }

  @Override
  public String summary() {
    return "compare two output folders table by table (exit 1 when any table differs)";
  }

  @Override
  public Map<String, String> options() {
    return Map.of("left", "DIR    first folder of Delta tables", "right", "DIR    second folder of Delta tables",
        "as-of", "DATE   compare only this date's rows of the tables with an as_of_date column",
        "skip", "T1,T2  tables left out (e.g. ingest_runs, whose run records differ by construction)");
  }

  @Override
  public boolean needsDates() {
    return false;
  }

  @Override
  public void run(JobContext ctx) {
    Path left = Path.of(ctx.option("left").orElseThrow(() -> new UsageException("--left is required")));
    Path right = Path.of(ctx.option("right").orElseThrow(() -> new UsageException("--right is required")));
    String asOf = ctx.option("as-of").map(d -> Main.date("as-of", d).toString()).orElse(null);
    List<String> skip = ctx.option("skip").map(v -> Arrays.stream(v.split(",")).map(String::trim).toList())
        .orElse(List.of());
    List<String> differences = new ArrayList<>();
    List<String> tables = deltaTables(ctx.spark(), left).stream().filter(t -> !skip.contains(t)).toList();
    if (tables.isEmpty()) {
      throw new UsageException("no Delta tables under " + left);
    }
    for (String table : tables) {
      String diff = difference(ctx.spark(), left.resolve(table), right.resolve(table), asOf);
      ctx.console().print(String.format(Locale.ROOT, "  %-32s %s", table, diff == null ? "same" : diff));
      if (diff != null) {
        differences.add(table + ": " + diff);
      }
    }
    List<String> extra = deltaTables(ctx.spark(), right).stream()
        .filter(t -> !tables.contains(t) && !skip.contains(t)).toList();
    extra.forEach(t -> differences.add(t + ": only in " + right));
    if (!differences.isEmpty()) {
      throw new IllegalStateException("outputs differ:\n  " + String.join("\n  ", differences));
    }
    ctx.console().stage(tables.size() + " tables identical");
  }

  static List<String> deltaTables(SparkSession spark, Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> DeltaTable.isDeltaTable(spark, p.toString()))
          .map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Null when the tables hold the same rows (of date {@code asOf} when not null); otherwise what differs. */
  static String difference(SparkSession spark, Path a, Path b, String asOf) {
    if (!DeltaTable.isDeltaTable(spark, b.toString())) {
      return "missing in " + b.getParent();
    }
    Dataset<Row> x = comparable(ofDate(spark.read().format("delta").load(a.toString()), asOf));
    Dataset<Row> y = comparable(ofDate(spark.read().format("delta").load(b.toString()), asOf));
    if (!x.schema().equals(y.schema())) {
      return "schemas differ: " + x.schema().simpleString() + " vs " + y.schema().simpleString();
    }
    long onlyA = x.exceptAll(y).count();
    long onlyB = y.exceptAll(x).count();
    if (onlyA + onlyB == 0) {
      return null;
    }
    return onlyA + " rows only on the left, " + onlyB + " only on the right (of " + x.count() + " / " + y.count() + ")";
  }

  private static Dataset<Row> ofDate(Dataset<Row> df, String asOf) {
    return asOf != null && Arrays.asList(df.columns()).contains(AS_OF_DATE)
        ? df.where(functions.col(AS_OF_DATE).equalTo(functions.lit(java.sql.Date.valueOf(asOf)))) : df;
  }

  private static Dataset<Row> comparable(Dataset<Row> df) {
    Column[] cols = Arrays.stream(df.schema().fields()).map(CompareJob::comparable).toArray(Column[]::new);
    return df.select(cols);
  }

  private static Column comparable(StructField f) {
    Column c = functions.col(f.name());
    if (f.dataType() instanceof DoubleType || f.dataType() instanceof FloatType) {
      // 9 significant digits: the summation order may differ between partitionings.
      c = functions.when(c.isNull().or(c.equalTo(0)), c).otherwise(
          functions.expr("round(`" + f.name() + "` / power(10, floor(log10(abs(`" + f.name() + "`))) - 8))"
              + " * power(10, floor(log10(abs(`" + f.name() + "`))) - 8)"));
    }
    return c.as(f.name());
  }
}
