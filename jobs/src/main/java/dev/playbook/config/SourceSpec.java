package dev.playbook.config;

import java.util.List;
import java.util.Map;

/**
 * Where one contract table is read from.
 *
 * @param format delta, parquet, csv, catalog or jdbc
 * @param path file or folder for delta/parquet/csv; for the {@code defaults} entry, the folder that holds
 *     one sub-folder per contract table; relative paths are resolved against the env config's folder
 * @param table catalog table name ({@code catalog}) or JDBC table or query in parentheses ({@code jdbc});
 *     for the {@code defaults} entry, a prefix such as {@code warehouse.raw.} that the contract name follows
 * @param url JDBC URL ({@code jdbc} only)
 * @param user JDBC user ({@code jdbc} only)
 * @param passwordEnv name of the environment variable that holds the JDBC password; the password itself
 *     is never written in a config file
 * @param columns contract column → source column, for sources whose names differ
 * @param options extra reader options passed to Spark as they are (e.g. {@code fetchsize}, CSV {@code sep})
 */
public record SourceSpec(
    String format,
    String path,
    String table,
    String url,
    String user,
    String passwordEnv,
    Map<String, String> columns,
    Map<String, String> options) {

  public static final List<String> FORMATS = List.of("delta", "parquet", "csv", "catalog", "jdbc");

  public SourceSpec {
    Require.oneOf("format", format, FORMATS);
    columns = columns == null ? Map.of() : Map.copyOf(columns);
    options = options == null ? Map.of() : Map.copyOf(options);
    switch (format) {
      case "catalog" -> Require.present("table", table);
      case "jdbc" -> {
        Require.present("url", url);
        Require.present("table", table);
      }
      default -> Require.present("path", path);
    }
    if (options.keySet().stream().anyMatch(k -> k.toLowerCase().contains("password"))) {
      throw new IllegalArgumentException("options must not hold a password; name its environment variable in "
          + "password_env instead");
    }
  }
}
