package dev.playbook.io;

import org.apache.spark.sql.types.DataTypes;

/** Small output tables for the warehouse tests. */
final class WarehouseTestTables {
  private WarehouseTestTables() {}

  static final OutputTable SCORES = OutputTable.builder("scores", "one row per account and as-of date",
          "A test table.")
      .column("as_of_date", DataTypes.DateType, false, "the as-of date")
      .column("account_id", DataTypes.StringType, false, "the account")
      .column("score", DataTypes.DoubleType, true, "a score")
      .replacedByDate("as_of_date")
      .build();
}
