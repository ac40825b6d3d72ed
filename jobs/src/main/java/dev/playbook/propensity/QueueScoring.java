package dev.playbook.propensity;

import static dev.playbook.propensity.PropensityCol.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.playbook.config.QueueConfig;
import dev.playbook.contract.Col;
import dev.playbook.recalibrate.RecalCol;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The daily queue's use of the saved models: per type, the latest model_evaluations row dated on or before the
 * queue's as-of date whose decision is {@code model} (configured, and it beat the rules on its holdout), and the
 * propensity with its top three contributions of each account at that date. No training: the model is loaded.
 */
public final class QueueScoring {
  private QueueScoring() {}

  /** A type's chosen model. */
  public record Chosen(String type, String version, String path, LocalDate trainedAsOf) {}

  /** The chosen model per type (types whose latest decision is rules are absent). One small collect. */
  public static Map<String, Chosen> chosen(Dataset<Row> evaluations, LocalDate asOf) {
    Map<String, Chosen> out = new LinkedHashMap<>();
    List<Row> rows = evaluations.filter(col(SCORER).equalTo(MODEL)
            .and(col(Col.AS_OF_DATE).leq(lit(Date.valueOf(asOf)))))
        .select(RecalCol.EXPANSION_TYPE, DECISION, MODEL_VERSION, MODEL_PATH, Col.AS_OF_DATE)
        .orderBy(col(Col.AS_OF_DATE).desc()).collectAsList();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (Row r : rows) {
      String type = r.getString(0);
      if (seen.putIfAbsent(type, true) == null && MODEL.equals(r.getString(1)) && !r.isNullAt(3)) {
        out.put(type, new Chosen(type, r.getString(2), r.getString(3), r.getDate(4).toLocalDate()));
      }
    }
    return out;
  }

  /**
   * One row per account at {@code asOf} for the chosen model's type: as_of_date, account_id, expansion_type,
   * propensity, top_contributions, model_version.
   */
  public static Dataset<Row> score(Chosen chosen, PipelineModel model, Dataset<Row> signals, Dataset<Row> features,
      Dataset<Row> windows, Dataset<Row> accounts, LocalDate asOf, QueueConfig.Priority priority, int freshDays) {
    List<LocalDate> day = List.of(asOf);
    Dataset<Row> frame = PropensityFrame.unlabelled(chosen.type(), dev.playbook.recalibrate.Recalibration.inDates(
        signals, day), dev.playbook.recalibrate.Recalibration.inDates(features, day),
        dev.playbook.recalibrate.Recalibration.inDates(windows, day), accounts, priority, freshDays);
    List<String> names = PropensityFrame.featureNames(chosen.type());
    return PropensityModel.withContributions(model, names, PropensityModel.score(model, frame))
        .select(col(Col.AS_OF_DATE), col(Col.ACCOUNT_ID), lit(chosen.type()).as(RecalCol.EXPANSION_TYPE),
            col(PROPENSITY), col(TOP_CONTRIBUTIONS), lit(chosen.version()).as(MODEL_VERSION));
  }

  /** Loads a saved model. */
  public static PipelineModel load(Chosen chosen) {
    return PipelineModel.load(chosen.path());
  }
}
