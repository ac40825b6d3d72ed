package dev.playbook.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.config.ConfigException;
import dev.playbook.config.ConfigLoader;
import dev.playbook.config.PlaybookConfig;
import dev.playbook.config.QueueConfig;
import dev.playbook.config.QueueConfig.Candidate;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing rules and their validation at load; no Spark needed. */
class RoutingValidationTest {
  @TempDir Path dir;

  private static final String SHIPPED = read(Path.of("conf/playbook.yaml"));

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path write(String yaml) throws IOException {
    Path f = dir.resolve("playbook.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static Candidate cand(String segment, boolean strategic, String type, Set<String> fired, long arr,
      boolean newDivision) {
    return new Candidate(segment, strategic, type, fired, BigDecimal.valueOf(arr), newDivision);
  }

  private static String ruleOf(QueueConfig.Routing r, Candidate c) {
    int i = r.firstMatch(c);
    return i < 0 ? "(none)" : r.rules().get(i).name();
  }

  @Test
  void shippedRulesRouteTheSeedsExamples() {
    QueueConfig.Routing r = QueueFixture.shippedConfig().routing();
    assertEquals("self_serve_near_seat_limit_email",
        ruleOf(r, cand("self_serve", false, "seat_expansion", Set.of("seat_utilization", "team_growth"), 5_000, false)),
        "low touch: a self-serve account near its seat limit gets the automated email");
    assertEquals("usage_tier_at_allocation_email",
        ruleOf(r, cand("mid_market", false, "plan_upgrade", Set.of("usage_allocation"), 20_000, false)),
        "low touch: a usage-tier account at 90% of its allocation gets the automated email");
    assertEquals("breadth_and_density_to_csm", ruleOf(r, cand("mid_market", false, "seat_expansion",
            Set.of("seat_utilization", "power_user_density", "feature_adoption_breadth"), 50_000, false)),
        "mid touch: breadth with density goes to a CSM task");
    assertEquals("enterprise_department_spread_to_ae", ruleOf(r, cand("enterprise", false, "seat_expansion",
            Set.of("seat_utilization", "team_growth", "department_spread"), 90_000, false)),
        "high touch: department spread on an enterprise account");
    assertEquals("strategic_api_growth_to_ae", ruleOf(r, cand("mid_market", true, "plan_upgrade",
            Set.of("feature_gate_friction", "api_usage_growth"), 40_000, false)),
        "high touch: API growth on a strategic account");
    assertEquals("cross_sell_to_ae", ruleOf(r, cand("self_serve", false, "cross_sell",
            Set.of("feature_adoption_breadth"), 1_000, false)), "every cross-sell goes to the AE");
    assertEquals("above_arr_threshold_to_ae", ruleOf(r, cand("self_serve", false, "seat_expansion",
            Set.of("seat_utilization", "team_growth"), 100_000, false)),
        "at the ARR handoff threshold (inclusive) the AE owns it, even for self-serve");
    assertEquals("everything_else_to_csm", ruleOf(r, cand("mid_market", false, "seat_expansion",
            Set.of("seat_utilization", "team_growth"), 99_999, false)),
        "below the threshold, a plain seat expansion is the CSM's (catch-all)");
  }

  @Test
  void firstMatchingRuleWinsInOrder() {
    QueueConfig.Routing r = QueueFixture.shippedConfig().routing();
    Candidate c = cand("enterprise", true, "cross_sell", Set.of("feature_adoption_breadth", "department_spread"),
        500_000, true);
    assertEquals("new_division_to_ae", ruleOf(r, c),
        "rules 1-5 all match this candidate; the first (new division) must win");
    Candidate noDivision = cand("enterprise", true, "cross_sell",
        Set.of("feature_adoption_breadth", "department_spread"), 500_000, false);
    assertEquals("cross_sell_to_ae", ruleOf(r, noDivision), "without a new division, rule 2 comes first");
  }

  @Test
  void configThatLeavesACandidateUnroutedIsRejectedWithAnExample() throws IOException {
    // Drop the catch-all: a mid-market seat expansion below the threshold then matches nothing.
    int at = SHIPPED.indexOf("      - name: everything_else_to_csm");
    int end = SHIPPED.indexOf("  priority:");
    Path f = write(SHIPPED.substring(0, at) + SHIPPED.substring(end));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, PlaybookConfig.class));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("queue"), e.getMessage());
    assertTrue(e.getMessage().contains("no rule matches the candidate {segment="), e.getMessage());
    assertTrue(e.getMessage().contains("expansion_type=seat_expansion"),
        "the example must be a concrete candidate: " + e.getMessage());
  }

  @Test
  void ruleShadowedByEarlierRulesIsRejectedAsAmbiguous() throws IOException {
    // A second catch-all after the first can never route anything.
    String extra = "      - name: never_reached\n"
        + "        when: {segments: [], strategic: null, min_arr: null, max_arr: null, expansion_types: [], "
        + "any_signal: [], all_signals: [], new_division: null}\n"
        + "        motion: email\n"
        + "        owner: automation\n";
    int end = SHIPPED.indexOf("  priority:");
    Path f = write(SHIPPED.substring(0, end) + extra + SHIPPED.substring(end));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, PlaybookConfig.class));
    assertTrue(e.getMessage().contains("rule 10 'never_reached' can never route anything"), e.getMessage());
    assertTrue(e.getMessage().contains("fired=[") && e.getMessage().contains("goes to rule "),
        "the message names an example and the earlier rule that takes it: " + e.getMessage());
  }

  @Test
  void ruleThatCanMatchNothingIsRejected() throws IOException {
    // min_arr above max_arr: an empty band.
    String broken = SHIPPED.replace(
        "- name: strategic_api_growth_to_ae\n        when: {segments: [], strategic: true, min_arr: null, max_arr: null",
        "- name: strategic_api_growth_to_ae\n        when: {segments: [], strategic: true, min_arr: 500000, max_arr: 100");
    Path f = write(broken);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, PlaybookConfig.class));
    assertTrue(e.getMessage().contains("rule 5 'strategic_api_growth_to_ae' matches no possible candidate"),
        e.getMessage());
  }

  @Test
  void unknownSignalInARuleIsNamed() throws IOException {
    Path f = write(SHIPPED.replace("any_signal: [department_spread]", "any_signal: [departmnt_spread]"));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, PlaybookConfig.class));
    assertTrue(e.getMessage().contains("any_signal") && e.getMessage().contains("departmnt_spread"), e.getMessage());
  }

  @Test
  void renewalMayNotOutweighThePrimaryTerms() throws IOException {
    Path f = write(SHIPPED.replace("window_weight: 0.2", "window_weight: 0.05")
        .replace("renewal_weight: 0.1", "renewal_weight: 0.25"));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, PlaybookConfig.class));
    assertTrue(e.getMessage().contains("renewal_weight"), e.getMessage());
  }
}
