package dev.playbook.deliver;

import static dev.playbook.contract.Col.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.contract.InputTable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The write-back mapping (docs/DELIVERY.md §3): HubSpot deals, one row per deal with its properties as columns,
 * to the {@code opportunities} input contract, so the CRM's outcome of the deals the playbook created (stage,
 * amount, close date) reaches measure with their {@code source_signal}. Pure; use it in the query or job that
 * exports deals into the opportunities source.
 */
public final class DealWriteBack {
  private DealWriteBack() {}

  public static final List<String> DEAL_COLUMNS = List.of("hs_object_id", "playbook_account_id",
      "playbook_expansion_type", "createdate", "closedate", "dealstage", "amount", "owner", "playbook_source_signal");

  /** @param deals columns {@link #DEAL_COLUMNS} (dates as ISO text or dates; owner = the owner's handle) */
  public static Dataset<Row> toOpportunities(Dataset<Row> deals) {
    List<String> have = Arrays.asList(deals.columns());
    for (String c : DEAL_COLUMNS) {
      if (!have.contains(c)) {
        throw new IllegalArgumentException("HubSpot deals: no column '" + c + "' (has " + have + ")");
      }
    }
    Column stage = when(col("dealstage").equalTo("closedwon"), lit("closed_won"))
        .when(col("dealstage").equalTo("closedlost"), lit("closed_lost"))
        .otherwise(lit("open"));
    Column closed = stage.notEqual("open");
    return deals.select(col("hs_object_id").cast("string").as(OPPORTUNITY_ID),
        col("playbook_account_id").as(ACCOUNT_ID), col("playbook_expansion_type").as(OPPORTUNITY_TYPE),
        to_date(col("createdate").cast("string").substr(1, 10)).as(CREATED_ON),
        when(closed, to_date(col("closedate").cast("string").substr(1, 10))).as(CLOSED_ON),
        stage.as(STAGE), col("amount").cast(InputTable.MONEY).as(AMOUNT_ARR), col("owner").as(OWNER),
        col("playbook_source_signal").as(SOURCE_SIGNAL));
  }
}
