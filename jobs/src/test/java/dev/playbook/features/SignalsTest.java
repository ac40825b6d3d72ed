package dev.playbook.features;

import static dev.playbook.features.Scenario.D;
import static dev.playbook.features.Scenario.D1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each signal against values computed by hand from {@link Scenario#world()}; edge cases named in each test. */
class SignalsTest {
  private static Fixture.Result r;
  private static final double TOL = 1e-9;

  @BeforeAll
  static void compute() {
    r = Scenario.range();
  }

  /** value, fired, strength, streak_length, streak_start (null allowed). */
  private static void expect(Row row, Double value, boolean fired, double strength, int streak, String start,
      String why) {
    String ctx = why + " — row " + row;
    if (value == null) {
      assertTrue(row.isNullAt(row.fieldIndex("value")), "value must be null: " + ctx);
    } else {
      assertEquals(value, row.<Double>getAs("value"), TOL, "value: " + ctx);
    }
    assertEquals(fired, row.<Boolean>getAs("fired"), "fired: " + ctx);
    assertEquals(strength, row.<Double>getAs("strength"), TOL, "strength: " + ctx);
    assertEquals(streak, row.<Integer>getAs("streak_length"), "streak_length: " + ctx);
    assertEquals(start, row.getAs("streak_start") == null ? null : row.getAs("streak_start").toString(),
        "streak_start: " + ctx);
  }

  @Test
  void seatUtilizationCountsActiveUsersAndDropsAUserDeactivatedOnD() {
    expect(r.signal("s1", "seat_utilization", D), 0.75, false, 0, 0, null,
        "3 active of 4 seats: s1u4 is deactivated on D, so not active on D");
    expect(r.signal("s1", "seat_utilization", D1), 1.0, true, 1.0 / 0.85 - 1, Scenario.STREAK_DAYS, "2026-04-25",
        "4 of 4 on D-1; fired every day of the history, so the streak is capped at max_streak_days (5)");
    expect(r.signal("r1", "seat_utilization", D), 0.4, false, 0, 0, null,
        "4 users active on 04-15; r1u5's last event 03-30 is 31 days before D");
  }

  @Test
  void seatSignalsAreNotComputableWithNullOrZeroSeats() {
    for (String account : List.of("z1", "z0")) {
      expect(r.signal(account, "seat_utilization", D), null, false, 0, 0, null, account + ": no usable seats");
      expect(r.signal(account, "power_user_density", D), null, false, 0, 0, null, account + ": no usable seats");
      assertFalse(r.feature(account, D).<Boolean>getAs("is_risk"), account + " cannot be judged without seats");
    }
  }

  @Test
  void usageAllocationIsCurrentPeriodUsageOverAllocation() {
    expect(r.signal("u1", "usage_allocation", D), 0.9, true, 0.0, 1, D,
        "30 calls a day since 04-01 = 900 of the plan's 1000; first fired on D");
    expect(r.signal("u1", "usage_allocation", D1), 0.87, false, 0, 0, null, "870 of 1000 on D-1");
    expect(r.signal("u2", "usage_allocation", D), 465.0 / 1000, false, 0, 0, null, "1 + 2 + ... + 30 = 465");
    expect(r.signal("s1", "usage_allocation", D), 0.0, false, 0, 0, null, "metered but no usage");
    expect(r.signal("n1", "usage_allocation", D), null, false, 0, 0, null, "unmetered plan (usage_limit null)");
  }

  @Test
  void planLimitNeedsConsecutiveClosedPeriodsAndCountsBoundaryDaysInTheirOwnPeriod() {
    expect(r.signal("u1", "plan_limit_utilization", D), 0.75, true, 0.75 / 0.7 - 1, 2, "2026-02-01",
        "closed periods Jan 0.5, Feb (400 on 02-01 + 400 on 02-28) 0.8, Mar (750 on 03-01) 0.75: two in a row; "
            + "the value is the lower of the last two");
    assertEquals("periods", r.signal("u1", "plan_limit_utilization", D).getAs("streak_unit"));
    expect(r.signal("u2", "plan_limit_utilization", D), null, false, 0, 0, null,
        "one closed period only (March, no usage at all: 0): fewer than the two the signal needs, no value");
    expect(r.signal("s1", "plan_limit_utilization", D), null, false, 0, 0, null, "no closed period yet");
  }

  @Test
  void onePeriodSpikeDoesNotFire() {
    // u1 as of 2026-03-15: closed Jan 0.5 and Feb 0.8 -> one period above 0.7 only; the value is the lower of
    // the last two, so value >= cutoff exactly when the signal fires (what recalibration sweeps).
    Fixture.Result early = Scenario.fast(() -> Scenario.world().compute("2026-03-15", "2026-03-15", 1));
    expect(early.signal("u1", "plan_limit_utilization", "2026-03-15"), 0.5, false, 0, 0, null,
        "a single closed period above the cutoff is a spike, not a streak");
  }

  @Test
  void featureAdoptionBreadthCountsOnlyThePlansFeaturesInTheWindow() {
    expect(r.signal("f1", "feature_adoption_breadth", D), 0.75, true, 0.75 / 0.7 - 1, Scenario.STREAK_DAYS,
        "2026-04-26", "f1..f6 of core_pro's 8 on D: f7 (03-31) is 30 days before D, outside; zz is not in the "
            + "plan. Before D it was f1..f5 and f7: also 6 of 8");
    expect(r.signal("r1", "feature_adoption_breadth", D), 0.4, false, 0, 0, null,
        "f1 and f2 of core_basic's 5; f2 was used on the window's first day (D-29)");
    expect(r.signal("n1", "feature_adoption_breadth", D), null, false, 0, 0, null, "a plan with no features");
  }

  @Test
  void powerUserDensityIsAverageDailyActiveUsersOverSeats() {
    expect(r.signal("s1", "power_user_density", D), 111.0 / 28 / 4, true, 111.0 / 28 / 4 / 0.3 - 1,
        Scenario.STREAK_DAYS, "2026-04-26",
        "04-03..04-30: three users x 28 days + s1u4 x 27 days (not on D) = 111 user-days / 28 / 4 seats");
  }

  @Test
  void apiUsageGrowthComparesTheLast30DaysWithThe30DaysEnding60DaysEarlier() {
    expect(r.signal("g1", "api_usage_growth", D), 510.0 / 300 - 1, true, (510.0 / 300 - 1) / 0.6 - 1,
        Scenario.STREAK_DAYS, "2026-04-26",
        "recent 04-01..04-30 = 30 x 17 = 510; baseline 01-31..03-01 = 30 x 10 = 300; 100/day between is ignored");
    Row f = r.feature("g1", D);
    assertEquals(510L, f.<Long>getAs("api_calls_recent"));
    assertEquals(300L, f.<Long>getAs("api_calls_baseline"));
    expect(r.signal("u2", "api_usage_growth", D), null, false, 0, 0, null, "no calls in the baseline window");
  }

  @Test
  void apiUsageGrowthNeedsItsBaselineWindowInsideTheApiHistory() {
    // g1 as of 2026-04-10: the baseline window 01-11..02-09 starts before g1's first call (01-25), so it holds
    // 16 days of calls only; read as a ratio that partial window would be growth of 2170 / 160 − 1 ≈ 12.6.
    Fixture.Result early = Scenario.fast(() -> Scenario.world().compute("2026-04-10", "2026-04-10", 1));
    expect(early.signal("g1", "api_usage_growth", "2026-04-10"), null, false, 0, 0, null,
        "not computable until the baseline window lies inside the API history");
    assertEquals(160L, early.feature("g1", "2026-04-10").<Long>getAs("api_calls_baseline"),
        "the feature still reports the calls in the baseline window: 01-25..02-09 = 16 x 10");
  }

  @Test
  void departmentSpreadCountsDepartmentsWithActiveUsers() {
    expect(r.signal("s1", "department_spread", D), 3.0, true, 0.0, Scenario.STREAK_DAYS, "2026-04-26",
        "eng, sales, ops");
    expect(r.signal("r1", "department_spread", D), 1.0, false, 0, 0, null, "only eng");
  }

  @Test
  void powerUserEmergenceFindsAUserFirstSeenInDays30To60FarAboveTheMedian() {
    expect(r.signal("e1", "power_user_emergence", D), 260.0 / 30, true, 260.0 / 30 / 3 - 1, Scenario.STREAK_DAYS,
        "2026-04-26", "e1u5 first seen on day 35 with 26 x 10 = 260 events vs the median 30 of five users");
    expect(r.signal("s1", "power_user_emergence", D), null, false, 0, 0, null,
        "day 119 after onboarding is past evaluate_until_days (90)");
  }

  @Test
  void teamGrowthCountsUsersInvitedOrActivatedInTheWindowAndNewDepartments() {
    expect(r.signal("t1", "team_growth", D), 4.0, true, 4.0 / 3 - 1, Scenario.STREAK_DAYS, "2026-04-26",
        "invited 04-01 (first day), activated 04-02, invited 04-20, invited on D; the one deactivated 04-25 is out");
    expect(r.signal("t1", "team_growth", D1), 3.0, true, 0.0, Scenario.STREAK_DAYS, "2026-04-25",
        "the user invited on D does not exist yet on D-1");
    Row f = r.feature("t1", D);
    assertEquals(4, f.<Integer>getAs("new_users"));
    assertEquals(1, f.<Integer>getAs("new_departments"), "legal first appeared on 04-20");
    expect(r.signal("e1", "team_growth", D), 1.0, false, 0, 0, null,
        "e1u5 activated 04-05; e1's first department is not new");
  }

  @Test
  void featureGateFrictionCountsGateEventsInTheWindow() {
    expect(r.signal("x1", "feature_gate_friction", D), 6.0, true, 6.0 / 5 - 1, Scenario.STREAK_DAYS,
        "2026-04-26", "04-01 00:00:00 through 04-30 23:59:59 count; 03-31 23:59:59 does not on D");
    expect(r.signal("x1", "feature_gate_friction", D1), 6.0, true, 6.0 / 5 - 1, Scenario.STREAK_DAYS,
        "2026-04-25", "on D-1 the window 03-31..04-29 holds 03-31 23:59:59 but not 04-30 23:59:59");
  }

  @Test
  void everyAccountHasTenSignalRowsPerDateAndNoneBeforeOnboarding() {
    long onD = r.signals().stream().filter(x -> x.getAs("as_of_date").toString().equals(D)).count();
    long accountsOnD = r.features().stream().filter(x -> x.getAs("as_of_date").toString().equals(D)).count();
    assertEquals(13, accountsOnD, "14 accounts, l1 onboarded after D");
    assertEquals(10 * accountsOnD, onD, "ten signals per account and date");
    assertTrue(r.signals().stream().noneMatch(x -> x.getAs("account_id").equals("l1")), "l1 onboards after D");
    assertTrue(r.windows().stream().noneMatch(x -> x.getAs("account_id").equals("l1")), "l1 onboards after D");
  }

  @Test
  void riskAccountsAreShallowAdoption() {
    Row risk = r.feature("r1", D);
    assertTrue(risk.<Boolean>getAs("is_risk"), "4 active of 10 seats is below 0.5: " + risk);
    assertEquals("shallow adoption: 4 active users of 10 seats (40%) is below 50%", risk.getAs("risk_reason"));
    assertFalse(r.feature("s1", D).<Boolean>getAs("is_risk"), "3 of 4 is fine");
    assertFalse(r.feature("b1", D).<Boolean>getAs("is_risk"), "0 of 10 seats but onboarded 15 days ago: not judged");
  }

  @Test
  void featuresCarryTheCommercialState() {
    Row s1 = r.feature("s1", D);
    assertEquals(0, new java.math.BigDecimal("1200.00").compareTo(s1.getAs("arr")), "12 x 100 MRR: " + s1);
    assertEquals(4, s1.<Integer>getAs("seats_purchased"));
    assertEquals(3, s1.<Integer>getAs("active_users"));
    assertEquals(3, s1.<Integer>getAs("active_departments"));
    assertTrue(s1.<Boolean>getAs("has_higher_plan"), "core_basic has next_plan_id core_pro");
    assertEquals(List.of("core"), s1.getList(s1.fieldIndex("product_ids")));
    assertTrue(s1.getList(s1.fieldIndex("fired_signals")).contains("department_spread"), s1.toString());
    Row g1 = r.feature("g1", D);
    assertEquals(0, java.math.BigDecimal.ZERO.compareTo(g1.getAs("arr")), "no subscription: ARR 0");
  }

  @Test
  void windowPositionsPlaceEachAccount() {
    Row s1 = r.window("s1", D);
    assertEquals(119, s1.<Integer>getAs("days_since_onboarding"));
    assertEquals("late", s1.getAs("phase"));
    assertTrue(s1.<Boolean>getAs("in_cross_sell_window"), "day 119 is inside the default 90..180");
    assertEquals(List.of("addon", "lite"), s1.getList(s1.fieldIndex("cross_sell_products")), "s1 owns core");
    assertEquals((119 - 90) / 90.0, s1.<Double>getAs("cross_sell_window_position"), 1e-12, "29 days into 90..180");
    assertEquals(245, s1.<Integer>getAs("days_to_renewal"), "2026-12-31 - 2026-04-30");
    assertNull(s1.getAs("projected_limit_date"), "no usage at all");
    Row e1 = r.window("e1", D);
    assertEquals("peak", e1.getAs("phase"), "day 60");
    assertFalse(e1.<Boolean>getAs("in_cross_sell_window"));
    assertNull(e1.getAs("cross_sell_window_position"), "outside every cross-sell window");
    assertEquals("before_window", r.window("b1", D).getAs("phase"), "day 15");
    assertNull(r.window("u1", D).getAs("projected_limit_date"),
        "flat 30/day: 100 left needs 4 days, past the period's end, and the trend is flat");
    Row u2 = r.window("u2", D);
    assertEquals("2026-05-04", String.valueOf(u2.<Object>getAs("projected_limit_date")),
        "rising 1/day, rate 30 on D: 1000/30 = 33.3 a day is reached in 4 days: " + u2);
    assertEquals("core", u2.getAs("projected_limit_product"));
  }
}
