package dev.playbook.queue;

import dev.playbook.cli.InputException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Input contract checks for the queue's transforms. */
final class Inputs {
  private Inputs() {}

  /** Fails naming the table and the first missing column, instead of a Catalyst stack trace later. */
  static void require(Dataset<Row> rows, String table, String... columns) {
    List<String> have = Arrays.asList(rows.columns());
    for (String c : columns) {
      if (!have.contains(c)) {
        throw new InputException(table + " has no column '" + c + "' (has " + have + ")");
      }
    }
  }
}
