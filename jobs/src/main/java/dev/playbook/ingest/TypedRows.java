package dev.playbook.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.playbook.contract.InputTable;
import dev.playbook.contract.UtcTime;
import dev.playbook.io.Sources;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Converts a conformed source frame ({@link Sources#read}) to the contract's types, keeping what came in: each
 * contract column in its contract type, beside it {@code _raw_<column>} (the source value as text, null when
 * absent) and {@link Sources#SOURCE_ROW}. A value that does not convert <em>without loss</em> becomes null in the
 * typed column while its raw text stays, which is what the {@code castable(...)} checks look for: a failed or lossy
 * conversion is always a quarantined row with its reason, never a silent null or a silently changed value.
 *
 * <p>Conversion is Spark's {@code try_cast} (null on failure, whatever {@code spark.sql.ansi.enabled} says), made
 * strict and time-zone independent:
 * <ul>
 *   <li>text → DATE: only ISO {@code yyyy-MM-dd} (Spark alone would also take {@code 2026} or {@code 2026-03} as
 *       the first day, or a timestamp's date part);</li>
 *   <li>text → TIMESTAMP: ISO date and time with an offset ({@code 2026-03-31T23:30:00+02:00} becomes
 *       {@code 2026-03-31 21:30:00} UTC) or without one (read as UTC, <em>not</em> in the session time zone), or an
 *       ISO date (midnight UTC); a TIMESTAMP_NTZ or a DATE source column is read the same way (as UTC);</li>
 *   <li>TIMESTAMP → DATE (a date column delivered as a timestamp): only an exact UTC midnight converts, to its UTC
 *       date; a time of day would be lost;</li>
 *   <li>a number → INT/BIGINT: only whole numbers in range ({@code 1.5} and {@code 3000000000} for an INT do not
 *       convert); a number → BOOLEAN: only 0 and 1;</li>
 *   <li>decimals and fractional numbers → {@code DECIMAL(18,2)}: rounded half-up to cents (the contract's
 *       money precision: a documented tolerance), more than 16 integer digits does not convert;</li>
 *   <li>text → BOOLEAN: {@code true/false/t/f/yes/no/y/n/1/0}; text → INT/BIGINT: whole numbers only.</li>
 * </ul>
 */
public final class TypedRows {
  private TypedRows() {}

  public static final String RAW_PREFIX = "_raw_";

  static final String ISO_DATE = "^\\d{4}-\\d{2}-\\d{2}$";
  static final String ISO_TIMESTAMP =
      "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?$";
  static final String HAS_OFFSET = "[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?)$";
  static final String TIME_OF_DAY = "[T ]\\d{2}:\\d{2}";

  public static String raw(String column) {
    return RAW_PREFIX + column;
  }

  public static Dataset<Row> of(InputTable table, Dataset<Row> conformed) {
    List<Column> out = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      DataType from = conformed.schema().apply(f.name()).dataType();
      out.add(convert(col(f.name()), from, f.dataType()).as(f.name()));
    }
    for (StructField f : table.schema().fields()) {
      out.add(col(f.name()).cast(DataTypes.StringType).as(raw(f.name())));
    }
    out.add(col(Sources.SOURCE_ROW));
    return conformed.select(out.toArray(Column[]::new));
  }

  /** {@code c} (of type {@code from}) in type {@code to}, or null when it does not convert without loss. */
  static Column convert(Column c, DataType from, DataType to) {
    if (from.equals(to)) {
      return c;
    }
    if (to.equals(DataTypes.TimestampType)) {
      if (from.equals(DataTypes.StringType)) {
        return timestampFromText(c);
      }
      if (from.equals(DataTypes.TimestampNTZType) || from.equals(DataTypes.DateType)) {
        return timestampFromText(c.cast(DataTypes.StringType)); // zone-free text, then read as UTC
      }
      return c.try_cast(to);
    }
    if (to.equals(DataTypes.DateType)) {
      if (from.equals(DataTypes.StringType)) {
        return when(trim(c).rlike(ISO_DATE), trim(c).try_cast(to));
      }
      if (from.equals(DataTypes.TimestampType)) {
        return when(UtcTime.isUtcMidnight(c), UtcTime.utcDate(c));
      }
      if (from.equals(DataTypes.TimestampNTZType)) {
        Column d = c.cast(to); // no zone involved
        return when(d.cast(DataTypes.TimestampNTZType).equalTo(c), d);
      }
      return c.try_cast(to);
    }
    boolean exactTarget = to instanceof IntegralType || to instanceof BooleanType;
    if (exactTarget && from instanceof NumericType && !(from instanceof BooleanType)) {
      // try_cast truncates 1.5 to 1 and maps 2 to true: keep only values that convert back to themselves.
      Column t = c.try_cast(to);
      return when(t.cast(from).equalTo(c), t);
    }
    return c.try_cast(to);
  }

  /** ISO text to an instant: with an offset as given, without one as UTC; anything else is null. */
  static Column timestampFromText(Column text) {
    Column s = trim(text);
    Column withZone = when(s.rlike(HAS_OFFSET), s)
        .when(s.rlike(TIME_OF_DAY), concat(s, lit("Z")))
        .otherwise(concat(s, lit("T00:00:00Z")));
    return when(s.rlike(ISO_TIMESTAMP), withZone.try_cast(DataTypes.TimestampType));
  }
}
