package dev.playbook.measure;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.playbook.contract.Vocabulary;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * Each signal's matching expansion type (COMMON.md "Shared definitions"). A private copy until
 * {@code dev.playbook.features.Signal} lands on main; the lead should replace it with
 * {@code Signal.key()}/{@code expansionType()}.
 */
final class ExpansionTypes {
  private ExpansionTypes() {}

  static final Map<String, String> BY_SIGNAL = new LinkedHashMap<>();

  static {
    for (String s : new String[] {"seat_utilization", "power_user_density", "department_spread", "team_growth",
        "power_user_emergence"}) {
      BY_SIGNAL.put(s, Vocabulary.SEAT_EXPANSION);
    }
    for (String s : new String[] {"usage_allocation", "plan_limit_utilization", "feature_gate_friction",
        "api_usage_growth"}) {
      BY_SIGNAL.put(s, Vocabulary.PLAN_UPGRADE);
    }
    BY_SIGNAL.put("feature_adoption_breadth", Vocabulary.CROSS_SELL);
  }

  /** The matching expansion type of a signal-name column; null for an unknown signal. */
  static Column of(Column signal) {
    Column result = lit(null).cast("string");
    for (Map.Entry<String, String> e : BY_SIGNAL.entrySet()) {
      result = when(signal.equalTo(e.getKey()), lit(e.getValue())).otherwise(result);
    }
    return result;
  }
}
