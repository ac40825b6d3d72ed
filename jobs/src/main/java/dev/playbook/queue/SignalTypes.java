package dev.playbook.queue;

import static dev.playbook.config.QueueConfig.*;

import java.util.List;
import java.util.Map;

/**
 * The expansion type each signal points to (the shared "matching type" map; the features job's Signal enum
 * holds the same map). Strength and persistence of an item are taken over its type's signals.
 */
public final class SignalTypes {
  private SignalTypes() {}

  public static final Map<String, String> MATCHING_TYPE = Map.of(
      "seat_utilization", SEAT_EXPANSION,
      "power_user_density", SEAT_EXPANSION,
      "department_spread", SEAT_EXPANSION,
      "team_growth", SEAT_EXPANSION,
      "power_user_emergence", SEAT_EXPANSION,
      "usage_allocation", PLAN_UPGRADE,
      "plan_limit_utilization", PLAN_UPGRADE,
      "feature_gate_friction", PLAN_UPGRADE,
      "api_usage_growth", PLAN_UPGRADE,
      "feature_adoption_breadth", CROSS_SELL);

  public static List<String> signalsOf(String type) {
    return SIGNALS.stream().filter(s -> MATCHING_TYPE.get(s).equals(type)).toList();
  }
}
