package dev.playbook.recalibrate;

import dev.playbook.contract.Vocabulary;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signal → the expansion type it points to ("matching type", ../notes/COMMON.md). A private copy until the
 * features job's {@code dev.playbook.features.Signal} enum is on main; then this delegates to it.
 */
final class SignalTypes {
  private SignalTypes() {}

  static final Map<String, String> MATCHING_TYPE;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("seat_utilization", Vocabulary.SEAT_EXPANSION);
    m.put("usage_allocation", Vocabulary.PLAN_UPGRADE);
    m.put("plan_limit_utilization", Vocabulary.PLAN_UPGRADE);
    m.put("feature_adoption_breadth", Vocabulary.CROSS_SELL);
    m.put("power_user_density", Vocabulary.SEAT_EXPANSION);
    m.put("api_usage_growth", Vocabulary.PLAN_UPGRADE);
    m.put("department_spread", Vocabulary.SEAT_EXPANSION);
    m.put("power_user_emergence", Vocabulary.SEAT_EXPANSION);
    m.put("team_growth", Vocabulary.SEAT_EXPANSION);
    m.put("feature_gate_friction", Vocabulary.PLAN_UPGRADE);
    MATCHING_TYPE = Map.copyOf(m);
  }
}
