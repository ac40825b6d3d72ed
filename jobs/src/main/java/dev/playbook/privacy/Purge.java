package dev.playbook.privacy;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.playbook.privacy.PiiColumns.Kind;
import dev.playbook.privacy.PiiColumns.PiiColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The pure part of a PII purge: one table's rows with one person's PII removed from its {@link PiiColumns}.
 *
 * <p>The values to remove (emails, names) travel as a one-row frame joined in by broadcast, never as literals in
 * the query: a plan printed to a log or a Spark event log shows the column, not the value being purged.
 * A {@link Kind#VALUE} column equal to a target (case-insensitive, trimmed) makes the row's VALUE columns null
 * (a champion's name and title together); every case-insensitive mention of a target inside a {@link Kind#TEXT}
 * column becomes {@link PiiColumns#PURGED}.
 */
public final class Purge {
  private Purge() {}

  private static final String TARGET = "_purge_target_";

  /** The targets as a one-row frame with columns {@code _purge_target_0..n-1}. */
  public static Dataset<Row> targets(SparkSession spark, List<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("nothing to purge: no target value");
    }
    List<StructField> fields = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v == null || v.isBlank() || v.contains("\\E")) {
        throw new IllegalArgumentException("purge target #" + i + " is blank or contains \\E");
      }
      fields.add(DataTypes.createStructField(TARGET + i, DataTypes.StringType, false));
    }
    return spark.createDataFrame(List.of(RowFactory.create(values.toArray())),
        new StructType(fields.toArray(StructField[]::new)));
  }

  /**
   * {@code rows} of {@code table} with the targets removed from the table's PII columns, plus a boolean column
   * {@link #CHANGED} telling whether the row changed. Other columns are untouched.
   */
  public static Dataset<Row> purge(Dataset<Row> rows, String table, Dataset<Row> targets) {
    List<PiiColumn> pii = PiiColumns.of(table);
    for (PiiColumn c : pii) {
      if (!Arrays.asList(rows.columns()).contains(c.column())) {
        throw new IllegalArgumentException(table + " has no column " + c.column() + " (declared as PII)");
      }
    }
    String[] t = targets.columns();
    Column valueMatch = lit(false);
    for (PiiColumn c : pii) {
      if (c.kind() == Kind.VALUE) {
        for (String target : t) {
          valueMatch = valueMatch.or(lower(trim(col(c.column()))).equalTo(lower(trim(col(target)))));
        }
      }
    }
    valueMatch = orFalse(valueMatch);
    List<Column> out = new ArrayList<>();
    Column changed = lit(false);
    for (String name : rows.columns()) {
      PiiColumn c = pii.stream().filter(p -> p.column().equals(name)).findFirst().orElse(null);
      if (c == null) {
        out.add(col(name));
        continue;
      }
      Column purged;
      if (c.kind() == Kind.VALUE) {
        purged = when(valueMatch, lit(null).cast(DataTypes.StringType)).otherwise(col(name));
      } else {
        purged = col(name);
        for (String target : t) {
          purged = regexp_replace(purged, concat(lit("(?i)\\Q"), col(target), lit("\\E")), lit(PiiColumns.PURGED));
        }
      }
      changed = changed.or(not(purged.eqNullSafe(col(name))));
      out.add(purged.as(name));
    }
    out.add(changed.as(CHANGED));
    return rows.crossJoin(broadcast(targets)).select(out.toArray(Column[]::new));
  }

  /** Whether {@link #purge} changed the row. */
  public static final String CHANGED = "_purge_changed";

  private static Column orFalse(Column c) {
    return coalesce(c, lit(false));
  }
}
