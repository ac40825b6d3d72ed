package dev.playbook.measure;

import static dev.playbook.contract.Col.*;
import static dev.playbook.measure.MeasureCol.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.contract.InputTable;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Net and gross revenue retention from the monthly MRR of {@link MrrMovements} (docs/MEASURE.md "Retention").
 *
 * <p>For a base set of accounts with start MRR s_a and end MRR e_a (0 when gone):
 * expansion = Σ max(e_a − s_a, 0) over accounts still paying, contraction = Σ max(s_a − e_a, 0) over accounts
 * still paying, churned = Σ s_a over accounts at 0; NRR = (start + expansion − contraction − churned) / start
 * = Σ e_a / Σ s_a; GRR = (start − contraction − churned) / start = Σ min(e_a, s_a) / Σ s_a. Point-to-point:
 * movements inside the lookback that net out do not count.
 *
 * <ul>
 *   <li>{@code trailing}: for each month M, the accounts paying in month M − lookback (start) and their MRR in
 *       M (end).
 *   <li>{@code cohort}: for each onboarding month (accounts.onboarded_on; the first active month when the
 *       account is not in accounts) and each month M from it to D's month, the cohort's accounts whose first
 *       active month is ≤ M, start = their MRR in their first active month, end = their MRR in M.
 * </ul>
 */
public final class Retention {
  private Retention() {}

  /** Trailing and cohort retention rows for one as-of date. */
  public static Dataset<Row> retention(Dataset<Row> mrrMovements, Dataset<Row> accounts, LocalDate asOf,
      int lookbackMonths) {
    return trailing(mrrMovements, asOf, lookbackMonths).unionByName(cohorts(mrrMovements, accounts, asOf));
  }

  /** One row per month M ≤ D's month whose base month M − lookback had paying accounts. */
  public static Dataset<Row> trailing(Dataset<Row> mrrMovements, LocalDate asOf, int lookbackMonths) {
    Inputs.require(mrrMovements, "mrr_movements", ACCOUNT_ID, MONTH, MRR);
    Column d = lit(Date.valueOf(asOf));
    Dataset<Row> start = mrrMovements.filter(col(MRR).gt(0))
        .select(col(ACCOUNT_ID), add_months(col(MONTH), lookbackMonths).as(MONTH), col(MRR).as("s"))
        .filter(col(MONTH).leq(trunc(d, "month")));
    Dataset<Row> pairs = start.join(endMrr(mrrMovements), SignalOutcomes.seq(ACCOUNT_ID, MONTH), "left")
        .withColumn("e", coalesce(col("e"), lit(0)));
    return summarize(pairs.groupBy(col(MONTH)), asOf)
        .withColumn(RETENTION_KIND, lit(TRAILING))
        .withColumn(COHORT_MONTH, lit(null).cast("date"))
        .withColumn(MONTHS_FROM_START, lit(lookbackMonths));
  }

  /** One row per onboarding cohort and month from the cohort month to D's month. */
  public static Dataset<Row> cohorts(Dataset<Row> mrrMovements, Dataset<Row> accounts, LocalDate asOf) {
    Inputs.require(mrrMovements, "mrr_movements", ACCOUNT_ID, MONTH, MRR, IS_FIRST_MONTH);
    Inputs.require(accounts, "accounts", ACCOUNT_ID, ONBOARDED_ON);
    Column d = lit(Date.valueOf(asOf));
    Dataset<Row> firsts = mrrMovements.filter(col(IS_FIRST_MONTH))
        .select(col(ACCOUNT_ID), col(MONTH).as(FIRST_ACTIVE_MONTH), col(MRR).as("s"));
    Dataset<Row> onboarded = accounts.filter(col(ONBOARDED_ON).leq(d)).select(ACCOUNT_ID, ONBOARDED_ON);
    Dataset<Row> pairs = firsts.join(onboarded, SignalOutcomes.seq(ACCOUNT_ID), "left")
        .withColumn(COHORT_MONTH, coalesce(trunc(col(ONBOARDED_ON), "month"), col(FIRST_ACTIVE_MONTH)))
        .withColumn(MONTH, explode(sequence(col(COHORT_MONTH), trunc(d, "month"), expr("INTERVAL 1 MONTH"))))
        .filter(col(MONTH).geq(col(FIRST_ACTIVE_MONTH)))
        .join(endMrr(mrrMovements), SignalOutcomes.seq(ACCOUNT_ID, MONTH), "left")
        .withColumn("e", coalesce(col("e"), lit(0)));
    return summarize(pairs.groupBy(col(COHORT_MONTH), col(MONTH)), asOf)
        .withColumn(RETENTION_KIND, lit(COHORT))
        .withColumn(MONTHS_FROM_START, months_between(col(MONTH), col(COHORT_MONTH)).cast("int"));
  }

  private static Dataset<Row> endMrr(Dataset<Row> mrrMovements) {
    return mrrMovements.select(col(ACCOUNT_ID), col(MONTH), col(MRR).as("e"));
  }

  private static Dataset<Row> summarize(org.apache.spark.sql.RelationalGroupedDataset grouped, LocalDate asOf) {
    Column stillPaying = col("e").gt(0);
    return grouped.agg(
            count(lit(1)).as(ACCOUNTS_START),
            count(when(stillPaying, true)).as(ACCOUNTS_RETAINED),
            sum("s").cast(InputTable.MONEY).as(START_MRR),
            sum(when(stillPaying, greatest(col("e").minus(col("s")), lit(0))).otherwise(lit(0)))
                .cast(InputTable.MONEY).as(EXPANSION_MRR),
            sum(when(stillPaying, greatest(col("s").minus(col("e")), lit(0))).otherwise(lit(0)))
                .cast(InputTable.MONEY).as(CONTRACTION_MRR),
            sum(when(stillPaying, lit(0)).otherwise(col("s"))).cast(InputTable.MONEY).as(CHURNED_MRR),
            sum("e").cast(InputTable.MONEY).as(END_MRR))
        .withColumn(NRR, col(END_MRR).cast("double").divide(col(START_MRR).cast("double")))
        .withColumn(GRR, col(START_MRR).minus(col(CONTRACTION_MRR)).minus(col(CHURNED_MRR)).cast("double")
            .divide(col(START_MRR).cast("double")))
        .withColumn(AS_OF_DATE, lit(Date.valueOf(asOf)));
  }
}
