package dev.playbook.config;

import java.util.List;

/**
 * The {@code signals} section of conf/playbook.yaml: every signal's cutoff and lookback. Each key is documented
 * next to its default in conf/playbook.yaml; docs/FEATURES.md gives the formulas.
 *
 * @param maxStreakDays how many days back a daily signal's streak is followed (streaks are capped here, so a
 *     single-date run and a range run agree)
 * @param usageMetric what "metered usage" counts against a plan's allocation: {@code api_calls}
 *     (api_usage_daily) or {@code events} (user_activity_daily event_count)
 */
public record SignalsConfig(
    int maxStreakDays,
    String usageMetric,
    Cutoff seatUtilization,
    Cutoff usageAllocation,
    PlanLimit planLimitUtilization,
    Windowed featureAdoptionBreadth,
    Windowed powerUserDensity,
    ApiGrowth apiUsageGrowth,
    Windowed departmentSpread,
    Emergence powerUserEmergence,
    TeamGrowth teamGrowth,
    Windowed featureGateFriction) {

  public static final String API_CALLS = "api_calls";
  public static final String EVENTS = "events";
  public static final int MAX_WINDOW_DAYS = 366;

  public SignalsConfig {
    Require.between("max_streak_days", maxStreakDays, 1, 3660);
    Require.oneOf("usage_metric", usageMetric, List.of(API_CALLS, EVENTS));
    Require.present("seat_utilization", seatUtilization);
    Require.present("usage_allocation", usageAllocation);
    Require.present("plan_limit_utilization", planLimitUtilization);
    Require.present("feature_adoption_breadth", featureAdoptionBreadth);
    Require.present("power_user_density", powerUserDensity);
    Require.present("api_usage_growth", apiUsageGrowth);
    Require.present("department_spread", departmentSpread);
    Require.present("power_user_emergence", powerUserEmergence);
    Require.present("team_growth", teamGrowth);
    Require.present("feature_gate_friction", featureGateFriction);
  }

  /** The longest lookback any daily signal reads, in days (inputs older than D minus this are not read). */
  public int maxLookbackDays() {
    return Math.max(Math.max(Math.max(featureAdoptionBreadth.windowDays(), powerUserDensity.windowDays()),
            Math.max(apiUsageGrowth.baselineOffsetDays() + apiUsageGrowth.windowDays(),
                departmentSpread.windowDays())),
        Math.max(Math.max(powerUserEmergence.engagementDays(), teamGrowth.windowDays()),
            Math.max(featureGateFriction.windowDays(), ACTIVE_USER_DAYS)));
  }

  /** The active-user window of the shared definition (COMMON): at least one event in D-29..D. */
  public static final int ACTIVE_USER_DAYS = 30;

  /** @param cutoff the value at or above which the signal fires */
  public record Cutoff(double cutoff) {
    public Cutoff {
      Require.between("cutoff", cutoff, 0.0, 1e9);
    }
  }

  /**
   * @param cutoff the value at or above which the signal fires
   * @param windowDays the lookback ending on the as-of date, in days
   */
  public record Windowed(double cutoff, int windowDays) {
    public Windowed {
      Require.between("cutoff", cutoff, 0.0, 1e9);
      Require.between("window_days", windowDays, 1, MAX_WINDOW_DAYS);
    }
  }

  /**
   * @param cutoff utilization of a closed billing period that counts toward the streak
   * @param minConsecutivePeriods closed periods in a row at or above the cutoff before the signal fires
   */
  public record PlanLimit(double cutoff, int minConsecutivePeriods) {
    public PlanLimit {
      Require.between("cutoff", cutoff, 0.0, 1e9);
      Require.between("min_consecutive_periods", minConsecutivePeriods, 1, 120);
    }
  }

  /**
   * @param cutoff growth (ratio minus one) at or above which the signal fires
   * @param windowDays length of the recent and of the baseline window
   * @param baselineOffsetDays the baseline window ends this many days before the as-of date
   */
  public record ApiGrowth(double cutoff, int windowDays, int baselineOffsetDays) {
    public ApiGrowth {
      Require.between("cutoff", cutoff, -1.0, 1e9);
      Require.between("window_days", windowDays, 1, MAX_WINDOW_DAYS);
      Require.between("baseline_offset_days", baselineOffsetDays, windowDays, MAX_WINDOW_DAYS);
    }
  }

  /**
   * @param cutoff how many times the account's median engagement a user must reach to be a power user
   * @param engagementDays engagement = a user's events over this many days ending on the as-of date
   * @param firstSeenFromDays earliest first activity, in days after onboarding, of an emerging power user
   * @param firstSeenToDays latest first activity, in days after onboarding, of an emerging power user
   * @param evaluateUntilDays the signal is evaluated while days since onboarding are at most this; later null
   * @param minActiveUsers fewest users with engagement before a median means anything; fewer gives null
   */
  public record Emergence(double cutoff, int engagementDays, int firstSeenFromDays, int firstSeenToDays,
      int evaluateUntilDays, int minActiveUsers) {
    public Emergence {
      Require.between("cutoff", cutoff, 1.0, 1e9);
      Require.between("engagement_days", engagementDays, 1, MAX_WINDOW_DAYS);
      Require.between("first_seen_from_days", firstSeenFromDays, 0, 3660);
      Require.between("first_seen_to_days", firstSeenToDays, firstSeenFromDays, 3660);
      Require.between("evaluate_until_days", evaluateUntilDays, firstSeenFromDays, 3660);
      Require.between("min_active_users", minActiveUsers, 1, 1_000_000);
    }
  }

  /**
   * @param cutoff new users (invited or activated in the window) at or above which the signal fires
   * @param windowDays the lookback ending on the as-of date
   * @param minNewDepartments new departments in the window that also fire the signal (0 = never)
   */
  public record TeamGrowth(double cutoff, int windowDays, int minNewDepartments) {
    public TeamGrowth {
      Require.between("cutoff", cutoff, 0.0, 1e9);
      Require.between("window_days", windowDays, 1, MAX_WINDOW_DAYS);
      Require.between("min_new_departments", minNewDepartments, 0, 1000);
    }
  }
}
