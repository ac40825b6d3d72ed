package dev.playbook.recalibrate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.playbook.cli.InputException;
import dev.playbook.cli.Job;
import dev.playbook.cli.JobContext;
import dev.playbook.cli.UsageException;
import dev.playbook.config.PlaybookConfig;
import dev.playbook.config.RecalibrateConfig;
import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import dev.playbook.features.FeatureInputs;
import dev.playbook.features.PointInTimeFeatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code bin/playbook recalibrate --as-of D}: sweeps every signal's cutoff against historical closed-won
 * expansions, point-in-time, and recommends new cutoffs with evidence (docs/RECALIBRATE.md).
 *
 * <ol>
 *   <li>Compute the point-in-time signal values and window positions at the evaluation dates from the staged
 *       inputs with the features code ({@link PointInTimeFeatures}, one pass over the evaluation span), or
 *       with {@code --signals-from table} read them from the features job's {@code signals} and
 *       {@code window_positions} tables (which must then cover the evaluation dates); read the staged
 *       opportunities.</li>
 *   <li>Label them ({@link Labels}), sweep the training and holdout periods and recommend
 *       ({@link Recalibration}).</li>
 *   <li>Write {@code threshold_sweeps} and {@code threshold_recommendations} (replacing the as-of date), the
 *       YAML patch beside the playbook config, and print a summary.</li>
 * </ol>
 */
public final class RecalibrateJob implements Job {
  public static final String SIGNALS_TABLE = "signals";
  public static final String WINDOW_POSITIONS_TABLE = "window_positions";
  public static final String PATCH_OPTION = "patch";
  public static final String SIGNALS_FROM_OPTION = "signals-from";
  public static final String COMPUTE = "compute";
  public static final String TABLE = "table";

  @Override
  public String name() {
    return "recalibrate";
  }

  @Override
  public String summary() {
    return "sweep every signal's cutoff against closed-won history and recommend cutoffs with evidence";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(PATCH_OPTION, "where to write the YAML patch (default: recommendations/playbook.patch.<as-of>"
        + ".yaml in the playbook config's folder)",
        SIGNALS_FROM_OPTION, "compute (default): compute the signals at the evaluation dates from the staged "
            + "inputs with the features code, in one pass; table: read the signals and window_positions tables");
  }

  @Override
  public void run(JobContext ctx) {
    if (!ctx.dates().isSingleDay()) {
      throw new UsageException("recalibrate takes one --as-of date, not a range");
    }
    LocalDate asOf = ctx.dates().from();
    RecalibrateConfig cfg = ctx.playbook().recalibrate();
    EvaluationPlan plan = EvaluationPlan.of(asOf, cfg);
    ctx.console().stage(String.format("evaluation dates: training %d (%s..%s), holdout %d%s, horizon %d days",
        plan.training().size(), plan.training().get(0), plan.training().get(plan.training().size() - 1),
        plan.holdout().size(), plan.holdout().isEmpty() ? ""
            : " (" + plan.holdout().get(0) + ".." + plan.holdout().get(plan.holdout().size() - 1) + ")",
        cfg.horizonDays()) + "; fires: " + RecommendationReport.describeFires(cfg));

    // 1. Inputs: signal values at the evaluation dates (cross-sell breadth only inside its window), the
    //    cutoffs in use, the opportunities.
    String from = ctx.option(SIGNALS_FROM_OPTION).orElse(COMPUTE);
    Dataset<Row> daily = null;
    Dataset<Row> signals;
    Dataset<Row> windowPositions;
    if (COMPUTE.equals(from)) {
      List<LocalDate> dates = plan.valueDates();
      ctx.console().stage("computing signals at " + dates.size() + " dates from the staged inputs (features code, "
          + "one pass over " + dates.get(0) + ".." + dates.get(dates.size() - 1) + ")");
      PlaybookConfig pb = ctx.playbook();
      FeatureInputs inputs = FeatureInputs.fromWarehouse(ctx.warehouse());
      LocalDate first = dates.get(0);
      daily = PointInTimeFeatures.daily(inputs, first, dates.get(dates.size() - 1), pb.signals(),
          pb.windows()).persist(StorageLevel.MEMORY_AND_DISK());
      PointInTimeFeatures.Outputs out = PointInTimeFeatures.outputs(daily, inputs.plans(), first, pb.signals(),
          pb.windows(), pb.risk());
      signals = out.signals();
      windowPositions = out.windowPositions();
    } else if (TABLE.equals(from)) {
      signals = ctx.warehouse().read(SIGNALS_TABLE);
      windowPositions = ctx.warehouse().exists(WINDOW_POSITIONS_TABLE)
          ? ctx.warehouse().read(WINDOW_POSITIONS_TABLE) : null;
    } else {
      throw new UsageException("--" + SIGNALS_FROM_OPTION + " must be " + COMPUTE + " or " + TABLE + ", was '"
          + from + "'");
    }
    RequireColumns.of(signals, "signals", Col.AS_OF_DATE, Col.ACCOUNT_ID, RecalCol.SIGNAL, RecalCol.VALUE,
        RecalCol.CUTOFF);
    Dataset<Row> values = Recalibration.inDates(signals, plan.valueDates())
        .select(Col.AS_OF_DATE, Col.ACCOUNT_ID, RecalCol.SIGNAL, RecalCol.VALUE, RecalCol.CUTOFF);
    if (TABLE.equals(from)) {
      checkCoverage(ctx, values, plan);
    }
    Map<String, Double> current = currentCutoffs(values, asOf);
    if (windowPositions != null) {
      values = CrossSellWindow.restrict(values, Recalibration.inDates(windowPositions, plan.valueDates()));
    } else {
      ctx.console().stage("warning: no " + WINDOW_POSITIONS_TABLE + " table; " + CrossSellWindow.SIGNAL
          + " is swept over all account-dates, not only those in the cross-sell window");
    }
    Dataset<Row> opportunities = ctx.warehouse().read("staged_" + InputTable.OPPORTUNITIES.tableName());

    // 2. Label, sweep, recommend.
    ctx.console().stage("labelling history and sweeping cutoffs");
    Dataset<Row> labelled = Labels.label(values, opportunities, asOf, cfg.horizonDays(), cfg.openExpansionPolicy(),
        cfg.warmupDays()).cache();
    labelled.count();
    if (daily != null) {
      daily.unpersist();
    }
    Recalibration.Result result = Recalibration.recalibrate(labelled, plan, cfg, current);

    // 3. Outputs.
    ctx.console().stage("writing " + RecalibrateTables.THRESHOLD_SWEEPS.name() + " and "
        + RecalibrateTables.THRESHOLD_RECOMMENDATIONS.name());
    long sweepRows = ctx.warehouse().replaceDates(RecalibrateTables.THRESHOLD_SWEEPS,
        result.sweeps().withColumn(Col.AS_OF_DATE, lit(Date.valueOf(asOf))), ctx.dates());
    List<Row> recRows = RecommendationReport.rows(result.recommendations(), plan, cfg.objective(),
        ctx.configs().configVersion());
    long recCount = ctx.warehouse().replaceDates(RecalibrateTables.THRESHOLD_RECOMMENDATIONS,
        ctx.spark().createDataFrame(recRows, RecalibrateTables.THRESHOLD_RECOMMENDATIONS.schema()), ctx.dates());
    Path patch = ctx.option(PATCH_OPTION).map(ctx::resolve).orElse(ctx.configs().playbookFile()
        .toAbsolutePath().getParent().resolve("recommendations").resolve("playbook.patch." + asOf + ".yaml"));
    writePatch(patch, RecommendationReport.patch(result.recommendations(), plan, cfg,
        ctx.configs().configVersion(), ctx.configs().playbookFile().getFileName().toString()));

    ctx.console().print("\nRecommendations as of " + asOf + " (" + RecommendationReport.describe(cfg.objective())
        + "):\n" + RecommendationReport.summary(result.recommendations()) + "  patch: " + patch);
    ctx.console().count("out", RecalibrateTables.THRESHOLD_SWEEPS.name(), sweepRows);
    ctx.console().count("out", RecalibrateTables.THRESHOLD_RECOMMENDATIONS.name(), recCount);
    result.sweeps().unpersist();
    labelled.unpersist();
  }

