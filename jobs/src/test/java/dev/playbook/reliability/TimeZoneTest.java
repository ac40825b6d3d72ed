package dev.playbook.reliability;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.round;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.playbook.cli.Console;
import dev.playbook.cli.DateRange;
import dev.playbook.cli.JobContext;
import dev.playbook.config.Configs;
import dev.playbook.config.EnvConfig;
import dev.playbook.config.IngestConfig;
import dev.playbook.config.SourceSpec;
import dev.playbook.features.FeaturesJob;
import dev.playbook.ingest.IngestJob;
import dev.playbook.ingest.IngestJobFixtures;
import dev.playbook.io.Sources;
import dev.playbook.io.Warehouse;
import dev.playbook.queue.QueueJob;
import dev.playbook.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Time zones: a gate event counts on its UTC date — across the US and EU daylight-saving changes (spring and
 * autumn) and month ends — and ingest → features → queue give identical tables whether the Spark session's time
 * zone is UTC or Pacific/Auckland, and whatever the JVM's default zone (America/Los_Angeles).
 *
 * <p>Two pipeline runs (ingest, features over five months, queue): a few minutes on two cores, so tagged
 * {@code reliability} and run by {@code bin/reliability}. {@code TypeDriftTest} covers the conversions in CI.
 */
@Tag("reliability")
class TimeZoneTest {
  private static final SparkSession spark = SharedSpark.session();
  private static final LocalDate FROM = LocalDate.parse("2025-11-01");
  private static final LocalDate TO = LocalDate.parse("2026-03-31");
  private static final LocalDate QUEUE_FROM = TO;

  /** Gate events at the edges: account, the timestamp as the source writes it. */
  private static final List<String[]> EVENTS = List.of(
      new String[] {"a2", "2025-10-26T00:30:00Z"},      // EU autumn change (01:00Z): before ...
      new String[] {"a2", "2025-10-26T01:30:00Z"},      // ... and after
      new String[] {"a2", "2025-11-02T08:59:00Z"},      // US autumn change (09:00Z = 02:00 PDT -> 01:00 PST)
      new String[] {"a2", "2025-11-02T09:00:00Z"},
      new String[] {"a2", "2025-11-30T23:59:59Z"},      // month end: Dec 1 in Auckland
      new String[] {"a2", "2025-12-01T00:00:00Z"},      // Nov 30 in Los Angeles
      new String[] {"a1", "2026-02-28T23:30:00-05:00"}, // an offset: Mar 1 04:30 UTC
      new String[] {"a1", "2026-03-01T23:30:00Z"},      // Mar 2 in Auckland
      new String[] {"a1", "2026-03-08T09:59:00Z"},      // US spring change (10:00Z = 02:00 PST -> 03:00 PDT)
      new String[] {"a1", "2026-03-08T10:00:00Z"},
      new String[] {"a1", "2026-03-29T00:59:00Z"},      // EU spring change (01:00Z = 01:00 GMT -> 02:00 BST)
      new String[] {"a1", "2026-03-29T01:00:00Z"},
      new String[] {"a1", "2026-03-31T20:00:00Z"},      // Apr 1 in Auckland: counts on Mar 31
      new String[] {"a1", "2026-03-31 23:59:59"},       // no offset: UTC
      new String[] {"a1", "2026-04-01T03:00:00Z"});     // Mar 31 in Los Angeles: after the as-of date, held back

  private static Path sources;

  @BeforeAll
  static void writeSources() {
    sources = IngestJobFixtures.writeValidWorld(spark);
    List<Row> rows = new ArrayList<>();
    for (String[] e : EVENTS) {
      rows.add(RowFactory.create(e[0], e[0].equals("a1") ? "u1" : "u3", e[1], "f3", "gated_feature_view"));
    }
    StructType text = new StructType().add("account_id", "string").add("user_id", "string")
        .add("event_ts", "string").add("feature_key", "string").add("event_type", "string");
    spark.createDataFrame(rows, text).coalesce(1).write().mode("overwrite")
        .parquet(sources.resolve("gate_events").toString());
  }

