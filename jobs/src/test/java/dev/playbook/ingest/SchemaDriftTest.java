package dev.playbook.ingest;

import static dev.playbook.contract.InputTable.ACCOUNTS;
import static dev.playbook.contract.InputTable.API_USAGE_DAILY;
import static dev.playbook.contract.InputTable.SUBSCRIPTIONS;
import static dev.playbook.contract.InputTable.USERS;
import static dev.playbook.contract.InputTable.USER_ACTIVITY_DAILY;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.Main;
import dev.playbook.config.EnvConfig;
import dev.playbook.config.IngestConfig;
import dev.playbook.config.SourceSpec;
import dev.playbook.contract.InputTable;
import dev.playbook.io.Sources;
import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Schema drift at the source boundary, for Parquet, Delta and CSV sources: an added column is ignored and reported
 * (console and ingest_runs.message), never staged; a changed type converts without loss or quarantines the row
 * naming table, column and rule — never a silent null; a renamed required column (or an unconvertible type)
 * refuses the run with exit code 4, naming table and column, before anything is written. A renamed optional column
 * is reported as absent (staged null) next to the unknown column that replaced it.
 */
class SchemaDriftTest {
  private final SparkSession spark = SharedSpark.session();

  private static Dataset<Row> text(SparkSession spark, InputTable t) {
    return Fixture.text(spark, t, Fixture.valid().rows.get(t));
  }

  /** Drifted sources: users (Parquet), activity (Delta), API usage (CSV), accounts and subscriptions (Parquet). */
  private Path driftedWorld() {
    Path root = Fixture.valid().writeParquet(spark, Fixture.newRoot());
    // users: an added column, and the optional email renamed
    text(spark, USERS).withColumnRenamed("email", "email_address").withColumn("phone", lit("+1 555 0100"))
        .coalesce(1).write().mode("overwrite").parquet(root.resolve("users").toString());
    // activity (Delta): event_count became DOUBLE (1.5 cannot be an INT), plus an added column
    Dataset<Row> activity = text(spark, USER_ACTIVITY_DAILY)
        .withColumn("event_count", col("event_count").cast("double"))
        .unionByName(spark.sql("SELECT 'a1' account_id, 'u2' user_id, '2026-03-03' activity_date, 'prod_a' product_id,"
            + " 'f2' feature_key, CAST(1.5 AS DOUBLE) event_count"))
        .withColumn("loaded_at", lit("2026-04-01T00:00:00Z").cast("timestamp"));
    activity.coalesce(1).write().format("delta").save(root.resolve("activity_delta").toString());
    // API usage (CSV): a month where a date belongs, plus an added column
    text(spark, API_USAGE_DAILY)
        .unionByName(spark.sql("SELECT 'a2' account_id, 'prod_a' product_id, '2026-03' usage_date, '7' api_calls"))
        .withColumn("source_system", lit("billing")).coalesce(1).write().option("header", "true")
        .csv(root.resolve("api_csv").toString());
    // accounts: is_strategic became an INT (2 is no boolean)
    text(spark, ACCOUNTS).withColumn("is_strategic",
            org.apache.spark.sql.functions.when(col("account_id").equalTo("a3"), lit(2))
                .otherwise(col("is_strategic").cast("boolean").cast("int")))
        .coalesce(1).write().mode("overwrite").parquet(root.resolve("accounts").toString());
    // subscriptions: seats_purchased became BIGINT, one value beyond INT
    text(spark, SUBSCRIPTIONS).withColumn("seats_purchased",
            org.apache.spark.sql.functions.when(col("account_id").equalTo("a3"), lit(3_000_000_000L))
                .otherwise(col("seats_purchased").cast("bigint")))
        .coalesce(1).write().mode("overwrite").parquet(root.resolve("subscriptions").toString());
    return root;
  }

  private Sources sources(Path root) {
    SourceSpec defaults = new SourceSpec("parquet", root.toString(), null, null, null, null, null, null);
    return new Sources(spark, new EnvConfig.Sources(defaults, Map.of(
        "user_activity_daily", new SourceSpec("delta", root.resolve("activity_delta").toString(), null, null, null,
            null, null, null),
        "api_usage_daily", new SourceSpec("csv", root.resolve("api_csv").toString(), null, null, null, null, null,
            null))), root.resolve("env.yaml"));
  }

  private static List<String> quarantined(Warehouse wh) {
    return wh.read("quarantine").orderBy("table_name", "rule").collectAsList().stream()
        .map(r -> r.getAs("table_name") + " " + r.getAs("reason")).toList();
  }