  /** Fails when the signals table holds none of the evaluation dates; warns about the ones it lacks. */
  private static void checkCoverage(JobContext ctx, Dataset<Row> values, EvaluationPlan plan) {
    Set<LocalDate> present = new HashSet<>();
    for (Row r : values.select(Col.AS_OF_DATE).distinct().collectAsList()) {
      present.add(r.getDate(0).toLocalDate());
    }
    List<LocalDate> dates = plan.valueDates();
    List<LocalDate> missing = dates.stream().filter(d -> !present.contains(d)).toList();
    String backfill = "bin/playbook features --from " + dates.get(0) + " --to " + dates.get(dates.size() - 1);
    if (present.stream().noneMatch(plan.training()::contains)) {
      throw new InputException("table " + SIGNALS_TABLE + " holds none of the " + plan.training().size()
          + " training evaluation dates " + plan.training().get(0) + ".."
          + plan.training().get(plan.training().size() - 1) + "; backfill them first: " + backfill);
    }
    if (!missing.isEmpty()) {
      ctx.console().stage("warning: table " + SIGNALS_TABLE + " lacks " + missing.size() + " of "
          + dates.size() + " dates the run reads (first missing " + missing.get(0) + "); they are skipped. "
          + "Backfill with: " + backfill);
    }
  }

  /** The cutoff each signal used at the latest date on or before the as-of date (the config's, when computed). */
  static Map<String, Double> currentCutoffs(Dataset<Row> signals, LocalDate asOf) {
    Dataset<Row> upTo = signals.filter(col(Col.AS_OF_DATE).leq(lit(Date.valueOf(asOf))));
    Row latest = upTo.agg(max(Col.AS_OF_DATE)).first();
    Map<String, Double> out = new LinkedHashMap<>();
    if (latest.isNullAt(0)) {
      return out;
    }
    for (Row r : upTo.filter(col(Col.AS_OF_DATE).equalTo(latest.get(0)))
        .groupBy(RecalCol.SIGNAL).agg(max(RecalCol.CUTOFF)).collectAsList()) {
      if (!r.isNullAt(1)) {
        out.put(r.getString(0), ((Number) r.get(1)).doubleValue());
      }
    }
    return out;
  }

  private static void writePatch(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the recommendation patch " + file, e);
    }
  }
}
