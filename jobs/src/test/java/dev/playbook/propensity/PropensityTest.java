package dev.playbook.propensity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.config.PropensityConfig;
import dev.playbook.contract.Col;
import dev.playbook.testing.SharedSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The propensity step's pieces on tiny hand-made frames: time split, contributions, holdout metrics. */
class PropensityTest {
  private final SparkSession spark = SharedSpark.session();

  static final PropensityConfig CFG = new PropensityConfig(false, "logistic", 0.0, 0.0, 100,
      new PropensityConfig.Gbt(10, 2, 0.1), 4, new PropensityConfig.Bootstrap(50, 22), 1);

  private Dataset<Row> dated(String... dates) {
    List<Row> rows = new ArrayList<>();
    for (String d : dates) {
      rows.add(RowFactory.create(Date.valueOf(d), "a" + rows.size()));
    }
    return spark.createDataFrame(rows, new StructType().add(Col.AS_OF_DATE, DataTypes.DateType)
        .add(Col.ACCOUNT_ID, DataTypes.StringType));
  }

  @Test
  void timeSplitKeepsEveryHoldoutRowOutOfTrainingWithAGapOverTheHorizon() {
    Dataset<Row> frame = dated("2026-01-01", "2026-01-08", "2026-02-05", "2026-03-12", "2026-03-19");
    List<LocalDate> training = List.of(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-08"));
    List<LocalDate> holdout = List.of(LocalDate.parse("2026-03-12"), LocalDate.parse("2026-03-19"));
    TimeSplit split = TimeSplit.of(frame, training, holdout, 60);
    assertEquals(2, split.training().count(), "the two training dates' rows; 2026-02-05 is in the gap, in neither");
    assertEquals(2, split.holdout().count(), "the two holdout dates' rows");
    assertTrue(split.training().join(split.holdout(), Col.AS_OF_DATE).isEmpty(), "no holdout date in training");

    // 2026-01-08 + 63 days = 2026-03-12: a 63-day horizon's label window reaches the first holdout date.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TimeSplit.of(frame, training, holdout, 63));
    assertTrue(e.getMessage().contains("must exceed the label horizon (63 days)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TimeSplit.of(frame, training, List.of(), 60),
        "no holdout, no comparison");
  }

  @Test
  void topContributionsAreCoefficientTimesStandardisedValueComputedByHand() {
    // beta = (2, -1, 0.5), mean = (1, 10, 0), sd = (0.5, 5, 2); the row x = (2, 0, 1):
    //   z = ((2-1)/0.5, (0-10)/5, (1-0)/2) = (2, -2, 0.5); beta*z = (4, 2, 0.25).
    // and the row x = (1, 20, -8): z = (0, 2, -4); beta*z = (0, -2, -2).
    Dataset<Row> frame = spark.createDataFrame(List.of(RowFactory.create("r1", 2.0, 0.0, 1.0),
        RowFactory.create("r2", 1.0, 20.0, -8.0)), new StructType().add("id", DataTypes.StringType)
        .add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType).add("x3", DataTypes.DoubleType));
    List<Row> rows = frame.withColumn(PropensityCol.TOP_CONTRIBUTIONS, PropensityModel.top(List.of("x1", "x2", "x3"),
        new double[] {2, -1, 0.5}, new double[] {1, 10, 0}, new double[] {0.5, 5, 2}, 2)).orderBy("id").collectAsList();
    List<Row> r1 = rows.get(0).getList(4);
    assertEquals(2, r1.size(), "the n largest");
    assertEquals("x1", r1.get(0).getString(0), "largest |contribution| first");
    assertEquals(4.0, r1.get(0).getDouble(2), 1e-12, "2 * (2-1)/0.5");
    assertEquals(2.0, r1.get(0).getDouble(1), 1e-12, "the feature's own value rides along");
    assertEquals("x2", r1.get(1).getString(0));
    assertEquals(2.0, r1.get(1).getDouble(2), 1e-12, "-1 * (0-10)/5");
    List<Row> r2 = rows.get(1).getList(4);
    assertEquals(-2.0, r2.get(0).getDouble(2), 1e-12, "negative contributions rank by size: -1 * (20-10)/5 or "
        + "0.5 * (-8-0)/2");
    assertEquals(-2.0, r2.get(1).getDouble(2), 1e-12);
  }

  @Test
  void aFittedModelsContributionsAddUpToItsLogOdds() {
    List<Row> rows = new ArrayList<>();
    java.util.Random rnd = new java.util.Random(5);
    for (int i = 0; i < 80; i++) {
      double x1 = rnd.nextDouble();
      double x2 = rnd.nextGaussian() * 3;
      double y = rnd.nextDouble() < (x1 > 0.6 ? 0.7 : 0.15) ? 1.0 : 0.0;
      rows.add(RowFactory.create(x1, x2, y));
    }
    Dataset<Row> frame = spark.createDataFrame(rows, new StructType().add("x1", DataTypes.DoubleType)
        .add("x2", DataTypes.DoubleType).add(PropensityCol.LABEL, DataTypes.DoubleType));
    List<String> features = List.of("x1", "x2");
    PipelineModel model = PropensityModel.pipeline(features, CFG).fit(frame);
    double intercept = PropensityModel.logistic(model).intercept();
    List<Row> scored = PropensityModel.withContributions(model, features, PropensityModel.score(model, frame))
        .select(PropensityCol.PROPENSITY, PropensityCol.TOP_CONTRIBUTIONS).collectAsList();
    for (Row r : scored) {
      double p = r.getDouble(0);
      double sum = intercept;
      for (Row c : r.<Row>getList(1)) {
        sum += c.getDouble(2);
      }
      assertEquals(Math.log(p / (1 - p)), sum, 1e-9, "intercept + sum of beta*z is the model's log-odds");
    }
    assertTrue(PropensityModel.logistic(model).coefficients().apply(0) > 0, "x1 drives conversion");
  }

  @Test
  void holdoutAucsMatchSparksEvaluatorAndCapacityTakesEachOwnersTopRows() {
    double[] score = {0.9, 0.8, 0.8, 0.6, 0.4, 0.4, 0.3, 0.1};
    double[] label = {1, 1, 0, 0, 1, 0, 0, 0};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < score.length; i++) {
      rows.add(RowFactory.create(score[i], label[i]));
    }
    Dataset<Row> frame = spark.createDataFrame(rows, new StructType().add("s", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType));
    BinaryClassificationEvaluator ev = new BinaryClassificationEvaluator().setRawPredictionCol("s").setLabelCol("y");
    int[] all = HoldoutMetrics.all(score.length);
    assertEquals(ev.setMetricName("areaUnderROC").evaluate(frame), HoldoutMetrics.aucRoc(score, label, all), 1e-12,
        "ties counted half, as Spark");
    assertEquals(ev.setMetricName("areaUnderPR").evaluate(frame), HoldoutMetrics.aucPr(score, label, all), 1e-12);
    // by hand: 3 positives, 5 negatives; pairs ranked right: 0.9 beats 5, 0.8 beats 4 and ties 1, 0.4 beats 2,
    // ties 1 -> (5 + 4.5 + 2.5) / 15
    assertEquals(12.0 / 15, HoldoutMetrics.aucRoc(score, label, all), 1e-12);

    // Two owners, capacity 1 each, two dates: each owner's top row per date.
    List<HoldoutMetrics.Obs> obs = List.of(
        new HoldoutMetrics.Obs("d1", "a", "o1", 1, 100), new HoldoutMetrics.Obs("d1", "b", "o1", 0, 0),
        new HoldoutMetrics.Obs("d1", "c", "o2", 0, 0), new HoldoutMetrics.Obs("d2", "a", "o1", 0, 0),
        new HoldoutMetrics.Obs("d2", "c", "o2", 1, 300), new HoldoutMetrics.Obs("d2", "d", "o2", 1, 50));
    double[] s = {0.9, 0.1, 0.5, 0.2, 0.3, 0.8};
    double[] at = HoldoutMetrics.atCapacity(s, obs, HoldoutMetrics.all(6), owner -> 1, 2);
    // selected: d1 a (won 100), d1 c, d2 a, d2 d (won 50): precision 2/4, 2 per date, ARR 150 / 2 dates
    assertEquals(0.5, at[0], 1e-12);
    assertEquals(2.0, at[1], 1e-12);
    assertEquals(75.0, at[2], 1e-12);
    assertEquals(HoldoutMetrics.accountResamples(obs, 5, 1).get(3).length,
        HoldoutMetrics.accountResamples(obs, 5, 1).get(3).length, "the same seed gives the same resamples");
  }
}