  @Test
  void addedColumnsAreIgnoredAndReportedChangedTypesConvertLosslesslyOrQuarantine() {
    Path root = driftedWorld();
    Warehouse wh = Warehouse.atPath(spark, SharedSpark.tempDir("drift-wh"));
    Fixture.Captured out = new Fixture.Captured();
    IngestJob.ingest(spark, sources(root), new IngestConfig(0.5, Map.of()), Fixture.AS_OF, wh, out.console, "t@0");

    for (InputTable t : InputTable.values()) {
      assertEquals(Arrays.asList(IngestTables.staged(t).schema().fieldNames()),
          Arrays.asList(wh.read("staged_" + t.tableName()).columns()),
          t.tableName() + ": an added source column is never staged (only the contract's, a daily table's "
              + "partition_month and gate_events' event_date)");
    }
    assertEquals(List.of(
            "accounts castable(is_strategic): '2' is not a valid boolean",
            "api_usage_daily castable(usage_date): '2026-03' is not a valid date",
            "subscriptions castable(seats_purchased): '3000000000' is not a valid int",
            "user_activity_daily castable(event_count): '1.5' is not a valid int"),
        quarantined(wh), "each lossy value is a quarantined row naming table, column and rule");
    assertEquals(List.of(40, 12, 3, 0, 1), wh.read("staged_user_activity_daily").orderBy("activity_date", "user_id",
            "feature_key").collectAsList().stream().map(r -> r.<Integer>getAs("event_count")).toList(),
        "whole DOUBLE counts convert to INT exactly");
    assertEquals(0, wh.read("staged_users").where("email IS NOT NULL").count(),
        "a renamed optional column is absent: staged null, and reported (below)");

    String console = out.text();
    for (String note : List.of("source column phone is not in the contract: ignored",
        "source column email_address is not in the contract: ignored",
        "optional column email is absent from the source: staged as null",
        "source column loaded_at is not in the contract", "source column source_system is not in the contract")) {
      assertTrue(console.contains(note), "the console reports '" + note + "':\n" + console);
    }
    Row users = wh.read("ingest_runs").where("table_name = 'users'").first();
    assertEquals("published", users.getAs("outcome"));
    assertTrue(users.<String>getAs("message").contains("phone")
            && users.<String>getAs("message").contains("optional column email is absent"),
        "ingest_runs records the tolerated drift: " + users.getAs("message"));
    assertNull(wh.read("ingest_runs").where("table_name = 'plans'").first().getAs("message"),
        "no drift, no message");
  }

  @Test
  void aRenamedRequiredColumnOrAnUnconvertibleTypeRefusesWithExitCode4BeforeWriting() throws IOException {
    Path root = Fixture.valid().writeParquet(spark, Fixture.newRoot());
    text(spark, USERS).withColumnRenamed("user_id", "uid").coalesce(1).write().mode("overwrite")
        .parquet(root.resolve("users").toString());
    text(spark, USER_ACTIVITY_DAILY).withColumn("event_count",
            org.apache.spark.sql.functions.array(col("event_count").cast("int")))
        .coalesce(1).write().format("delta").save(root.resolve("activity_delta").toString());
    Path warehouse = root.resolve("warehouse");
    Path env = root.resolve("env.yaml");
    Files.writeString(env, """
        playbook: %s
        sources:
          defaults: {format: parquet, path: %s}
          tables:
            user_activity_daily: {format: delta, path: %s}
        output: {path: %s, catalog_schema: null}
        spark:
          master: local[2]
          conf: {}
        """.formatted(Path.of("conf/playbook.yaml").toAbsolutePath(), root, root.resolve("activity_delta"),
        warehouse));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"ingest", "--as-of", "2026-03-31", "--conf", env.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(4, code, "input refused:\n" + message + out.toString(StandardCharsets.UTF_8));
    assertTrue(message.contains("table users (parquet ") && message.contains("missing required column user_id"),
        "names the table and the missing column: " + message);
    assertTrue(message.contains("source columns: [uid, "), "lists what the source has: " + message);
    assertTrue(message.contains("table user_activity_daily (delta ")
            && message.contains("incompatible column event_count is array<int>, cannot become int"),
        "names the table, column and both types: " + message);
    boolean written;
    try (Stream<Path> s = Files.exists(warehouse) ? Files.list(warehouse) : Stream.empty()) {
      written = s.findAny().isPresent();
    }
    assertFalse(written, "nothing is written before the refusal");
  }
}
