package dev.playbook.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_micros;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.playbook.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * A source column whose type changed converts to the contract type only without loss; anything else becomes
 * null in the typed column (and, beside its raw text, a quarantined row — see {@link SchemaDriftTest}). Checked
 * under a non-UTC session time zone, since Spark's own casts of zone-less values use it.
 */
class TypeDriftTest {
  private final SparkSession spark = SharedSpark.session();

  /** The source values (as SQL literals of type {@code from}) converted to {@code to}, as text. */
  private List<String> convert(String from, DataType to, String... sqlValues) {
    String previous = spark.conf().get("spark.sql.session.timeZone");
    spark.conf().set("spark.sql.session.timeZone", "America/Los_Angeles");
    try {
      List<String> selects = new ArrayList<>();
      for (String v : sqlValues) {
        selects.add("SELECT CAST(" + v + " AS " + from + ") AS v");
      }
      Dataset<Row> src = spark.sql(String.join(" UNION ALL ", selects)).coalesce(1);
      DataType fromType = src.schema().apply("v").dataType();
      Column c = TypedRows.convert(col("v"), fromType, to);
      Column shown = to.equals(DataTypes.TimestampType)
          ? unix_micros(c).cast("string") : c.cast("string");
      return src.select(shown).collectAsList().stream().map(r -> r.isNullAt(0) ? "null" : r.getString(0)).toList();
    } finally {
      spark.conf().set("spark.sql.session.timeZone", previous);
    }
  }

  private static List<String> l(String... v) {
    return Arrays.asList(v);
  }

  @Test
  void aFractionOrAnOverflowNeverBecomesATruncatedInt() {
    assertEquals(l("2", "null", "null", "-3"), convert("DOUBLE", DataTypes.IntegerType, "2.0", "1.5", "3e9", "-3.0"),
        "a double column for an INT: whole values convert, 1.5 is not truncated to 1, 3e9 does not overflow");
    assertEquals(l("7", "null"), convert("BIGINT", DataTypes.IntegerType, "7", "3000000000"),
        "a BIGINT for an INT: in range only");
    assertEquals(l("5", "null"), convert("DECIMAL(10,2)", DataTypes.LongType, "5.00", "5.25"),
        "a decimal for a BIGINT: whole values only");
    assertEquals(l("12", "null", "null"), convert("STRING", DataTypes.IntegerType, "'12'", "'1.5'", "'12abc'"),
        "text for an INT: whole numbers only");
  }

  @Test
  void aNumberForABooleanIsOnlyZeroOrOne() {
    assertEquals(l("true", "false", "null"), convert("INT", DataTypes.BooleanType, "1", "0", "2"),
        "2 is not silently true");
  }

  @Test
  void moneyIsRoundedHalfUpToCentsTheDocumentedTolerance() {
    assertEquals(l("1.01", "2.50", "null"),
        convert("DECIMAL(38,4)", dev.playbook.contract.InputTable.MONEY, "1.005", "2.5", "12345678901234567.0"),
        "rounded half-up to cents; more than 16 integer digits does not convert");
  }

  @Test
  void datesAreStrictIsoAndATimestampOnlyConvertsAtUtcMidnight() {
    assertEquals(l("2026-03-31", "null", "null", "null", "null"),
        convert("STRING", DataTypes.DateType, "'2026-03-31'", "'2026-03'", "'2026'", "'2026-03-31 10:00:00'",
            "'03/31/2026'"),
        "only yyyy-MM-dd: Spark alone reads 2026-03 as March 1st and drops a time of day");
    assertEquals(l("2026-03-31", "null"),
        convert("TIMESTAMP", DataTypes.DateType, "TIMESTAMP'2026-03-31 00:00:00 UTC'",
            "TIMESTAMP'2026-03-31 13:00:00 UTC'"),
        "a date delivered as a timestamp: midnight UTC is that date; a time of day would be lost");
    assertEquals(l("2026-03-31", "null"),
        convert("TIMESTAMP_NTZ", DataTypes.DateType, "TIMESTAMP_NTZ'2026-03-31 00:00:00'",
            "TIMESTAMP_NTZ'2026-03-31 13:00:00'"),
        "the same for a zone-less timestamp");
  }

  @Test
  void timestampsWithoutAnOffsetAreUtcWhateverTheSessionZone() {
    long at0730 = 1772782200000000L; // 2026-03-06T07:30:00Z
    long midnight = 1772755200000000L; // 2026-03-06T00:00:00Z
    assertEquals(l("" + at0730, "" + at0730, "" + at0730, "" + midnight, "null", "null"),
        convert("STRING", DataTypes.TimestampType, "'2026-03-06 07:30:00'", "'2026-03-06T09:30:00+02:00'",
            "'2026-03-06T07:30:00Z'", "'2026-03-06'", "'06.03.2026 07:30'", "'2026'"),
        "no offset = UTC, an offset is honored, a date is midnight UTC; other forms do not convert");
    assertEquals(l("" + at0730), convert("TIMESTAMP_NTZ", DataTypes.TimestampType,
        "TIMESTAMP_NTZ'2026-03-06 07:30:00'"), "a zone-less timestamp column is read as UTC");
    assertEquals(l("" + midnight), convert("DATE", DataTypes.TimestampType, "DATE'2026-03-06'"),
        "a DATE column for a timestamp is midnight UTC, not midnight in the session zone");
  }
}
