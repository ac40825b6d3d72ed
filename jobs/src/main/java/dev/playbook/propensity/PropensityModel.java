package dev.playbook.propensity;

import static dev.playbook.propensity.PropensityCol.*;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;

import dev.playbook.config.PropensityConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The MLlib pipeline of one expansion type: VectorAssembler → StandardScaler (mean 0, sd 1) → regularised
 * LogisticRegression (or GBTClassifier), its propensity, and each row's top contributions.
 *
 * <p>A logistic model's log-odds are intercept + Σ β_j·z_j over the standardised features z_j = (x_j − mean_j) ÷
 * sd_j, so β_j·z_j is how much feature j moves this row's log-odds away from an average row: the
 * contributions. Both are plain column arithmetic with the fitted numbers as literals (no UDF).
 */
public final class PropensityModel {
  private PropensityModel() {}

  static final String RAW = "features_raw";
  static final String SCALED = "features_scaled";
  static final String PROBABILITY = "probability";
  static final String TOP = "top";

  /** The unfitted pipeline over {@code features} with {@code label} as the label. */
  public static Pipeline pipeline(List<String> features, PropensityConfig cfg) {
    VectorAssembler assemble = new VectorAssembler().setInputCols(features.toArray(String[]::new))
        .setOutputCol(RAW).setHandleInvalid("error");
    StandardScaler scale = new StandardScaler().setInputCol(RAW).setOutputCol(SCALED).setWithMean(true)
        .setWithStd(true);
    PipelineStage classifier = PropensityConfig.GBT.equals(cfg.model())
        ? new GBTClassifier().setFeaturesCol(SCALED).setLabelCol(LABEL).setMaxIter(cfg.gbt().maxIter())
            .setMaxDepth(cfg.gbt().maxDepth()).setStepSize(cfg.gbt().stepSize()).setSeed(cfg.bootstrap().seed())
        : new LogisticRegression().setFeaturesCol(SCALED).setLabelCol(LABEL).setRegParam(cfg.regParam())
            .setElasticNetParam(cfg.elasticNetParam()).setMaxIter(cfg.maxIter()).setStandardization(false);
    return new Pipeline().setStages(new PipelineStage[] {assemble, scale, classifier});
  }

  /** Adds {@code propensity}: the fitted model's probability of conversion. */
  public static Dataset<Row> score(PipelineModel model, Dataset<Row> frame) {
    Dataset<Row> out = model.transform(frame);
    return out.withColumn(PROPENSITY, org.apache.spark.ml.functions.vector_to_array(col(PROBABILITY), "float64")
        .getItem(1)).drop(RAW, SCALED, PROBABILITY, "rawPrediction", "prediction");
  }

  /** The fitted standard scaler. */
  public static StandardScalerModel scaler(PipelineModel model) {
    return (StandardScalerModel) model.stages()[1];
  }

  /** The fitted logistic regression, or null for trees. */
  public static LogisticRegressionModel logistic(PipelineModel model) {
    Transformer last = model.stages()[model.stages().length - 1];
    return last instanceof LogisticRegressionModel lr ? lr : null;
  }

  /** The feature importances of a tree model, or null for a logistic one. */
  public static double[] importances(PipelineModel model) {
    Transformer last = model.stages()[model.stages().length - 1];
    return last instanceof GBTClassificationModel g ? g.featureImportances().toArray() : null;
  }

  /**
   * Adds {@code top_contributions}: the three features with the largest |β_j·z_j|, each as
   * {feature, feature_value (x_j), contribution (β_j·z_j)}, largest first; null for a tree model.
   */
  public static Dataset<Row> withContributions(PipelineModel model, List<String> features, Dataset<Row> frame) {
    LogisticRegressionModel lr = logistic(model);
    if (lr == null) {
      return frame.withColumn(TOP_CONTRIBUTIONS, lit(null).cast(
          "array<struct<" + FEATURE + ":string," + FEATURE_VALUE + ":double," + CONTRIBUTION + ":double>>"));
    }
    return frame.withColumn(TOP_CONTRIBUTIONS, top(features, lr.coefficients().toArray(),
        scaler(model).mean().toArray(), scaler(model).std().toArray(), 3));
  }

  /** β_j·(x_j − mean_j) ÷ sd_j per feature (0 when sd_j is 0, as the scaler does), the {@code n} largest in size. */
  static Column top(List<String> features, double[] beta, double[] mean, double[] std, int n) {
    List<Column> items = new ArrayList<>();
    for (int j = 0; j < features.size(); j++) {
      Column x = col(features.get(j)).cast("double");
      Column c = std[j] == 0 ? lit(0.0) : x.minus(mean[j]).multiply(beta[j] / std[j]);
      items.add(struct(abs(c).as(TOP), lit(features.get(j)).as(FEATURE), x.as(FEATURE_VALUE), c.as(CONTRIBUTION)));
    }
    Column sorted = slice(sort_array(array(items.toArray(Column[]::new)), false), 1, n);
    return transform(sorted, s -> struct(s.getField(FEATURE).as(FEATURE), s.getField(FEATURE_VALUE).as(FEATURE_VALUE),
        s.getField(CONTRIBUTION).as(CONTRIBUTION)));
  }

  /**
   * The model's version: its training window and a hash of everything that shapes it (the propensity config,
   * the features, the horizon), e.g. {@code train_2025-08-02_2026-02-28_1a2b3c4d5e}.
   */
  public static String version(LocalDate trainingFrom, LocalDate trainingTo, PropensityConfig cfg,
      List<String> features, int horizonDays) {
    // use_in_queue and the bootstrap only decide how a model is used and judged, not the model: not hashed
    String shaping = String.join("|", cfg.model(), Double.toString(cfg.regParam()), Double.toString(cfg.elasticNetParam()),
        Integer.toString(cfg.maxIter()), cfg.gbt().toString(), features.toString(), Integer.toString(horizonDays));
    return "train_" + trainingFrom + "_" + trainingTo + "_" + hash(shaping);
  }

  static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
