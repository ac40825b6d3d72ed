package dev.playbook.queue;

import static dev.playbook.contract.Col.*;
import static dev.playbook.queue.QueueColumns.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.cli.DateRange;
import dev.playbook.cli.Job;
import dev.playbook.cli.JobContext;
import dev.playbook.config.QueueConfig;
import dev.playbook.contract.InputTable;
import dev.playbook.io.OutputTable;
import dev.playbook.io.Warehouse;
import dev.playbook.propensity.PropensityTables;
import dev.playbook.propensity.QueueScoring;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code playbook queue --as-of D}: reads the features job's tables and the staged contract tables, builds
 * the ranked expansion queue, handoff briefs and outbox of each date ({@link QueueBuild}) and replaces those
 * dates in expansion_queue, handoff_briefs and outbox. A range runs date by date, oldest first, because each
 * date's lifecycle reads the previous date's queue. Prints the top of each owner's queue.
 */
public final class QueueJob implements Job {
  @Override
  public String name() {
    return "queue";
  }

  @Override
  public String summary() {
    return "expansion type, routing, priority and capacity: the ranked queue, handoff briefs and CRM/email outbox";
  }

  @Override
  public void run(JobContext ctx) {
    QueueConfig cfg = ctx.playbook().queue();
    String version = ctx.configs().configVersion();
    Warehouse wh = ctx.warehouse();
    SparkSession spark = ctx.spark();
    Dataset<Row> signals = wh.read("signals");
    Dataset<Row> features = wh.read("features");
    Dataset<Row> windows = wh.read("window_positions");
    Dataset<Row> accounts = staged(wh, InputTable.ACCOUNTS);
    Dataset<Row> subscriptions = staged(wh, InputTable.SUBSCRIPTIONS);
    Dataset<Row> plans = staged(wh, InputTable.PLANS);
    Dataset<Row> users = staged(wh, InputTable.USERS);
    Dataset<Row> opportunities = staged(wh, InputTable.OPPORTUNITIES);
    String activitiesTable = "staged_" + InputTable.ACTIVITIES.tableName();
    Dataset<Row> activities = wh.exists(activitiesTable) ? wh.read(activitiesTable)
        : spark.createDataFrame(List.of(), InputTable.ACTIVITIES.schema());
    EmailTemplate template = EmailTemplate.forPlaybook(ctx.configs().playbookFile(), cfg.outbox().emailTemplate());
    for (LocalDate asOf : ctx.dates().dates()) {
      ctx.console().stage("queue as of " + asOf);
      Dataset<Row> previousQueue = existingOrEmpty(spark, wh, QueueTables.EXPANSION_QUEUE);
      Dataset<Row> previousOutbox = existingOrEmpty(spark, wh, QueueTables.OUTBOX);
      QueueBuild.Outputs out = QueueBuild.build(new QueueBuild.Inputs(signals, features, windows, accounts,
          subscriptions, plans, users, opportunities, activities, previousQueue, previousOutbox), asOf, cfg, version, template);
      DateRange day = DateRange.of(asOf);
      // The queue is written last: the lifecycle of the next date reads it, so it must not run ahead of the
      // briefs and outbox of its own date.
      long briefs = wh.replaceDates(QueueTables.HANDOFF_BRIEFS, out.briefs(), day);
      long actions = wh.replaceDates(QueueTables.OUTBOX, out.outbox(), day);
      long items = wh.replaceDates(QueueTables.EXPANSION_QUEUE, out.queue(), day);
      ctx.console().count("out", QueueTables.EXPANSION_QUEUE.name() + " " + asOf, items);
      ctx.console().count("out", QueueTables.HANDOFF_BRIEFS.name() + " " + asOf, briefs);
      ctx.console().count("out", QueueTables.OUTBOX.name() + " " + asOf, actions);
      if (ctx.playbook().propensity().useInQueue()) {
        scoreWithModels(ctx, signals, features, windows, accounts, asOf, cfg);
      }
      Dataset<Row> written = wh.read(QueueTables.EXPANSION_QUEUE).filter(col(AS_OF_DATE).equalTo(lit(Date.valueOf(asOf))));
      ctx.console().print(QueuePreview.render(written, cfg.previewRows()));
    }
  }

  /**
   * With propensity.use_in_queue: per type whose latest saved model beat the rules (model_evaluations), loads the
   * model and writes each account's propensity and top three contributions at the date to propensity_scores.
   * No training here; types without such a model keep the rules alone.
   */
  private static void scoreWithModels(JobContext ctx, Dataset<Row> signals, Dataset<Row> features,
      Dataset<Row> windows, Dataset<Row> accounts, LocalDate asOf, QueueConfig cfg) {
    Warehouse wh = ctx.warehouse();
    Map<String, QueueScoring.Chosen> chosen = wh.exists(PropensityTables.MODEL_EVALUATIONS.name())
        ? QueueScoring.chosen(wh.read(PropensityTables.MODEL_EVALUATIONS), asOf) : Map.of();
    Dataset<Row> scores = ctx.spark().createDataFrame(List.of(), PropensityTables.PROPENSITY_SCORES.schema());
    for (String type : QueueConfig.TYPES) {
      QueueScoring.Chosen c = chosen.get(type);
      if (c == null) {
        ctx.console().stage("propensity: " + type + " ranked by the rules (no saved model that beat them as of " + asOf
            + ")");
        continue;
      }
      ctx.console().stage("propensity: " + type + " scored with model " + c.version() + " (evaluated as of "
          + c.trainedAsOf() + ")");
      scores = scores.unionByName(QueueScoring.score(c, QueueScoring.load(c), signals, features, windows, accounts,
          asOf, cfg.priority(), ctx.playbook().recalibrate().horizonDays()));
    }
    long n = wh.replaceDates(PropensityTables.PROPENSITY_SCORES, scores, DateRange.of(asOf));
    ctx.console().count("out", PropensityTables.PROPENSITY_SCORES.name() + " " + asOf, n);
  }

  /** A staged contract table (all rows; each transform keeps those dated on or before its as-of date). */
  private static Dataset<Row> staged(Warehouse wh, InputTable t) {
    return wh.read("staged_" + t.tableName());
  }

  private static Dataset<Row> existingOrEmpty(SparkSession spark, Warehouse wh, OutputTable table) {
    return wh.exists(table.name()) ? wh.read(table)
        : spark.createDataFrame(List.of(), table.schema());
  }

  @Override
  public Map<String, String> options() {
    return Map.of();
  }
}
