package dev.playbook.recalibrate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.playbook.config.RecalibrateConfig;
import dev.playbook.contract.Col;
import dev.playbook.contract.Vocabulary;
import dev.playbook.features.Signal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Labelled history: each point-in-time signal value at an evaluation date D, labelled by whether a closed-won
 * expansion of the signal's matching type was created for the account within the horizon after D.
 *
 * <p>Point-in-time rules (the recalibration runs as of date A):
 * <ol>
 *   <li>Only opportunities created on or before A are seen, and one counts as won only when its stage is
 *       {@code closed_won} and it closed on or before A. An opportunity won after A was still open at A.</li>
 *   <li>Rows with D &gt; A − horizon are dropped: their horizon is not over by A, so their label is not
 *       known yet (an incomplete label would count a future win as a miss).</li>
 *   <li>{@code converted} = 1 when a won opportunity of the matching type has created_on in (D, D + horizon].
 *       {@code won_arr} is the sum of those opportunities' amount_arr (0 when not converted).</li>
 *   <li>{@code in_open_expansion}: the account had an opportunity of the matching type open at D (created
 *       on or before D and not closed by D). With policy {@code exclude} those rows are dropped — the
 *       playbook would have suppressed them — with {@code keep} they stay, flagged.</li>
 *   <li>{@code previous_max} (with rearm days &gt; 0): the account's highest value of the signal at the earlier
 *       dates of {@code signalValues} within [D − rearm days, D), null when it has none. A fire at cutoff c is
 *       new when value ≥ c &gt; previous_max ({@link Sweep}). It is taken before open expansions are
 *       excluded: an account that stayed above c through an open opportunity is not new when it closes.</li>
 * </ol>
 *
 * <p>Cost: one window over the values per account and signal (with rearm days), one broadcast join of the
 * values with the expansion opportunities (a CRM table: thousands to a few million rows) on account and type,
 * and one aggregation back to the values' grain.
 */
public final class Labels {
  private Labels() {}

