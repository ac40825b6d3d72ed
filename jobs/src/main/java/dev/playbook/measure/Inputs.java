package dev.playbook.measure;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Entry checks of the measure transforms: an input missing a column fails naming it. */
final class Inputs {
  private Inputs() {}

  /** Fails with {@code measure input '<input>' is missing column '<c>'} for the first absent column. */
  static Dataset<Row> require(Dataset<Row> rows, String input, String... columns) {
    List<String> have = Arrays.asList(rows.columns());
    for (String c : columns) {
      if (!have.contains(c)) {
        throw new IllegalArgumentException("measure input '" + input + "' is missing column '" + c
            + "' (has " + have + ")");
      }
    }
    return rows;
  }
}
