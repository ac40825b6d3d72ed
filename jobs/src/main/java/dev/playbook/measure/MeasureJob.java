package dev.playbook.measure;

import static dev.playbook.contract.Col.*;
import static dev.playbook.measure.MeasureCol.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.cli.Job;
import dev.playbook.cli.JobContext;
import dev.playbook.config.MeasureConfig;
import dev.playbook.contract.InputTable;
import dev.playbook.io.OutputTable;
import dev.playbook.io.Warehouse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code playbook measure --as-of D}: what the playbook produced and what converted (docs/MEASURE.md).
 * Reads signals, expansion_queue (optional) and the staged subscriptions, opportunities, accounts and plans;
 * writes signal_outcomes, conversion_metrics, mrr_movements, retention and expansion_pipeline, each replaced
 * by as_of_date. A date range computes each date separately (cost grows with the number of dates).
 */
public final class MeasureJob implements Job {
  public static final String SIGNALS = "signals";
  public static final String EXPANSION_QUEUE = "expansion_queue";

  @Override
  public String name() {
    return "measure";
  }

  @Override
  public String summary() {
    return "signal outcomes, conversion by signal/type/motion/owner, MRR movements, NRR/GRR, expansion pipeline";
  }

  @Override
  public void run(JobContext ctx) {
    MeasureConfig conf = ctx.playbook().measure();
    Warehouse wh = ctx.warehouse();
    ctx.console().stage("reading signals, queue and staged subscriptions/opportunities/accounts/plans");
    Dataset<Row> signals = wh.read(SIGNALS);
    Row span = signals.agg(min(AS_OF_DATE), max(AS_OF_DATE)).first();
    ctx.console().print(span.isNullAt(0) ? "  note: the signals table is empty; no episodes"
        : "  signals history " + span.get(0) + " to " + span.get(1) + ": episodes are read from it (an episode "
            + "that ended before its first date is not seen: run features over the earlier dates too)");
    Dataset<Row> queue = null;
    if (wh.exists(EXPANSION_QUEUE)) {
      queue = wh.read(EXPANSION_QUEUE);
    } else {
      ctx.console().print("  note: no expansion_queue table; motion/owner breakdowns, qualified and holdout "
          + "figures are skipped");
    }
    Dataset<Row> subscriptions = wh.read(staged(InputTable.SUBSCRIPTIONS));
    Dataset<Row> opportunities = wh.read(staged(InputTable.OPPORTUNITIES));
    Dataset<Row> accounts = wh.read(staged(InputTable.ACCOUNTS));
    Dataset<Row> plans = wh.read(staged(InputTable.PLANS));

    Map<OutputTable, Dataset<Row>> out = new LinkedHashMap<>();
    for (LocalDate d : ctx.dates().dates()) {
      ctx.console().stage("measuring as of " + d);
      Dataset<Row> outcomes = SignalOutcomes.signalOutcomes(signals, opportunities, queue, subscriptions, plans, d,
          conf.horizonDays(), conf.leadDays(), conf.periodUnit()).cache();
      Dataset<Row> movements = MrrMovements.mrrMovements(subscriptions, d).cache();
      add(out, MeasureTables.SIGNAL_OUTCOMES, outcomes);
      add(out, MeasureTables.CONVERSION_METRICS, ConversionMetrics.conversionMetrics(outcomes, queue != null, d));
      add(out, MeasureTables.MRR_MOVEMENTS, movements);
      add(out, MeasureTables.RETENTION, Retention.retention(movements, accounts, d, conf.retentionLookbackMonths()));
      add(out, MeasureTables.EXPANSION_PIPELINE, ExpansionPipeline.pipeline(opportunities, outcomes, d));
    }
    for (Map.Entry<OutputTable, Dataset<Row>> e : out.entrySet()) {
      ctx.console().stage("writing " + e.getKey().name());
      long rows = wh.replaceDates(e.getKey(), e.getValue(), ctx.dates());
      ctx.console().count("out", e.getKey().name(), rows);
    }
    printSummary(ctx, wh);
  }

  private static void add(Map<OutputTable, Dataset<Row>> out, OutputTable table, Dataset<Row> rows) {
    out.merge(table, rows, Dataset::unionByName);
  }

  private static String staged(InputTable t) {
    return "staged_" + t.tableName();
  }

  /** Conversion by signal, the last months' MRR movements and NRR/GRR, pipeline totals — at the last date. */
  private static void printSummary(JobContext ctx, Warehouse wh) {
    var last = lit(java.sql.Date.valueOf(ctx.dates().to()));
    ctx.console().print("\nConversion by signal as of " + ctx.dates().to() + ":");
    ctx.console().print(Preview.table(wh.read(MeasureTables.CONVERSION_METRICS)
        .filter(col(AS_OF_DATE).equalTo(last).and(col(DIMENSION).isin(ConversionMetrics.ALL, SIGNAL)))
        .orderBy(col(DIMENSION), col(CONVERSION_RATE).desc_nulls_last())
        .select(col(DIMENSION_VALUE).as(SIGNAL), col(EPISODES), col(MATCHED_EPISODES).as("matched"),
            col(WON_EPISODES).as("won"), col(LOST_EPISODES).as("lost"), col(OPEN_EPISODES).as("open"),
            col(CONVERSION_RATE), col(WIN_RATE), col(EXPANSION_ARR_WON), col(MEDIAN_DAYS_TO_CLOSE)), 20));
    ctx.console().print("MRR movements, last 6 months:");
    ctx.console().print(Preview.table(wh.read(MeasureTables.MRR_MOVEMENTS)
        .filter(col(AS_OF_DATE).equalTo(last))
        .groupBy(MONTH)
        .agg(sum(MRR).as("ending_mrr"), sum(NEW_MRR).as(NEW), sum(EXPANSION_MRR).as(EXPANSION),
            sum(CONTRACTION_MRR).as(CONTRACTION), sum(CHURNED_MRR).as(CHURN),
            sum(REACTIVATION_MRR).as(REACTIVATION), count(when(col(IS_ACTIVE), true)).as("paying_accounts"))
        .orderBy(col(MONTH).desc()), 6));
    ctx.console().print("NRR / GRR (trailing " + ctx.playbook().measure().retentionLookbackMonths()
        + " months), last 6 months:");
    ctx.console().print(Preview.table(wh.read(MeasureTables.RETENTION)
        .filter(col(AS_OF_DATE).equalTo(last).and(col(RETENTION_KIND).equalTo(TRAILING)))
        .select(MONTH, ACCOUNTS_START, START_MRR, END_MRR, NRR, GRR)
        .orderBy(col(MONTH).desc()), 6));
    ctx.console().print("Pipeline as of " + ctx.dates().to() + " (expansion kept apart from new business):");
    ctx.console().print(Preview.table(wh.read(MeasureTables.EXPANSION_PIPELINE)
        .filter(col(AS_OF_DATE).equalTo(last))
        .groupBy(PIPELINE_KIND, STAGE_AS_OF)
        .agg(count(lit(1)).as(OPPORTUNITIES), sum(AMOUNT_ARR).as("arr"),
            count(when(col(SOURCE_SIGNAL).isNotNull(), true)).as("with_source_signal"))
        .orderBy(PIPELINE_KIND, STAGE_AS_OF), 20));
  }
}
