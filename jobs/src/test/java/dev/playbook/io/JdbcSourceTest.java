package dev.playbook.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.playbook.cli.Console;
import dev.playbook.cli.InputException;
import dev.playbook.config.EnvConfig;
import dev.playbook.config.IngestConfig;
import dev.playbook.config.SourceSpec;
import dev.playbook.contract.InputTable;
import dev.playbook.ingest.IngestJob;
import dev.playbook.ingest.IngestJobFixtures;
import dev.playbook.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDBC source against a real PostgreSQL server started for the test run. The password exists only in the
 * {@code env} lookup given to {@link Sources} (as in production, an environment variable); it must never appear in
 * an exception message, the console output or a written table. Skipped locally when no server can be started,
 * failed under CI=true.
 */
class JdbcSourceTest {
  private static final String PASSWORD = "pw-" + UUID.randomUUID();
  private static final String PASSWORD_ENV = "PLAYBOOK_TEST_PG_PASSWORD";
  private static PostgresServer.Shared pg;

  private final SparkSession spark = SharedSpark.session();

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.startForTests("""
        CREATE ROLE playbook LOGIN PASSWORD '%s';
        CREATE TABLE crm_accounts (id text PRIMARY KEY, account_name text, segment text, is_strategic boolean,
          onboarded_on date, csm_owner text, ae_owner text, champion_name text, champion_title text, region text,
          crm_updated_at timestamptz);
        INSERT INTO crm_accounts VALUES
          ('a1', 'Acme, Inc.', 'mid_market', false, '2026-01-10', 'csm1', 'ae1', 'Jane Roe', 'VP Ops', 'emea', now()),
          ('a2', 'Globex', 'enterprise', true, '2025-11-01', 'csm2', 'ae2', 'John Doe', 'CTO', 'amer', now()),
          ('a3', 'Initech', 'self_serve', false, '2026-02-15', NULL, NULL, NULL, NULL, '', now());
        CREATE TABLE gate_events (account_id text, user_id text, event_ts timestamptz, feature_key text,
          event_type text);
        INSERT INTO gate_events VALUES
          ('a1', 'u1', '2026-03-05 10:00:00+00', 'f3', 'gated_feature_view'),
          ('a1', 'u2', '2026-03-06 09:30:00+02', 'f3', 'upgrade_prompt_click'),
          ('a2', NULL, '2026-03-07 23:30:00-05', 'g2', 'feature_request');
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO playbook;
        """.formatted(PASSWORD));
  }

  @AfterAll
  static void stopServer() {
    pg.close();
  }

  private SourceSpec jdbc(String table, Map<String, String> columns) {
    return new SourceSpec("jdbc", null, table, pg.require().jdbcUrl(), "playbook", PASSWORD_ENV, columns,
        Map.of("fetchsize", "1000"));
  }

  private Sources sources(Path parquetRoot, Map<String, String> env) {
    SourceSpec defaults = new SourceSpec("parquet", parquetRoot.toString(), null, null, null, null, null, null);
    return new Sources(spark, new EnvConfig.Sources(defaults, Map.of(
        "accounts", jdbc("public.crm_accounts", Map.of("account_id", "id")),
        "gate_events", jdbc("gate_events", Map.of()))), parquetRoot.resolve("env.yaml"), env::get);
  }

  @Test
  void readsAndConformsATableThroughJdbc() {
    pg.require();
    Sources s = sources(Path.of("/nonexistent"), Map.of(PASSWORD_ENV, PASSWORD));
    List<Row> rows = s.read(InputTable.ACCOUNTS).orElseThrow().orderBy("account_id").collectAsList();
    assertEquals(3, rows.size());
    assertEquals("a1", rows.get(0).<String>getAs("account_id"), "id is mapped to account_id");
    assertEquals(Boolean.TRUE, rows.get(1).<Boolean>getAs("is_strategic"), "a boolean column stays boolean");
    assertEquals(null, rows.get(2).<Object>getAs("region"), "an empty string is no value");
    assertTrue(rows.get(0).<String>getAs(Sources.SOURCE_ROW).contains("crm_updated_at"),
        "the original row keeps the source's own columns");
    assertFalse(s.describe(InputTable.ACCOUNTS).contains(PASSWORD), "the description holds no password");
  }

  @Test
  void aWrongPasswordFailsNamingTheTableWithoutAnyPassword() {
    pg.require();
    String wrong = "wrong-" + UUID.randomUUID();
    Sources s = sources(Path.of("/nonexistent"), Map.of(PASSWORD_ENV, wrong));
    InputException e = assertThrows(InputException.class, () -> s.read(InputTable.ACCOUNTS));
    assertTrue(e.getMessage().contains("table accounts: cannot read jdbc"), e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(wrong), "no password in: " + t);
      assertFalse(String.valueOf(t.getMessage()).contains(PASSWORD), "no password in: " + t);
    }
  }

  @Test
  void ingestStagesJdbcTablesAndThePasswordIsNowhere() throws IOException {
    pg.require();
    Path root = IngestJobFixtures.writeValidWorld(spark);
    Path whRoot = SharedSpark.tempDir("ingest-jdbc-wh");
    Warehouse wh = Warehouse.atPath(spark, whRoot);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try {
      IngestJob.ingest(spark, sources(root, Map.of(PASSWORD_ENV, PASSWORD)), IngestConfig.defaults(),
          LocalDate.parse("2026-03-31"), wh, new Console(new PrintStream(console, true, StandardCharsets.UTF_8), "ingest"),
          "test@0");
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t.getMessage()).contains(PASSWORD), "no password in: " + t);
      }
      fail("ingest failed: " + e.getMessage() + "\n" + console.toString(StandardCharsets.UTF_8), e);
    }
    assertEquals(3, wh.read("staged_accounts").count(), "accounts staged from PostgreSQL");
    assertEquals(List.of("2026-03-05 10:00:00", "2026-03-06 07:30:00", "2026-03-08 04:30:00"),
        wh.read("staged_gate_events").orderBy("event_ts").select(date_format(col("event_ts"), "yyyy-MM-dd HH:mm:ss"))
            .collectAsList().stream().map(r -> r.getString(0)).toList(), "timestamptz read as UTC instants");
    assertFalse(console.toString(StandardCharsets.UTF_8).contains(PASSWORD), "no password on the console");
    for (String table : List.of("staged_accounts", "staged_gate_events", "quarantine", "dq_results", "ingest_runs")) {
      for (String json : wh.read(table).toJSON().collectAsList()) {
        assertFalse(json.contains(PASSWORD), table + " holds the password: " + json);
      }
    }
    try (Stream<Path> files = Files.walk(whRoot)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(PASSWORD),
            "the password is in " + f);
      }
    }
  }
}
