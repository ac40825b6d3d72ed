package dev.playbook.generate;

import dev.playbook.contract.InputTable;
import dev.playbook.generate.Catalog.Plan;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The seeded synthetic input contract. Every table is a lazy Dataset in exactly its {@link InputTable#schema()}:
 * nothing is computed until it is written or counted.
 *
 * <p>Cost: the per-account tables are {@code spark.range(accounts)} flat-mapped through a deterministic
 * simulation of each account ({@link AccountSim}) on the executors, so memory is bounded by one account at a
 * time per task and the driver holds nothing but the catalog; no step shuffles. Each table re-runs the
 * simulation (cheap next to writing the activity rows). A row depends only on the seed and its account, so the
 * same spec gives the same rows whatever the partitioning.
 */
public final class Generator {
  private Generator() {}

  public static Map<InputTable, Dataset<Row>> generate(SparkSession spark, GeneratorSpec spec) {
    Map<InputTable, Dataset<Row>> tables = new EnumMap<>(InputTable.class);
    for (InputTable table : InputTable.values()) {
      tables.put(table, switch (table) {
        case PLANS -> spark.createDataFrame(planRows(), table.schema());
        case PLAN_FEATURES -> spark.createDataFrame(planFeatureRows(), table.schema());
        default -> spark.range(0, spec.accounts(), 1, spec.effectivePartitions())
            .flatMap(new AccountRows(spec, table), Encoders.row(table.schema()));
      });
    }
    return tables;
  }

  static List<Row> planRows() {
    List<Row> rows = new ArrayList<>();
    for (Plan p : Catalog.allPlans()) {
      rows.add(RowFactory.create(p.planId(), p.productId(), p.tierRank(), p.usageLimit(), p.nextPlanId()));
    }
    return rows;
  }

  static List<Row> planFeatureRows() {
    List<Row> rows = new ArrayList<>();
    for (Plan p : Catalog.allPlans()) {
      for (String f : p.features()) {
        rows.add(RowFactory.create(p.planId(), f));
      }
    }
    return rows;
  }
}
