package dev.playbook.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.Console;
import dev.playbook.cli.DateRange;
import dev.playbook.cli.JobContext;
import dev.playbook.config.Configs;
import dev.playbook.io.OutputTable;
import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The job end to end: staged tables in, three commented tables out, a rerun of a date replaces that date. */
class FeaturesJobTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void writesThreeTablesAndARerunReplacesItsDate() {
    Path root = SharedSpark.tempDir("features-job");
    Warehouse wh = Warehouse.atPath(spark, root);
    Fixture world = new Fixture()
        .plan("core_basic", "core", 1, 1000L, null, "f1", "f2")
        .account("a1", "mid_market", false, "2026-01-01")
        .subscription("a1", "core", "core_basic", "2026-04-01", "2026-05-01", 2, null, "100.00", "2026-12-31")
        .user("a1u1", "a1", "eng", "2026-01-01", "2026-01-01", null)
        .user("a1u2", "a1", "ops", "2026-01-01", "2026-01-01", null)
        .dailyActivity("a1", "a1u1", "2026-04-20", "2026-04-30", "core", "f1", 2)
        .activity("a1", "a1u2", "2026-04-29", "core", "f2", 1);
    FeatureInputs in = world.inputs();
    List<org.apache.spark.sql.Dataset<Row>> frames = List.of(in.accounts(), in.plans(), in.planFeatures(),
        in.subscriptions(), in.users(), in.userActivityDaily(), in.apiUsageDaily(), in.gateEvents());
    for (int i = 0; i < frames.size(); i++) {
      frames.get(i).write().format("delta").save(wh.location("staged_" + FeatureInputs.TABLES.get(i).tableName()));
    }
    Configs configs = Configs.load(Path.of("conf/local.yaml"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), "features");
    FeaturesJob job = new FeaturesJob();
    Scenario.fast(() -> {
      job.run(new JobContext(spark, configs, new DateRange(LocalDate.parse("2026-04-29"),
          LocalDate.parse("2026-04-30")), Map.of(), wh, console));
      job.run(new JobContext(spark, configs, DateRange.of(LocalDate.parse("2026-04-30")), Map.of(), wh, console));
      return null;
    });

    assertEquals(20, wh.read(FeatureTables.SIGNALS).count(), "10 signals x 2 dates: the rerun of 04-30 replaced it");
    assertEquals(2, wh.read(FeatureTables.FEATURES).count(), "one row per account and date");
    assertEquals(2, wh.read(FeatureTables.WINDOW_POSITIONS).count(), "one row per account and date");
    for (OutputTable t : List.of(FeatureTables.SIGNALS, FeatureTables.FEATURES, FeatureTables.WINDOW_POSITIONS)) {
      String comment = spark.sql("DESCRIBE DETAIL delta.`" + wh.location(t.name()) + "`").first().getAs("description");
      assertTrue(comment.startsWith("Grain: " + t.grain()), t.name() + " states its grain: " + comment);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("Signals fired on 2026-04-30") && printed.contains("seat_utilization"), printed);
    Row seat = wh.read(FeatureTables.SIGNALS).filter("signal = 'seat_utilization' AND as_of_date = '2026-04-30'")
        .first();
    assertEquals(1.0, seat.<Double>getAs("value"), 1e-9, "2 active users of 2 seats");
  }
}
