package dev.playbook.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.DateRange;
import dev.playbook.cli.Main;
import dev.playbook.contract.InputTable;
import dev.playbook.ingest.IngestTables;
import dev.playbook.io.OutputTable;
import dev.playbook.io.Warehouse;
import dev.playbook.queue.QueueTables;
import dev.playbook.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/**
 * {@code playbook purge} removes a person's email and name from every PII table, and no file of the warehouse
 * holds them afterwards: no data file of any version, no {@code _delta_log} commit (whose statistics keep
 * column min/max values) and no checkpoint; time travel cannot reach a version from before the purge. The other
 * people's data stays, and so do the tables' comments and partitioning.
 */
class PurgeJobTest {
  private static final String ALICE = "alice.doe@acme.test";
  private static final String BOB = "bob@acme.test";
  private static final String CHAMPION = "Jane Roe";
  private static final LocalDate D = LocalDate.parse("2026-03-31");

  private final SparkSession spark = SharedSpark.session();

  /** A row of {@code table} with {@code values} and a placeholder in every other non-null column. */
  private static Row row(OutputTable table, Map<String, Object> values) {
    List<Object> out = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      if (values.containsKey(f.name())) {
        out.add(values.get(f.name()));
      } else if (f.nullable()) {
        out.add(null);
      } else {
        out.add(placeholder(f.dataType()));
      }
    }
    return RowFactory.create(out.toArray());
  }

  private static Object placeholder(DataType t) {
    if (t.equals(DataTypes.DateType)) {
      return Date.valueOf(D);
    } else if (t.equals(DataTypes.BooleanType)) {
      return false;
    } else if (t.equals(DataTypes.IntegerType)) {
      return 1;
    } else if (t.equals(DataTypes.LongType)) {
      return 1L;
    } else if (t.equals(DataTypes.DoubleType)) {
      return 1.0;
    } else if (t instanceof DecimalType) {
      return BigDecimal.ONE;
    } else if (t instanceof ArrayType) {
      return List.of("x");
    }
    return "x";
  }

  private void write(Warehouse wh, OutputTable table, Row... rows) {
    var frame = spark.createDataFrame(List.of(rows), table.schema());
    if (table.replaceKey() != null) {
      wh.replaceDates(table, frame, DateRange.of(D));
    } else {
      wh.replaceAll(table, frame);
    }
  }

  /** Every regular file under the warehouse whose bytes contain {@code text}. */
  private static List<Path> filesContaining(Path root, String text) throws IOException {
    List<Path> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(text)) {
          hits.add(f);
        }
      }
    }
    return hits;
  }

  @Test
  void purgeRemovesAPersonFromEveryPiiTableAndEveryOldVersion() throws IOException {
    String codec = spark.conf().get("spark.sql.parquet.compression.codec");
    // Uncompressed Parquet, so a byte scan of the data files can see every value written.
    spark.conf().set("spark.sql.parquet.compression.codec", "uncompressed");
    Path root = SharedSpark.tempDir("purge-wh");
    Warehouse wh = Warehouse.atPath(spark, root);
    OutputTable users = IngestTables.staged(InputTable.USERS);
    OutputTable accounts = IngestTables.staged(InputTable.ACCOUNTS);
    OutputTable activities = IngestTables.staged(InputTable.ACTIVITIES);
    try {
      // Two versions of each staged table: the old one is what VACUUM alone would leave in the log's stats.
      for (int run = 0; run < 2; run++) {
        write(wh, users,
            row(users, Map.of("user_id", "u1", "account_id", "a1", "email", ALICE)),
            row(users, Map.of("user_id", "u2", "account_id", "a1", "email", BOB)));
        write(wh, accounts, row(accounts, Map.of("account_id", "a1", "segment", "mid_market",
            "champion_name", CHAMPION, "champion_title", "VP Ops")));
        write(wh, activities, row(activities, Map.of("account_id", "a1", "summary",
            "Kickoff call with jane roe; invite " + ALICE + " and " + BOB)));
      }
      write(wh, IngestTables.QUARANTINE, row(IngestTables.QUARANTINE, Map.of("table_name", "users",
          "original_row", "{\"user_id\":\"u1\",\"account_id\":\"a1\",\"email\":\"" + ALICE.toUpperCase() + "\"}")));
      write(wh, QueueTables.HANDOFF_BRIEFS, row(QueueTables.HANDOFF_BRIEFS, Map.of(
          "brief_json", "{\"champion\":{\"name\":\"" + CHAMPION + "\",\"role\":\"VP Ops\"}}",
          "brief_text", "Champion: " + CHAMPION + ", VP Ops")));
      write(wh, QueueTables.OUTBOX, row(QueueTables.OUTBOX, Map.of("recipient", CHAMPION + ", VP Ops",
          "body", "Champion: " + CHAMPION, "description", "Champion: " + CHAMPION)));
      assertFalse(filesContaining(root, ALICE).isEmpty(), "the byte scan sees the email before the purge");
      assertTrue(filesContaining(root, ALICE).stream().anyMatch(p -> p.toString().contains("_delta_log")),
          "the Delta log's statistics hold the email (min/max): " + filesContaining(root, ALICE));

      Path env = env(root);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = Main.run(new String[] {"purge", "--user-id", "u1", "--name", CHAMPION, "--conf", env.toString()},
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
      String console = out.toString(StandardCharsets.UTF_8);
      assertEquals(0, code, console + err.toString(StandardCharsets.UTF_8));
      assertFalse(console.contains(ALICE) || console.contains(CHAMPION), "the purge prints no PII:\n" + console);
      assertTrue(console.contains("user u1: 1 email address(es) found"), console);

      for (String pii : List.of(ALICE, ALICE.toUpperCase(), CHAMPION, "jane roe")) {
        assertEquals(List.of(), filesContaining(root, pii), "no file of the warehouse holds '" + pii + "'");
      }
      assertEquals(List.of("u1 null", "u2 " + BOB), wh.read(users.name()).orderBy("user_id").collectAsList().stream()
          .map(r -> r.getAs("user_id") + " " + r.getAs("email")).toList(), "only that user's email is purged");
      Row account = wh.read(accounts.name()).first();
      assertNull(account.getAs("champion_name"));
      assertNull(account.getAs("champion_title"), "the title goes with the name");
      assertEquals("Kickoff call with [purged]; invite [purged] and " + BOB,
          wh.read(activities.name()).first().getAs("summary"), "mentions in text, any case, are replaced");
      assertEquals("{\"user_id\":\"u1\",\"account_id\":\"a1\",\"email\":\"[purged]\"}",
          wh.read("quarantine").first().getAs("original_row"));
      assertEquals("[purged], VP Ops", wh.read("outbox").first().getAs("recipient"), "the outbox recipient");

      for (String table : PiiColumns.tables()) {
        String location = wh.location(table);
        assertEquals(2, DeltaTable.forPath(spark, location).history().count(),
            table + ": two versions left: the rebuilt table's creation (empty) and its purged rows");
        assertEquals(0, spark.read().format("delta").option("versionAsOf", 0).load(location).count(),
            table + ": version 0 is the empty creation");
        assertThrows(Exception.class,
            () -> spark.read().format("delta").option("versionAsOf", 2).load(location).count(),
            table + ": no version from before the purge exists");
      }
      assertEquals("the user's email (PII: purge --user-id / --email)",
          wh.read(users.name()).schema().apply("email").metadata().getString("comment"), "column comments kept");
      assertEquals(users.tableComment(), DeltaTable.forPath(spark, wh.location(users.name())).detail().first()
          .getAs("description"), "the table comment is kept");
      assertEquals(List.of("as_of_date"), DeltaTable.forPath(spark, wh.location("quarantine")).detail().first()
          .getList(DeltaTable.forPath(spark, wh.location("quarantine")).detail().first()
              .fieldIndex("partitionColumns")), "partitioning is kept");
      try (Stream<Path> s = Files.list(root)) {
        assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
            "no temporary or old folder is left behind");
      }
    } finally {
      spark.conf().set("spark.sql.parquet.compression.codec", codec);
    }
  }

  /** An env config over a warehouse folder (no Spark settings: the shared test session is used as it is). */
  private static Path env(Path warehouse) throws IOException {
    Path env = warehouse.resolve("env.yaml");
    Files.writeString(env, """
        playbook: %s
        sources:
          defaults: {format: parquet, path: /nonexistent}
        output: {path: %s, catalog_schema: null}
        spark:
          master: local[2]
          conf: {}
        """.formatted(Path.of("conf/playbook.yaml").toAbsolutePath(), warehouse));
    return env;
  }

  @Test
  void purgeNeedsSomethingToPurge() throws IOException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path env = env(SharedSpark.tempDir("purge-none"));
    int code = Main.run(new String[] {"purge", "--conf", env.toString()}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("give --user-id, --email or --name"));
  }
}
