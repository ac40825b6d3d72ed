package dev.playbook.features;

import dev.playbook.cli.InputException;
import dev.playbook.contract.InputTable;
import dev.playbook.io.Warehouse;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/** The contract tables the features job reads, as given (staged tables, or hand-written frames in tests). */
public record FeatureInputs(
    Dataset<Row> accounts,
    Dataset<Row> plans,
    Dataset<Row> planFeatures,
    Dataset<Row> subscriptions,
    Dataset<Row> users,
    Dataset<Row> userActivityDaily,
    Dataset<Row> apiUsageDaily,
    Dataset<Row> gateEvents) {

  /** The contract tables read, in the order above. */
  public static final List<InputTable> TABLES = List.of(InputTable.ACCOUNTS, InputTable.PLANS,
      InputTable.PLAN_FEATURES, InputTable.SUBSCRIPTIONS, InputTable.USERS, InputTable.USER_ACTIVITY_DAILY,
      InputTable.API_USAGE_DAILY, InputTable.GATE_EVENTS);

  public FeatureInputs {
    require(InputTable.ACCOUNTS, accounts);
    require(InputTable.PLANS, plans);
    require(InputTable.PLAN_FEATURES, planFeatures);
    require(InputTable.SUBSCRIPTIONS, subscriptions);
    require(InputTable.USERS, users);
    require(InputTable.USER_ACTIVITY_DAILY, userActivityDaily);
    require(InputTable.API_USAGE_DAILY, apiUsageDaily);
    require(InputTable.GATE_EVENTS, gateEvents);
  }

  /** Reads the staged tables the ingest job wrote ({@code staged_<table>}). */
  public static FeatureInputs fromWarehouse(Warehouse warehouse) {
    Dataset<?>[] read = TABLES.stream().map(t -> warehouse.read("staged_" + t.tableName())).toArray(Dataset[]::new);
    return of(read);
  }

  @SuppressWarnings("unchecked")
  private static FeatureInputs of(Dataset<?>[] d) {
    return new FeatureInputs((Dataset<Row>) d[0], (Dataset<Row>) d[1], (Dataset<Row>) d[2], (Dataset<Row>) d[3],
        (Dataset<Row>) d[4], (Dataset<Row>) d[5], (Dataset<Row>) d[6], (Dataset<Row>) d[7]);
  }

  /** Fails naming the table and column when {@code rows} lacks a contract column. */
  static void require(InputTable table, Dataset<Row> rows) {
    if (rows == null) {
      throw new InputException("input " + table.tableName() + " is missing");
    }
    List<String> have = Arrays.asList(rows.columns());
    for (StructField f : table.schema().fields()) {
      if (!have.contains(f.name())) {
        throw new InputException("input " + table.tableName() + " has no column '" + f.name() + "' (has " + have
            + ")");
      }
    }
  }
}
