package dev.playbook.config;

import java.util.List;

/**
 * The {@code measure} section of conf/playbook.yaml: how signal episodes are matched to opportunities, the
 * reporting period and the retention lookback (docs/MEASURE.md).
 *
 * @param horizonDays an opportunity created up to this many days after a signal episode began counts as its
 *     outcome; also the window in which billing must change the way the expansion type predicts
 * @param leadDays an opportunity created up to this many days BEFORE the episode began still matches (the
 *     CRM record sometimes precedes the first fire by a few days); 0 = only on or after the first fire
 * @param periodUnit the {@code period} dimension of conversion metrics: {@code month} or {@code quarter}
 * @param retentionLookbackMonths the NRR/GRR lookback: the cohort is the accounts paying this many months
 *     earlier (12 = the usual trailing-twelve-month NRR)
 */
public record MeasureConfig(int horizonDays, int leadDays, String periodUnit, int retentionLookbackMonths) {

  public static final List<String> PERIOD_UNITS = List.of("month", "quarter");

  public MeasureConfig {
    Require.between("horizon_days", horizonDays, 1, 730);
    Require.between("lead_days", leadDays, 0, 90);
    Require.oneOf("period_unit", periodUnit, PERIOD_UNITS);
    Require.between("retention_lookback_months", retentionLookbackMonths, 1, 36);
  }
}
