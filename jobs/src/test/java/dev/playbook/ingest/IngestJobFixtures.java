package dev.playbook.ingest;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The ingest test fixture for tests in other packages. */
public final class IngestJobFixtures {
  private IngestJobFixtures() {}

  /** Writes the valid fixture world as Parquet folders named by contract table; returns their root. */
  public static Path writeValidWorld(SparkSession spark) {
    return Fixture.valid().writeParquet(spark, Fixture.newRoot());
  }
}
