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
}
