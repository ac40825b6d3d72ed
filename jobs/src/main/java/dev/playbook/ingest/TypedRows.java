package dev.playbook.ingest;

import static org.apache.spark.sql.functions.col;

import dev.playbook.contract.InputTable;
import dev.playbook.io.Sources;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Converts a conformed source frame ({@link Sources#read}) to the contract's types, keeping what came in: each
 * contract column in its contract type, beside it {@code _raw_<column>} (the source value as text, null when
 * absent) and {@link Sources#SOURCE_ROW}. A value that does not convert becomes null in the typed column while its
 * raw text stays, which is what the {@code castable(...)} checks look for.
 *
 * <p>Conversion is Spark's {@code try_cast}: ISO dates ({@code 2026-03-31}), timestamps with or without an offset
 * ({@code 2026-03-31T23:30:00+02:00} becomes {@code 2026-03-31 21:30:00} UTC; without an offset it is read as
 * UTC), whole numbers for INT/BIGINT (no fractions, no overflow), decimals rounded half-up to the contract scale,
 * booleans {@code true/false/t/f/yes/no/y/n/1/0}. Anything else does not convert.
 */
public final class TypedRows {
  private TypedRows() {}

  public static final String RAW_PREFIX = "_raw_";

  public static String raw(String column) {
    return RAW_PREFIX + column;
  }

  public static Dataset<Row> of(InputTable table, Dataset<Row> conformed) {
    List<Column> out = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      Column c = col(f.name());
      boolean same = conformed.schema().apply(f.name()).dataType().equals(f.dataType());
      out.add((same ? c : c.try_cast(f.dataType())).as(f.name()));
    }
    for (StructField f : table.schema().fields()) {
      out.add(col(f.name()).cast(DataTypes.StringType).as(raw(f.name())));
    }
    out.add(col(Sources.SOURCE_ROW));
    return conformed.select(out.toArray(Column[]::new));
  }
}
