package dev.playbook.queue;

import static dev.playbook.queue.QueueFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The outbox rows a sync uses as they are: action, address or hold reason, external ids, the customer email. */
class OutboxTest {

  private static Row only(Dataset<Row> outbox, String account) {
    List<Row> rows = outbox.filter(outbox.col("account_id").equalTo(account)).collectAsList();
    assertEquals(1, rows.size(), account + ": one outbox row, got " + rows);
    return rows.get(0);
  }

  @Test
  void anEmailIsCustomerFacingAndAddressedOrHeldWithAReason() {
    Acct withAddress = acct("e1");
    withAddress.segment = "self_serve";
    Acct without = acct("e2");
    without.segment = "self_serve";
    without.championEmail = null;
    Acct noCrm = acct("t1");
    noCrm.crmId = null;
    List<Sig> sigs = new java.util.ArrayList<>(seatSignals(D1, "e1", 0.9, 3));
    sigs.addAll(seatSignals(D1, "e2", 0.9, 3));
    sigs.addAll(seatSignals(D1, "t1", 0.9, 3));
    Dataset<Row> out = QueueBuild.build(inputs(D1, List.of(withAddress, without, noCrm), sigs), D1, shippedConfig(),
        VERSION).outbox().cache();
    Row e1 = only(out, "e1");
    assertEquals("email", e1.getAs("action_type"));
    assertEquals("create", e1.getAs("action"));
    assertEquals("champion@e1.example", e1.getAs("recipient_email"), "admin_email is empty: the champion's");
    assertNull(e1.getAs("hold_reason"));
    assertEquals("Account e1: planning ahead for your team's growth", e1.getAs("subject"), "the template's subject");
    String body = e1.getAs("body");
    assertTrue(body.startsWith("Hi Champion,"), body);
    assertTrue(body.contains("on a typical day, 40% of your seats are in use."), "the lead signal's value: " + body);
    assertTrue(body.contains("Adding seats"), "the upgrade path: " + body);
    for (String internal : List.of("priority", "EXPANSION BRIEF", "csm_ann", "lifecycle_email", "cutoff", "rule")) {
      assertFalse(body.contains(internal), "no internal field in the customer email (" + internal + "): " + body);
    }
    assertEquals("no recipient address: accounts.admin_email and accounts.champion_email empty",
        only(out, "e2").getAs("hold_reason"));
    Row t1 = only(out, "t1");
    assertEquals("csm_task", t1.getAs("action_type"));
    assertEquals("no CRM account id: accounts.crm_account_id empty", t1.getAs("hold_reason"));
    assertTrue(((String) t1.getAs("body")).startsWith("EXPANSION BRIEF"), "a task carries the internal brief");
  }

  @Test
  void createThenUpdateWithoutStageThenCloseWhenTheSignalClears() {
    Acct a = acct("o1");
    a.arr = 200_000;
    List<Acct> accts = List.of(a);
    QueueBuild.Outputs day1 = QueueBuild.build(inputs(D1, accts, seatSignals(D1, "o1", 0.9, 3)), D1, shippedConfig(),
        VERSION);
    Row created = only(day1.outbox(), "o1");
    assertEquals("create", created.getAs("action"));
    assertEquals("crm-o1", created.getAs("crm_account_id"));
    assertEquals("owner-ae_bob", created.getAs("crm_owner_id"), "the AE's CRM owner id");
    assertEquals("Qualification", created.getAs("stage_name"));
    QueueBuild.Outputs day2 = QueueBuild.build(inputs(List.of(D2), accts, seatSignals(D2, "o1", 0.9, 4), List.of(),
        List.of(), day1.queue(), day1.outbox()), D2, shippedConfig(), VERSION);
    Row updated = only(day2.outbox(), "o1");
    assertEquals("update", updated.getAs("action"), "the key is open from D1");
    assertNull(updated.getAs("stage_name"), "the stage is not re-sent");
    assertNull(updated.getAs("close_date"), "nor the close date");
    Dataset<Row> history = day1.outbox().unionByName(day2.outbox());
    QueueBuild.Outputs day3 = QueueBuild.build(inputs(List.of(D3), accts, List.of(), List.of(), List.of(),
        day1.queue().unionByName(day2.queue()), history), D3, shippedConfig(), VERSION);
    Row closed = only(day3.outbox(), "o1");
    assertEquals("close", closed.getAs("action"));
    assertEquals(created.getAs("idempotency_key"), (String) closed.getAs("idempotency_key"), "the same key is closed");
    assertEquals("signal cleared: no longer qualifies for seat_expansion", closed.getAs("action_reason"));
  }

  @Test
  void anOpportunityOpenedByAPersonClosesThePlaybooksActionButItsOwnDoesNot() {
    Acct a = acct("h1");
    List<Acct> accts = List.of(a);
    QueueBuild.Outputs day1 = QueueBuild.build(inputs(D1, accts, seatSignals(D1, "h1", 0.9, 3)), D1, shippedConfig(),
        VERSION);
    Row task = only(day1.outbox(), "h1");
    for (String source : new String[] {null, "power_user_density"}) {
      Row opp = RowFactory.create("O-1", "h1", "seat_expansion", date(D2), null, "open",
          BigDecimal.valueOf(1000).setScale(2), "ae_bob", source);
      Dataset<Row> out = QueueBuild.build(inputs(List.of(D2), accts, seatSignals(D2, "h1", 0.9, 4), List.of(opp),
          List.of(), day1.queue(), day1.outbox()), D2, shippedConfig(), VERSION).outbox();
      if (source == null) {
        Row closed = only(out, "h1");
        assertEquals("close", closed.getAs("action"));
        assertEquals(task.getAs("idempotency_key"), (String) closed.getAs("idempotency_key"));
        assertEquals("opportunity opened in the CRM by a person: O-1", closed.getAs("action_reason"));
      } else {
        assertEquals(0, out.count(), "the playbook's own opportunity (source_signal set) suppresses without a close");
      }
    }
  }

  @Test
  void aHeldOutAccountHasNoOutboxRow() {
    List<Acct> accts = new java.util.ArrayList<>();
    List<Sig> sigs = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      accts.add(acct("x" + i));
      sigs.addAll(seatSignals(D1, "x" + i, 0.9, 3));
    }
    QueueBuild.Outputs out = QueueBuild.build(inputs(D1, accts, sigs), D1, withHoldout(shippedConfig(), 0.5), VERSION);
    List<String> heldOut = out.queue().filter("holdout").select("account_id").orderBy("account_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    List<String> actioned = out.outbox().select("account_id").orderBy("account_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertFalse(heldOut.isEmpty(), "half the accounts are held out");
    assertEquals(8 - heldOut.size(), actioned.size(), "every other account has its action");
    assertTrue(actioned.stream().noneMatch(heldOut::contains), "held out: nothing to deliver " + heldOut);
  }
}
