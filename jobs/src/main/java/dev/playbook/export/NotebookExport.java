package dev.playbook.export;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.to_json;

import dev.playbook.contract.Col;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The pure part of the export: which rows of a table a notebook sees, and flat columns a CSV can hold. */
public final class NotebookExport {
  private NotebookExport() {}

  /** Separator of the values of an array-of-strings column in the CSV (e.g. fired_signals). */
  public static final String LIST_SEPARATOR = ";";

  /** Whether the table has an {@code as_of_date} column (one snapshot per date). */
  public static boolean isDated(Dataset<Row> table) {
    return Arrays.asList(table.columns()).contains(Col.AS_OF_DATE);
  }

  /**
   * The date of the table's snapshot as of {@code asOf}: its latest {@code as_of_date} on or before it (a
   * monthly recalibration is still shown on a later day); null when there is none.
   */
  public static LocalDate snapshotDate(Dataset<Row> table, LocalDate asOf) {
    Row row = table.where(col(Col.AS_OF_DATE).leq(lit(Date.valueOf(asOf)))).agg(max(Col.AS_OF_DATE)).first();
    return row.isNullAt(0) ? null : row.getDate(0).toLocalDate();
  }

  /** The rows of {@code table} dated {@code snapshotDate} (all rows when the table has no as_of_date). */
  public static Dataset<Row> snapshot(Dataset<Row> table, LocalDate snapshotDate) {
    if (!isDated(table)) {
      return table;
    }
    return table.where(col(Col.AS_OF_DATE).equalTo(lit(Date.valueOf(snapshotDate))));
  }

  /**
   * Columns a CSV can hold, same names and order: an array of strings becomes its values joined by
   * {@link #LIST_SEPARATOR}; other arrays, structs and maps become JSON; everything else is unchanged.
   */
  public static Dataset<Row> flatten(Dataset<Row> rows) {
    StructType schema = rows.schema();
    List<Column> columns = Arrays.stream(schema.fields()).map(NotebookExport::flatColumn).toList();
    return rows.select(columns.toArray(Column[]::new));
  }

  private static Column flatColumn(StructField field) {
    Column c = col(field.name());
    if (field.dataType() instanceof ArrayType array && array.elementType().equals(DataTypes.StringType)) {
      return concat_ws(LIST_SEPARATOR, c).as(field.name());
    }
    if (field.dataType() instanceof ArrayType || field.dataType() instanceof StructType
        || field.dataType() instanceof MapType) {
      return to_json(c).as(field.name());
    }
    return c;
  }
}
