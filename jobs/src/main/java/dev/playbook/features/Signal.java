package dev.playbook.features;

import static dev.playbook.contract.Vocabulary.CROSS_SELL;
import static dev.playbook.contract.Vocabulary.PLAN_UPGRADE;
import static dev.playbook.contract.Vocabulary.SEAT_EXPANSION;

import java.util.Arrays;
import java.util.Locale;

/**
 * The ten signals of ../shared/SPEC.md and the expansion type each points to (its "matching type"). The key is
 * the value of the {@code signal} column and the config section name under {@code signals:}.
 */
public enum Signal {
  SEAT_UTILIZATION(SEAT_EXPANSION),
  USAGE_ALLOCATION(PLAN_UPGRADE),
  PLAN_LIMIT_UTILIZATION(PLAN_UPGRADE),
  FEATURE_ADOPTION_BREADTH(CROSS_SELL),
  POWER_USER_DENSITY(SEAT_EXPANSION),
  API_USAGE_GROWTH(PLAN_UPGRADE),
  DEPARTMENT_SPREAD(SEAT_EXPANSION),
  POWER_USER_EMERGENCE(SEAT_EXPANSION),
  TEAM_GROWTH(SEAT_EXPANSION),
  FEATURE_GATE_FRICTION(PLAN_UPGRADE);

  /** Streak units of the {@code streak_unit} column. */
  public static final String DAYS = "days";
  public static final String PERIODS = "periods";

  private final String expansionType;

  Signal(String expansionType) {
    this.expansionType = expansionType;
  }

  /** The signal's name in tables and config, e.g. {@code seat_utilization}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The expansion type this signal points to: seat_expansion, plan_upgrade or cross_sell. */
  public String expansionType() {
    return expansionType;
  }

  /** Whether the streak counts closed billing periods ({@code plan_limit_utilization}) instead of days. */
  public String streakUnit() {
    return this == PLAN_LIMIT_UTILIZATION ? PERIODS : DAYS;
  }

  public static Signal byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown signal '" + key + "'"));
  }
}
