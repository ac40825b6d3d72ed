package dev.playbook.queue;

import static dev.playbook.queue.QueueFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The priority's scale: no saturation into ties, and cross-sell scored by its own window. */
class PriorityTest {

  @Test
  void strongLongItemsThatDifferSlightlyDoNotTie() {
    // Each would have scored exactly 0.8000 with the clipped terms of before: strength ≥ 0.5 (S = 1), streak
    // ≥ 90 days (P = 1), late (W = 0.5), renewal beyond the horizon (R = 0).
    List<Acct> accts = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      Acct x = acct(id);
      x.phase = "late";
      x.daysSinceOnboarding = 200;
      accts.add(x);
    }
    List<Sig> sigs = new ArrayList<>();
    sigs.add(sig(D1, "a", "seat_utilization", 0.95, 0.6, 120));
    sigs.add(sig(D1, "b", "seat_utilization", 0.96, 0.6, 120)); // slightly stronger than a
    sigs.add(sig(D1, "c", "seat_utilization", 0.95, 0.6, 121)); // one day longer than a
    for (String id : List.of("a", "b", "c")) {
      sigs.add(sig(D1, id, "power_user_density", 0.4, 0.3, 1));
    }
    Dataset<Row> q = QueueBuild.build(inputs(D1, accts, sigs), D1, shippedConfig(), VERSION).queue().cache();
    // S = s / (s + 0.25), P = days / (days + 45); priority = 0.4 S + 0.3 P + 0.2 * 0.5 + 0.1 * 0
    // a: s = 0.95/0.6 - 1 = 0.583333, S = 0.7;      P = 120/165 = 0.727273 → 0.28 + 0.218182 + 0.1
    // b: s = 0.6,                     S = 0.705882; P = 0.727273            → 0.282353 + 0.218182 + 0.1
    // c: S = 0.7;                     P = 121/166 = 0.728916                → 0.28 + 0.218675 + 0.1
    assertEquals(0.598182, item(q, "a").<Double>getAs("priority"), 1e-9);
    assertEquals(0.600535, item(q, "b").<Double>getAs("priority"), 1e-9);
    assertEquals(0.598675, item(q, "c").<Double>getAs("priority"), 1e-9);
    assertEquals(0.7, item(q, "a").<Double>getAs("strength_score"), 1e-9);
    assertEquals(0.727273, item(q, "a").<Double>getAs("persistence_score"), 1e-9);
    assertEquals(List.of(3, 1, 2), List.of(item(q, "a").<Integer>getAs("rank_overall"),
        item(q, "b").<Integer>getAs("rank_overall"), item(q, "c").<Integer>getAs("rank_overall")),
        "ordered by their scores, not by account id");
  }

  @Test
  void crossSellIsScoredByItsOwnWindow() {
    // Both are past the peak window (day 100 / 180: phase late), which the cross-sell gate requires
    // (its window is 90..180 days): scored by the phase they would always be 'late'.
    Acct early = acct("x_early");
    early.phase = "late";
    early.daysSinceOnboarding = 99;
    early.crossSellWindow = true;
    early.crossSellPosition = 0.1;
    Acct end = acct("x_end");
    end.phase = "late";
    end.daysSinceOnboarding = 180;
    end.crossSellWindow = true;
    end.crossSellPosition = 1.0;
    Acct seat = acct("seat_late");
    seat.phase = "late";
    List<Sig> sigs = new ArrayList<>(seatSignals(D1, "seat_late", 0.9, 10));
    sigs.add(sig(D1, "x_early", "feature_adoption_breadth", 0.8, 0.7, 10));
    sigs.add(sig(D1, "x_end", "feature_adoption_breadth", 0.8, 0.7, 10));
    Dataset<Row> q = QueueBuild.build(inputs(D1, List.of(early, end, seat), sigs), D1, shippedConfig(), VERSION)
        .queue().cache();
    assertEquals("cross_sell", item(q, "x_early").getAs("expansion_type"));
    // W = peak - position * (peak - late) = 1.0 - 0.1 * 0.5
    assertEquals(0.95, item(q, "x_early").<Double>getAs("window_score"), 1e-9, "early in its window: near peak");
    assertEquals(0.5, item(q, "x_end").<Double>getAs("window_score"), 1e-9, "on its last day: late");
    assertEquals(0.5, item(q, "seat_late").<Double>getAs("window_score"), 1e-9, "other types keep the phase");
    // S = (0.8/0.7 - 1) / (0.142857 + 0.25) = 0.363636, P = 10/55 = 0.181818:
    // 0.4 * 0.363636 + 0.3 * 0.181818 + 0.2 * 0.95 + 0 = 0.145455 + 0.054545 + 0.19
    assertEquals(0.39, item(q, "x_early").<Double>getAs("priority"), 1e-6);
  }
}
