package dev.playbook.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Registers the output folder's Delta tables in the session's catalog under one schema, so BI tools find
 * them by name, and adds a {@code <table>_latest} view (the newest as-of date) for every dated table. The
 * statements are printed too, to run in another SQL engine's catalog (Databricks, a Hive metastore).
 */
public final class RegisterJob implements Job {
  static final String SCHEMA_DEFAULT = "playbook";

  @Override
  public String name() {
    return "register";
  }

  @Override
  public String summary() {
    return "register the output tables (and <table>_latest views) in the catalog under one schema";
  }

  @Override
  public Map<String, String> options() {
    return Map.of("schema", "NAME   catalog schema to register into (default " + SCHEMA_DEFAULT + ")");
  }

  @Override
  public boolean needsDates() {
    return false;
  }

  @Override
  public void run(JobContext ctx) {
    String schema = ctx.option("schema").orElse(SCHEMA_DEFAULT);
    if (!schema.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new UsageException("--schema must be a plain identifier, was '" + schema + "'");
    }
    Path root = Path.of(ctx.warehouse().location(""));
    List<String> tables = CompareJob.deltaTables(ctx.spark(), root);
    List<String> sql = statements(ctx.spark(), schema, root, tables);
    for (String statement : sql) {
      ctx.console().print(statement + ";");
      ctx.spark().sql(statement);
    }
    ctx.console().stage(tables.size() + " tables registered in schema " + schema);
  }

  static List<String> statements(SparkSession spark, String schema, Path root, List<String> tables) {
    List<String> sql = new ArrayList<>();
    sql.add("CREATE SCHEMA IF NOT EXISTS " + schema);
    for (String table : tables) {
      String location = root.resolve(table).toString().replace("'", "''");
      sql.add("CREATE TABLE IF NOT EXISTS " + schema + "." + table + " USING DELTA LOCATION '" + location + "'");
      boolean dated = Arrays.asList(spark.read().format("delta").load(root.resolve(table).toString()).columns())
          .contains("as_of_date");
      if (dated && !table.endsWith("_latest")) {
        sql.add("CREATE OR REPLACE VIEW " + schema + "." + table + "_latest AS SELECT * FROM " + schema + "."
            + table + " WHERE as_of_date = (SELECT max(as_of_date) FROM " + schema + "." + table + ")");
      }
    }
    return sql;
  }
}
