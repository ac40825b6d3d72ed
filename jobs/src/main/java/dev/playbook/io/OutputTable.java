package dev.playbook.io;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An output table: its name, its grain, what it is for, and its columns with their comments. The comments
 * are written into the Delta table's own metadata, so a BI user sees them with DESCRIBE.
 *
 * @param name table name (folder under the output path, or table in the catalog schema)
 * @param grain one row per ..., e.g. "one row per account and as-of date"
 * @param description what the table is for
 * @param schema columns, each with a comment in its metadata
 * @param partitionBy partition columns (usually {@code as_of_date}), or none
 * @param replaceKey the date column a rerun replaces by ({@code as_of_date}); null when a run replaces the
 *     whole table
 */
public record OutputTable(
    String name, String grain, String description, StructType schema, List<String> partitionBy,
    String replaceKey) {

  public OutputTable {
    for (StructField f : schema.fields()) {
      if (!f.metadata().contains("comment")) {
        throw new IllegalArgumentException(name + "." + f.name() + " has no column comment");
      }
      if (!f.name().matches("[a-z0-9_]+")) {
        throw new IllegalArgumentException(name + "." + f.name() + " is not a snake_case column name");
      }
    }
    partitionBy = List.copyOf(partitionBy);
  }

  /** The comment stored on the table: its grain, then its description. */
  public String tableComment() {
    return "Grain: " + grain + ". " + description;
  }

  /** Starts a table definition; add columns with {@link Builder#column}. */
  public static Builder builder(String name, String grain, String description) {
    return new Builder(name, grain, description);
  }

  public static final class Builder {
    private final String name;
    private final String grain;
    private final String description;
    private final List<StructField> fields = new ArrayList<>();
    private List<String> partitionBy = List.of();
    private String replaceKey;

    private Builder(String name, String grain, String description) {
      this.name = name;
      this.grain = grain;
      this.description = description;
    }

    public Builder column(String column, DataType type, boolean nullable, String comment) {
      Metadata md = new MetadataBuilder().putString("comment", comment).build();
      fields.add(new StructField(column, type, nullable, md));
      return this;
    }

    /** Each run replaces the rows of its own dates in {@code dateColumn}, partitioned by it. */
    public Builder replacedByDate(String dateColumn) {
      this.replaceKey = dateColumn;
      this.partitionBy = List.of(dateColumn);
      return this;
    }

    /** Partitioned by {@code columns} instead (e.g. by month, the rows still replaced by day). */
    public Builder partitionedBy(String... columns) {
      this.partitionBy = List.of(columns);
      return this;
    }

    public OutputTable build() {
      return new OutputTable(name, grain, description, new StructType(fields.toArray(StructField[]::new)),
          partitionBy, replaceKey);
    }
  }
}
