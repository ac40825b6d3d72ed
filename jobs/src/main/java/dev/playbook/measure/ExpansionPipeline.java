package dev.playbook.measure;

import static dev.playbook.contract.Col.*;
import static dev.playbook.measure.MeasureCol.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.contract.Vocabulary;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every opportunity created on or before D with its stage as of D, and its pipeline kind — {@code expansion}
 * (seat_expansion, plan_upgrade, cross_sell), {@code new_business} or {@code renewal} — so that expansion
 * pipeline is never summed with new business by accident (docs/MEASURE.md "Pipeline").
 * Expansion opportunities carry the CRM's source_signal and the signals whose episodes matched them.
 */
public final class ExpansionPipeline {
  private ExpansionPipeline() {}

  public static Dataset<Row> pipeline(Dataset<Row> opportunities, Dataset<Row> signalOutcomes, LocalDate asOf) {
    Inputs.require(opportunities, "opportunities", OPPORTUNITY_ID, ACCOUNT_ID, OPPORTUNITY_TYPE, CREATED_ON,
        CLOSED_ON, STAGE, AMOUNT_ARR, OWNER, SOURCE_SIGNAL);
    Inputs.require(signalOutcomes, "signal_outcomes", OPPORTUNITY_ID, SIGNAL);
    Column d = lit(Date.valueOf(asOf));
    Dataset<Row> attributed = signalOutcomes.filter(col(OPPORTUNITY_ID).isNotNull())
        .groupBy(OPPORTUNITY_ID)
        .agg(array_join(array_sort(collect_set(col(SIGNAL))), ",").as(ATTRIBUTED_SIGNALS));
    Column closedByD = col(STAGE).notEqual(Vocabulary.OPEN)
        .and(col(CLOSED_ON).isNull().or(col(CLOSED_ON).leq(d)));
    Column kind = when(col(OPPORTUNITY_TYPE).isin(Vocabulary.EXPANSION_TYPES.toArray()), lit(KIND_EXPANSION))
        .when(col(OPPORTUNITY_TYPE).equalTo(Vocabulary.NEW_BUSINESS), lit(KIND_NEW_BUSINESS))
        .otherwise(lit(KIND_RENEWAL));
    return opportunities.filter(col(CREATED_ON).leq(d))
        .select(OPPORTUNITY_ID, ACCOUNT_ID, OPPORTUNITY_TYPE, CREATED_ON, CLOSED_ON, STAGE, AMOUNT_ARR, OWNER,
            SOURCE_SIGNAL)
        .join(attributed, SignalOutcomes.seq(OPPORTUNITY_ID), "left")
        .withColumn(PIPELINE_KIND, kind)
        .withColumn(STAGE_AS_OF, when(closedByD, col(STAGE)).otherwise(lit(Vocabulary.OPEN)))
        .withColumn(CLOSED_ON, when(closedByD, col(CLOSED_ON)))
        .withColumn(CLOSED_MONTH, trunc(col(CLOSED_ON), "month"))
        .withColumn(DAYS_OPEN, datediff(coalesce(col(CLOSED_ON), d), col(CREATED_ON)))
        .drop(STAGE)
        .withColumn(AS_OF_DATE, d);
  }
}
