package dev.playbook.generate;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * What to generate: the seed, how many accounts, the last date of the data and how many days of history
 * before it, and how large accounts are. The same spec always yields the same rows.
 *
 * @param seed         the random seed; the only source of randomness
 * @param accounts     number of accounts (≥ 1); activity rows grow linearly with it (about
 *                     {@link #ACTIVITY_ROWS_PER_ACCOUNT} per account at user scale 1 and 730 days)
 * @param endDate      the last date any row is dated (the data's "today")
 * @param historyDays  days of history ending at {@code endDate}; accounts onboard over this span
 * @param userScale    multiplies every account's seats and users (1.0 = realistic sizes)
 * @param partitions   Spark partitions of the per-account generation; 0 picks one per ~2M activity rows
 */
public record GeneratorSpec(long seed, int accounts, LocalDate endDate, int historyDays, double userScale,
    int partitions) implements Serializable {

  public static final LocalDate END_DATE_DEFAULT = LocalDate.of(2026, 9, 30);
  public static final int HISTORY_DAYS_DEFAULT = 730;
  public static final double USER_SCALE_DEFAULT = 1.0;
  public static final int ACCOUNTS_DEFAULT = 300;
  /** Measured average of user_activity_daily rows per account at user scale 1 and 730 days of history. */
  public static final long ACTIVITY_ROWS_PER_ACCOUNT = 7_500;
  private static final long ROWS_PER_PARTITION = 2_000_000;

  public GeneratorSpec {
    if (accounts < 1) {
      throw new IllegalArgumentException("accounts must be ≥ 1, was " + accounts);
    }
    if (endDate == null) {
      throw new IllegalArgumentException("endDate is required");
    }
    if (historyDays < 120) {
      throw new IllegalArgumentException("historyDays must be ≥ 120 (signals look back 90 days), was " + historyDays);
    }
    if (!(userScale > 0 && userScale <= 100)) {
      throw new IllegalArgumentException("userScale must be in (0, 100], was " + userScale);
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be ≥ 0 (0 = automatic), was " + partitions);
    }
  }

  /** The defaults with a seed and a number of accounts. */
  public static GeneratorSpec of(long seed, int accounts) {
    return new GeneratorSpec(seed, accounts, END_DATE_DEFAULT, HISTORY_DAYS_DEFAULT, USER_SCALE_DEFAULT, 0);
  }

  /** A tiny preset for tests: 150 small accounts over a year, about 250 thousand activity rows. */
  public static GeneratorSpec demo(long seed) {
    return new GeneratorSpec(seed, 150, END_DATE_DEFAULT, 365, 0.4, 2);
  }

  public GeneratorSpec withAccounts(int n) {
    return new GeneratorSpec(seed, n, endDate, historyDays, userScale, partitions);
  }

  public GeneratorSpec withEndDate(LocalDate d) {
    return new GeneratorSpec(seed, accounts, d, historyDays, userScale, partitions);
  }

  public GeneratorSpec withHistoryDays(int days) {
    return new GeneratorSpec(seed, accounts, endDate, days, userScale, partitions);
  }

  public GeneratorSpec withUserScale(double scale) {
    return new GeneratorSpec(seed, accounts, endDate, historyDays, scale, partitions);
  }

  public GeneratorSpec withPartitions(int n) {
    return new GeneratorSpec(seed, accounts, endDate, historyDays, userScale, n);
  }

  public GeneratorSpec withSeed(long s) {
    return new GeneratorSpec(s, accounts, endDate, historyDays, userScale, partitions);
  }

  /** The first date of the history. */
  public LocalDate startDate() {
    return endDate.minusDays(historyDays - 1L);
  }

  /** A rough estimate of user_activity_daily rows, used to size partitions and printed by the job. */
  public long estimatedActivityRows() {
    return (long) (accounts * ACTIVITY_ROWS_PER_ACCOUNT * userScale * (historyDays / (double) HISTORY_DAYS_DEFAULT));
  }

  /** The accounts needed for about {@code rows} activity rows with this spec's scale and history. */
  public GeneratorSpec sizedForActivityRows(long rows) {
    double perAccount = ACTIVITY_ROWS_PER_ACCOUNT * userScale * (historyDays / (double) HISTORY_DAYS_DEFAULT);
    long n = Math.max(1, Math.round(rows / perAccount));
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("activity rows " + rows + " need too many accounts; raise userScale");
    }
    return withAccounts((int) n);
  }

  public int effectivePartitions() {
    if (partitions > 0) {
      return partitions;
    }
    long p = (estimatedActivityRows() + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION;
    return (int) Math.max(1, Math.min(accounts, p));
  }
}
