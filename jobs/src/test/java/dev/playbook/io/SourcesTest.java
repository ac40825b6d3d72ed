package dev.playbook.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.InputException;
import dev.playbook.config.ConfigException;
import dev.playbook.config.EnvConfig;
import dev.playbook.config.SourceSpec;
import dev.playbook.contract.InputTable;
import dev.playbook.ingest.TypedRows;
import dev.playbook.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SourcesTest {
  private final SparkSession spark = SharedSpark.session();

  private static SourceSpec spec(String format, String path, String table) {
    return new SourceSpec(format, path, table, format.equals("jdbc") ? "jdbc:postgresql://db/crm" : null,
        format.equals("jdbc") ? "reader" : null, format.equals("jdbc") ? "PW_VAR" : null, null, null);
  }

  private Sources sources(SourceSpec defaults, Map<String, SourceSpec> tables, Path envFile) {
    return new Sources(spark, new EnvConfig.Sources(defaults, tables), envFile, name -> null);
  }

  @Test
  void defaultsPointAtTheTableAndPerTableEntriesOverride() {
    Path env = Path.of("/conf/local.yaml");
    Sources files = sources(spec("parquet", "../data", null), Map.of("users", spec("csv", "/x/users.csv", null)), env);
    assertEquals("../data/accounts", files.specFor(InputTable.ACCOUNTS).path(), "defaults: <path>/<table>");
    assertEquals("parquet /data/accounts", files.describe(InputTable.ACCOUNTS), "resolved against the env file");
    assertEquals("csv /x/users.csv", files.describe(InputTable.USERS), "a table's own entry wins");
    Sources catalog = sources(spec("catalog", null, "warehouse.raw."), Map.of(), env);
    assertEquals("warehouse.raw.plans", catalog.specFor(InputTable.PLANS).table(), "catalog: <prefix><table>");
    Sources jdbc = sources(spec("jdbc", null, "public."), Map.of(), env);
    assertEquals("jdbc jdbc:postgresql://db/crm table public.opportunities user reader",
        jdbc.describe(InputTable.OPPORTUNITIES), "jdbc: <prefix><table>, no password in the description");
  }

  @Test
  void csvQuirksHeaderBomQuotedCommasBlanksAndOffsets() throws IOException {
    Path dir = SharedSpark.tempDir("csv");
    Files.createDirectories(dir.resolve("accounts"));
    Files.writeString(dir.resolve("accounts/part.csv"), "\uFEFFaccount_id,account_name,segment,is_strategic,"
        + "onboarded_on,csm_owner,ae_owner,champion_name,champion_title,region,legacy_id\n"
        + "a1,\"Acme, Inc.\",mid_market,true,2026-01-10,csm1,,\"Roe, Jane\",\"VP \"\"Ops\"\"\",emea,17\n"
        + "a2,Globex,enterprise,false,2026-01-11,\"\",ae2,,,  ,18\n", StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("gate_events"));
    Files.writeString(dir.resolve("gate_events/part.csv"), "account_id,user_id,event_ts,feature_key,event_type\n"
        + "a1,u1,2026-03-06T09:30:00+02:00,f3,gated_feature_view\n"
        + "a1,u1,2026-03-06 23:30:00-05:00,f3,gated_feature_view\n"
        + "a1,,2026-03-06T10:00:00Z,f3,feature_request\n"
        + "a1,,2026-03-06 10:00:00,f3,feature_request\n", StandardCharsets.UTF_8);
    Sources s = sources(spec("csv", dir.toString(), null), Map.of(), dir.resolve("env.yaml"));

    Dataset<Row> accounts = s.read(InputTable.ACCOUNTS).orElseThrow();
    assertEquals(List.of(InputTable.ACCOUNTS.schema().fieldNames()),
        List.of(accounts.drop(Sources.SOURCE_ROW).columns()), "contract columns in order; legacy_id dropped");
    List<Row> a = accounts.orderBy("account_id").collectAsList();
    assertEquals("a1", a.get(0).<Object>getAs("account_id"), "the BOM is not part of the first header name");
    assertEquals("Acme, Inc.", a.get(0).<Object>getAs("account_name"), "a quoted comma stays in the value");
    assertEquals("VP \"Ops\"", a.get(0).<Object>getAs("champion_title"), "doubled quotes are one quote (RFC 4180)");
    assertNull(a.get(0).<Object>getAs("ae_owner"), "an empty field is null");
    assertNull(a.get(1).<Object>getAs("csm_owner"), "a quoted empty string is null too (one rule: blank = no value)");
    assertNull(a.get(1).<Object>getAs("region"), "spaces only is blank: null");
    assertTrue(a.get(0).<String>getAs(Sources.SOURCE_ROW).contains("\"legacy_id\":\"17\""),
        "the original row keeps every source column: " + a.get(0).getAs(Sources.SOURCE_ROW));

    Dataset<Row> typed = TypedRows.of(InputTable.GATE_EVENTS, s.read(InputTable.GATE_EVENTS).orElseThrow());
    assertEquals(List.of("2026-03-06 07:30:00", "2026-03-07 04:30:00", "2026-03-06 10:00:00", "2026-03-06 10:00:00"),
        typed.select(date_format(col("event_ts"), "yyyy-MM-dd HH:mm:ss")).collectAsList().stream()
            .map(r -> r.getString(0)).toList(), "offsets normalized to UTC; no offset means UTC");
  }

  @Test
  void columnsMapRenamesAndMatchesCaseInsensitively() {
    StructType schema = new StructType().add("ID", DataTypes.StringType).add("Plan_Ref", DataTypes.StringType);
    Dataset<Row> src = spark.createDataFrame(List.of(RowFactory.create("f1", "p1")), schema);
    Dataset<Row> out = Sources.conform(InputTable.PLAN_FEATURES, src, Map.of("plan_id", "plan_ref",
        "feature_key", "id"), "test");
    assertEquals("[p1,f1]", out.drop(Sources.SOURCE_ROW).first().toString(), "plan_id ← Plan_Ref, feature_key ← ID");
  }

  @Test
  void missingRequiredColumnsAreNamedAndOptionalOnesAreTypedNulls() {
    StructType schema = new StructType().add("account_id", DataTypes.StringType).add("is_strategic", DataTypes.StringType)
        .add("onboarded_on", DataTypes.StringType);
    Dataset<Row> src = spark.createDataFrame(List.of(RowFactory.create("a1", "true", "2026-01-01")), schema);
    InputException e = assertThrows(InputException.class,
        () -> Sources.conform(InputTable.ACCOUNTS, src, Map.of(), "parquet /x/accounts"));
    assertTrue(e.getMessage().contains("table accounts") && e.getMessage().contains("missing required column segment"),
        e.getMessage());
    InputException mapped = assertThrows(InputException.class,
        () -> Sources.conform(InputTable.ACCOUNTS, src, Map.of("segment", "tier"), "x"));
    assertTrue(mapped.getMessage().contains("segment (source column 'tier')"), mapped.getMessage());

    StructType users = new StructType().add("user_id", DataTypes.StringType).add("account_id", DataTypes.StringType);
    Dataset<Row> u = Sources.conform(InputTable.USERS,
        spark.createDataFrame(List.of(RowFactory.create("u1", "a1")), users), Map.of(), "x");
    assertEquals(DataTypes.DateType, u.schema().apply("deactivated_on").dataType(), "optional column, contract type");
    assertNull(u.first().<Object>getAs("deactivated_on"), "and null");
  }

  @Test
  void incompatibleColumnTypeIsNamed() {
    StructType schema = new StructType().add("account_id", DataTypes.StringType)
        .add("segment", DataTypes.StringType).add("is_strategic", DataTypes.BooleanType)
        .add("onboarded_on", DataTypes.createArrayType(DataTypes.IntegerType));
    Dataset<Row> src = spark.createDataFrame(List.of(RowFactory.create("a1", "enterprise", true, List.of(1).toArray())),
        schema);
    InputException e = assertThrows(InputException.class, () -> Sources.conform(InputTable.ACCOUNTS, src, Map.of(), "x"));
    assertTrue(e.getMessage().contains("incompatible column onboarded_on is array<int>, cannot become date"),
        e.getMessage());
  }

  @Test
  void aMissingSourceIsNamedUnlessTheTableIsOptional() {
    Path dir = SharedSpark.tempDir("empty-src");
    Sources s = sources(spec("parquet", dir.toString(), null), Map.of(), dir.resolve("env.yaml"));
    InputException e = assertThrows(InputException.class, () -> s.read(InputTable.ACCOUNTS));
    assertTrue(e.getMessage().contains("table accounts: source not found: parquet " + dir.resolve("accounts")),
        e.getMessage());
    assertFalse(s.read(InputTable.ACTIVITIES).isPresent(), "activities is optional");
  }

  @Test
  void aJdbcPasswordVariableThatIsNotSetIsNamed() {
    Sources s = sources(spec("parquet", "/x", null), Map.of("accounts", spec("jdbc", null, "accounts")),
        Path.of("/conf/env.yaml"));
    ConfigException e = assertThrows(ConfigException.class, () -> s.read(InputTable.ACCOUNTS));
    assertTrue(e.getMessage().contains("PW_VAR") && e.getMessage().contains("not set"), e.getMessage());
  }
}
