package dev.playbook.queue;

import static dev.playbook.queue.QueueFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The outbox key: the same in Spark and Java, stable across reruns and the days of one episode. */
class IdempotencyKeyTest {

  @Test
  void keyDependsOnAccountTypeMotionAndEpisodeOnly() {
    LocalDate e = LocalDate.parse("2026-09-01");
    String k = IdempotencyKey.of("a1", "seat_expansion", "csm_task", e);
    assertEquals(32, k.length());
    assertEquals(k, IdempotencyKey.of("a1", "seat_expansion", "csm_task", e), "deterministic");
    assertNotEquals(k, IdempotencyKey.of("a1", "seat_expansion", "ae_opportunity", e), "another motion");
    assertNotEquals(k, IdempotencyKey.of("a1", "plan_upgrade", "csm_task", e), "another type");
    assertNotEquals(k, IdempotencyKey.of("a1", "seat_expansion", "csm_task", e.plusDays(1)), "another episode");
  }

  @Test
  void outboxKeysAreStableAcrossRerunsAndConsecutiveDays() {
    List<Acct> accts = List.of(acct("k1"));
    QueueBuild.Inputs day1 = inputs(D1, accts, seatSignals(D1, "k1", 0.9, 3));
    QueueBuild.Outputs out1 = QueueBuild.build(day1, D1, shippedConfig(), VERSION);
    Dataset<Row> o1 = out1.outbox();
    Row first = o1.first();
    String key = first.getAs("idempotency_key");
    assertEquals(IdempotencyKey.of("k1", "seat_expansion", "csm_task", D1.minusDays(2)), key,
        "Spark's key equals the Java key of (account, type, motion, streak start)");
    assertEquals(key, QueueBuild.build(day1, D1, shippedConfig(), VERSION).outbox().first().getAs("idempotency_key"),
        "a rerun gives the same key");
    Dataset<Row> q1 = out1.queue();
    QueueBuild.Inputs day2 = inputs(List.of(D2), accts, seatSignals(D2, "k1", 0.91, 4), List.of(), List.of(), q1, o1);
    Row next = QueueBuild.build(day2, D2, shippedConfig(), VERSION).outbox().first();
    assertEquals(key, next.getAs("idempotency_key"), "the next day of the same episode keeps the key");
    assertEquals("continuing", next.getAs("status"));
    assertEquals("csm_task", next.getAs("action_type"));
    assertEquals(D2.plusDays(7).toString(), next.getAs("due_date").toString(), "task due in task_due_days");
  }

  @Test
  void opportunityRowsHaveTheSalesforceShape() {
    Acct a = acct("sf");
    a.arr = 200_000;
    Row r = QueueBuild.build(inputs(D1, List.of(a), seatSignals(D1, "sf", 0.9, 3)), D1, shippedConfig(), VERSION)
        .outbox().first();
    assertEquals("ae_opportunity", r.getAs("action_type"));
    assertEquals("Account sf: seat expansion (power_user_density)", r.getAs("opportunity_name"),
        "named after the lead signal: density 0.4 vs 0.3 is stronger than utilization 0.9 vs 0.85");
    assertEquals("seat_expansion", r.getAs("opportunity_type"));
    assertEquals("Qualification", r.getAs("stage_name"));
    assertEquals(D1.plusDays(60).toString(), r.getAs("close_date").toString());
    assertEquals("40000.00", r.getAs("amount").toString(), "ARR x expected uplift 0.2");
    assertEquals("ae_bob", r.getAs("owner_id"));
    assertEquals("power_user_density", r.getAs("source_signal"));
    assertEquals(r.<String>getAs("body"), r.getAs("description"), "the brief is the description");
  }
}