  /** Ingest, features over FROM..TO and the queue, into a fresh warehouse. */
  private static Warehouse pipeline() {
    Warehouse wh = Warehouse.atPath(spark, SharedSpark.tempDir("tz-wh"));
    Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "tz");
    SourceSpec defaults = new SourceSpec("parquet", sources.toString(), null, null, null, null, null, null);
    IngestJob.ingest(spark, new Sources(spark, new EnvConfig.Sources(defaults, Map.of()), sources.resolve("e.yaml")),
        new IngestConfig(0.5, Map.of()), TO, wh, console, "tz@0");
    Configs configs = Configs.load(Path.of("conf/local.yaml"));
    new FeaturesJob().run(new JobContext(spark, configs, new DateRange(FROM, TO), Map.of(), wh, console));
    new QueueJob().run(new JobContext(spark, configs, new DateRange(QUEUE_FROM, TO), Map.of(), wh, console));
    return wh;
  }

  /** Every table's rows as sorted JSON; called with the session in UTC, since JSON shows timestamps in it. */
  private static Map<String, List<String>> tables(Warehouse wh) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String t : List.of("staged_gate_events", "signals", "features", "window_positions", "expansion_queue",
        "handoff_briefs", "outbox")) {
      // Doubles to 9 decimals: a sum's last bit may depend on the order shuffle blocks arrive in, not on a zone.
      Dataset<Row> rows = wh.read(t);
      Column[] cols = Arrays.stream(rows.schema().fields())
          .map(f -> f.dataType().equals(DataTypes.DoubleType) ? round(col(f.name()), 9).as(f.name()) : col(f.name()))
          .toArray(Column[]::new);
      out.put(t, rows.select(cols).toJSON().collectAsList().stream().sorted().toList());
    }
    return out;
  }

  private static Map<String, List<String>> withZones(String sessionZone, String jvmZone) {
    String session = spark.conf().get("spark.sql.session.timeZone");
    TimeZone jvm = TimeZone.getDefault();
    spark.conf().set("spark.sql.session.timeZone", sessionZone);
    TimeZone.setDefault(TimeZone.getTimeZone(jvmZone));
    Warehouse wh;
    try {
      wh = pipeline();
    } finally {
      spark.conf().set("spark.sql.session.timeZone", session);
      TimeZone.setDefault(jvm);
    }
    return tables(wh);
  }

  /** Expected feature_gate_friction per account and date: events whose UTC date is in D-29..D. */
  private static Map<String, Long> expectedFriction() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (LocalDate d = FROM; !d.isAfter(TO); d = d.plusDays(1)) {
      for (String account : List.of("a1", "a2")) {
        long n = 0;
        for (String[] e : EVENTS) {
          String ts = e[1].contains("T") ? e[1] : e[1].replace(' ', 'T') + "Z";
          LocalDate utc = OffsetDateTime.parse(ts, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
          if (e[0].equals(account) && !utc.isBefore(d.minusDays(29)) && !utc.isAfter(d)) {
            n++;
          }
        }
        out.put(account + " " + d, n);
      }
    }
    return out;
  }

  @Test
  void gateEventsCountOnTheirUtcDateAndResultsDoNotDependOnAnyTimeZone() {
    long started = System.nanoTime();
    Map<String, List<String>> utc = withZones("UTC", "UTC");
    System.out.printf("time zone test: one pipeline run %.1f s%n", (System.nanoTime() - started) / 1e9);

    // 1. Counted on the right dates (every account-date of the five months).
    Map<String, Long> expected = expectedFriction();
    Map<String, Long> actual = new LinkedHashMap<>();
    for (Row r : spark.read().json(spark.createDataset(utc.get("signals"), org.apache.spark.sql.Encoders.STRING()))
        .where("signal = 'feature_gate_friction' AND account_id IN ('a1', 'a2')").collectAsList()) {
      Number value = r.getAs("value");
      actual.put(r.getAs("account_id") + " " + r.getAs("as_of_date"), value == null ? -1 : value.longValue());
    }
    assertFalse(actual.isEmpty(), "feature_gate_friction rows for a1 and a2");
    for (Map.Entry<String, Long> e : actual.entrySet()) {
      assertEquals(expected.get(e.getKey()), e.getValue(), "gate events in the 30 days ending " + e.getKey());
    }
    assertEquals(14, utc.get("staged_gate_events").size(), "the event of Apr 1 UTC is held back as of Mar 31");

    // 2. Identical with the session zone east of UTC (an event of Mar 31 UTC falls on Apr 1 there) and the JVM
    //    default zone west of it (an event of Apr 1 UTC falls on Mar 31 there).
    for (String[] zones : List.<String[]>of(new String[] {"Pacific/Auckland", "America/Los_Angeles"})) {
      Map<String, List<String>> other = withZones(zones[0], zones[1]);
      for (String table : utc.keySet()) {
        assertEquals(utc.get(table), other.get(table), table + " with session zone " + zones[0] + " and JVM zone "
            + zones[1] + " equals the UTC run");
      }
    }
    System.out.printf("time zone test: two pipeline runs %.1f s (%s)%n", (System.nanoTime() - started) / 1e9,
        Instant.now());
  }
}
