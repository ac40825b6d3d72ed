package dev.playbook.queue;

import static dev.playbook.contract.Col.*;
import static dev.playbook.queue.QueueColumns.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.config.QueueConfig;
import dev.playbook.io.OutputTable;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The queue of one as-of date, end to end and without side effects: gates → routing → holdout, lifecycle,
 * suppression, priority, ranks, capacity → briefs → outbox. The job reads the inputs and writes the outputs.
 */
public final class QueueBuild {
  private QueueBuild() {}

  /** The inputs; each may hold any dates, each step keeps what is dated on or before the as-of date. */
  public record Inputs(Dataset<Row> signals, Dataset<Row> features, Dataset<Row> windows, Dataset<Row> accounts,
      Dataset<Row> subscriptions, Dataset<Row> plans, Dataset<Row> users, Dataset<Row> opportunities,
      Dataset<Row> activities, Dataset<Row> previousQueue, Dataset<Row> previousOutbox) {}

  /** The three output tables' rows for the date, each with exactly its table's columns. */
  public record Outputs(Dataset<Row> queue, Dataset<Row> briefs, Dataset<Row> outbox) {}

  /** As below, with the email template of the shipped conf/playbook.yaml (tests and tools run from the repo). */
  public static Outputs build(Inputs in, LocalDate asOf, QueueConfig cfg, String configVersion) {
    return build(in, asOf, cfg, configVersion,
        EmailTemplate.forPlaybook(java.nio.file.Path.of("conf/playbook.yaml"), cfg.outbox().emailTemplate()));
  }

  public static Outputs build(Inputs in, LocalDate asOf, QueueConfig cfg, String configVersion,
      EmailTemplate template) {
    Dataset<Row> context = AccountContext.accountContext(in.accounts(), in.subscriptions(), in.plans(), in.users(),
        asOf, cfg.expansion().newDivisionDays());
    Dataset<Row> candidates = ExpansionGates.qualify(in.signals(), in.features(), in.windows(), context, asOf,
        cfg.expansion(), cfg.priority().daysPerPeriod());
    Dataset<Row> routed = Routing.route(candidates, cfg.routing());
    // The items feed the briefs, the outbox and the next date's lifecycle; a local checkpoint (one row per
    // account, small) cuts their lineage so those plans do not repeat the whole item plan several times over.
    Dataset<Row> items = ExpansionQueue.build(routed, in.opportunities(), in.previousQueue(), in.previousOutbox(),
        asOf, cfg).withColumn(CONFIG_VERSION, lit(configVersion)).localCheckpoint(false);
    Dataset<Row> briefs = HandoffBriefs.build(items, in.signals(), in.opportunities(), in.activities(), asOf, cfg,
        configVersion);
    Dataset<Row> outbox = Outbox.build(items, briefs, in.signals(), in.opportunities(), in.previousOutbox(), asOf, cfg,
        template, configVersion);
    return new Outputs(project(items, QueueTables.EXPANSION_QUEUE), project(briefs, QueueTables.HANDOFF_BRIEFS),
        project(outbox, QueueTables.OUTBOX));
  }

  /** Keeps and orders the table's declared columns (the transforms carry working columns too). */
  static Dataset<Row> project(Dataset<Row> rows, OutputTable table) {
    return rows.select(Arrays.stream(table.schema().fieldNames()).map(c -> col(c)).toArray(Column[]::new));
  }
}
