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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * MRR per account and month and its change category, after dbt-labs' mrr-playbook
 * ({@code customer_revenue_by_month} → {@code customer_churn_month} → {@code mrr}); the differences are listed
 * in docs/MEASURE.md "MRR movements".
 *
 * <ol>
 *   <li>A month spine per account from the month of its first subscription period to D's month.
 *   <li>Each month is measured on its last day (D for D's own month): the MRR of a product is that of the
 *       period covering that day, the latest-starting one when periods overlap; an account's MRR sums its
 *       products. Periods are half-open: [period_start, period_end).
 *   <li>Rows kept from the first active month (MRR &gt; 0) to the month after the last active month (the churn
 *       row, MRR 0), but not past D's month; months inside a gap stay, with MRR 0.
 *   <li>Category, in dbt's order: first active month → new; inactive after active → churn; active after
 *       inactive → reactivation; MRR up → expansion; down → contraction; else unchanged / inactive.
 * </ol>
 * Cost: one range join of the month spine to the account's subscription periods, two windows by account.
 */
public final class MrrMovements {
  private MrrMovements() {}

  /** Monthly MRR and movements of every account with a subscription period started on or before D. */
  public static Dataset<Row> mrrMovements(Dataset<Row> subscriptions, LocalDate asOf) {
    Inputs.require(subscriptions, "subscriptions", ACCOUNT_ID, PRODUCT_ID, PLAN_ID, PERIOD_START, PERIOD_END, MRR);
    Column d = lit(Date.valueOf(asOf));
    Dataset<Row> subs = subscriptions.filter(col(PERIOD_START).leq(d))
        .select(ACCOUNT_ID, PRODUCT_ID, PLAN_ID, PERIOD_START, PERIOD_END, MRR).alias("s");

    // 1. month spine, each month measured on its last day (D for D's month)
    Dataset<Row> spine = subs.groupBy(ACCOUNT_ID).agg(min(PERIOD_START).as("first_start"))
        .select(col(ACCOUNT_ID),
            explode(sequence(trunc(col("first_start"), "month"), trunc(d, "month"), expr("INTERVAL 1 MONTH")))
                .as(MONTH))
        .withColumn(MEASURED_ON, least(last_day(col(MONTH)), d))
        .alias("m");

    // 2. the period covering the measuring day, latest-starting per product; summed over products
    WindowSpec latestPerProduct = Window.partitionBy(ACCOUNT_ID, MONTH, PRODUCT_ID)
        .orderBy(col(PERIOD_START).desc(), col(MRR).desc(), col(PLAN_ID));
    Dataset<Row> monthly = spine.join(subs, col("m." + ACCOUNT_ID).equalTo(col("s." + ACCOUNT_ID))
            .and(col("s." + PERIOD_START).leq(col("m." + MEASURED_ON)))
            .and(col("s." + PERIOD_END).gt(col("m." + MEASURED_ON))), "left")
        .select(col("m." + ACCOUNT_ID), col("m." + MONTH), col("m." + MEASURED_ON), col("s." + PRODUCT_ID),
            col("s." + PERIOD_START), col("s." + PLAN_ID), col("s." + MRR))
        .withColumn("rn", row_number().over(latestPerProduct))
        .filter(col("rn").equalTo(1))
        .groupBy(ACCOUNT_ID, MONTH, MEASURED_ON)
        .agg(coalesce(sum(MRR), lit(0)).cast(InputTable.MONEY).as(MRR))
        .withColumn(IS_ACTIVE, col(MRR).gt(0));

    // 3. first active month .. the churn month after the last active one
    WindowSpec byAccount = Window.partitionBy(ACCOUNT_ID);
    Dataset<Row> kept = monthly
        .withColumn(FIRST_ACTIVE_MONTH, min(when(col(IS_ACTIVE), col(MONTH))).over(byAccount))
        .withColumn("last_active_month", max(when(col(IS_ACTIVE), col(MONTH))).over(byAccount))
        .filter(col(MONTH).geq(col(FIRST_ACTIVE_MONTH))
            .and(col(MONTH).leq(add_months(col("last_active_month"), 1))));

    // 4. previous month and category
    WindowSpec ordered = Window.partitionBy(ACCOUNT_ID).orderBy(MONTH);
    Column prevActive = coalesce(lag(col(IS_ACTIVE), 1).over(ordered), lit(false));
    Column change = col(MRR).minus(col(PREVIOUS_MRR));
    return kept
        .withColumn(PREVIOUS_MRR, coalesce(lag(col(MRR), 1).over(ordered), lit(0)).cast(InputTable.MONEY))
        .withColumn("previous_active", prevActive)
        .withColumn(MRR_CHANGE, change.cast(InputTable.MONEY))
        .withColumn(IS_FIRST_MONTH, col(MONTH).equalTo(col(FIRST_ACTIVE_MONTH)))
        .withColumn(IS_LAST_MONTH, col(MONTH).equalTo(col("last_active_month")))
        .withColumn(CHANGE_CATEGORY,
            when(col(IS_FIRST_MONTH), lit(NEW))
                .when(not(col(IS_ACTIVE)).and(col("previous_active")), lit(CHURN))
                .when(col(IS_ACTIVE).and(not(col("previous_active"))), lit(REACTIVATION))
                .when(col(MRR_CHANGE).gt(0), lit(EXPANSION))
                .when(col(MRR_CHANGE).lt(0), lit(CONTRACTION))
                .when(col(IS_ACTIVE), lit(UNCHANGED))
                .otherwise(lit(INACTIVE)))
        .withColumn(NEW_MRR, movement(NEW, col(MRR)))
        .withColumn(EXPANSION_MRR, movement(EXPANSION, col(MRR_CHANGE)))
        .withColumn(CONTRACTION_MRR, movement(CONTRACTION, col(MRR_CHANGE)))
        .withColumn(CHURNED_MRR, movement(CHURN, col(MRR_CHANGE)))
        .withColumn(REACTIVATION_MRR, movement(REACTIVATION, col(MRR)))
        .drop("previous_active", "last_active_month")
        .withColumn(AS_OF_DATE, d);
  }

  /** The signed amount of a movement on its own category's rows, 0 elsewhere. */
  private static Column movement(String category, Column amount) {
    return when(col(CHANGE_CATEGORY).equalTo(category), amount).otherwise(lit(0)).cast(InputTable.MONEY);
  }
}
