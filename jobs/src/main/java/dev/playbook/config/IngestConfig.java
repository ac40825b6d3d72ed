package dev.playbook.config;

import dev.playbook.contract.InputTable;
import java.util.Map;

/**
 * The {@code ingest} section of conf/playbook.yaml: how many bad rows a table may have before the ingest job
 * refuses to publish anything.
 *
 * @param maxBadRowRatio largest share of a table's checked rows (those dated on or before the as-of date) that
 *     may fail ERROR checks and be quarantined; above it the run is refused (exit 4) and no staged table changes
 * @param maxBadRowRatioByTable per-table overrides of {@code maxBadRowRatio}, keyed by contract table name
 */
public record IngestConfig(double maxBadRowRatio, Map<String, Double> maxBadRowRatioByTable) {

  public static final double MAX_BAD_ROW_RATIO_DEFAULT = 0.05;

  public IngestConfig {
    Require.between("max_bad_row_ratio", maxBadRowRatio, 0.0, 1.0);
    Require.present("max_bad_row_ratio_by_table", maxBadRowRatioByTable);
    maxBadRowRatioByTable = Map.copyOf(maxBadRowRatioByTable);
    for (Map.Entry<String, Double> e : maxBadRowRatioByTable.entrySet()) {
      InputTable.byName(e.getKey());
      Require.present("max_bad_row_ratio_by_table." + e.getKey(), e.getValue());
      Require.between("max_bad_row_ratio_by_table." + e.getKey(), e.getValue(), 0.0, 1.0);
    }
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
