package dev.playbook.recalibrate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.playbook.contract.Col;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Restricts feature_adoption_breadth — the cross-sell signal — to account-dates inside the cross-sell window
 * (COMMON: "cross_sell ← feature_adoption_breadth (with the cross-sell window)"): outside the window the
 * playbook never acts on it, so those rows would only dilute its conversion rates. Other signals pass as they
 * are.
 *
 * <p>Cost: one join of the values with the window positions on (as_of_date, account_id).
 */
public final class CrossSellWindow {
  private CrossSellWindow() {}

  public static final String SIGNAL = "feature_adoption_breadth";
  public static final String IN_CROSS_SELL_WINDOW = "in_cross_sell_window";

  /**
   * @param values one row per as_of_date, account_id and signal
   * @param windowPositions the features job's window positions (as_of_date, account_id, in_cross_sell_window)
   */
  public static Dataset<Row> restrict(Dataset<Row> values, Dataset<Row> windowPositions) {
    RequireColumns.of(values, "signal values", Col.AS_OF_DATE, Col.ACCOUNT_ID, RecalCol.SIGNAL);
    RequireColumns.of(windowPositions, "window positions", Col.AS_OF_DATE, Col.ACCOUNT_ID, IN_CROSS_SELL_WINDOW);
    Dataset<Row> inWindow = windowPositions
        .filter(col(IN_CROSS_SELL_WINDOW).equalTo(true))
        .select(col(Col.AS_OF_DATE).as("w_date"), col(Col.ACCOUNT_ID).as("w_account"), lit(true).as("w_in"));
    return values
        .join(inWindow, col(Col.AS_OF_DATE).equalTo(col("w_date")).and(col(Col.ACCOUNT_ID).equalTo(col("w_account"))),
            "left")
        .filter(col(RecalCol.SIGNAL).notEqual(SIGNAL).or(col("w_in").equalTo(true)))
        .drop("w_date", "w_account", "w_in");
  }
}
