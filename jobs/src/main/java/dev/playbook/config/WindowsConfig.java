package dev.playbook.config;

import java.util.Map;

/**
 * The {@code windows} section of conf/playbook.yaml: the timing windows of seed 001, in days since
 * {@code onboarded_on}, and the lookback of the usage projection.
 *
 * @param peakStartDays first day of the peak expansion window
 * @param peakEndDays last day of the peak expansion window (after it the phase is {@code late})
 * @param crossSellStartDays first day of the default cross-sell window
 * @param crossSellEndDays last day of the default cross-sell window
 * @param crossSellByProduct per-product cross-sell windows (keyed by the product to cross-sell), overriding the
 *     default
 * @param usageProjectionLookbackDays daily usage over this many days ending on the as-of date gives the trend
 */
public record WindowsConfig(int peakStartDays, int peakEndDays, int crossSellStartDays, int crossSellEndDays,
    Map<String, Range> crossSellByProduct, int usageProjectionLookbackDays) {

  public WindowsConfig {
    Require.between("peak_start_days", peakStartDays, 0, 3660);
    Require.between("peak_end_days", peakEndDays, peakStartDays, 3660);
    Require.between("cross_sell_start_days", crossSellStartDays, 0, 3660);
    Require.between("cross_sell_end_days", crossSellEndDays, crossSellStartDays, 3660);
    crossSellByProduct = Map.copyOf(Require.present("cross_sell_by_product", crossSellByProduct));
    Require.between("usage_projection_lookback_days", usageProjectionLookbackDays, 2, 366);
  }

  /**
   * @param startDays first day of the window
   * @param endDays last day of the window
   */
  public record Range(int startDays, int endDays) {
    public Range {
      Require.between("start_days", startDays, 0, 3660);
      Require.between("end_days", endDays, startDays, 3660);
    }
  }
}
