package dev.playbook.ingest;

import dev.playbook.contract.InputTable;
import dev.playbook.ingest.Check.Level;
import dev.playbook.ingest.IngestJob.Result;
import dev.playbook.ingest.IngestJob.TableResult;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** The run's record: dq_results and ingest_runs rows, and the one-screen summary printed at the end. */
public final class IngestReport {
  private IngestReport() {}

  /** Begins each shrink guard warning in ingest_runs.message. */
  static final String SHRINK_GUARD_WARNING = "shrink guard warning: ";

  /** One row per table and check, plus each table's {@code bad_row_ratio} verdict. */
  public static Dataset<Row> dqRows(SparkSession spark, Result result) {
    Date asOf = Date.valueOf(result.asOf());
    List<Row> rows = new ArrayList<>();
    for (TableResult r : result.tables()) {
      CheckRunner.Counts n = r.counts();
      for (int i = 0; i < r.checks().size(); i++) {
        Check c = r.checks().get(i);
        long checked = c.action() == Check.Action.HOLD_BACK ? n.read() : n.checked();
        long failed = n.failedPerCheck().get(i);
        rows.add(RowFactory.create(asOf, r.table().tableName(), c.name(), c.level().name(),
            c.action().name().toLowerCase(Locale.ROOT), c.description(), checked, failed, ratio(failed, checked),
            null, failed == 0));
      }
      rows.add(RowFactory.create(asOf, r.table().tableName(), IngestTables.BAD_ROW_RATIO, Level.ERROR.name(),
          "refuse", "the share of rows failing any ERROR check is within the configured limit", n.checked(), n.bad(),
          n.badRatio(), r.limit(), !r.overLimit()));
    }
    return spark.createDataFrame(rows, IngestTables.DQ_RESULTS.schema());
  }

  /** One row per table with the run's outcome; {@code daysRewritten}: per daily table staged incrementally. */
  public static Dataset<Row> runRows(SparkSession spark, Result result, String configVersion, String refusal,
      Map<InputTable, Integer> daysRewritten) {
    Date asOf = Date.valueOf(result.asOf());
    List<Row> rows = new ArrayList<>();
    for (TableResult r : result.tables()) {
      CheckRunner.Counts n = r.counts();
      rows.add(RowFactory.create(asOf, r.table().tableName(),
          refusal == null ? IngestTables.PUBLISHED : IngestTables.REFUSED, n.read(), refusal == null ? n.staged() : 0L,
          n.bad(), n.heldBack(), n.dropped(), configVersion,
          r.stagedFrom() == null ? null : Date.valueOf(r.stagedFrom()), daysRewritten.get(r.table()),
          r.outsideLookback(), message(refusal, notes(result, r), r.drift())));
    }
    return spark.createDataFrame(rows, IngestTables.INGEST_RUNS.schema());
  }

  /** The shrink guard's warnings about one table (an empty table accepted), and rows outside the lookback. */
  private static List<String> notes(Result result, TableResult r) {
    List<String> notes = new ArrayList<>(warnings(result, r.table()).stream().map(w -> SHRINK_GUARD_WARNING + w)
        .toList());
    if (r.outsideLookback() != null && r.outsideLookback() > 0) {
      notes.add(String.format(Locale.ROOT, "%,d source rows dated before %s differ from what was staged (later than "
          + "the lookback): not staged; rerun with --full-refresh", r.outsideLookback(), r.stagedFrom()));
    }
    return notes;
  }

  /** The shrink guard's warnings about one table (an empty table accepted). */
  private static List<String> warnings(Result result, InputTable table) {
    return result.shrinkGuard().stream().filter(v -> v.table() == table)
        .flatMap(v -> v.warnings().stream()).toList();
  }

  /**
   * What SQL readers see of the run for one table, one item a line: the refusal; the table's shrink guard warnings;
   * when published, the tolerated schema drift. Null when there is none.
   */
  private static String message(String refusal, List<String> notes, List<String> drift) {
    List<String> lines = new ArrayList<>();
    if (refusal != null) {
      lines.add(refusal);
    }
    lines.addAll(notes);
    if (refusal == null && !drift.isEmpty()) {
      lines.add("schema drift tolerated: " + String.join("; ", drift));
    }
    return lines.isEmpty() ? null : String.join("\n", lines);
  }

  private static double ratio(long failed, long checked) {
    return checked == 0 ? 0.0 : (double) failed / checked;
  }

  /**
   * Per table: rows read, held back, quarantined, dropped, staged, bad ratio vs limit; then every failing check and
   * every shrink guard warning.
   */
  public static String summary(Result result) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%n  %-20s %11s %9s %11s %8s %11s %8s %7s  %s%n", "table", "read", "held back",
        "quarantined", "dropped", "staged", "bad", "limit", "verdict"));
    for (TableResult r : result.tables()) {
      CheckRunner.Counts n = r.counts();
      s.append(String.format(Locale.ROOT, "  %-20s %,11d %,9d %,11d %,8d %,11d %7.2f%% %6.2f%%  %s%n",
          r.table().tableName(), n.read(), n.heldBack(), n.bad(), n.dropped(), result.published() ? n.staged() : 0,
          100 * n.badRatio(), 100 * r.limit(),
          !r.delivered() ? "not delivered (optional)" : r.overLimit() ? "OVER LIMIT" : "ok"));
    }
    List<String> failing = new ArrayList<>();
    for (TableResult r : result.tables()) {
      for (int i = 0; i < r.checks().size(); i++) {
        Check c = r.checks().get(i);
        long failed = r.counts().failedPerCheck().get(i);
        if (failed > 0) {
          failing.add(String.format(Locale.ROOT, "  %-7s %-20s %-40s %,9d  %s", c.level(), r.table().tableName(),
              c.name(), failed, c.action().name().toLowerCase(Locale.ROOT)));
        }
      }
    }
    s.append(failing.isEmpty() ? "\n  every check passed\n" : "\n  checks with failing rows:\n"
        + String.join("\n", failing) + "\n");
    List<String> warnings = ShrinkGuard.warnings(result.shrinkGuard());
    if (!warnings.isEmpty()) {
      s.append("\n  shrink guard warnings (accepted):\n    ").append(String.join("\n    ", warnings)).append("\n");
    }
    s.append(result.published()
        ? "\n  published: staged_<table> as of " + result.asOf() + "; quarantine, dq_results, ingest_runs for "
            + result.asOf()
        : "\n  REFUSED: nothing published; dq_results and ingest_runs record why");
    return s.toString();
  }
}
