package dev.playbook.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SignalTest {
  @Test
  void keysAndMatchingTypesAreTheSharedOnes() {
    assertEquals(List.of("seat_utilization", "usage_allocation", "plan_limit_utilization",
            "feature_adoption_breadth", "power_user_density", "api_usage_growth", "department_spread",
            "power_user_emergence", "team_growth", "feature_gate_friction"),
        Arrays.stream(Signal.values()).map(Signal::key).toList(), "the ten signal names of SPEC, in order");
    var byType = Arrays.stream(Signal.values()).collect(Collectors.groupingBy(Signal::expansionType,
        Collectors.mapping(Signal::key, Collectors.toSet())));
    assertEquals(java.util.Set.of("seat_utilization", "power_user_density", "department_spread", "team_growth",
        "power_user_emergence"), byType.get("seat_expansion"));
    assertEquals(java.util.Set.of("usage_allocation", "plan_limit_utilization", "feature_gate_friction",
        "api_usage_growth"), byType.get("plan_upgrade"));
    assertEquals(java.util.Set.of("feature_adoption_breadth"), byType.get("cross_sell"));
    assertEquals("periods", Signal.PLAN_LIMIT_UTILIZATION.streakUnit());
    assertEquals(Signal.TEAM_GROWTH, Signal.byKey("team_growth"));
  }

  @Test
  void shippedCutoffsAreTheSpecDefaults() {
    var s = Fixture.PLAYBOOK.signals();
    assertEquals(0.85, PointInTimeFeatures.cutoff(Signal.SEAT_UTILIZATION, s));
    assertEquals(0.90, PointInTimeFeatures.cutoff(Signal.USAGE_ALLOCATION, s));
    assertEquals(0.70, PointInTimeFeatures.cutoff(Signal.PLAN_LIMIT_UTILIZATION, s));
    assertEquals(2, s.planLimitUtilization().minConsecutivePeriods());
    assertEquals(0.70, PointInTimeFeatures.cutoff(Signal.FEATURE_ADOPTION_BREADTH, s));
    assertEquals(0.30, PointInTimeFeatures.cutoff(Signal.POWER_USER_DENSITY, s));
    assertEquals(28, s.powerUserDensity().windowDays());
    assertEquals(0.60, PointInTimeFeatures.cutoff(Signal.API_USAGE_GROWTH, s));
    assertEquals(3.0, PointInTimeFeatures.cutoff(Signal.DEPARTMENT_SPREAD, s));
    assertEquals(30, s.powerUserEmergence().firstSeenFromDays());
    assertEquals(60, s.powerUserEmergence().firstSeenToDays());
    assertEquals(89, s.apiUsageGrowth().baselineOffsetDays() + s.apiUsageGrowth().windowDays() - 1,
        "baseline D-89..D-60");
    assertEquals(0.5, Fixture.PLAYBOOK.risk().minActiveSeatShare());
    assertEquals(30, Fixture.PLAYBOOK.windows().peakStartDays());
    assertEquals(90, Fixture.PLAYBOOK.windows().peakEndDays());
    assertEquals(180, Fixture.PLAYBOOK.windows().crossSellEndDays());
  }
}
