package dev.playbook.propensity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.Console;
import dev.playbook.cli.DateRange;
import dev.playbook.cli.JobContext;
import dev.playbook.config.Configs;
import dev.playbook.contract.InputTable;
import dev.playbook.io.Warehouse;
import dev.playbook.recalibrate.EvaluationPlan;
import dev.playbook.recalibrate.RecalibrateJob;
import dev.playbook.testing.SharedSpark;
import dev.playbook.testing.TestEnv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The job end to end on a small planted history read from tables: 60 accounts whose seat_utilization is drawn
 * afresh each week; at or above 0.80 an account wins a seat expansion 7 days later with probability 60%, below
 * with 5% (the rules' cutoff is 0.85). Other types have no signal rows: they train no model.
 */
class PropensityJobTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void trainsSavesEvaluatesAndTheQueueScoresWithTheSavedModel() throws Exception {
    Path dir = SharedSpark.tempDir("propensity-job");
    String playbook = TestEnv.shippedPlaybook()
        .replaceAll("lookback_days: \\d+", "lookback_days: 140")
        .replaceAll("horizon_days: \\d+", "horizon_days: 28")
        .replaceAll("holdout_days: \\d+", "holdout_days: 42")
        .replaceAll("use_in_queue: false", "use_in_queue: true")
        .replaceAll("resamples: 200", "resamples: 50");
    Configs configs = Configs.load(TestEnv.write(dir, playbook));
    Warehouse wh = Warehouse.atPath(spark, dir.resolve("wh"));
    LocalDate asOf = LocalDate.parse("2026-06-30");
    EvaluationPlan plan = EvaluationPlan.of(asOf, configs.playbook().recalibrate());

    Random rnd = new Random(22);
    List<Row> signals = new ArrayList<>();
    List<Row> features = new ArrayList<>();
    List<Row> windows = new ArrayList<>();
    List<Row> opps = new ArrayList<>();
    List<Row> accounts = new ArrayList<>();
    for (int j = 0; j < 60; j++) {
      accounts.add(RowFactory.create("a" + j, "csm" + (j % 3), "ae" + (j % 2)));
    }
    List<LocalDate> dates = new ArrayList<>(plan.all());
    dates.add(asOf);
    for (LocalDate d : dates) {
      for (int j = 0; j < 60; j++) {
        String a = "a" + j;
        double v = rnd.nextDouble();
        boolean fired = v >= 0.85;
        signals.add(RowFactory.create(Date.valueOf(d), a, "seat_utilization", v, 0.85, fired,
            fired ? v / 0.85 - 1 : 0.0, fired ? 1 : 0, "days"));
        features.add(RowFactory.create(Date.valueOf(d), a, j % 2 == 0 ? "mid_market" : "enterprise",
            new BigDecimal("12000.00"), false));
        windows.add(RowFactory.create(Date.valueOf(d), a, 200 + j, "late", null, 100 + j, null));
        if (rnd.nextDouble() < (v >= 0.80 ? 0.6 : 0.05)) {
          opps.add(RowFactory.create("o-" + a + "-" + d, a, "seat_expansion", Date.valueOf(d.plusDays(7)),
              Date.valueOf(d.plusDays(10)), "closed_won", new BigDecimal("10000.00"), "csm", null));
        }
      }
    }
    save(signals, "as_of_date DATE, account_id STRING, signal STRING, value DOUBLE, cutoff DOUBLE, fired BOOLEAN, "
        + "strength DOUBLE, streak_length INT, streak_unit STRING", wh, "signals");
    save(features, "as_of_date DATE, account_id STRING, segment STRING, arr DECIMAL(18,2), is_risk BOOLEAN", wh,
        "features");
    save(windows, "as_of_date DATE, account_id STRING, days_since_onboarding INT, phase STRING, "
        + "cross_sell_window_position DOUBLE, days_to_renewal INT, projected_limit_date DATE, "
        + "in_cross_sell_window BOOLEAN", wh, "window_positions", true);
    save(accounts, "account_id STRING, csm_owner STRING, ae_owner STRING", wh, "staged_accounts");
    spark.createDataFrame(opps, InputTable.OPPORTUNITIES.schema()).write().format("delta")
        .save(wh.location("staged_opportunities"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), "propensity");
    JobContext ctx = new JobContext(spark, configs, DateRange.of(asOf),
        Map.of(RecalibrateJob.SIGNALS_FROM_OPTION, RecalibrateJob.TABLE), wh, console);
    new PropensityJob().run(ctx);
    String printed = out.toString(StandardCharsets.UTF_8);
    System.out.print(printed);

    List<Row> evals = wh.read(PropensityTables.MODEL_EVALUATIONS).orderBy("expansion_type", "scorer").collectAsList();
    assertEquals(6, evals.size(), "a model and a rules row per type: " + evals);
    Row seat = evals.stream().filter(r -> r.getAs("expansion_type").equals("seat_expansion")
        && r.getAs("scorer").equals("model")).findFirst().orElseThrow();
    String version = seat.getAs("model_version");
    assertTrue(version.startsWith("train_" + plan.training().get(0) + "_"), "versioned by training window: " + version);
    assertTrue(Files.isDirectory(Path.of(seat.<String>getAs("model_path"))), "saved with MLlib persistence");
    assertTrue(seat.<Double>getAs("auc_roc") > 0.6, "the planted signal is learned: " + seat);
    assertNotNull(seat.getAs("auc_roc_low"), "with a bootstrap interval");
    assertEquals(10, seat.getList(seat.fieldIndex("calibration")).size(), "calibration_bins bins");
    Row seatRules = evals.stream().filter(r -> r.getAs("expansion_type").equals("seat_expansion")
        && r.getAs("scorer").equals("rules")).findFirst().orElseThrow();
    assertNull(seatRules.getAs("brier"), "no Brier for a rank score");
    assertEquals(seat.<Long>getAs("holdout_rows"), seatRules.<Long>getAs("holdout_rows"), "the same holdout rows");
    Row plan2 = evals.stream().filter(r -> r.getAs("expansion_type").equals("plan_upgrade")
        && r.getAs("scorer").equals("model")).findFirst().orElseThrow();
    assertNull(plan2.getAs("model_version"), "no data, no model");
    assertEquals("rules", plan2.getAs("decision"));
    assertTrue(printed.contains("seat_expansion: ") && printed.contains("plan_upgrade: rules (no model"), printed);

    List<Row> weights = wh.read(PropensityTables.MODEL_WEIGHTS).orderBy("weight_rank").collectAsList();
    assertTrue(weights.get(0).<String>getAs("feature").startsWith("seat_utilization__"),
        "the largest weight is the planted signal's: " + weights);

    // The queue's side: the saved model scores the as-of date's accounts (no training), with three contributions.
    QueueScoring.Chosen chosen = new QueueScoring.Chosen("seat_expansion", version, seat.getAs("model_path"), asOf);
    List<Row> scores = QueueScoring.score(chosen, QueueScoring.load(chosen), wh.read("signals"), wh.read("features"),
        wh.read("window_positions"), wh.read("staged_accounts"), asOf, configs.playbook().queue().priority(), 28)
        .collectAsList();
    assertEquals(60, scores.size(), "one score per account at the date");
    for (Row r : scores) {
      double p = r.getAs("propensity");
      assertTrue(p > 0 && p < 1, r.toString());
      assertEquals(3, r.getList(r.fieldIndex("top_contributions")).size(), r.toString());
    }
    assertEquals("model".equals(seat.getAs("decision")),
        QueueScoring.chosen(wh.read(PropensityTables.MODEL_EVALUATIONS), asOf).containsKey("seat_expansion"),
        "the queue picks the model exactly when the run decided for it");
  }

  private void save(List<Row> rows, String ddl, Warehouse wh, String table) {
    save(rows, ddl, wh, table, false);
  }

  private void save(List<Row> rows, String ddl, Warehouse wh, String table, boolean withWindowFlag) {
    StructType schema = StructType.fromDDL(ddl);
    List<Row> padded = rows;
    if (withWindowFlag) {
      padded = rows.stream().map(r -> {
        Object[] v = new Object[r.size() + 1];
        for (int i = 0; i < r.size(); i++) {
          v[i] = r.get(i);
        }
        v[r.size()] = false;
        return RowFactory.create(v);
      }).toList();
    }
    spark.createDataFrame(padded, schema).write().format("delta").save(wh.location(table));
  }
}