  /**
   * @param signalValues one row per as_of_date (the evaluation date D), account_id and signal, with value
   * @param opportunities the contract's opportunities table
   * @param rearmDays how far back previous_max looks; 0 leaves it null (every date at or above a cutoff fires)
   * @return signalValues' grain with expansion_type, converted (INT 0/1), won_arr (DOUBLE),
   *     in_open_expansion (BOOLEAN) and previous_max (DOUBLE); signals without a matching type are dropped
   */
  public static Dataset<Row> label(Dataset<Row> signalValues, Dataset<Row> opportunities, LocalDate asOf,
      int horizonDays, String openExpansionPolicy, int rearmDays) {
    RequireColumns.of(signalValues, "signal values", Col.AS_OF_DATE, Col.ACCOUNT_ID, RecalCol.SIGNAL,
        RecalCol.VALUE);
    RequireColumns.of(opportunities, "opportunities", Col.ACCOUNT_ID, Col.OPPORTUNITY_TYPE, Col.CREATED_ON,
        Col.CLOSED_ON, Col.STAGE, Col.AMOUNT_ARR);

    // 1. Values whose horizon is over by A, with the type each signal points to.
    List<Column> pairs = new ArrayList<>();
    for (Signal signal : Signal.values()) {
      pairs.add(lit(signal.key()));
      pairs.add(lit(signal.expansionType()));
    }
    Column typeMap = map(pairs.toArray(Column[]::new));
    Dataset<Row> values = signalValues
        .select(col(Col.AS_OF_DATE), col(Col.ACCOUNT_ID), col(RecalCol.SIGNAL),
            col(RecalCol.VALUE).cast("double").as(RecalCol.VALUE))
        .withColumn(RecalCol.EXPANSION_TYPE, element_at(typeMap, col(RecalCol.SIGNAL)))
        .filter(col(RecalCol.EXPANSION_TYPE).isNotNull())
        .filter(col(Col.AS_OF_DATE).leq(lit(java.sql.Date.valueOf(asOf.minusDays(horizonDays)))));
    Column day = datediff(col(Col.AS_OF_DATE), lit(java.sql.Date.valueOf("1970-01-01")));
    WindowSpec before = Window.partitionBy(Col.ACCOUNT_ID, RecalCol.SIGNAL).orderBy(day)
        .rangeBetween(-rearmDays, -1);
    values = values.withColumn(RecalCol.PREVIOUS_MAX,
        rearmDays > 0 ? max(col(RecalCol.VALUE)).over(before) : lit(null).cast("double"));

    // 2. Expansion opportunities as they were known at A.
    Column knownAtA = col(Col.CREATED_ON).leq(lit(java.sql.Date.valueOf(asOf)));
    Column closedByA = col(Col.CLOSED_ON).isNotNull().and(col(Col.CLOSED_ON).leq(lit(java.sql.Date.valueOf(asOf))));
    Dataset<Row> opps = opportunities
        .filter(col(Col.OPPORTUNITY_TYPE).isin(Vocabulary.EXPANSION_TYPES.toArray()).and(knownAtA))
        .select(
            col(Col.ACCOUNT_ID).as("o_account"),
            col(Col.OPPORTUNITY_TYPE).as("o_type"),
            col(Col.CREATED_ON).as("o_created"),
            // closed as far as A knows; a close after A is invisible at A
            when(closedByA, col(Col.CLOSED_ON)).as("o_closed"),
            col(Col.STAGE).equalTo(Vocabulary.CLOSED_WON).and(closedByA).as("o_won"),
            coalesce(col(Col.AMOUNT_ARR).cast("double"), lit(0.0)).as("o_arr"));

    // 3. One join, then back to one row per value: won within the horizon, and open at D.
    Column d = col(Col.AS_OF_DATE);
    Column wonInHorizon = col("o_won")
        .and(col("o_created").gt(d))
        .and(col("o_created").leq(date_add(d, horizonDays)));
    Column openAtD = col("o_created").leq(d).and(col("o_closed").isNull().or(col("o_closed").gt(d)));
    Dataset<Row> labelled = values
        .join(broadcast(opps), col(Col.ACCOUNT_ID).equalTo(col("o_account"))
            .and(col(RecalCol.EXPANSION_TYPE).equalTo(col("o_type"))), "left")
        .groupBy(col(Col.AS_OF_DATE), col(Col.ACCOUNT_ID), col(RecalCol.SIGNAL), col(RecalCol.EXPANSION_TYPE))
        .agg(
            max(col(RecalCol.VALUE)).as(RecalCol.VALUE),
            max(col(RecalCol.PREVIOUS_MAX)).as(RecalCol.PREVIOUS_MAX),
            coalesce(max(when(wonInHorizon, 1)), lit(0)).as(RecalCol.CONVERTED),
            coalesce(sum(when(wonInHorizon, col("o_arr"))), lit(0.0)).as(RecalCol.WON_ARR),
            coalesce(max(when(openAtD, true)), lit(false)).as(RecalCol.IN_OPEN_EXPANSION));

    if (RecalibrateConfig.EXCLUDE.equals(openExpansionPolicy)) {
      labelled = labelled.filter(col(RecalCol.IN_OPEN_EXPANSION).equalTo(false));
    } else if (!RecalibrateConfig.KEEP.equals(openExpansionPolicy)) {
      throw new IllegalArgumentException("open_expansion_policy must be one of "
          + List.of(RecalibrateConfig.EXCLUDE, RecalibrateConfig.KEEP) + ", was '" + openExpansionPolicy + "'");
    }
    return labelled.select(col(Col.AS_OF_DATE), col(Col.ACCOUNT_ID), col(RecalCol.SIGNAL),
        col(RecalCol.EXPANSION_TYPE), col(RecalCol.VALUE), col(RecalCol.CONVERTED).cast("int").as(RecalCol.CONVERTED),
        col(RecalCol.WON_ARR), col(RecalCol.IN_OPEN_EXPANSION), col(RecalCol.PREVIOUS_MAX));
  }
}
