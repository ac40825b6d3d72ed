package dev.playbook.queue;

import static dev.playbook.queue.QueueFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.config.QueueConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Routing in Spark, priority order, capacity, suppression, holdout and the lifecycle across dates. */
class ExpansionQueueTest {

  @Test
  void routingSendsEachItemToItsMotionAndNamedOwner() {
    Acct self = acct("self");
    self.segment = "self_serve";
    self.arr = 6_000;
    Acct ent = acct("ent");
    ent.segment = "enterprise";
    ent.ae = "ae_zoe";
    Acct big = acct("big");
    big.arr = 250_000;
    Acct mid = acct("mid");
    mid.csm = null;
    List<Sig> sigs = new ArrayList<>();
    sigs.addAll(seatSignals(D1, "self", 0.9, 3));
    sigs.addAll(seatSignals(D1, "ent", 0.9, 3));
    sigs.add(sig(D1, "ent", "department_spread", 4, 3, 3));
    sigs.addAll(seatSignals(D1, "big", 0.9, 3));
    sigs.addAll(seatSignals(D1, "mid", 0.9, 3));
    Dataset<Row> q = QueueBuild.build(inputs(D1, List.of(self, ent, big, mid), sigs), D1, shippedConfig(), VERSION)
        .queue();
    assertEquals(List.of("email", "lifecycle_email", "self_serve_near_seat_limit_email"), routing(q, "self"),
        "low touch: self-serve near the seat limit");
    assertEquals(List.of("ae_opportunity", "ae_zoe", "enterprise_department_spread_to_ae"), routing(q, "ent"),
        "high touch: department spread on enterprise, the account's AE");
    assertEquals(List.of("ae_opportunity", "ae_bob", "above_arr_threshold_to_ae"), routing(q, "big"),
        "above the ARR handoff threshold");
    assertEquals(List.of("csm_task", "unassigned", "everything_else_to_csm"), routing(q, "mid"),
        "catch-all CSM task; no csm_owner → the unassigned owner");
  }

  private static List<String> routing(Dataset<Row> q, String account) {
    Row r = item(q, account);
    return List.of(r.getAs("motion"), r.getAs("owner"), r.getAs("routing_rule"));
  }

  @Test
  void overflowBeyondWeeklyCapacityIsMarkedNotDropped() {
    List<Acct> accts = new ArrayList<>();
    List<Sig> sigs = new ArrayList<>();
    // Utilization is each one's strongest signal (density 0.31 vs 0.3 is weaker); c2 is the strongest, so the
    // order is not the account id's.
    double[] util = {0.90, 0.95, 0.99};
    for (int i = 0; i < 3; i++) {
      accts.add(acct("c" + i));
      sigs.add(sig(D1, "c" + i, "seat_utilization", util[i], 0.85, 10));
      sigs.add(sig(D1, "c" + i, "power_user_density", 0.31, 0.3, 10));
    }
    Acct other = acct("o1");
    other.csm = "csm_cat";
    accts.add(other);
    sigs.add(sig(D1, "o1", "seat_utilization", 0.86, 0.85, 10));
    sigs.add(sig(D1, "o1", "power_user_density", 0.31, 0.3, 10));
    QueueConfig cfg = withCapacity(shippedConfig(), new QueueConfig.Capacity(5, Map.of("csm_ann", 2), List.of("email")));
    QueueBuild.Outputs out = QueueBuild.build(inputs(D1, accts, sigs), D1, cfg, VERSION);
    Dataset<Row> q = out.queue();
    assertEquals(4, q.count(), "nothing is dropped");
    for (int i = 0; i < 3; i++) {
      Row r = item(q, "c" + i);
      assertEquals(3 - i, (int) r.getAs("rank_in_owner"), "c" + i + ": stronger utilization ranks first");
      assertEquals(2, (int) r.getAs("owner_capacity"));
      assertEquals(i == 0, r.getAs("over_capacity"), "c" + i + ": only the third of csm_ann's items overflows");
    }
    Row o = item(q, "o1");
    assertEquals(1, (int) o.getAs("rank_in_owner"), "ranks restart per owner");
    assertEquals(4, (int) o.getAs("rank_overall"), "the weakest item is last overall");
    assertEquals(5, (int) o.getAs("owner_capacity"), "the default capacity applies to csm_cat");
    List<String> actioned = out.outbox().select("account_id").orderBy("account_id").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(List.of("c1", "c2", "o1"), actioned, "the overflow item gets no action yet");
  }

