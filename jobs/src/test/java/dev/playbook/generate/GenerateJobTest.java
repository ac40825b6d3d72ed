package dev.playbook.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.cli.Main;
import dev.playbook.contract.InputTable;
import dev.playbook.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class GenerateJobTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void writesOneParquetFolderPerContractTableAndPrintsCounts() {
    Path out = SharedSpark.tempDir("generated");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"generate", "--out", out.toString(), "--accounts", "4",
        "--history-days", "120", "--user-scale", "0.3", "--seed", "3", "--partitions", "2"},
        new PrintStream(stdout), new PrintStream(stderr));
    assertEquals(0, code, "exit code; stderr: " + stderr);
    GeneratorSpec spec = new GeneratorSpec(3, 4, GeneratorSpec.END_DATE_DEFAULT, 120, 0.3, 2);
    var expected = Generator.generate(spark, spec);
    for (InputTable t : InputTable.values()) {
      Dataset<Row> written = spark.read().parquet(out.resolve(t.tableName()).toString());
      assertEquals(t.schema().fieldNames().length, written.schema().fieldNames().length, t.tableName());
      assertEquals(expected.get(t).count(), written.count(), t.tableName() + " rows written");
      assertTrue(stdout.toString().contains(t.tableName()), "the summary names " + t.tableName() + ":\n" + stdout);
    }
  }

  @Test
  void refusesAnUnknownFormat() {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"generate", "--out", SharedSpark.tempDir("g").toString(), "--format", "orc"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(stderr));
    assertEquals(2, code, "a bad --format is a usage error");
    assertTrue(stderr.toString().contains("--format"), stderr.toString());
  }
}
