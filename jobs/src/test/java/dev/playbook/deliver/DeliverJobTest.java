package dev.playbook.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.playbook.cli.Console;
import dev.playbook.cli.DateRange;
import dev.playbook.cli.JobContext;
import dev.playbook.config.Configs;
import dev.playbook.config.DeliveryConfig;
import dev.playbook.config.EnvConfig;
import dev.playbook.io.Warehouse;
import dev.playbook.queue.QueueTables;
import dev.playbook.testing.SharedSpark;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deliver job against real servers on loopback: a HubSpot stand-in ({@link FakeHubSpot}, the JDK's HTTP
 * server) and GreenMail's SMTP server. Outbox rows are written by hand; deliveries are read back from Delta.
 */
class DeliverJobTest {
  static final LocalDate D1 = LocalDate.parse("2026-09-28");
  static final LocalDate D2 = D1.plusDays(1);
  static final String TOKEN = "test-token-not-a-secret";

  FakeHubSpot crm;
  GreenMail smtp;
  Warehouse wh;

  @BeforeEach
  void start() throws Exception {
    crm = new FakeHubSpot(800);
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    wh = Warehouse.atPath(SharedSpark.session(), SharedSpark.tempDir("deliver"));
  }

  @AfterEach
  void stop() {
    crm.close();
    smtp.stop();
  }

  DeliveryConfig config(int maxAttempts) {
    return new DeliveryConfig(
        new DeliveryConfig.Crm(crm.baseUrl(), "TEST_HUBSPOT_TOKEN", null, null, null, null, 300),
        new DeliveryConfig.Smtp("127.0.0.1", smtp.getSmtp().getPort(), "playbook@vendor.example", null, null, false,
            5000),
        maxAttempts, 1L, 5L, 1000.0);
  }