  @Test
  void weeklyCapacityCountsTheActionsAlreadyEmittedThatWeek() {
    // Wednesday D3; csm_ann and csm_cat have 2 a week and one action each from Monday D1.
    LocalDate wednesday = D3;
    assertEquals(java.time.DayOfWeek.MONDAY, D1.getDayOfWeek());
    QueueConfig cfg = withCapacity(shippedConfig(),
        new QueueConfig.Capacity(20, Map.of("csm_ann", 2, "csm_cat", 2), List.of("email")));
    List<Acct> accts = new ArrayList<>();
    List<Sig> sigs = new ArrayList<>();
    String[] ids = {"b", "c", "e", "a", "f", "g"};
    int[] streak = {30, 20, 15, 5, 30, 20}; // priority follows persistence here: a is csm_cat's lowest
    for (int i = 0; i < ids.length; i++) {
      Acct x = acct(ids[i]);
      x.csm = i < 3 ? "csm_ann" : "csm_cat";
      accts.add(x);
      sigs.addAll(seatSignals(wednesday, ids[i], 0.9, streak[i]));
    }
    // a's Monday action is the same action it has today (same episode, so the same key).
    String keyOfA = IdempotencyKey.of("a", "seat_expansion", "csm_task", wednesday.minusDays(4));
    Dataset<Row> history = dev.playbook.testing.SharedSpark.session().createDataFrame(List.of(
        outboxRow(D1, "K-gone", "gone", "seat_expansion", "csm_ann"),
        outboxRow(D1, keyOfA, "a", "seat_expansion", "csm_cat"),
        outboxRow(D1.minusDays(3), "K-last-friday", "gone2", "seat_expansion", "csm_ann"),
        outboxRow(wednesday.plusDays(1), "K-thursday", "gone3", "seat_expansion", "csm_ann")),
        QueueTables.OUTBOX.schema());
    QueueBuild.Outputs out = QueueBuild.build(inputs(List.of(wednesday), accts, sigs, List.of(), List.of(), null,
        history), wednesday, cfg, VERSION);
    Dataset<Row> q = out.queue().cache();
    for (String id : ids) {
      assertEquals(1, (int) item(q, id).getAs("owner_week_actioned"),
          id + ": Monday's action counts; last Friday's (another week) and Thursday's (after the date) do not");
    }
    assertEquals(List.of(false, true, true), List.of(item(q, "b").getAs("over_capacity"),
        item(q, "c").getAs("over_capacity"), item(q, "e").getAs("over_capacity")),
        "csm_ann: 2 a week, 1 used on Monday: only the first of today's items is worked");
    Row a = item(q, "a");
    assertEquals(3, (int) a.getAs("rank_in_owner"), "a has the lowest priority of csm_cat's items");
    assertTrue((Boolean) a.getAs("actioned_this_week"));
    assertFalse((Boolean) a.getAs("over_capacity"), "but its action exists already: it stays worked");
    assertEquals(List.of(false, true), List.of(item(q, "f").getAs("over_capacity"), item(q, "g").getAs("over_capacity")),
        "csm_cat: a's action uses one of 2, f takes the other");
    List<String> actioned = out.outbox().filter("action <> 'close'").select("account_id").orderBy("account_id").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(List.of("a", "b", "f"), actioned, "each owner's week holds 2 actions");
    List<String> closed = out.outbox().filter("action = 'close'").selectExpr("concat(account_id, ': ', action_reason)")
        .orderBy("account_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(List.of("gone: signal cleared: no longer qualifies for seat_expansion",
        "gone2: signal cleared: no longer qualifies for seat_expansion"), closed,
        "the earlier tasks whose items are gone are closed (Thursday's is after the date)");
  }

  @Test
  void consecutiveDaysNeverExceedTheWeeksCapacity() {
    QueueConfig cfg = withCapacity(shippedConfig(), new QueueConfig.Capacity(2, Map.of(), List.of("email")));
    List<Acct> accts = List.of(acct("p"), acct("q"), acct("r"), acct("s"));
    List<Sig> monday = new ArrayList<>(seatSignals(D1, "p", 0.9, 30));
    monday.addAll(seatSignals(D1, "q", 0.9, 20));
    monday.addAll(seatSignals(D1, "r", 0.9, 10));
    QueueBuild.Outputs mon = QueueBuild.build(inputs(D1, accts, monday), D1, cfg, VERSION);
    Dataset<Row> monQueue = mon.queue().cache();
    Dataset<Row> monOutbox = mon.outbox().cache();
    List<Sig> tuesday = new ArrayList<>(seatSignals(D2, "p", 0.9, 31));
    tuesday.addAll(seatSignals(D2, "q", 0.9, 21));
    tuesday.addAll(seatSignals(D2, "r", 0.9, 11));
    tuesday.add(sig(D2, "s", "seat_utilization", 0.9, 0.85, 60));
    tuesday.add(sig(D2, "s", "power_user_density", 0.9, 0.3, 60));
    QueueBuild.Outputs tue = QueueBuild.build(inputs(List.of(D2), accts, tuesday, List.of(), List.of(), monQueue,
        monOutbox), D2, cfg, VERSION);
    assertEquals(List.of("p", "q"), tue.outbox().select("account_id").orderBy("account_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList(),
        "Monday's two actions continue; s is stronger but the week's 2 are used");
    assertEquals(1, (int) item(tue.queue(), "s").getAs("rank_in_owner"), "s ranks first ...");
    assertTrue((Boolean) item(tue.queue(), "s").getAs("over_capacity"), "... and waits for next week");
    assertEquals(2, monOutbox.unionByName(tue.outbox()).select("idempotency_key").distinct().count(),
        "two distinct actions in the week");
  }

  @Test
  void openExpansionOpportunityOfAnyTypeSuppressesTheAccountPointInTime() {
    List<Acct> accts = List.of(acct("open"), acct("future"), acct("closed_later"), acct("other_type"),
        acct("renewal"));
    List<Sig> sigs = new ArrayList<>();
    accts.forEach(a -> sigs.addAll(seatSignals(D1, a.id, 0.9, 5)));
    // other_type qualifies for two types (seat_expansion wins by precedence over cross_sell) and has an open
    // opportunity of the other one.
    accts.get(3).crossSellWindow = true;
    accts.get(3).crossSellPosition = 0.2;
    sigs.add(sig(D1, "other_type", "feature_adoption_breadth", 0.8, 0.7, 10));
    List<Row> opps = List.of(
        opportunity("O1", "open", "seat_expansion", D1.minusDays(10), null, "open"),
        opportunity("O2", "future", "seat_expansion", D1.plusDays(1), null, "open"),
        opportunity("O3", "closed_later", "seat_expansion", D1.minusDays(5), D1.plusDays(3), "closed_won"),
        opportunity("O4", "other_type", "cross_sell", D1.minusDays(5), null, "open"),
        opportunity("O5", "renewal", "renewal", D1.minusDays(5), null, "open"));
    QueueBuild.Inputs in = inputs(List.of(D1), accts, sigs, opps, List.of(), null, null);
    QueueBuild.Outputs out = QueueBuild.build(in, D1, shippedConfig(), VERSION);
    Dataset<Row> q = out.queue();
    assertEquals("account", shippedConfig().suppression().scope(), "the default scope is the account");
    assertEquals("open seat_expansion opportunity O1", item(q, "open").getAs("suppression_reason"));
    assertFalse((Boolean) item(q, "future").getAs("suppressed"), "an opportunity created after the date is not known yet");
    assertEquals("open seat_expansion opportunity O3", item(q, "closed_later").getAs("suppression_reason"),
        "closed after the date: it was open at the date");
    Row other = item(q, "other_type");
    assertEquals(List.of("seat_expansion", "cross_sell"), other.getList(other.fieldIndex("qualified_types")));
    assertEquals("open cross_sell opportunity O4", other.getAs("suppression_reason"),
        "the account is already in an open expansion opportunity of the other type; the reason names it");
    assertFalse((Boolean) item(q, "renewal").getAs("suppressed"), "a renewal is not an expansion opportunity");
    assertNull(item(q, "open").getAs("rank_overall"), "suppressed items are not ranked");
    assertEquals(0, out.outbox().filter("account_id IN ('open', 'other_type')").count(), "no action when suppressed");
    assertEquals(0, out.briefs().filter("account_id = 'open'").count(), "no brief for a suppressed item");

    Dataset<Row> typed = QueueBuild.build(in, D1, withSuppression(shippedConfig(),
        new QueueConfig.Suppression("account_type", 30)), VERSION).queue();
    assertFalse((Boolean) item(typed, "other_type").getAs("suppressed"),
        "scope account_type: an open opportunity of another type does not suppress");
    assertEquals("open seat_expansion opportunity O1", item(typed, "open").getAs("suppression_reason"));
  }

  @Test
  void cooldownAfterAnActionOfAnotherEpisodeSuppresses() {
    List<Acct> accts = List.of(acct("recent"), acct("same_episode"), acct("long_ago"), acct("lost"),
        acct("other_type_action"), acct("other_type_lost"));
    List<Sig> sigs = new ArrayList<>();
    accts.forEach(a -> sigs.addAll(seatSignals(D1, a.id, 0.9, 5)));
    LocalDate episode = D1.minusDays(4);
    String sameKey = IdempotencyKey.of("same_episode", "seat_expansion", "csm_task", episode);
    Dataset<Row> previousOutbox = QueueBuild.project(
        dev.playbook.testing.SharedSpark.session().createDataFrame(List.of(
            outboxRow(D1.minusDays(10), "K-old-episode", "recent"),
            outboxRow(D1.minusDays(1), sameKey, "same_episode"),
            outboxRow(D1.minusDays(31), "K-very-old", "long_ago"),
            outboxRow(D1.minusDays(20), "K-upgrade", "other_type_action", "plan_upgrade", "x")),
            QueueTables.OUTBOX.schema()),
        QueueTables.OUTBOX);
    List<Row> opps = List.of(opportunity("O9", "lost", "seat_expansion", D1.minusDays(60), D1.minusDays(3),
        "closed_lost"), opportunity("O8", "other_type_lost", "cross_sell", D1.minusDays(60), D1.minusDays(2),
        "closed_won"));
    Dataset<Row> q = QueueBuild.build(inputs(List.of(D1), accts, sigs, opps, List.of(), null, previousOutbox), D1,
        shippedConfig(), VERSION).queue();
    assertEquals("cooldown: seat_expansion actioned on " + D1.minusDays(10) + " (within 30 days)",
        item(q, "recent").getAs("suppression_reason"));
    assertFalse((Boolean) item(q, "same_episode").getAs("suppressed"), "the same action (same key) is not a new action");
    assertFalse((Boolean) item(q, "long_ago").getAs("suppressed"), "31 days ago is outside the 30-day cooldown");
    assertEquals("cooldown: seat_expansion opportunity O9 closed_lost on " + D1.minusDays(3) + " (within 30 days)",
        item(q, "lost").getAs("suppression_reason"));
    assertEquals("cooldown: plan_upgrade actioned on " + D1.minusDays(20) + " (within 30 days)",
        item(q, "other_type_action").getAs("suppression_reason"), "an action of another type on the account");
    assertEquals("cooldown: cross_sell opportunity O8 closed_won on " + D1.minusDays(2) + " (within 30 days)",
        item(q, "other_type_lost").getAs("suppression_reason"));
  }

  private static Row outboxRow(LocalDate day, String key, String account) {
    return outboxRow(day, key, account, "seat_expansion", "x");
  }

  private static Row outboxRow(LocalDate day, String key, String account, String type, String owner) {
    Object[] v = new Object[QueueTables.OUTBOX.schema().size()];
    String[] names = QueueTables.OUTBOX.schema().fieldNames();
    for (int i = 0; i < names.length; i++) {
      v[i] = switch (names[i]) {
        case "as_of_date", "episode_start" -> date(day);
        case "idempotency_key" -> key;
        case "account_id" -> account;
        case "expansion_type" -> type;
        case "owner_id" -> owner;
        case "action_type" -> "csm_task";
        default -> names[i].equals("status") || names[i].equals("subject")
            || names[i].equals("body") || names[i].equals("config_version") ? "x" : null;
      };
    }
    return org.apache.spark.sql.RowFactory.create(v);
  }

  @Test
  void lifecycleAcrossThreeDates() {
    // D1: A and B qualify. D2: A continues, B's signal cleared, C qualifies. D3: A cleared, B is back, C continues.
    List<Acct> accts = List.of(acct("A"), acct("B"), acct("C"));
    QueueConfig cfg = shippedConfig();
    List<Sig> s1 = new ArrayList<>(seatSignals(D1, "A", 0.9, 3));
    s1.addAll(seatSignals(D1, "B", 0.9, 1));
    Dataset<Row> q1 = QueueBuild.build(inputs(D1, accts, s1), D1, cfg, VERSION).queue().cache();
    List<Sig> s2 = new ArrayList<>(seatSignals(D2, "A", 0.9, 4));
    s2.addAll(seatSignals(D2, "C", 0.9, 1));
    QueueBuild.Outputs o2 = QueueBuild.build(inputs(List.of(D2), accts, s2, List.of(), List.of(), q1, null), D2,
        cfg, VERSION);
    Dataset<Row> q2 = o2.queue().cache();
    List<Sig> s3 = new ArrayList<>(seatSignals(D3, "B", 0.9, 1));
    s3.addAll(seatSignals(D3, "C", 0.9, 2));
    Dataset<Row> q3 = QueueBuild.build(inputs(List.of(D3), accts, s3, List.of(), List.of(), q1.unionByName(q2), null),
        D3, cfg, VERSION).queue().cache();
    assertEquals("[A:new, B:new]", statuses(q1), "D1");
    assertEquals("[A:continuing, B:resolved, C:new]", statuses(q2), "D2: B's signal cleared, so B is resolved");
    assertEquals("[A:resolved, B:new, C:continuing]", statuses(q3), "D3: B came back as a new episode");
    Row resolved = q2.filter("account_id = 'B'").first();
    assertTrue(((String) resolved.getAs("reason")).startsWith("resolved: no longer qualifies for seat_expansion"),
        (String) resolved.getAs("reason"));
    assertEquals(item(q1, "A").<Object>getAs("episode_start"), item(q2, "A").getAs("episode_start"),
        "a continuing item keeps its episode start");
    assertEquals(item(q1, "A").<Object>getAs("idempotency_key"), item(q2, "A").getAs("idempotency_key"),
        "and so its action key");
    assertFalse(item(q1, "B").getAs("idempotency_key").equals(item(q3, "B").getAs("idempotency_key")),
        "a new episode gets a new key");
  }

  private static String statuses(Dataset<Row> q) {
    return q.orderBy("account_id").collectAsList().stream()
        .map(r -> r.getAs("account_id") + ":" + r.getAs("status")).toList().toString();
  }

  @Test
  void holdoutIsDeterministicAndKeptOutOfRouting() {
    List<Acct> accts = new ArrayList<>();
    List<Sig> sigs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      accts.add(acct("h" + i));
      sigs.addAll(seatSignals(D1, "h" + i, 0.9, 3));
    }
    QueueBuild.Inputs in = inputs(D1, accts, sigs);
    assertEquals(0.0, shippedConfig().holdout().share(), "the default share is 0: nobody is held out");
    QueueConfig half = withHoldout(shippedConfig(), 0.5);
    QueueBuild.Outputs a = QueueBuild.build(in, D1, half, VERSION);
    List<Row> held = a.queue().filter("holdout").orderBy("account_id").collectAsList();
    long n = held.size();
    assertTrue(n > 8 && n < 32, "about half of 40 accounts are held out, was " + n);
    assertEquals(held.toString(), QueueBuild.build(in, D1, half, VERSION).queue().filter("holdout")
        .orderBy("account_id").collectAsList().toString(), "the same accounts on a rerun");
    for (Row r : held) {
      assertNull(r.getAs("motion"), "held-out items are not routed");
      assertEquals("seat_expansion", r.getAs("expansion_type"), "but their type is recorded for lift measurement");
    }
    assertEquals(0, a.outbox().join(a.queue().filter("holdout"), "account_id").count(), "no action for held out");
  }
}
