package dev.playbook.queue;

import static dev.playbook.queue.QueueFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each qualifying gate of the trigger matrix, the adoption track and the multi-qualification rule. */
class ExpansionGatesTest {
  private static Dataset<Row> queue;

  @BeforeAll
  static void build() {
    List<Acct> accts = new ArrayList<>();
    List<Sig> sigs = new ArrayList<>();
    // Seat expansion: utilization with density (A) or team growth (C); utilization alone (B) is not enough.
    accts.add(acct("seat_ok"));
    sigs.addAll(seatSignals(D1, "seat_ok", 0.9, 5));
    accts.add(acct("seat_alone"));
    sigs.add(sig(D1, "seat_alone", "seat_utilization", 0.9, 0.85, 5));
    accts.add(acct("seat_team"));
    sigs.add(sig(D1, "seat_team", "seat_utilization", 0.9, 0.85, 5));
    sigs.add(sig(D1, "seat_team", "team_growth", 4, 3, 2));
    // Plan upgrade: two closed periods at >= 70% (ok), one period only (spike), friction on the top plan.
    accts.add(acct("plan_two"));
    sigs.add(sig(D1, "plan_two", "plan_limit_utilization", 0.8, 0.7, 2));
    accts.add(acct("plan_spike"));
    sigs.add(sig(D1, "plan_spike", "plan_limit_utilization", 0.95, 0.7, 1));
    Acct top = acct("plan_top");
    top.plan = "p1_pro";
    accts.add(top);
    sigs.add(sig(D1, "plan_top", "feature_gate_friction", 12, 5, 3));
    // Cross-sell: breadth in the cross-sell window with a product not owned (ok); outside the window (no).
    Acct x = acct("xsell_ok");
    x.crossSellWindow = true;
    x.phase = "late";
    x.daysSinceOnboarding = 120;
    accts.add(x);
    sigs.add(sig(D1, "xsell_ok", "feature_adoption_breadth", 0.8, 0.7, 10));
    accts.add(acct("xsell_early"));
    sigs.add(sig(D1, "xsell_early", "feature_adoption_breadth", 0.8, 0.7, 10));
    // Risk account that would otherwise qualify for seat expansion.
    Acct risk = acct("risky");
    risk.risk = true;
    risk.riskReason = "4 of 10 seats active";
    accts.add(risk);
    sigs.addAll(seatSignals(D1, "risky", 0.9, 5));
    // Qualifies for all three: precedence (plan_upgrade, seat_expansion, cross_sell) decides.
    Acct all = acct("all_three");
    all.crossSellWindow = true;
    accts.add(all);
    sigs.addAll(seatSignals(D1, "all_three", 0.9, 5));
    sigs.add(sig(D1, "all_three", "plan_limit_utilization", 0.8, 0.7, 3));
    sigs.add(sig(D1, "all_three", "feature_adoption_breadth", 0.8, 0.7, 10));
    // Nothing fired, no risk: not an item.
    accts.add(acct("quiet"));
    queue = QueueBuild.build(inputs(D1, accts, sigs), D1, shippedConfig(), VERSION).queue().cache();
  }

  @Test
  void seatExpansionNeedsUtilizationWithDensityOrTeamGrowth() {
    assertEquals("seat_expansion", item(queue, "seat_ok").getAs("expansion_type"), "utilization + density");
    assertEquals("seat_expansion", item(queue, "seat_team").getAs("expansion_type"), "utilization + team growth");
    Row alone = item(queue, "seat_alone");
    assertEquals("adoption", alone.getAs("track"), "utilization alone is shallow evidence");
    assertTrue(((String) alone.getAs("reason")).contains("seat_expansion needs one of [power_user_density, team_growth]"),
        (String) alone.getAs("reason"));
  }

  @Test
  void planUpgradeNeedsTwoPeriodsOrFrictionAndAHigherPlan() {
    assertEquals("plan_upgrade", item(queue, "plan_two").getAs("expansion_type"), "two periods at >= 70%");
    Row spike = item(queue, "plan_spike");
    assertEquals("adoption", spike.getAs("track"), "one spike does not count");
    assertTrue(((String) spike.getAs("reason")).contains("plan_upgrade needs one of [plan_limit_utilization"),
        (String) spike.getAs("reason"));
    Row topPlan = item(queue, "plan_top");
    assertEquals("adoption", topPlan.getAs("track"), "friction on the top plan: no higher plan to sell");
    assertTrue(((String) topPlan.getAs("reason")).contains("plan_upgrade needs next_plan_exists"),
        (String) topPlan.getAs("reason"));
  }

  @Test
  void crossSellNeedsBreadthInTheWindowAndAProductNotOwned() {
    assertEquals("cross_sell", item(queue, "xsell_ok").getAs("expansion_type"),
        "breadth, 120 days in, product p2 not owned");
    Row early = item(queue, "xsell_early");
    assertEquals("adoption", early.getAs("track"), "outside the cross-sell window");
    assertTrue(((String) early.getAs("reason")).contains("cross_sell needs in_cross_sell_window"),
        (String) early.getAs("reason"));
  }

  @Test
  void riskAccountGoesToTheAdoptionTrackWithItsReason() {
    Row r = item(queue, "risky");
    assertEquals("adoption", r.getAs("track"), "a risk account never enters an expansion queue");
    assertNull(r.getAs("expansion_type"));
    assertNull(r.getAs("motion"), "adoption items are not routed");
    assertTrue(((String) r.getAs("reason")).contains("risk account (4 of 10 seats active)"), (String) r.getAs("reason"));
  }

  @Test
  void severalQualifyingTypesArDecidedByPrecedence() {
    Row r = item(queue, "all_three");
    assertEquals("plan_upgrade", r.getAs("expansion_type"), "precedence puts plan_upgrade first");
    assertEquals(List.of("plan_upgrade", "seat_expansion", "cross_sell"), r.getList(r.fieldIndex("qualified_types")),
        "every passing type is recorded");
    assertTrue(((String) r.getAs("reason")).contains("also qualified: seat_expansion, cross_sell"),
        (String) r.getAs("reason"));
  }

  @Test
  void accountWithNothingFiredIsNotAnItem() {
    assertEquals(0, queue.filter(queue.col("account_id").equalTo("quiet")).count());
  }
}
