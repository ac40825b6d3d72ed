package dev.playbook.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.ingest.IngestJobFixtures;
import dev.playbook.testing.SharedSpark;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A planted JDBC password must appear nowhere: not on the console, not in the driver's log (at INFO), not in
 * Spark's event log, not in any file of the warehouse. The job runs as a real command line in a child JVM (as
 * under Airflow) against a real PostgreSQL server, with the password only in the environment variable named by
 * {@code password_env}. Every file is searched for the password as written, URL-encoded, base64-encoded and as
 * the base64 of {@code user:password} (HTTP basic auth).
 *
 * <p>About 40 s (a second JVM starts Spark): tagged {@code reliability}, run by {@code bin/reliability}.
 */
@Tag("reliability")
class SecretLeakTest {
  // Characters that URL-encoding and JSON escaping change, so an encoded copy is a different string.
  private static final String PASSWORD = "Pw+" + UUID.randomUUID() + "/x=&y%z";
  private static final String PASSWORD_ENV = "PLAYBOOK_LEAK_TEST_PASSWORD";
  private static PostgresServer.Shared pg;

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.startForTests("""
        CREATE ROLE playbook LOGIN PASSWORD '%s';
        CREATE TABLE crm_accounts (id text PRIMARY KEY, account_name text, segment text, is_strategic boolean,
          onboarded_on date, csm_owner text, ae_owner text, champion_name text, champion_title text, region text);
        INSERT INTO crm_accounts VALUES
          ('a1', 'Acme, Inc.', 'mid_market', false, '2026-01-10', 'csm1', 'ae1', 'Jane Roe', 'VP Ops', 'emea'),
          ('a2', 'Globex', 'enterprise', true, '2025-11-01', 'csm2', 'ae2', 'John Doe', 'CTO', 'amer'),
          ('a3', 'Initech', 'self_serve', false, '2026-02-15', NULL, NULL, NULL, NULL, NULL);
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO playbook;
        """.formatted(PASSWORD));
  }

  @AfterAll
  static void stopServer() {
    pg.close();
  }

  @Test
  void aJdbcPasswordIsInNoLogEventLogTableOrConsole() throws Exception {
    PostgresServer server = pg.require();
    Path sources = IngestJobFixtures.writeValidWorld(SharedSpark.session());
    Path dir = SharedSpark.tempDir("secret-leak");
    Path warehouse = dir.resolve("warehouse");
    Path eventLogs = Files.createDirectories(dir.resolve("event-logs"));
    Path log4j = dir.resolve("log4j2.properties");
    Files.writeString(log4j, """
        rootLogger.level = info
        rootLogger.appenderRef.stderr.ref = stderr
        appender.stderr.type = Console
        appender.stderr.name = stderr
        appender.stderr.target = SYSTEM_ERR
        appender.stderr.layout.type = PatternLayout
        appender.stderr.layout.pattern = %d{HH:mm:ss} %p %c: %m%n
        """);
    Path env = dir.resolve("env.yaml");
    Files.writeString(env, """
        playbook: %s
        sources:
          defaults: {format: parquet, path: %s}
          tables:
            accounts:
              format: jdbc
              url: %s
              table: public.crm_accounts
              user: playbook
              password_env: %s
              columns: {account_id: id}
        output: {path: %s, catalog_schema: null}
        spark:
          master: local[1]
          conf:
            spark.sql.shuffle.partitions: "2"
            spark.eventLog.enabled: "true"
            spark.eventLog.dir: "%s"
            spark.eventLog.compress: "false"
        """.formatted(Path.of("conf/playbook.yaml").toAbsolutePath(), sources, server.jdbcUrl(), PASSWORD_ENV,
        warehouse, eventLogs.toUri()));

    Path output = dir.resolve("console.txt");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+IgnoreUnrecognized") || arg.startsWith("-Djdk.")
          || arg.startsWith("-Dio.netty")) {
        cmd.add(arg);
      }
    }
    cmd.add("-Dlog4j2.configurationFile=" + log4j.toUri());
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    cmd.addAll(List.of("dev.playbook.cli.Main", "ingest", "--as-of", "2026-03-31", "--conf", env.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
    pb.environment().put(PASSWORD_ENV, PASSWORD);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    long started = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(1500, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the child job did not finish in 1500 s:\n" + Files.readString(output));
    }
    String console = Files.readString(output);
    System.out.printf("secret leak test: child ingest ran %.1f s%n", (System.nanoTime() - started) / 1e9);
    assertEquals(0, p.exitValue(), "the ingest through JDBC publishes:\n" + console);
    assertTrue(console.contains("INFO"), "the driver log was captured at INFO:\n" + tail(console));

    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("as written", PASSWORD);
    forms.put("url-encoded", URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
    forms.put("base64", Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));
    forms.put("base64 of user:password",
        Base64.getEncoder().encodeToString(("playbook:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    forms.put("the random part", PASSWORD.substring(3, 39));

    List<Path> files = new ArrayList<>();
    for (Path root : List.of(warehouse, eventLogs, output)) {
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    long eventLogFiles = files.stream().filter(f -> f.startsWith(eventLogs)).count();
    assertTrue(eventLogFiles > 0, "Spark wrote an event log");
    assertTrue(files.stream().anyMatch(f -> f.toString().contains("staged_accounts")), "staged_accounts written");
    long bytes = 0;
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      bytes += text.length();
      for (Map.Entry<String, String> form : forms.entrySet()) {
        assertTrue(!text.contains(form.getValue()), "the password (" + form.getKey() + ") is in " + f);
      }
    }
    System.out.printf("secret leak test: searched %d files, %,d bytes (%d event log files)%n", files.size(), bytes,
        eventLogFiles);
  }

  private static String tail(String s) {
    return s.length() < 4000 ? s : s.substring(s.length() - 4000);
  }
}
