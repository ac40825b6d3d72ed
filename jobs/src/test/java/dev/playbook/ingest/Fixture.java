package dev.playbook.ingest;

import dev.playbook.cli.Console;
import dev.playbook.config.EnvConfig;
import dev.playbook.config.SourceSpec;
import dev.playbook.contract.InputTable;
import dev.playbook.io.Sources;
import dev.playbook.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A small, valid contract world as of {@link #AS_OF}, written row by row as text ("|" between columns in contract
 * order, an empty field is null), so tests can add malformed values the contract types could not hold.
 */
final class Fixture {
  static final LocalDate AS_OF = LocalDate.parse("2026-03-31");

  final Map<InputTable, List<String>> rows = new EnumMap<>(InputTable.class);

  static Fixture valid() {
    Fixture f = new Fixture();
    f.put(InputTable.ACCOUNTS,
        "a1|Acme, Inc.|mid_market|false|2026-01-10|csm1|ae1|Jane Roe|VP Ops|emea",
        "a2|Globex|enterprise|true|2025-11-01|csm2|ae2|John Doe|CTO|amer",
        "a3|Initech|self_serve|false|2026-02-15|||||");
    f.put(InputTable.PLANS,
        "p_basic|prod_a|1|1000|p_pro",
        "p_pro|prod_a|2|10000|",
        "p_x|prod_b|1||");
    f.put(InputTable.PLAN_FEATURES,
        "p_basic|f1", "p_basic|f2", "p_pro|f1", "p_pro|f2", "p_pro|f3", "p_x|g1");
    f.put(InputTable.SUBSCRIPTIONS,
        // a1: monthly basic, then a mid-period upgrade to pro that overlaps the running period
        "a1|prod_a|p_basic|2026-01-10|2026-02-10|10||500.00|2027-01-10",
        "a1|prod_a|p_basic|2026-02-10|2026-03-10|10||500.00|2027-01-10",
        "a1|prod_a|p_pro|2026-03-01|2026-04-01|12|20000|900.00|2027-01-10",
        // a2: a gap in February (lapsed, then back)
        "a2|prod_a|p_pro|2025-12-01|2026-01-01|50||4000.00|2026-12-01",
        "a2|prod_a|p_pro|2026-02-01|2026-03-01|50||4000.00|2026-12-01",
        "a2|prod_b|p_x|2026-03-01|2026-04-01|5||300.00|2026-12-01",
        "a3|prod_a|p_basic|2026-02-15|2026-03-15|3||49.00|");
    f.put(InputTable.USERS,
        "u1|a1|eng|2026-01-05|2026-01-10||u1@acme.test",
        "u2|a1|sales|2026-01-20|2026-01-21||u2@acme.test",
        "u3|a2|eng|2025-10-20|2025-11-02|2026-03-01|u3@globex.test",
        "u4|a3||2026-02-15|2026-02-15||");
    f.put(InputTable.USER_ACTIVITY_DAILY,
        "a1|u1|2026-03-01|prod_a|f1|12",
        "a1|u1|2026-03-01|prod_a|f2|3",
        "a1|u2|2026-03-02|prod_a|f1|0",
        "a2|u3|2026-02-27|prod_a|f3|40",
        "a3|u4|2026-03-30|prod_a|f1|1");
    f.put(InputTable.API_USAGE_DAILY,
        "a1|prod_a|2026-03-01|1000",
        "a1|prod_a|2026-03-02|1200",
        "a2|prod_a|2026-03-01|50000");
    f.put(InputTable.GATE_EVENTS,
        "a1|u1|2026-03-05T10:00:00Z|f3|gated_feature_view",
        "a1|u2|2026-03-06 09:30:00+02:00|f3|upgrade_prompt_click",
        "a2||2026-03-07T23:30:00-05:00|g2|feature_request");
    f.put(InputTable.OPPORTUNITIES,
        "o1|a1|seat_expansion|2026-02-01||open|12000.00|ae1|seat_utilization",
        "o2|a2|cross_sell|2026-01-05|2026-03-01|closed_won|30000.00|ae2|",
        "o3|a3|new_business|2026-02-01|2026-02-10|closed_lost||ae1|");
    f.put(InputTable.ACTIVITIES,
        "a1|2026-03-03|csm1|call|Talked about seats, and about the \"pro\" plan",
        "a2|2026-03-04|ae2|email|");
    return f;
  }

  void put(InputTable t, String... lines) {
    rows.put(t, new ArrayList<>(Arrays.asList(lines)));
  }

  Fixture add(InputTable t, String... lines) {
    rows.get(t).addAll(Arrays.asList(lines));
    return this;
  }

  /** The rows of one table as an all-text frame with the contract's column names. */
  static Dataset<Row> text(SparkSession spark, InputTable t, List<String> lines) {
    StructType schema = new StructType(Arrays.stream(t.schema().fields())
        .map(f -> new StructField(f.name(), DataTypes.StringType, true, f.metadata()))
        .toArray(StructField[]::new));
    int n = schema.fields().length;
    List<Row> out = new ArrayList<>();
    for (String line : lines) {
      String[] parts = line.split("\\|", -1);
      int optionalTail = (int) Arrays.stream(t.schema().fields()).skip(parts.length).filter(StructField::nullable).count();
      if (parts.length != n && parts.length + optionalTail != n) {
        throw new IllegalArgumentException(t.tableName() + ": expected " + n + " fields in '" + line + "'");
      }
      Object[] values = new Object[n];
      for (int i = 0; i < n; i++) {
        values[i] = i >= parts.length || parts[i].isEmpty() ? null : parts[i];
      }
      out.add(RowFactory.create(values));
    }
    return spark.createDataFrame(out, schema);
  }

  /** Writes each table as Parquet (text columns) to {@code <root>/<table>}; returns root. */
  Path writeParquet(SparkSession spark, Path root) {
    for (Map.Entry<InputTable, List<String>> e : rows.entrySet()) {
      text(spark, e.getKey(), e.getValue()).coalesce(1).write().mode("overwrite")
          .parquet(root.resolve(e.getKey().tableName()).toString());
    }
    return root;
  }

  /** A Sources reader over {@code root} (Parquet, one folder per contract table). */
  static Sources parquetSources(SparkSession spark, Path root) {
    SourceSpec defaults = new SourceSpec("parquet", root.toString(), null, null, null, null, null, null);
    return new Sources(spark, new EnvConfig.Sources(defaults, Map.of()), root.resolve("env.yaml"));
  }

  static Path newRoot() {
    return SharedSpark.tempDir("ingest-src");
  }

  /** A console that prints into a buffer the test can read. */
  static final class Captured {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), "ingest");

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
