package dev.playbook.measure;

import static dev.playbook.contract.Col.*;
import static dev.playbook.measure.MeasureCol.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.contract.InputTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Conversion of signal episodes into expansion revenue, by dimension (docs/MEASURE.md "Conversion metrics"):
 * {@code all}, {@code signal}, {@code expansion_type}, {@code period} (month or quarter of the first fire),
 * {@code opportunity_owner} (the CRM owner of the matched opportunity: matched episodes only, so its
 * conversion_rate is won / matched), and, when the queue was available, {@code motion} and {@code owner} (of
 * the queued episodes).
 *
 * <p>Episode counts count episodes; opportunity counts and expansion ARR count each matched opportunity once
 * per dimension value (several signals of one account can match the same opportunity).
 * Cost: one explode (≤ 6 rows per episode) and two aggregations.
 */
public final class ConversionMetrics {
  private ConversionMetrics() {}

  public static final String ALL = "all";
  public static final List<String> BASE_DIMENSIONS = List.of(ALL, SIGNAL, EXPANSION_TYPE, PERIOD, OPPORTUNITY_OWNER);
  public static final List<String> QUEUE_DIMENSIONS = List.of(MOTION, OWNER);

  /** One row per dimension and value, from signal_outcomes rows of one as-of date. */
  public static Dataset<Row> conversionMetrics(Dataset<Row> outcomes, boolean withQueue, LocalDate asOf) {
    Inputs.require(outcomes, "signal_outcomes", ACCOUNT_ID, SIGNAL, EXPANSION_TYPE, PERIOD, OUTCOME,
        OPPORTUNITY_ID, OPPORTUNITY_OWNER, AMOUNT_ARR, DAYS_TO_CREATED, DAYS_TO_CLOSED, HORIZON_COMPLETE, MOTION,
        OWNER, IS_HOLDOUT);
    List<Column> dims = new ArrayList<>();
    dims.add(struct(lit(ALL).as(DIMENSION), lit(ALL).as(DIMENSION_VALUE)));
    dims.add(struct(lit(SIGNAL).as(DIMENSION), col(SIGNAL).as(DIMENSION_VALUE)));
    dims.add(struct(lit(EXPANSION_TYPE).as(DIMENSION), col(EXPANSION_TYPE).as(DIMENSION_VALUE)));
    dims.add(struct(lit(PERIOD).as(DIMENSION), col(PERIOD).cast("string").as(DIMENSION_VALUE)));
    dims.add(struct(lit(OPPORTUNITY_OWNER).as(DIMENSION), col(OPPORTUNITY_OWNER).as(DIMENSION_VALUE)));
    if (withQueue) {
      dims.add(struct(lit(MOTION).as(DIMENSION), col(MOTION).as(DIMENSION_VALUE)));
      dims.add(struct(lit(OWNER).as(DIMENSION), col(OWNER).as(DIMENSION_VALUE)));
    }
    Dataset<Row> byDim = outcomes
        .withColumn("d", explode(array(dims.toArray(Column[]::new))))
        .withColumn(DIMENSION, col("d." + DIMENSION))
        .withColumn(DIMENSION_VALUE, col("d." + DIMENSION_VALUE))
        .drop("d")
        .filter(col(DIMENSION_VALUE).isNotNull());

    Column won = col(OUTCOME).equalTo(WON);
    Column qualified = col(IS_HOLDOUT).equalTo(false);
    Column holdout = col(IS_HOLDOUT).equalTo(true);
    Dataset<Row> episodeCounts = byDim.groupBy(DIMENSION, DIMENSION_VALUE).agg(
        count(lit(1)).as(EPISODES),
        count(when(col(OUTCOME).notEqual(NONE), true)).as(MATCHED_EPISODES),
        count(when(won, true)).as(WON_EPISODES),
        count(when(col(OUTCOME).equalTo(LOST), true)).as(LOST_EPISODES),
        count(when(col(OUTCOME).equalTo(OPEN), true)).as(OPEN_EPISODES),
        count(when(col(HORIZON_COMPLETE), true)).as(MATURED_EPISODES),
        count(when(col(HORIZON_COMPLETE).and(won), true)).as(MATURED_WON_EPISODES),
        median(col(DAYS_TO_CREATED).cast("double")).as(MEDIAN_DAYS_TO_CREATED),
        median(when(won, col(DAYS_TO_CLOSED)).cast("double")).as(MEDIAN_DAYS_TO_CLOSE),
        count(when(qualified, true)).as(QUALIFIED_EPISODES),
        count(when(qualified.and(won), true)).as(QUALIFIED_WON_EPISODES),
        count(when(holdout, true)).as(HOLDOUT_EPISODES),
        count(when(holdout.and(won), true)).as(HOLDOUT_WON_EPISODES));

    // each matched opportunity once per dimension value
    Dataset<Row> opportunityCounts = byDim.filter(col(OPPORTUNITY_ID).isNotNull())
        .groupBy(DIMENSION, DIMENSION_VALUE, OPPORTUNITY_ID)
        .agg(first(OUTCOME).as(OUTCOME), first(AMOUNT_ARR).as(AMOUNT_ARR))
        .groupBy(DIMENSION, DIMENSION_VALUE).agg(
            count(lit(1)).as(OPPORTUNITIES),
            count(when(won, true)).as(WON_OPPORTUNITIES),
            count(when(col(OUTCOME).equalTo(LOST), true)).as(LOST_OPPORTUNITIES),
            sum(when(won, col(AMOUNT_ARR))).as(EXPANSION_ARR_WON));

    Column qualifiedRate = col(QUALIFIED_WON_EPISODES).divide(col(QUALIFIED_EPISODES));
    Column holdoutRate = col(HOLDOUT_WON_EPISODES).divide(col(HOLDOUT_EPISODES));
    Column noQueue = lit(!withQueue);
    return episodeCounts.join(opportunityCounts, SignalOutcomes.seq(DIMENSION, DIMENSION_VALUE), "left")
        .na().fill(0L, new String[] {OPPORTUNITIES, WON_OPPORTUNITIES, LOST_OPPORTUNITIES})
        .withColumn(EXPANSION_ARR_WON, coalesce(col(EXPANSION_ARR_WON), lit(0)).cast(InputTable.MONEY))
        .withColumn(CONVERSION_RATE, col(WON_EPISODES).divide(col(EPISODES)))
        .withColumn(MATURED_CONVERSION_RATE, col(MATURED_WON_EPISODES).divide(col(MATURED_EPISODES)))
        .withColumn(WIN_RATE, col(WON_OPPORTUNITIES).divide(col(WON_OPPORTUNITIES).plus(col(LOST_OPPORTUNITIES))))
        .withColumn(QUALIFIED_TO_CLOSED_RATE, when(noQueue, lit(null)).otherwise(qualifiedRate))
        .withColumn(HOLDOUT_CONVERSION_RATE, when(noQueue, lit(null)).otherwise(holdoutRate))
        .withColumn(HOLDOUT_LIFT, when(noQueue.or(col(HOLDOUT_EPISODES).equalTo(0)), lit(null))
            .otherwise(qualifiedRate.divide(holdoutRate).minus(1)))
        // without a queue, queue-based counts are unknown rather than zero
        .withColumn(QUALIFIED_EPISODES, when(noQueue, lit(null)).otherwise(col(QUALIFIED_EPISODES)))
        .withColumn(QUALIFIED_WON_EPISODES, when(noQueue, lit(null)).otherwise(col(QUALIFIED_WON_EPISODES)))
        .withColumn(HOLDOUT_EPISODES, when(noQueue, lit(null)).otherwise(col(HOLDOUT_EPISODES)))
        .withColumn(HOLDOUT_WON_EPISODES, when(noQueue, lit(null)).otherwise(col(HOLDOUT_WON_EPISODES)))
        .withColumn(AS_OF_DATE, lit(Date.valueOf(asOf)));
  }
}
