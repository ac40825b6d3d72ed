package dev.playbook.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The queue job's section ({@code queue:} in conf/playbook.yaml): expansion gates, routing rules, priority
 * weights, capacity, suppression, holdout, outbox and brief settings. Documented key by key in
 * conf/playbook.yaml and docs/QUEUE.md.
 *
 * <p>Routing is validated against the gates at load: every candidate the gates can produce must be matched
 * by some rule, and every rule must be the first match of some candidate (see {@link #routingProblem}).
 */
public record QueueConfig(
    Expansion expansion,
    Routing routing,
    Priority priority,
    Capacity capacity,
    Suppression suppression,
    Holdout holdout,
    Outbox outbox,
    Brief brief,
    int previewRows) {

  /** The ten signals of the features job (names as in the {@code signals} table). */
  public static final List<String> SIGNALS = List.of("seat_utilization", "usage_allocation",
      "plan_limit_utilization", "feature_adoption_breadth", "power_user_density", "api_usage_growth",
      "department_spread", "power_user_emergence", "team_growth", "feature_gate_friction");
  public static final String SEAT_EXPANSION = "seat_expansion";
  public static final String PLAN_UPGRADE = "plan_upgrade";
  public static final String CROSS_SELL = "cross_sell";
  public static final List<String> TYPES = List.of(SEAT_EXPANSION, PLAN_UPGRADE, CROSS_SELL);
  /** Account conditions a gate may require besides signals. */
  public static final List<String> CONDITIONS = List.of("next_plan_exists", "in_cross_sell_window",
      "product_not_owned");
  public static final List<String> SEGMENTS = List.of("self_serve", "mid_market", "enterprise");
  public static final List<String> MOTIONS = List.of("email", "csm_task", "ae_opportunity");
  public static final List<String> OWNER_FIELDS = List.of("csm_owner", "ae_owner", "automation");
  public static final List<String> PHASES = List.of("before_window", "peak", "late");

  public QueueConfig {
    Require.present("expansion", expansion);
    Require.present("routing", routing);
    Require.present("priority", priority);
    Require.present("capacity", capacity);
    Require.present("suppression", suppression);
    Require.present("holdout", holdout);
    Require.present("outbox", outbox);
    Require.present("brief", brief);
    Require.between("preview_rows", previewRows, 1, 1000);
    routingProblem(expansion, routing).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
  }

  // ---------------------------------------------------------------------------------------------- expansion

  /**
   * @param gates the trigger matrix: one gate per expansion type
   * @param precedence when an account qualifies for several types, the first of this list wins
   * @param newDivisionDays a department whose first user was activated within this many days (in an account
   *     with older departments) makes the account "new division"
   */
  public record Expansion(Map<String, Gate> gates, List<String> precedence, int newDivisionDays) {
    public Expansion {
      Require.present("gates", gates);
      Require.present("precedence", precedence);
      Require.that(gates.keySet().equals(Set.copyOf(TYPES)),
          "gates must have exactly the keys " + TYPES + ", has " + gates.keySet());
      Require.that(precedence.size() == TYPES.size() && Set.copyOf(precedence).equals(Set.copyOf(TYPES)),
          "precedence must list each of " + TYPES + " once, was " + precedence);
      Require.between("new_division_days", newDivisionDays, 1, 3650);
      gates = Map.copyOf(gates);
      precedence = List.copyOf(precedence);
    }
  }

  /**
   * One expansion type's qualifying gate. A signal counts when it fired and its streak is at least its
   * {@code min_streak} (1 when not listed).
   *
   * @param allOf every one of these signals must count
   * @param anyOf at least one of these must count (empty: no condition)
   * @param minStreak signal → minimum streak length (days, or closed periods for plan_limit_utilization)
   * @param requires account conditions, from {@link #CONDITIONS}
   * @param frame the conversation frame written into the brief
   */
  public record Gate(List<String> allOf, List<String> anyOf, Map<String, Integer> minStreak, List<String> requires,
      String frame) {
    public Gate {
      Require.present("all_of", allOf);
      Require.present("any_of", anyOf);
      Require.present("min_streak", minStreak);
      Require.present("requires", requires);
      Require.present("frame", frame);
      Require.that(!allOf.isEmpty() || !anyOf.isEmpty(), "a gate needs at least one signal in all_of or any_of");
      allOf.forEach(s -> Require.oneOf("all_of", s, SIGNALS));
      anyOf.forEach(s -> Require.oneOf("any_of", s, SIGNALS));
      minStreak.keySet().forEach(s -> Require.oneOf("min_streak", s, SIGNALS));
      minStreak.forEach((s, n) -> Require.between("min_streak." + s, n, 1, 1000));
      requires.forEach(c -> Require.oneOf("requires", c, CONDITIONS));
      allOf = List.copyOf(allOf);
      anyOf = List.copyOf(anyOf);
      minStreak = Map.copyOf(minStreak);
      requires = List.copyOf(requires);
    }

    public int minStreakOf(String signal) {
      return minStreak.getOrDefault(signal, 1);
    }
  }

  // ------------------------------------------------------------------------------------------------ routing

  /**
   * Ordered routing rules; the first rule whose conditions all hold routes the candidate.
   *
   * @param automationOwner the owner name of automated emails (the queue they are sent from)
   * @param unassignedOwner the owner name used when the account has no csm_owner / ae_owner
   * @param rules the rules, in order
   */
  public record Routing(String automationOwner, String unassignedOwner, List<Rule> rules) {
    public Routing {
      Require.present("automation_owner", automationOwner);
      Require.present("unassigned_owner", unassignedOwner);
      Require.present("rules", rules);
      Require.that(!rules.isEmpty(), "rules must not be empty");
      Set<String> names = new TreeSet<>();
      for (Rule r : rules) {
        Require.that(names.add(r.name()), "rules: duplicate rule name '" + r.name() + "'");
      }
      rules = List.copyOf(rules);
    }

    /** The position (0-based) of the first rule matching {@code c}, or -1. */
    public int firstMatch(Candidate c) {
      for (int i = 0; i < rules.size(); i++) {
        if (rules.get(i).when().matches(c)) {
          return i;
        }
      }
      return -1;
    }
  }

  /**
   * @param name a unique name, recorded on every routed item
   * @param when the conditions (all must hold)
   * @param motion email, csm_task or ae_opportunity
   * @param owner which owner: the account's csm_owner or ae_owner, or automation
   */
  public record Rule(String name, When when, String motion, String owner) {
    public Rule {
      Require.present("name", name);
      Require.present("when", when);
      Require.oneOf("motion", motion, MOTIONS);
      Require.oneOf("owner", owner, OWNER_FIELDS);
    }
  }

  /**
   * A rule's conditions; an empty list or null means "any".
   *
   * @param segments account segment is one of these
   * @param strategic is_strategic equals this
   * @param minArr ARR ≥ this (inclusive)
   * @param maxArr ARR &lt; this (exclusive)
   * @param expansionTypes the chosen expansion type is one of these
   * @param anySignal at least one of these signals fired (any signal of the account, not only the type's)
   * @param allSignals all of these signals fired
   * @param newDivision the account's new_division flag equals this
   */
  public record When(List<String> segments, Boolean strategic, BigDecimal minArr, BigDecimal maxArr,
      List<String> expansionTypes, List<String> anySignal, List<String> allSignals, Boolean newDivision) {
    public When {
      segments = segments == null ? List.of() : List.copyOf(segments);
      expansionTypes = expansionTypes == null ? List.of() : List.copyOf(expansionTypes);
      anySignal = anySignal == null ? List.of() : List.copyOf(anySignal);
      allSignals = allSignals == null ? List.of() : List.copyOf(allSignals);
      segments.forEach(s -> Require.oneOf("segments", s, SEGMENTS));
      expansionTypes.forEach(t -> Require.oneOf("expansion_types", t, TYPES));
      anySignal.forEach(s -> Require.oneOf("any_signal", s, SIGNALS));
      allSignals.forEach(s -> Require.oneOf("all_signals", s, SIGNALS));
      Require.that(minArr == null || minArr.signum() >= 0, "min_arr must be ≥ 0, was " + minArr);
      Require.that(maxArr == null || maxArr.signum() > 0, "max_arr must be > 0, was " + maxArr);
    }

    public boolean matches(Candidate c) {
      return (segments.isEmpty() || segments.contains(c.segment()))
          && (strategic == null || strategic == c.strategic())
          && (minArr == null || c.arr().compareTo(minArr) >= 0)
          && (maxArr == null || c.arr().compareTo(maxArr) < 0)
          && (expansionTypes.isEmpty() || expansionTypes.contains(c.expansionType()))
          && (anySignal.isEmpty() || anySignal.stream().anyMatch(c.firedSignals()::contains))
          && c.firedSignals().containsAll(allSignals)
          && (newDivision == null || newDivision == c.newDivision());
    }
  }

  /** The attributes routing looks at; ARR null in the data counts as 0. */
  public record Candidate(String segment, boolean strategic, String expansionType, Set<String> firedSignals,
      BigDecimal arr, boolean newDivision) {
    @Override
    public String toString() {
      return "{segment=" + segment + ", strategic=" + strategic + ", expansion_type=" + expansionType
          + ", fired=" + firedSignals + ", arr=" + arr.toPlainString() + ", new_division=" + newDivision + "}";
    }
  }

  /**
   * Checks the routing rules against every candidate the gates can produce: each segment × strategic flag ×
   * expansion type × set of fired signals (the signals any rule or gate names; the set must pass the type's
   * signal gate) × ARR band (cut at every min_arr/max_arr) × new-division flag. Returns the first problem:
   * a candidate no rule matches (unrouted), or a rule that is never the first match of any candidate
   * (dead: earlier rules shadow it entirely, so its position makes it ambiguous), each with an example.
   */
  public static Optional<String> routingProblem(Expansion expansion, Routing routing) {
    Set<String> named = new TreeSet<>();
    for (Rule r : routing.rules()) {
      named.addAll(r.when().anySignal());
      named.addAll(r.when().allSignals());
    }
    for (Gate g : expansion.gates().values()) {
      named.addAll(g.allOf());
      named.addAll(g.anyOf());
    }
    List<String> signals = List.copyOf(named);
    Set<BigDecimal> cuts = new TreeSet<>();
    cuts.add(BigDecimal.ZERO);
    for (Rule r : routing.rules()) {
      Optional.ofNullable(r.when().minArr()).ifPresent(cuts::add);
      Optional.ofNullable(r.when().maxArr()).ifPresent(cuts::add);
    }
    int n = routing.rules().size();
    boolean[] used = new boolean[n];
    Map<Integer, Candidate> shadowedExample = new LinkedHashMap<>();
    Map<Integer, Integer> shadowedBy = new LinkedHashMap<>();
    // Smaller signal sets first, so examples are the simplest ones.
    List<Set<String>> subsets = new ArrayList<>();
    for (int mask = 0; mask < (1 << signals.size()); mask++) {
      Set<String> s = new TreeSet<>();
      for (int i = 0; i < signals.size(); i++) {
        if ((mask & (1 << i)) != 0) {
          s.add(signals.get(i));
        }
      }
      subsets.add(s);
    }
    subsets.sort((a, b) -> Integer.compare(a.size(), b.size()));
    for (String type : TYPES) {
      Gate gate = expansion.gates().get(type);
      for (Set<String> fired : subsets) {
        if (!fired.containsAll(gate.allOf())
            || (!gate.anyOf().isEmpty() && gate.anyOf().stream().noneMatch(fired::contains))) {
          continue;
        }
        for (String segment : SEGMENTS) {
          for (boolean strategic : new boolean[] {false, true}) {
            for (BigDecimal arr : cuts) {
              for (boolean newDivision : new boolean[] {false, true}) {
                Candidate c = new Candidate(segment, strategic, type, fired, arr, newDivision);
                int first = routing.firstMatch(c);
                if (first < 0) {
                  return Optional.of("routing: no rule matches the candidate " + c
                      + "; add a rule for it or a final catch-all rule (a rule whose conditions are all empty)");
                }
                used[first] = true;
                for (int later = first + 1; later < n; later++) {
                  if (!shadowedExample.containsKey(later) && routing.rules().get(later).when().matches(c)) {
                    shadowedExample.put(later, c);
                    shadowedBy.put(later, first);
                  }
                }
              }
            }
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (!used[i]) {
        String name = routing.rules().get(i).name();
        if (!shadowedExample.containsKey(i)) {
          return Optional.of("routing: rule " + (i + 1) + " '" + name + "' matches no possible candidate");
        }
        int by = shadowedBy.get(i);
        return Optional.of("routing: rule " + (i + 1) + " '" + name + "' can never route anything: every "
            + "candidate it matches is taken by an earlier rule, e.g. " + shadowedExample.get(i) + " goes to rule "
            + (by + 1) + " '" + routing.rules().get(by).name() + "'; remove it or move it up");
      }
    }
    return Optional.empty();
  }

  // ----------------------------------------------------------------------------------------------- priority

  /**
   * priority = strength_weight·S + persistence_weight·P + window_weight·W + renewal_weight·R, each term in
   * [0, 1]; the weights sum to 1 and renewal's is the smallest (a secondary term). S and P never saturate:
   * x ÷ (x + half) rises strictly with x, is ½ at {@code half} and approaches 1 (docs/QUEUE.md §3).
   *
   * @param strengthHalf strength (value ÷ cutoff − 1) at which S = ½ (S = strength ÷ (strength + this))
   * @param persistenceHalfDays streak length in days at which P = ½ (P = days ÷ (days + this))
   * @param daysPerPeriod days one billing period counts for when a streak is in periods
   * @param windowScores W by window phase (before_window, peak, late); a cross-sell item is scored by its
   *     own window instead, from peak on the window's first day down to late on its last
   * @param upgradeLeadDays for plan upgrades, W = 1 when the projected limit date is within this many days
   * @param renewalHorizonDays R = 1 − days_to_renewal ÷ this (0 beyond it)
   */
  public record Priority(double strengthWeight, double persistenceWeight, double windowWeight, double renewalWeight,
      double strengthHalf, int persistenceHalfDays, int daysPerPeriod, Map<String, Double> windowScores,
      int upgradeLeadDays, int renewalHorizonDays) {
    public Priority {
      Require.between("strength_weight", strengthWeight, 0, 1);
      Require.between("persistence_weight", persistenceWeight, 0, 1);
      Require.between("window_weight", windowWeight, 0, 1);
      Require.between("renewal_weight", renewalWeight, 0, 1);
      double sum = strengthWeight + persistenceWeight + windowWeight + renewalWeight;
      Require.that(Math.abs(sum - 1) < 1e-9, "the four priority weights must sum to 1, sum to " + sum);
      Require.that(renewalWeight <= Math.min(strengthWeight, Math.min(persistenceWeight, windowWeight)),
          "renewal_weight must not exceed the other weights (renewal is a secondary term), was " + renewalWeight);
      Require.that(strengthHalf > 0, "strength_half must be > 0, was " + strengthHalf);
      Require.between("persistence_half_days", persistenceHalfDays, 1, 3650);
      Require.between("days_per_period", daysPerPeriod, 1, 366);
      Require.present("window_scores", windowScores);
      Require.that(windowScores.keySet().equals(Set.copyOf(PHASES)),
          "window_scores must have exactly the keys " + PHASES + ", has " + windowScores.keySet());
      windowScores.forEach((k, v) -> Require.between("window_scores." + k, v, 0, 1));
      windowScores = Map.copyOf(windowScores);
      Require.between("upgrade_lead_days", upgradeLeadDays, 0, 3650);
      Require.between("renewal_horizon_days", renewalHorizonDays, 1, 3650);
    }
  }

  /**
   * Capacity is per owner and ISO week (Monday to Sunday): the distinct actions emitted for the owner earlier
   * in the week count against it (docs/QUEUE.md §4).
   *
   * @param weeklyDefault items one owner can work per week
   * @param perOwner owner name → weekly capacity, overriding the default
   * @param unlimitedMotions motions without a capacity (automated email)
   */
  public record Capacity(int weeklyDefault, Map<String, Integer> perOwner, List<String> unlimitedMotions) {
    public Capacity {
      Require.between("weekly_default", weeklyDefault, 0, 100_000);
      Require.present("per_owner", perOwner);
      Require.present("unlimited_motions", unlimitedMotions);
      perOwner.forEach((k, v) -> Require.between("per_owner." + k, v, 0, 100_000));
      unlimitedMotions.forEach(m -> Require.oneOf("unlimited_motions", m, MOTIONS));
      perOwner = Map.copyOf(perOwner);
      unlimitedMotions = List.copyOf(unlimitedMotions);
    }

    public int of(String owner) {
      return perOwner.getOrDefault(owner, weeklyDefault);
    }
  }

  /** suppression.scope: an open opportunity or a cooldown of any expansion type holds back the account's item. */
  public static final String SCOPE_ACCOUNT = "account";
  /** suppression.scope: only an open opportunity or a cooldown of the item's own type holds it back. */
  public static final String SCOPE_ACCOUNT_TYPE = "account_type";

  /**
   * @param scope {@link #SCOPE_ACCOUNT} (an open expansion opportunity or an action of any expansion type on
   *     the account suppresses) or {@link #SCOPE_ACCOUNT_TYPE} (only those of the item's type)
   * @param cooldownDays after an action (outbox row, or an expansion opportunity closed), no new action for
   *     this long
   */
  public record Suppression(String scope, int cooldownDays) {
    public Suppression {
      Require.oneOf("scope", scope, List.of(SCOPE_ACCOUNT, SCOPE_ACCOUNT_TYPE));
      Require.between("cooldown_days", cooldownDays, 0, 3650);
    }

    public boolean perAccount() {
      return scope.equals(SCOPE_ACCOUNT);
    }
  }

  /**
   * @param share share of accounts held out of routing (0 = none), by a hash of salt and account id
   * @param salt changes which accounts fall in the holdout
   */
  public record Holdout(double share, String salt) {
    public Holdout {
      Require.between("share", share, 0, 0.5);
      Require.present("salt", salt);
    }
  }

  /**
   * @param taskDueDays a CSM task is due this many days after the as-of date
   * @param closeDays an AE opportunity's close date is this many days after the as-of date
   * @param opportunityStage the CRM stage name new opportunities are created in
   * @param expectedUplift expansion type → share of current ARR used as the opportunity amount
   * @param recipient where an automated email goes, in order of preference: accounts columns
   *     {@code admin_email} and/or {@code champion_email}; a row with none of them is held with a reason
   * @param emailTemplate the customer-facing email's template, relative to the playbook file's folder
   */
  public record Outbox(int taskDueDays, int closeDays, String opportunityStage, Map<String, Double> expectedUplift,
      List<String> recipient, String emailTemplate) {
    public static final List<String> RECIPIENT_COLUMNS = List.of("admin_email", "champion_email");

    public Outbox {
      Require.present("recipient", recipient);
      Require.that(!recipient.isEmpty(), "recipient must name at least one of " + RECIPIENT_COLUMNS);
      recipient.forEach(r -> Require.oneOf("recipient", r, RECIPIENT_COLUMNS));
      recipient = List.copyOf(recipient);
      Require.present("email_template", emailTemplate);
      Require.between("task_due_days", taskDueDays, 0, 365);
      Require.between("close_days", closeDays, 1, 730);
      Require.present("opportunity_stage", opportunityStage);
      Require.present("expected_uplift", expectedUplift);
      Require.that(expectedUplift.keySet().equals(Set.copyOf(TYPES)),
          "expected_uplift must have exactly the keys " + TYPES + ", has " + expectedUplift.keySet());
      expectedUplift.forEach((k, v) -> Require.between("expected_uplift." + k, v, 0, 10));
      expectedUplift = Map.copyOf(expectedUplift);
    }
  }

  /**
   * @param maxOpportunities the brief lists the account's latest this many opportunities
   * @param maxActivities and its latest this many logged activities
   */
  public record Brief(int maxOpportunities, int maxActivities) {
    public Brief {
      Require.between("max_opportunities", maxOpportunities, 0, 50);
      Require.between("max_activities", maxActivities, 0, 50);
    }
  }
}
