package dev.playbook.config;

/**
 * The {@code risk} section of conf/playbook.yaml: when an account is a shallow-adoption risk account (seed
 * 001: "10 seats and 4 active users is not a seat expansion candidate — it is a risk account").
 *
 * @param minActiveSeatShare an account whose active users ÷ seats purchased is below this is a risk account
 * @param minDaysSinceOnboarding accounts younger than this are not judged yet (still onboarding)
 */
public record RiskConfig(double minActiveSeatShare, int minDaysSinceOnboarding) {
  public RiskConfig {
    Require.between("min_active_seat_share", minActiveSeatShare, 0.0, 1.0);
    Require.between("min_days_since_onboarding", minDaysSinceOnboarding, 0, 3660);
  }
}
