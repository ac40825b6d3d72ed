package dev.playbook.queue;

import static dev.playbook.queue.QueueFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.Console;
import dev.playbook.cli.DateRange;
import dev.playbook.cli.JobContext;
import dev.playbook.config.Configs;
import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The job end to end on a temporary warehouse: a two-date range, the tables, and the printed queues. */
class QueueJobTest {

  @Test
  void rangeWritesEachDateAndPrintsTheTopOfEachQueue() {
    Warehouse wh = Warehouse.atPath(SharedSpark.session(), SharedSpark.tempDir("queue-job"));
    Acct a = acct("J1");
    Acct b = acct("J2");
    b.segment = "self_serve";
    List<Sig> sigs = new ArrayList<>();
    for (var d : List.of(D1, D2)) {
      sigs.addAll(seatSignals(d, "J1", 0.9, 3 + (int) (d.toEpochDay() - D1.toEpochDay())));
    }
    sigs.addAll(seatSignals(D1, "J2", 0.95, 1));
    QueueBuild.Inputs in = inputs(List.of(D1, D2), List.of(a, b), sigs, List.of(), List.of(), null, null);
    Map<String, Dataset<Row>> tables = Map.of("signals", in.signals(), "features", in.features(),
        "window_positions", in.windows(), "staged_accounts", in.accounts(), "staged_subscriptions",
        in.subscriptions(), "staged_plans", in.plans(), "staged_users", in.users(), "staged_opportunities",
        in.opportunities());
    tables.forEach((name, rows) -> rows.write().format("delta").save(wh.location(name)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), "queue");
    new QueueJob().run(new JobContext(SharedSpark.session(), Configs.load(Path.of("conf/local.yaml")),
        new DateRange(D1, D2), Map.of(), wh, console));
    console.finish();
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("csm_task / csm_ann") && printed.contains("email / lifecycle_email"), printed);
    assertTrue(printed.contains("suppressed 0, held out 0, over capacity 0"), printed);
    // The written row counts come from each commit's metrics in the Delta log: two items per date.
    assertTrue(printed.matches("(?s).*out +expansion_queue " + D1 + " +2 rows.*")
        && printed.matches("(?s).*out +expansion_queue " + D2 + " +2 rows.*"), printed);
    List<String> rows = wh.read("expansion_queue").orderBy("as_of_date", "account_id").collectAsList().stream()
        .map(r -> r.getAs("as_of_date") + " " + r.getAs("account_id") + " " + r.getAs("status")).toList();
    assertEquals(List.of(D1 + " J1 new", D1 + " J2 new", D2 + " J1 continuing", D2 + " J2 resolved"), rows,
        "the second date's lifecycle reads the first date's queue");
    assertEquals(2, wh.read("outbox").select("idempotency_key").distinct().count(),
        "J1's action keeps its key on both dates; J2 has one action");
    assertEquals(3, wh.read("handoff_briefs").count());
  }

  @Test
  void withUseInQueueTheQueueScoresWithTheSavedModelThatBeatTheRules() throws Exception {
    Path dir = SharedSpark.tempDir("queue-propensity");
    Warehouse wh = Warehouse.atPath(SharedSpark.session(), dir.resolve("wh"));
    List<Sig> sigs = new ArrayList<>();
    sigs.addAll(seatSignals(D1, "J1", 0.95, 3));
    sigs.addAll(seatSignals(D1, "J2", 0.86, 1));
    QueueBuild.Inputs in = inputs(List.of(D1), List.of(acct("J1"), acct("J2")), sigs, List.of(), List.of(), null,
        null);
    Map<String, Dataset<Row>> tables = Map.of("signals", in.signals(), "features", in.features(),
        "window_positions", in.windows(), "staged_accounts", in.accounts(), "staged_subscriptions",
        in.subscriptions(), "staged_plans", in.plans(), "staged_users", in.users(), "staged_opportunities",
        in.opportunities());
    tables.forEach((name, rows) -> rows.write().format("delta").save(wh.location(name)));
    Configs configs = Configs.load(dev.playbook.testing.TestEnv.write(dir, dev.playbook.testing.TestEnv
        .shippedPlaybook().replaceAll("use_in_queue: false", "use_in_queue: true")));

    // A seat-expansion model fitted on the fixture's own rows (J1 converted, J2 not), saved, and an evaluation row
    // that chose it.
    List<String> names = dev.playbook.propensity.PropensityFrame.featureNames("seat_expansion");
    Dataset<Row> frame = dev.playbook.propensity.PropensityFrame.unlabelled("seat_expansion", in.signals(),
        in.features(), in.windows(), in.accounts(), configs.playbook().queue().priority(), 60)
        .withColumn("label", org.apache.spark.sql.functions.when(
            org.apache.spark.sql.functions.col("account_id").equalTo("J1"), 1.0).otherwise(0.0));
    String modelPath = dir.resolve("model").toString();
    dev.playbook.propensity.PropensityModel.pipeline(names, configs.playbook().propensity()).fit(frame).write()
        .save(modelPath);
    org.apache.spark.sql.types.StructType schema = dev.playbook.propensity.PropensityTables.MODEL_EVALUATIONS.schema();
    Object[] v = new Object[schema.size()];
    for (int i = 0; i < v.length; i++) {
      var f = schema.fields()[i];
      v[i] = switch (f.name()) {
        case "as_of_date" -> java.sql.Date.valueOf(D1);
        case "expansion_type" -> "seat_expansion";
        case "scorer", "decision" -> "model";
        case "model_version" -> "train_test";
        case "model_path" -> modelPath;
        default -> f.nullable() ? null : f.dataType() instanceof org.apache.spark.sql.types.DateType
            ? java.sql.Date.valueOf(D1) : f.dataType() instanceof org.apache.spark.sql.types.LongType ? 0L
            : f.dataType() instanceof org.apache.spark.sql.types.IntegerType ? 0
            : f.dataType() instanceof org.apache.spark.sql.types.BooleanType ? Boolean.TRUE : "x";
      };
    }
    wh.replaceDates(dev.playbook.propensity.PropensityTables.MODEL_EVALUATIONS, SharedSpark.session()
        .createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(v)), schema), DateRange.of(D1));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), "queue");
    new QueueJob().run(new JobContext(SharedSpark.session(), configs, DateRange.of(D1), Map.of(), wh, console));
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("propensity: seat_expansion scored with model train_test")
        && printed.contains("propensity: cross_sell ranked by the rules"), printed);
    List<Row> scores = wh.read("propensity_scores").orderBy("account_id").collectAsList();
    assertEquals(2, scores.size(), "one score per account of the date: " + scores);
    assertTrue(scores.get(0).<Double>getAs("propensity") > scores.get(1).<Double>getAs("propensity"),
        "J1 (the converted one in the model's data) scores higher: " + scores);
    assertEquals(3, scores.get(0).getList(scores.get(0).fieldIndex("top_contributions")).size());
  }
}