  void deliver(LocalDate day, DeliveryConfig cfg, Runnable afterSend) {
    Configs base = Configs.load(Path.of("conf/local.yaml"));
    EnvConfig e = base.env();
    Configs configs = new Configs(base.envFile(), new EnvConfig(e.playbook(), e.sources(), e.output(), e.spark(),
        e.maintenance(), cfg), base.playbookFile(), base.playbook(), base.playbookFingerprint());
    Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        "deliver");
    Clock clock = Clock.fixed(Instant.parse("2026-09-28T06:00:00Z"), ZoneOffset.UTC);
    new DeliverJob(Map.of("TEST_HUBSPOT_TOKEN", TOKEN)::get, clock, afterSend).run(new JobContext(
        SharedSpark.session(), configs, DateRange.of(day), Map.of(), wh, console));
  }

  /** One outbox row: the given columns, the rest null (or a filler for the required ones). */
  static Row outbox(LocalDate day, String key, String action, String type, Map<String, Object> values) {
    String[] names = QueueTables.OUTBOX.schema().fieldNames();
    Object[] v = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      String n = names[i];
      v[i] = switch (n) {
        case "as_of_date", "episode_start" -> Date.valueOf(day);
        case "idempotency_key" -> key;
        case "action" -> action;
        case "action_type" -> type;
        case "account_id" -> "acc-" + key;
        case "expansion_type" -> "seat_expansion";
        case "status", "owner_id", "config_version" -> "x";
        case "subject" -> "Subject " + key;
        case "body" -> "Body of " + key;
        default -> values.get(n);
      };
      if (values.containsKey(n)) {
        v[i] = values.get(n);
      }
    }
    return RowFactory.create(v);
  }

  static Map<String, Object> opp(String amount) {
    return Map.of("crm_account_id", "c-1", "crm_owner_id", "o-9", "opportunity_name", "Acme: seat expansion",
        "amount", new BigDecimal(amount), "close_date", Date.valueOf(D1.plusDays(60)), "stage_name", "Qualification");
  }

  void writeOutbox(LocalDate day, Row... rows) {
    wh.replaceDates(QueueTables.OUTBOX, SharedSpark.session().createDataFrame(List.of(rows),
        QueueTables.OUTBOX.schema()), DateRange.of(day));
  }

  List<Row> deliveries(String key) {
    return wh.read(DeliveryTables.DELIVERIES).filter("idempotency_key = '" + key + "'")
        .orderBy("attempt", "status").collectAsList();
  }

  @Test
  void oneCreatePerItemAcrossRetriesAndRerunsAndNothingForHeldRows() throws Exception {
    writeOutbox(D1,
        outbox(D1, "K1", "create", "ae_opportunity", opp("1200.00")),
        outbox(D1, "K2", "create", "csm_task", Map.of("crm_account_id", "c-2", "crm_owner_id", "o-7",
            "due_date", Date.valueOf(D1.plusDays(7)))),
        outbox(D1, "K3", "create", "email", Map.of("recipient_email", "dana@acme.example")),
        outbox(D1, "K4", "create", "email", Map.of("hold_reason", "no recipient address: accounts.admin_email empty")));
    crm.failNext("500", "429", "timeout");
    deliver(D1, config(5), () -> {});

    assertEquals(2, crm.creates, "one deal and one task, although the first requests failed or timed out");
    assertEquals("1200.00", crm.object("deals", "K1").get("properties").get("amount").asText());
    assertEquals("appointmentscheduled", crm.object("deals", "K1").get("properties").get("dealstage").asText());
    assertTrue(crm.requests.stream().allMatch(r -> ("Bearer " + TOKEN).equals(r.authorization())),
        "the token from the environment is sent as a Bearer token");
    MimeMessage[] mail = smtp.getReceivedMessages();
    assertEquals(1, mail.length, "one email; the held one is not sent");
    assertEquals("dana@acme.example", mail[0].getAllRecipients()[0].toString());
    assertEquals("<K3@playbook>", mail[0].getMessageID());
    List<String> k1 = deliveries("K1").stream().map(r -> r.getAs("attempt") + ":" + r.getAs("status") + ":"
        + r.getAs("response_code")).toList();
    assertEquals(List.of("1:failed:500", "2:failed:429", "3:failed:null", "4:sent:200"), k1,
        "each attempt recorded with its response code; the timeout has none");
    assertTrue(deliveries("K4").isEmpty(), "a held row is never attempted");

    int requests = crm.requestCount();
    deliver(D1, config(5), () -> {});
    assertEquals(requests, crm.requestCount(), "a rerun of the date sends nothing again");
    assertEquals(1, smtp.getReceivedMessages().length, "and no second email");
    assertFalse(wh.read(DeliveryTables.DELIVERIES).collectAsList().toString().contains(TOKEN),
        "no credential in the deliveries table");
  }

  @Test
  void updatesAndClosesAreApplied() {
    writeOutbox(D1, outbox(D1, "K1", "create", "ae_opportunity", opp("1200.00")),
        outbox(D1, "K2", "create", "csm_task", Map.of("crm_account_id", "c-2", "crm_owner_id", "o-7")));
    deliver(D1, config(5), () -> {});
    Map<String, Object> update = new java.util.HashMap<>(opp("1500.00"));
    update.put("stage_name", null);
    update.put("close_date", null);
    writeOutbox(D2, outbox(D2, "K1", "update", "ae_opportunity", update),
        outbox(D2, "K2", "close", "csm_task", Map.of("crm_account_id", "c-2",
            "action_reason", "signal cleared: no longer qualifies for seat_expansion")),
        outbox(D2, "K9", "close", "csm_task", Map.of("crm_account_id", "c-9", "action_reason", "motion changed")));
    deliver(D2, config(5), () -> {});

    assertEquals(2, crm.creates, "updates and closes create nothing");
    var deal = crm.object("deals", "K1").get("properties");
    assertEquals("1500.00", deal.get("amount").asText(), "the update is applied");
    assertEquals(D1.plusDays(60).toString(), deal.get("closedate").asText(), "the close date is not re-sent");
    var task = crm.object("tasks", "K2").get("properties");
    assertEquals("COMPLETED", task.get("hs_task_status").asText(), "the close completes the task");
    assertEquals("signal cleared: no longer qualifies for seat_expansion", task.get("playbook_close_reason").asText());
    assertEquals("skipped", deliveries("K9").get(0).getAs("status"), "a close of a key never delivered sends nothing");
    assertNull(crm.object("tasks", "K9"));
  }

  @Test
  void deadLetterAfterTheLimitAndNoRetryOfA400() {
    writeOutbox(D1, outbox(D1, "K1", "create", "ae_opportunity", opp("1200.00")));
    crm.failNext("500", "503", "502");
    deliver(D1, config(3), () -> {});
    assertEquals(List.of("1:failed", "2:failed", "3:dead"), deliveries("K1").stream()
        .map(r -> r.getAs("attempt") + ":" + r.getAs("status")).toList(), "dead after 3 attempts");
    int requests = crm.requestCount();
    deliver(D1, config(3), () -> {});
    assertEquals(requests, crm.requestCount(), "a dead action is not retried by a rerun");
    assertEquals(0, crm.creates);

    writeOutbox(D2, outbox(D2, "K2", "create", "ae_opportunity", opp("10.00")));
    crm.failNext("400");
    deliver(D2, config(3), () -> {});
    assertEquals(List.of("1:dead:400"), deliveries("K2").stream()
        .map(r -> r.getAs("attempt") + ":" + r.getAs("status") + ":" + r.getAs("response_code")).toList(),
        "a 400 is not retryable: dead at once");
  }

  @Test
  void aKillMidDeliveryResumesWithoutDuplicates() {
    writeOutbox(D1,
        outbox(D1, "K1", "create", "csm_task", Map.of("crm_account_id", "c-1", "crm_owner_id", "o-1")),
        outbox(D1, "K2", "create", "email", Map.of("recipient_email", "a@acme.example")),
        outbox(D1, "K3", "create", "csm_task", Map.of("crm_account_id", "c-3", "crm_owner_id", "o-3")),
        outbox(D1, "K4", "create", "ae_opportunity", opp("99.00")));
    AtomicInteger sends = new AtomicInteger();
    // Killed right after the third send (K3's upsert) reached the server, before it was recorded.
    assertThrows(IllegalStateException.class, () -> deliver(D1, config(5), () -> {
      if (sends.incrementAndGet() == 3) {
        throw new IllegalStateException("simulated kill");
      }
    }));
    assertEquals(2, crm.creates, "K1 and K3 reached the CRM; K4 did not");
    deliver(D1, config(5), () -> {});
    assertEquals(3, crm.creates, "the resumed run creates only K4: K3 is upserted again, not duplicated");
    assertEquals(2, crm.objects.get("tasks").size(), "one task per key");
    assertEquals(1, crm.objects.get("deals").size(), "one deal per key");
    assertEquals(1, smtp.getReceivedMessages().length, "the email is sent once");
    assertEquals(List.of("sent"), deliveries("K3").stream().map(r -> (String) r.getAs("status")).toList());
  }

  @Test
  void theWonDealComesBackThroughTheOpportunitiesContract() {
    Map<String, Object> created = new java.util.HashMap<>(opp("1200.00"));
    created.put("source_signal", "seat_utilization");
    created.put("account_id", "acme");
    writeOutbox(D1, outbox(D1, "K1", "create", "ae_opportunity", created));
    deliver(D1, config(5), () -> {});
    var deal = crm.object("deals", "K1");
    var p = deal.get("properties");
    // The AE wins the deal in the CRM; the export reads it back.
    Row exported = RowFactory.create(deal.get("id").asText(), p.get("playbook_account_id").asText(),
        p.get("playbook_expansion_type").asText(), D1.toString(), "2026-11-02T00:00:00Z", "closedwon",
        "1500.00", "ae_bob", p.get("playbook_source_signal").asText());
    var schema = new org.apache.spark.sql.types.StructType(DealWriteBack.DEAL_COLUMNS.stream()
        .map(c -> new org.apache.spark.sql.types.StructField(c, org.apache.spark.sql.types.DataTypes.StringType,
            true, org.apache.spark.sql.types.Metadata.empty()))
        .toArray(org.apache.spark.sql.types.StructField[]::new));
    var opps = DealWriteBack.toOpportunities(SharedSpark.session().createDataFrame(List.of(exported), schema));
    assertEquals(List.of(dev.playbook.contract.InputTable.OPPORTUNITIES.schema().fieldNames()),
        List.of(opps.columns()), "the opportunities contract's columns");
    Row o = opps.first();
    assertEquals(List.of(deal.get("id").asText(), "acme", "seat_expansion", D1.toString(), "2026-11-02",
        "closed_won", "1500.00", "ae_bob", "seat_utilization"), java.util.stream.IntStream.range(0, o.size())
        .mapToObj(i -> String.valueOf(o.get(i))).toList(),
        "the won deal carries the playbook's source_signal, so measure attributes it to the signal");
  }
}
