package dev.playbook.recalibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.Console;
import dev.playbook.cli.DateRange;
import dev.playbook.cli.JobContext;
import dev.playbook.config.Configs;
import dev.playbook.io.Warehouse;
import dev.playbook.testing.SharedSpark;
import dev.playbook.testing.TestEnv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The job end to end on a small planted history: tables, patch file and summary. */
class RecalibrateJobTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void writesSweepsRecommendationsAndAPatch() throws IOException {
    Path dir = SharedSpark.tempDir("recal-job");
    // The shipped playbook, with a history short enough for a test; the planted history draws each date's
    // value afresh, so every date at or above a cutoff is a fire.
    String playbook = TestEnv.shippedPlaybook()
        .replaceAll("fires: new", "fires: every_date")
        .replaceAll("lookback_days: \\d+", "lookback_days: 120")
        .replaceAll("horizon_days: \\d+", "horizon_days: 28")
        .replaceAll("holdout_days: \\d+", "holdout_days: 28");
    Configs configs = Configs.load(TestEnv.write(dir, playbook));
    Warehouse wh = Warehouse.atPath(spark, dir.resolve("wh"));

    LocalDate asOf = LocalDate.parse("2026-06-30");
    EvaluationPlan plan = EvaluationPlan.of(asOf, configs.playbook().recalibrate());
    Map<String, double[]> planted = new LinkedHashMap<>();
    planted.put("seat_utilization", new double[] {0.80, 0.0, 1.0, 0.85});
    PlantedHistory history = new PlantedHistory(spark, plan.all(), planted, 80, 7L);
    history.signals.write().format("delta").save(wh.location("signals"));
    history.opportunities.write().format("delta").save(wh.location("staged_opportunities"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), "recalibrate");
    new RecalibrateJob().run(new JobContext(spark, configs, DateRange.of(asOf),
        Map.of(RecalibrateJob.SIGNALS_FROM_OPTION, RecalibrateJob.TABLE), wh, console));
    String printed = out.toString(StandardCharsets.UTF_8);

    List<Row> recs = wh.read("threshold_recommendations").collectAsList();
    assertEquals(1, recs.size(), "one recommendation per signal: " + recs);
    Row r = recs.get(0);
    assertEquals("change", r.getAs("decision"), r.toString());
    assertEquals(0.80, r.<Double>getAs("recommended_cutoff"), 0.025 + 1e-9,
        "within one grid step of the planted 0.80: " + r);
    assertEquals(0.85, r.<Double>getAs("current_cutoff"), 1e-12, "current cutoff read from the signals table");
    assertTrue(r.<String>getAs("config_version").startsWith("2026."), r.toString());

    long periods = wh.read("threshold_sweeps").select("period").distinct().count();
    assertEquals(2, periods, "training and holdout sweeps are written");

    Path patch = dir.resolve("recommendations").resolve("playbook.patch.2026-06-30.yaml");
    assertTrue(Files.exists(patch), "the patch is written beside the playbook config");
    String yaml = Files.readString(patch);
    assertTrue(yaml.contains("signals:\n  seat_utilization:\n    # change (better_objective): 0.85 -> "), yaml);
    assertTrue(yaml.contains("    cutoff: " + RecommendationReport.num(r.<Double>getAs("recommended_cutoff"))),
        yaml);
    assertTrue(printed.contains("Recommendations as of 2026-06-30") && printed.contains("seat_utilization"),
        printed);
  }
}
