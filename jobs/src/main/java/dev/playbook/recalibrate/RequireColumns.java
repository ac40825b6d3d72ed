package dev.playbook.recalibrate;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Checks a transform's input on entry, so a missing column is named instead of failing deep in Catalyst. */
public final class RequireColumns {
  private RequireColumns() {}

  public static void of(Dataset<Row> frame, String what, String... columns) {
    List<String> have = Arrays.asList(frame.columns());
    List<String> missing = Arrays.stream(columns).filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(what + " is missing column(s) " + missing + "; it has " + have);
    }
  }
}
