package dev.playbook.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.Main;
import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import dev.playbook.generate.Generator;
import dev.playbook.generate.GeneratorSpec;
import dev.playbook.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PII only where {@link PiiColumns} says: the daily pipeline (ingest → features → queue → measure) on generated
 * data, then every text column of every output table that is not declared PII is searched for every email and
 * champion name of the sources. The declared ones must actually hold some (the list is not padded).
 *
 * <p>One pipeline run on 40 generated accounts: about two minutes on two cores, tagged {@code reliability}.
 */
@Tag("reliability")
class PiiPlacementTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void emailsAndChampionNamesAppearOnlyInTheDeclaredPiiColumns() throws IOException {
    GeneratorSpec spec = GeneratorSpec.demo(11).withAccounts(40);
    Path sources = SharedSpark.tempDir("pii-src");
    Map<InputTable, Dataset<Row>> g = Generator.generate(spark, spec);
    g.forEach((t, rows) -> rows.write().parquet(sources.resolve(t.tableName()).toString()));
    Set<String> pii = new TreeSet<>();
    spark.read().parquet(sources.resolve("users").toString()).select(Col.EMAIL).where(col(Col.EMAIL).isNotNull())
        .collectAsList().forEach(r -> pii.add(r.getString(0).toLowerCase(Locale.ROOT)));
    spark.read().parquet(sources.resolve("accounts").toString()).select(Col.CHAMPION_NAME)
        .where(col(Col.CHAMPION_NAME).isNotNull())
        .collectAsList().forEach(r -> pii.add(r.getString(0).toLowerCase(Locale.ROOT)));
    assertTrue(pii.size() > 40, "planted emails and names: " + pii.size());

    Path warehouse = sources.resolve("warehouse");
    Path env = sources.resolve("env.yaml");
    Files.writeString(env, """
        playbook: %s
        sources:
          defaults: {format: parquet, path: %s}
        output: {path: %s, catalog_schema: null}
        spark:
          master: local[2]
          conf: {}
        """.formatted(Path.of("conf/playbook.yaml").toAbsolutePath(), sources, warehouse));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long started = System.nanoTime();
    int code = Main.run(new String[] {"pipeline", "--as-of", spec.endDate().toString(), "--conf", env.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    System.out.printf("pii placement test: pipeline %.1f s%n", (System.nanoTime() - started) / 1e9);
    assertEquals(0, code, out.toString(StandardCharsets.UTF_8));

    List<String> tables;
    try (Stream<Path> s = Files.list(warehouse)) {
      tables = s.filter(p -> Files.isDirectory(p.resolve("_delta_log"))).map(p -> p.getFileName().toString())
          .sorted().toList();
    }
    assertTrue(tables.containsAll(List.of("staged_users", "handoff_briefs", "outbox", "signals", "features")),
        "the pipeline wrote its tables: " + tables);
    List<String> leaks = new ArrayList<>();
    List<String> declaredWithPii = new ArrayList<>();
    int scanned = 0;
    for (String table : tables) {
      Dataset<Row> rows = spark.read().format("delta").load(warehouse.resolve(table).toString());
      for (StructField f : rows.schema().fields()) {
        if (f.dataType() instanceof AtomicType && !f.dataType().equals(DataTypes.StringType)) {
          continue; // numbers, dates, booleans hold no text
        }
        Column text = f.dataType().equals(DataTypes.StringType) ? col(f.name()) : to_json(col(f.name()));
        List<String> values = rows.select(text).distinct().collectAsList().stream()
            .filter(r -> !r.isNullAt(0)).map(r -> r.getString(0).toLowerCase(Locale.ROOT)).toList();
        scanned++;
        boolean holds = values.stream().anyMatch(v -> pii.stream().anyMatch(v::contains));
        if (PiiColumns.holdsPii(table, f.name())) {
          if (holds) {
            declaredWithPii.add(table + "." + f.name());
          }
        } else if (holds) {
          leaks.add(table + "." + f.name() + ": " + values.stream().filter(v -> pii.stream().anyMatch(v::contains))
              .findFirst().orElseThrow());
        }
      }
    }
    System.out.printf("pii placement test: %d tables, %d text columns scanned; PII found in %s%n", tables.size(),
        scanned, declaredWithPii);
    assertEquals(List.of(), leaks, "PII outside the declared columns");
    assertTrue(declaredWithPii.containsAll(List.of("staged_users.email", "staged_accounts.champion_name",
        "handoff_briefs.brief_json", "handoff_briefs.brief_text")), "the declared columns hold PII: "
        + declaredWithPii);
  }
}
