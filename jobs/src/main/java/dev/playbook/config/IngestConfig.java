package dev.playbook.config;

import dev.playbook.contract.InputTable;
import java.util.Map;

/**
 * The {@code ingest} section of conf/playbook.yaml: how many bad rows a table may have, and how much it may
 * shrink against the last published run, before the ingest job refuses to publish anything.
 *
 * @param maxBadRowRatio largest share of a table's checked rows (those dated on or before the as-of date) that
 *     may fail ERROR checks and be quarantined; above it the run is refused (exit 4) and no staged table changes
 * @param maxBadRowRatioByTable per-table overrides of {@code maxBadRowRatio}, keyed by contract table name
 * @param shrinkGuard how far a table may shrink against the last published run before the run is refused
 * @param incremental how the daily event tables are staged after the first run
 */
public record IngestConfig(double maxBadRowRatio, Map<String, Double> maxBadRowRatioByTable,
    ShrinkLimit shrinkGuard, Incremental incremental) {

  public static final double MAX_BAD_ROW_RATIO_DEFAULT = 0.05;

  /**
   * The shrink guard ({@code ingest.shrink_guard}).
   *
   * @param maxDropFraction largest allowed drop of a table's rows, or of its distinct accounts, against the last
   *     published run (its staged rows dated on or before this run's as-of date), in 0..1; 1 turns the drop check
   *     off (an empty required table is still refused)
   */
  public record ShrinkLimit(double maxDropFraction) {
    public static final double MAX_DROP_FRACTION_DEFAULT = 0.3;

    public ShrinkLimit {
      Require.between("shrink_guard.max_drop_fraction", maxDropFraction, 0.0, 1.0);
    }
  }

  /**
   * Incremental staging of the daily event tables ({@code ingest.incremental}; docs/INGEST.md).
   *
   * @param lookbackDays days before the as-of date (and before the day after the last published run) that a
   *     run reads again, re-checks and re-stages where they changed: rows arriving late by up to this many days
   *     are staged
   * @param lateRowCheck whether each run also counts the source's rows per day before the lookback (a scan of
   *     the date column only) against what was read when those days were staged, and reports the difference
   */
  public record Incremental(int lookbackDays, boolean lateRowCheck) {
    public static final int LOOKBACK_DAYS_DEFAULT = 3;
    public static final boolean LATE_ROW_CHECK_DEFAULT = true;

    public Incremental {
      Require.between("incremental.lookback_days", lookbackDays, 0, 3660);
    }

    public static Incremental defaults() {
      return new Incremental(LOOKBACK_DAYS_DEFAULT, LATE_ROW_CHECK_DEFAULT);
    }
  }

  public IngestConfig {
    Require.between("max_bad_row_ratio", maxBadRowRatio, 0.0, 1.0);
    Require.present("incremental", incremental);
    Require.present("max_bad_row_ratio_by_table", maxBadRowRatioByTable);
    Require.present("shrink_guard", shrinkGuard);
    maxBadRowRatioByTable = Map.copyOf(maxBadRowRatioByTable);
    for (Map.Entry<String, Double> e : maxBadRowRatioByTable.entrySet()) {
      InputTable.byName(e.getKey());
      Require.present("max_bad_row_ratio_by_table." + e.getKey(), e.getValue());
      Require.between("max_bad_row_ratio_by_table." + e.getKey(), e.getValue(), 0.0, 1.0);
    }
  }

  /** Bad-row limits and a shrink guard, with the default incremental staging. */
  public IngestConfig(double maxBadRowRatio, Map<String, Double> maxBadRowRatioByTable, ShrinkLimit shrinkGuard) {
    this(maxBadRowRatio, maxBadRowRatioByTable, shrinkGuard, Incremental.defaults());
  }

  /** Bad-row limits with the default shrink guard. */
  public IngestConfig(double maxBadRowRatio, Map<String, Double> maxBadRowRatioByTable) {
    this(maxBadRowRatio, maxBadRowRatioByTable, new ShrinkLimit(ShrinkLimit.MAX_DROP_FRACTION_DEFAULT),
        Incremental.defaults());
  }

  /** The defaults documented in conf/playbook.yaml. */
  public static IngestConfig defaults() {
    return new IngestConfig(MAX_BAD_ROW_RATIO_DEFAULT, Map.of());
  }

  /** The bad-row limit of one table: its override, or the general limit. */
  public double maxBadRowRatio(InputTable table) {
    return maxBadRowRatioByTable.getOrDefault(table.tableName(), maxBadRowRatio);
  }
}
