package dev.playbook.generate;

/**
 * The relationships the generator plants between signals and expansion outcomes: the known answer the
 * recalibration job should find. All values are decided on the <em>realized</em> signal, computed from the
 * generated rows with the pipeline's definitions (COMMON.md), not on hidden latents.
 *
 * <p>How an outcome is planted (for each planted signal): every account-day the signal is at or above its true
 * cutoff (and the expansion is possible) an <em>episode</em> may start: at most one per {@link #REARM_DAYS} and
 * none while a planted opportunity of the same type is open. With probability {@link #P_CREATE} the episode
 * creates an opportunity of the matching type dated 0–{@link #MAX_CREATE_DELAY_DAYS} days after the crossing,
 * on a day the signal is still at or above the cutoff, and it is won with the signal's win probability and
 * closed {@link #MIN_CLOSE_DAYS}–{@link #MAX_CLOSE_DAYS} days after it was created (open when that falls after
 * the end date). Below the cutoff, <em>noise</em> opportunities of each expansion type appear at
 * {@link #NOISE_OPPORTUNITIES_PER_YEAR} per account-year on days all of the type's planted signals are below
 * their cutoffs, and are won with {@link #P_WIN_NOISE}.
 *
 * <table>
 *   <caption>Planted signals</caption>
 *   <tr><th>signal</th><th>true cutoff</th><th>type</th><th>won within ~60 days above</th>
 *   <th>won opportunity share below</th></tr>
 *   <tr><td>seat_utilization</td><td>0.80</td><td>seat_expansion</td><td>0.9·0.55 ≈ 0.50</td><td>0.12</td></tr>
 *   <tr><td>plan_limit_utilization (≥ 2 closed periods)</td><td>0.75</td><td>plan_upgrade</td>
 *   <td>0.9·0.55 ≈ 0.50</td><td>0.12</td></tr>
 *   <tr><td>api_usage_growth</td><td>0.40</td><td>plan_upgrade</td><td>0.9·0.40 ≈ 0.36 (weaker)</td>
 *   <td>0.12</td></tr>
 *   <tr><td>feature_adoption_breadth (90–180 days after onboarding)</td><td>0.60</td><td>cross_sell</td>
 *   <td>0.9·0.55 ≈ 0.50</td><td>0.12</td></tr>
 * </table>
 *
 * <p>Per opportunity: planted ones are won 55% (growth: 40%), noise ones 12%. Per account-day below the cutoff
 * the chance of a won opportunity of the type in the next 60 days is about 0.5·60/365·0.12 ≈ 0.01.
 */
public final class PlantedTruth {
  private PlantedTruth() {}

  /** seat_utilization = active users ÷ seats_purchased of the workspace subscription; drives seat_expansion. */
  public static final double SEAT_UTILIZATION_CUTOFF = 0.80;
  public static final double P_WIN_SEAT_UTILIZATION = 0.55;

  /**
   * plan_limit_utilization = API calls in a closed billing period ÷ its allocation (subscription usage_limit,
   * else the plan's); fires when ≥ cutoff for {@link #PLAN_LIMIT_MIN_PERIODS} consecutive closed periods; drives
   * plan_upgrade of the api product (never planted on the top plan).
   */
  public static final double PLAN_LIMIT_UTILIZATION_CUTOFF = 0.75;
  public static final int PLAN_LIMIT_MIN_PERIODS = 2;
  public static final double P_WIN_PLAN_LIMIT_UTILIZATION = 0.55;

  /** api_usage_growth = calls in D-29..D ÷ calls in D-89..D-60 − 1; drives plan_upgrade, more weakly. */
  public static final double API_USAGE_GROWTH_CUTOFF = 0.40;
  public static final double P_WIN_API_USAGE_GROWTH = 0.40;

  /**
   * feature_adoption_breadth = distinct features of the workspace plan used in D-29..D ÷ the plan's features;
   * drives cross_sell (of the insights product) only inside the cross-sell window.
   */
  public static final double FEATURE_ADOPTION_BREADTH_CUTOFF = 0.60;
  public static final int CROSS_SELL_WINDOW_START_DAYS = 90;
  public static final int CROSS_SELL_WINDOW_END_DAYS = 180;
  public static final double P_WIN_FEATURE_ADOPTION_BREADTH = 0.55;

  /** Probability an episode above a cutoff creates an opportunity. */
  public static final double P_CREATE = 0.9;
  /** The opportunity is created 0..this many days after the crossing (on a day still above). */
  public static final int MAX_CREATE_DELAY_DAYS = 45;
  public static final int MIN_CLOSE_DAYS = 14;
  public static final int MAX_CLOSE_DAYS = 60;
  /** Days after an episode before the same signal can start another one. */
  public static final int REARM_DAYS = 120;

  /** Noise opportunities of each expansion type per account-year, placed on days below every cutoff. */
  public static final double NOISE_OPPORTUNITIES_PER_YEAR = 0.5;
  public static final double P_WIN_NOISE = 0.12;

  /** Active user window: at least one event in the 30 days ending D. */
  public static final int ACTIVE_WINDOW_DAYS = 30;
}
