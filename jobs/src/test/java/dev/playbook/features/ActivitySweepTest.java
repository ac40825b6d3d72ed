package dev.playbook.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The per-account sweep on hand-made rows, each expected value counted by hand (no Spark needed). */
class ActivitySweepTest {
  // Windows: active users 30, departments 10, feature adoption 5, power users 3; emergence: engagement 7 days,
  // first seen 0..20 days after onboarding, evaluated until day 50 after onboarding, at least 2 engaged users.
  private static final ActivitySweep.Windows W = new ActivitySweep.Windows(30, 10, 5, 3, 7, 0, 20, 50, 2);
  private static final int ONBOARDED = 1000;

  private static Row row(String user, String product, String feature, int day, int events) {
    return RowFactory.create("a1", user, product, feature, day, events);
  }

  private static Row user(String user, String department, Integer invited, Integer deactivated, int firstSeen) {
    return RowFactory.create("a1", user, department, invited, deactivated, firstSeen, ONBOARDED);
  }

  /** Output rows by (product, plan, day) key. */
  private static Map<String, Row> sweep(int from, int to, List<Row> rows, List<Row> users) {
    var plans = Map.of("p1", Map.of("basic", Set.of("f1", "f2"), "pro", Set.of("f1", "f2", "f3")));
    Iterator<Row> out = new ActivitySweep(from, to, W, plans).call("a1", rows.iterator(), users.iterator());
    Map<String, Row> byKey = new HashMap<>();
    out.forEachRemaining(r -> byKey.put(r.get(1) + "/" + r.get(2) + "/" + r.getInt(3), r));
    return byKey;
  }

  @Test
  void islandsMergeAdjacentCoversAndStopAtTheLastDay() {
    ActivitySweep.Days days = new ActivitySweep.Days();
    for (int d : new int[] {10, 3, 5, 3, 20}) {
      days.add(d);
    }
    // Covers of 3 days: [3,5] + [5,7] merge, [10,12] apart, [20,22] cut after day 21.
    List<int[]> islands = ActivitySweep.islands(days, 3, 21);
    assertEquals(3, islands.size());
    assertArrayEquals(new int[] {3, 7}, islands.get(0));
    assertArrayEquals(new int[] {10, 12}, islands.get(1));
    assertArrayEquals(new int[] {20, 21}, islands.get(2));
    List<int[]> union = ActivitySweep.union(List.of(new int[] {5, 8}, new int[] {1, 4}, new int[] {10, 11}));
    assertArrayEquals(new int[] {1, 8}, union.get(0), "adjacent intervals merge");
    assertArrayEquals(new int[] {10, 11}, union.get(1));
    assertEquals(2.5, ActivitySweep.median(new ArrayList<>(List.of(4.0, 1.0, 2.0, 3.0))));
    assertEquals(3.0, ActivitySweep.median(new ArrayList<>(List.of(5.0, 1.0, 3.0))));
  }

  @Test
  void countsUsersDepartmentsProductsFeaturesAndEmergence() {
    List<Row> users = List.of(
        // u1 (eng): first seen on the onboarding day (emerging); deactivated on 1012.
        user("u1", "eng", null, 1012, 1000),
        // u2 (eng), first seen long before (not emerging), invited on 1003.
        user("u2", "eng", 1003, null, 900),
        user("u3", "ops", null, null, 1009));
    List<Row> rows = List.of(
        row("u1", "p1", "f1", 1000, 4),
        row("u1", "p1", "f2", 1001, 2),
        // After u1's deactivation, u2 before the invitation, u9 not a user: none counts.
        row("u1", "p2", "x", 1013, 50),
        row("u2", "p2", "x", 1002, 50),
        row("u9", "p1", "f3", 1002, 50),
        row("u2", "p1", "f3", 1005, 1),
        // u3 in another product.
        row("u3", "p2", "x", 1009, 10));
    Map<String, Row> out = sweep(1000, 1015, rows, users);

    Row d1005 = out.get("null/null/1005");
    assertEquals(2, d1005.getInt(4), "u1 and u2 active on 1005");
    assertEquals(1, d1005.getInt(5), "one department (eng)");
    Row d1012 = out.get("null/null/1012");
    assertEquals(2, d1012.getInt(4), "u1 deactivated on 1012: u2 and u3");
    assertEquals(2, d1012.getInt(5), "eng (u2 until 1014) and ops");
    assertEquals(1, out.get("null/null/1015").getInt(5), "eng's 10-day cover of u2 ends on 1014");

    Row p1 = out.get("p1/null/1001");
    assertEquals(1, p1.getInt(6), "u1 in p1");
    assertEquals(2.0, p1.getDouble(7), "user-days in p1 over 999..1001: u1 on 1000 and 1001");
    assertEquals(1.0, out.get("p1/null/1005").getDouble(7), "1003..1005: u2 on 1005");
    assertEquals(1, out.get("p2/null/1009").getInt(6), "u3 alone (u2's 1002 row was before its invitation)");
    assertNull(out.get("p2/null/1003"), "no user counts in p2 before 1009");

    // Feature adoption (5 days): f1 on 1000, f2 on 1001, f3 on 1005.
    assertEquals(2, out.get("p1/basic/1001").getInt(8));
    assertEquals(2, out.get("p1/pro/1004").getInt(8), "f1 covers 1000..1004, f2 1001..1005");
    assertEquals(2, out.get("p1/pro/1005").getInt(8), "f2 and f3");
    assertEquals(1, out.get("p1/basic/1005").getInt(8), "f3 is not a basic feature");
    assertNull(out.get("p1/basic/1006"), "no basic feature used 1002..1006");

    // Emergence (7-day engagement): on 1001 only u1 is engaged (6 events): fewer than 2 users -> null.
    assertNull(out.get("null/null/1001").get(9));
    // On 1005: u1 6, u2 1 -> median 3.5; best emerging (u1) 6 -> 6 / 3.5.
    assertEquals(6.0 / 3.5, out.get("null/null/1005").getDouble(9), 1e-12);
    // On 1009: u1 has no activity in 1003..1009 (its cover ended on 1007); u2 1, u3 10 (emerging).
    assertEquals(10.0 / 5.5, out.get("null/null/1009").getDouble(9), 1e-12);
  }
}
