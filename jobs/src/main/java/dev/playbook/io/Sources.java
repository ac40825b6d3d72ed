package dev.playbook.io;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.playbook.cli.InputException;
import dev.playbook.config.ConfigException;
import dev.playbook.config.EnvConfig;
import dev.playbook.config.SourceSpec;
import dev.playbook.contract.InputTable;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Reads each contract table from its configured source (Delta path, Parquet, CSV, catalog table or JDBC) and
 * conforms it to the contract's column names.
 *
 * <p>Which source: a table's own entry under {@code sources.tables}, else the {@code defaults} entry pointed at
 * the table — {@code <path>/<table name>} for delta/parquet/csv, {@code <table prefix><table name>} for
 * catalog/jdbc. Relative paths resolve against the env config file's folder.
 *
 * <p>What {@link #read} returns: one column per contract column, under its contract name (renamed from the
 * source name given in {@code columns}; matched case-insensitively), <em>still in the source's type</em> —
 * CSV gives strings — so the ingest job can quarantine a value that does not convert together with the row it
 * came in. Plus {@link #SOURCE_ROW}: the whole source row as JSON, as read. Rules applied here:
 * <ul>
 *   <li>a required contract column the source lacks fails with an {@link InputException} naming table and
 *       column (every missing column of the table, in one message);</li>
 *   <li>an optional contract column the source lacks is added as a null column of the contract type;</li>
 *   <li>a source column whose type cannot be converted to the contract type at all (an array for a date)
 *       fails naming table, column and both types;</li>
 *   <li>blank text (empty or only spaces, quoted or not) is "no value": it becomes null. One rule for every
 *       source, so a CSV's {@code ,,} and {@code ,"",} and a warehouse's {@code ''} all mean the same;</li>
 *   <li>source columns outside the contract are dropped (they stay visible in {@link #SOURCE_ROW}).</li>
 * </ul>
 *
 * <p>CSV defaults (each can be overridden in {@code options}): {@code header=true}, RFC 4180 quoting
 * ({@code quote="}, {@code escape="}, so {@code "Smith, Jones"} and {@code "say ""hi"""} read as written), UTF-8,
 * every column read as text (no schema inference: conversion and its failures are the ingest job's). A UTF-8
 * byte-order mark before the first header name is removed.
 *
 * <p>JDBC: the password is read from the environment variable named by {@code password_env} through the
 * {@code env} function given to the constructor; it is never logged and never part of an exception message
 * (messages from the driver are scrubbed of it). Cost: reading the schema runs one query per JDBC table
 * ({@code WHERE 1=0}); file sources list their folder.
 */
public final class Sources {
  /** The whole source row, as read, as a JSON object (for quarantine). */
  public static final String SOURCE_ROW = "_source_row";

  static final Map<String, String> CSV_DEFAULTS = Map.of(
      "header", "true",
      "quote", "\"",
      "escape", "\"",
      "encoding", "UTF-8",
      "inferSchema", "false",
      "mode", "PERMISSIVE");
  private static final String BOM = "\uFEFF";

  private final SparkSession spark;
  private final EnvConfig.Sources config;
  private final Path envFile;
  private final Function<String, String> env;
  private final Map<InputTable, List<String>> drift = new java.util.EnumMap<>(InputTable.class);

  public Sources(SparkSession spark, EnvConfig.Sources config, Path envFile) {
    this(spark, config, envFile, System::getenv);
  }

  /** @param env environment lookup for JDBC passwords (tests pass a map; production {@code System::getenv}) */
  public Sources(SparkSession spark, EnvConfig.Sources config, Path envFile, Function<String, String> env) {
    this.spark = spark;
    this.config = config;
    this.envFile = envFile;
    this.env = env;
  }

  /** The source entry of one table: its own, or the defaults entry pointed at the table. */
  public SourceSpec specFor(InputTable table) {
    SourceSpec own = config.tables().get(table.tableName());
    if (own != null) {
      return own;
    }
    SourceSpec d = config.defaults();
    boolean files = !d.format().equals("catalog") && !d.format().equals("jdbc");
    String path = files ? d.path().replaceAll("/+$", "") + "/" + table.tableName() : d.path();
    String name = files ? d.table() : (d.table() == null ? "" : d.table()) + table.tableName();
    return new SourceSpec(d.format(), path, name, d.url(), d.user(), d.passwordEnv(), d.columns(), d.options());
  }

  /** Where a table is read from, for messages: format and path, table or URL; never a password. */
  public String describe(InputTable table) {
    SourceSpec s = specFor(table);
    return switch (s.format()) {
      case "catalog" -> "catalog table " + s.table();
      case "jdbc" -> "jdbc " + s.url() + " table " + s.table() + (s.user() == null ? "" : " user " + s.user());
      default -> s.format() + " " + resolve(s.path());
    };
  }

  /**
   * Reads one table and conforms its column names (see the class comment). Empty when an optional table's
   * source does not exist; an {@link InputException} naming the table when a required one does not, or when
   * columns are missing or of an incompatible type. Lazy apart from reading the schema.
   */
  public Optional<Dataset<Row>> read(InputTable table) {
    SourceSpec spec = specFor(table);
    String where = describe(table);
    Optional<Dataset<Row>> source = load(table, spec, where);
    source.ifPresent(rows -> drift.put(table, drift(table, rows, spec.columns())));
    return source.map(rows -> conform(table, rows, spec.columns(), where));
  }

  /**
   * The tolerated schema drift of a table read by {@link #read}: source columns outside the contract (ignored)
   * and optional contract columns the source lacks (staged as null), one readable note each; empty when none.
   */
  public List<String> drift(InputTable table) {
    return drift.getOrDefault(table, List.of());
  }

  /** See {@link #drift(InputTable)}; pure. Missing required columns are not drift: {@link #conform} refuses them. */
  public static List<String> drift(InputTable table, Dataset<Row> source, Map<String, String> columns) {
    List<String> notes = new ArrayList<>();
    java.util.Set<String> wanted = new java.util.HashSet<>();
    for (StructField f : table.schema().fields()) {
      wanted.add(columns.getOrDefault(f.name(), f.name()).toLowerCase(Locale.ROOT));
    }
    java.util.Set<String> have = new java.util.HashSet<>();
    for (String c : source.columns()) {
      String name = cleanName(c);
      have.add(name.toLowerCase(Locale.ROOT));
      if (!wanted.contains(name.toLowerCase(Locale.ROOT))) {
        notes.add("source column " + name + " is not in the contract: ignored (not staged; kept in quarantine's "
            + "original_row)");
      }
    }
    for (StructField f : table.schema().fields()) {
      String w = columns.getOrDefault(f.name(), f.name());
      if (f.nullable() && !have.contains(w.toLowerCase(Locale.ROOT))) {
        notes.add("optional column " + f.name() + (w.equals(f.name()) ? "" : " (source column '" + w + "')")
            + " is absent from the source: staged as null");
      }
    }
    return notes;
  }

  private Optional<Dataset<Row>> load(InputTable table, SourceSpec spec, String where) {
    if (spec.format().equals("jdbc")) {
      return Optional.of(loadJdbc(table, spec, where));
    }
    if (!exists(spec)) {
      if (!table.required()) {
        return Optional.empty();
      }
      throw new InputException("table " + table.tableName() + ": source not found: " + where);
    }
    try {
      DataFrameReader reader = spark.read();
      return Optional.of(switch (spec.format()) {
        case "catalog" -> reader.options(spec.options()).table(spec.table());
        case "delta" -> reader.format("delta").options(spec.options()).load(resolve(spec.path()));
        case "parquet" -> reader.options(spec.options()).parquet(resolve(spec.path()));
        case "csv" -> {
          Map<String, String> opts = new LinkedHashMap<>(CSV_DEFAULTS);
          opts.putAll(spec.options());
          yield reader.options(opts).csv(resolve(spec.path()));
        }
        default -> throw new IllegalStateException("unknown format " + spec.format());
      });
    } catch (Exception e) { // AnalysisException and friends are checked exceptions to Java
      throw new InputException("table " + table.tableName() + ": cannot read " + where + ": " + firstLine(e), e);
    }
  }

  private Dataset<Row> loadJdbc(InputTable table, SourceSpec spec, String where) {
    String password = null;
    if (spec.passwordEnv() != null) {
      password = env.apply(spec.passwordEnv());
      if (password == null) {
        throw new ConfigException("table " + table.tableName() + ": environment variable " + spec.passwordEnv()
            + " (named by password_env) is not set");
      }
    }
    DataFrameReader reader = spark.read().format("jdbc")
        .option("url", spec.url())
        .option("dbtable", spec.table())
        // A zone-less SQL TIMESTAMP arrives zone-less (read as UTC by the ingest job), not shifted by the JVM's
        // default time zone as the driver's getTimestamp would; TIMESTAMP WITH TIME ZONE stays an instant.
        .option("preferTimestampNTZ", "true")
        .options(spec.options());
    if (spec.user() != null) {
      reader = reader.option("user", spec.user());
    }
    if (password != null) {
      reader = reader.option("password", password);
    }
    try {
      return reader.load();
    } catch (Exception e) { // the driver's SQLException arrives unchecked, through Scala
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      String message = scrub(firstLine(e), password);
      // The driver's own exception is kept only when no message in its chain mentions the password.
      Throwable cause = mentions(e, password) ? null : e;
      throw new InputException("table " + table.tableName() + ": cannot read " + where + ": " + message, cause);
    }
  }

  private boolean exists(SourceSpec spec) {
    try {
      if (spec.format().equals("catalog")) {
        return spark.catalog().tableExists(spec.table());
      }
      String location = resolve(spec.path());
      if (spec.format().equals("delta")) {
        return DeltaTable.isDeltaTable(spark, location);
      }
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new InputException("cannot check source " + spec.path() + ": " + e.getMessage(), e);
    }
  }

  private String resolve(String path) {
    if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || path.startsWith("file:")) {
      return path;
    }
    return EnvConfig.resolve(envFile, path).toString();
  }

  /**
   * Conforms a source frame to the contract's column names (see the class comment): renames mapped columns,
   * adds missing optional ones as typed nulls, drops the rest, turns blank text into null and adds
   * {@link #SOURCE_ROW}. Pure; fails naming the table and every missing or incompatible column.
   *
   * @param columns contract column → source column, for sources whose names differ
   * @param where the source's description, for messages
   */
  public static Dataset<Row> conform(InputTable table, Dataset<Row> source, Map<String, String> columns,
      String where) {
    Map<String, String> byLowerName = new LinkedHashMap<>();
    for (String c : source.columns()) {
      byLowerName.putIfAbsent(cleanName(c).toLowerCase(Locale.ROOT), c);
    }
    for (String mapped : columns.keySet()) {
      if (table.schema().getFieldIndex(mapped).isEmpty()) {
        throw new InputException("table " + table.tableName() + ": columns maps '" + mapped
            + "', which is not a contract column; contract columns: " + Arrays.toString(table.schema().fieldNames()));
      }
    }
    List<String> missing = new ArrayList<>();
    List<String> incompatible = new ArrayList<>();
    List<Column> out = new ArrayList<>();
    Column[] all = Arrays.stream(source.columns()).map(source::col).toArray(Column[]::new);
    out.add(to_json(struct(all), Map.of("ignoreNullFields", "false")).as(SOURCE_ROW));
    for (StructField f : table.schema().fields()) {
      String wanted = columns.getOrDefault(f.name(), f.name());
      String actual = byLowerName.get(wanted.toLowerCase(Locale.ROOT));
      if (actual == null) {
        if (f.nullable()) {
          out.add(lit(null).cast(f.dataType()).as(f.name()));
        } else {
          missing.add(f.name() + (wanted.equals(f.name()) ? "" : " (source column '" + wanted + "')"));
        }
        continue;
      }
      Column c = source.col(actual);
      var type = source.schema().apply(actual).dataType();
      try {
        source.select(c.try_cast(f.dataType()));
      } catch (Exception e) { // AnalysisException: no conversion from this type exists
        incompatible.add(f.name() + " is " + type.simpleString() + ", cannot become " + f.dataType().simpleString());
        continue;
      }
      if (type.equals(DataTypes.StringType)) {
        c = when(trim(c).equalTo(""), lit(null).cast(DataTypes.StringType)).otherwise(c);
      }
      out.add(c.as(f.name()));
    }
    if (!missing.isEmpty() || !incompatible.isEmpty()) {
      StringBuilder m = new StringBuilder("table " + table.tableName() + " (" + where + "): ");
      if (!missing.isEmpty()) {
        m.append("missing required column").append(missing.size() > 1 ? "s " : " ").append(String.join(", ", missing));
      }
      if (!incompatible.isEmpty()) {
        m.append(missing.isEmpty() ? "" : "; ").append("incompatible column")
            .append(incompatible.size() > 1 ? "s " : " ").append(String.join(", ", incompatible));
      }
      m.append("; source columns: ").append(Arrays.stream(source.columns()).map(Sources::cleanName).toList());
      throw new InputException(m.toString());
    }
    return source.select(out.toArray(Column[]::new));
  }

  /** A header name without a byte-order mark or surrounding spaces. */
  static String cleanName(String name) {
    return name.replace(BOM, "").trim();
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  static String scrub(String message, String secret) {
    return secret == null || secret.isEmpty() ? message : message.replace(secret, "***");
  }

  private static boolean mentions(Throwable e, String secret) {
    if (secret == null || secret.isEmpty()) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(secret) || String.valueOf(t).contains(secret)) {
        return true;
      }
    }
    return false;
  }

  /** Every contract column's name in the conformed frame, in contract order (without {@link #SOURCE_ROW}). */
  public static List<String> contractColumns(InputTable table) {
    return Arrays.asList(table.schema().fieldNames());
  }
}
