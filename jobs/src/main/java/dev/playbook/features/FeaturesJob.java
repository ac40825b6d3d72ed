package dev.playbook.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.playbook.cli.Job;
import dev.playbook.cli.JobContext;
import dev.playbook.config.PlaybookConfig;
import dev.playbook.contract.Col;
import dev.playbook.io.OutputTable;
import java.sql.Date;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code playbook features --as-of D} (or {@code --from A --to B}): reads the staged contract tables, computes
 * point-in-time signals, features and window positions for every account and date in one pass
 * ({@link PointInTimeFeatures}), and replaces those dates in the {@code signals}, {@code features} and
 * {@code window_positions} tables.
 */
public final class FeaturesJob implements Job {
  @Override
  public String name() {
    return "features";
  }

  @Override
  public String summary() {
    return "point-in-time account features, the ten signals and timing-window positions per as-of date";
  }

  @Override
  public void run(JobContext ctx) {
    PlaybookConfig pb = ctx.playbook();
    ctx.console().stage("reading staged inputs");
    FeatureInputs inputs = FeatureInputs.fromWarehouse(ctx.warehouse());
    ctx.console().stage("computing signals, features and windows for " + ctx.dates() + " in one pass");
    // The daily measures feed all three tables: computed once, kept for the three writes.
    Dataset<Row> daily = PointInTimeFeatures.daily(inputs, ctx.dates().from(), ctx.dates().to(), pb.signals(),
        pb.windows()).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      PointInTimeFeatures.Outputs out = PointInTimeFeatures.outputs(daily, inputs.plans(), ctx.dates().from(),
          pb.signals(), pb.windows(), pb.risk());
      write(ctx, FeatureTables.FEATURES, out.features());
      write(ctx, FeatureTables.WINDOW_POSITIONS, out.windowPositions());
      write(ctx, FeatureTables.SIGNALS, out.signals());
    } finally {
      daily.unpersist();
    }
    preview(ctx);
  }

  private static void write(JobContext ctx, OutputTable table, Dataset<Row> rows) {
    ctx.console().stage("writing " + table.name());
    long n = ctx.warehouse().replaceDates(table, rows, ctx.dates());
    ctx.console().count("out", table.name(), n);
  }

  /** Fired counts per signal and the accounts with the most fired signals, on the last date. */
  private static void preview(JobContext ctx) {
    Date last = Date.valueOf(ctx.dates().to());
    Dataset<Row> signals = ctx.warehouse().read(FeatureTables.SIGNALS).filter(col(Col.AS_OF_DATE).equalTo(lit(last)));
    StringBuilder sb = new StringBuilder("\nSignals fired on " + last + " (accounts):\n");
    List<Row> perSignal = signals.groupBy(FeatureTables.SIGNAL)
        .agg(sum(when(col(FeatureTables.FIRED), 1).otherwise(0)).as("fired"), count(lit(1)).as("accounts"))
        .orderBy(FeatureTables.SIGNAL).collectAsList();
    for (Row r : perSignal) {
      sb.append(String.format(Locale.ROOT, "  %-26s %6d of %d%n", r.getString(0), r.getLong(1), r.getLong(2)));
    }
    Dataset<Row> features = ctx.warehouse().read(FeatureTables.FEATURES).filter(col(Col.AS_OF_DATE).equalTo(lit(last)));
    long risk = features.filter(col(FeatureTables.IS_RISK)).count();
    sb.append(String.format(Locale.ROOT, "  risk accounts (shallow adoption): %d%n", risk));
    sb.append("Top accounts by fired signals:\n");
    for (Row r : features.withColumn("n", size(col(FeatureTables.FIRED_SIGNALS)))
        .orderBy(desc("n"), col(Col.ACCOUNT_ID)).limit(10)
        .select(col(Col.ACCOUNT_ID), col(Col.SEGMENT), col(FeatureTables.ARR), col("n"),
            col(FeatureTables.FIRED_SIGNALS)).collectAsList()) {
      sb.append(String.format(Locale.ROOT, "  %-14s %-11s ARR %12s  %d  %s%n", r.getString(0), r.getString(1),
          r.getDecimal(2), r.getInt(3), r.getList(4)));
    }
    ctx.console().print(sb.toString());
  }
}
