package dev.playbook.config;

import java.util.List;
import java.util.Map;

/**
 * The {@code recalibrate} section of conf/playbook.yaml: how the recalibration job builds its labelled
 * history, the cutoff grid it sweeps, and the objective it recommends by. Every key is documented next to its
 * default in conf/playbook.yaml; docs/RECALIBRATE.md explains the maths.
 *
 * @param lookbackDays how far back from the last evaluation date the evaluation dates reach
 * @param stepDays days between evaluation dates (7 = weekly)
 * @param horizonDays a fire at date D counts as converted when a closed-won expansion of the matching type
 *     was created in (D, D + horizon]
 * @param holdoutDays the latest evaluation dates held out to check each recommendation
 * @param openExpansionPolicy {@code exclude} or {@code keep} accounts already in an open expansion
 *     opportunity of the signal's type at the evaluation date
 * @param fires what counts as a fire at cutoff c: {@code new} — the value is ≥ c at the evaluation date and
 *     was below c at every evaluation date of the previous {@code rearm_days} (the start of an episode, which
 *     the playbook acts on once); {@code every_date} — every evaluation date the value is ≥ c
 * @param rearmDays with {@code fires: new}, how long an account must have stayed below a cutoff before
 *     reaching it again is a new fire
 * @param grid the cutoff grid per signal
 * @param objective what a recommendation maximizes and under which constraints
 * @param falseDiscovery how a proposed change must survive the search over signals and cutoffs
 */
public record RecalibrateConfig(
    int lookbackDays,
    int stepDays,
    int horizonDays,
    int holdoutDays,
    String openExpansionPolicy,
    String fires,
    int rearmDays,
    Grid grid,
    Objective objective,
    FalseDiscovery falseDiscovery) {

  public static final String EXCLUDE = "exclude";
  public static final String KEEP = "keep";
  public static final String NEW_FIRES = "new";
  public static final String EVERY_DATE = "every_date";

  public RecalibrateConfig {
    Require.between("lookback_days", lookbackDays, 7, 3660);
    Require.between("step_days", stepDays, 1, 366);
    Require.between("horizon_days", horizonDays, 1, 730);
    Require.between("holdout_days", holdoutDays, 0, lookbackDays - 1);
    Require.oneOf("open_expansion_policy", openExpansionPolicy, List.of(EXCLUDE, KEEP));
    Require.oneOf("fires", fires, List.of(NEW_FIRES, EVERY_DATE));
    Require.between("rearm_days", rearmDays, 1, 3660);
    Require.present("grid", grid);
    Require.present("objective", objective);
    Require.present("false_discovery", falseDiscovery);
  }

  /** Days before an evaluation date whose values decide whether a fire there is new; 0 with every_date. */
  public int warmupDays() {
    return NEW_FIRES.equals(fires) ? rearmDays : 0;
  }

  /**
   * @param method {@code linear} (evenly spaced round numbers across the signal's observed range) or
   *     {@code quantiles} (the signal's observed quantiles)
   * @param points about how many cutoffs per signal
   * @param explicit signal → its own list of cutoffs, used instead of {@code method} for that signal
   */
  public record Grid(String method, int points, Map<String, List<Double>> explicit) {
    public static final String LINEAR = "linear";
    public static final String QUANTILES = "quantiles";

    public Grid {
      Require.oneOf("grid.method", method, List.of(LINEAR, QUANTILES));
      Require.between("grid.points", points, 2, 10_000);
      explicit = explicit == null ? Map.of() : Map.copyOf(explicit);
      for (Map.Entry<String, List<Double>> e : explicit.entrySet()) {
        Require.that(e.getValue() != null && !e.getValue().isEmpty(),
            "grid.explicit." + e.getKey() + " needs at least one cutoff");
      }
    }
  }

  /**
   * @param maximize {@code net_arr} (expected ARR − break_even_rate × mean won ARR × fires) or
   *     {@code expected_arr}
   * @param breakEvenRate the conversion rate at which acting on a fire pays for its effort (used by
   *     {@code net_arr}): the cost of one fire is this share of the signal's mean won expansion ARR
   * @param minConversionRate a recommended cutoff's training conversion rate must reach this floor, and the
   *     holdout check compares against it
   * @param maxFiresPerWeek weekly capacity: a recommended cutoff may not fire more often than this
   * @param minFires fewest fires a cutoff needs in the training period to be recommended
   * @param minConversions fewest conversions a cutoff needs in the training period to be recommended
   * @param keepWithin the current cutoff is kept when its objective is within this share of the best
   */
  public record Objective(
      String maximize,
      double breakEvenRate,
      double minConversionRate,
      double maxFiresPerWeek,
      int minFires,
      int minConversions,
      double keepWithin) {
    public static final String NET_ARR = "net_arr";
    public static final String EXPECTED_ARR = "expected_arr";

    public Objective {
      Require.oneOf("objective.maximize", maximize, List.of(NET_ARR, EXPECTED_ARR));
      Require.between("objective.break_even_rate", breakEvenRate, 0.0, 1.0);
      Require.between("objective.min_conversion_rate", minConversionRate, 0.0, 1.0);
      Require.between("objective.max_fires_per_week", maxFiresPerWeek, 0.0, 1e12);
      Require.between("objective.min_fires", minFires, 1, Integer.MAX_VALUE);
      Require.between("objective.min_conversions", minConversions, 0, Integer.MAX_VALUE);
      Require.between("objective.keep_within", keepWithin, 0.0, 1.0);
    }
  }

  /**
   * A change needs evidence that survives the search: per signal, a label-permutation p-value of the search's
   * gain over the current cutoff (the whole search rerun on every relabelling), then Benjamini–Hochberg over
   * the signals swept at false discovery rate {@code q} (docs/RECALIBRATE.md §5).
   *
   * @param q the false discovery rate: a change's BH-adjusted p-value must be ≤ q
   * @param permutations relabellings per signal; the smallest p-value is 1 / (permutations + 1)
   * @param seed the permutations' random seed (fixed, so the same data gives the same p-values)
   */
  public record FalseDiscovery(double q, int permutations, long seed) {
    public FalseDiscovery {
      Require.between("false_discovery.q", q, 0.0, 1.0);
      Require.between("false_discovery.permutations", permutations, 19, 1_000_000);
    }
  }
}
