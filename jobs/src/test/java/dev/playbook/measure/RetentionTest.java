package dev.playbook.measure;

import static dev.playbook.measure.MeasureFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * As of 2026-03-31, lookback 2 months. January: X 100, Y 100, Z 50 (onboarded in January). March: X 130
 * (+30), Y 80 (−20), Z 0 (churned). W starts in February at 70 (onboarded in February).
 * Trailing March: start 250, expansion 30, contraction 20, churned 50, end 210; NRR 210/250 = 0.84,
 * GRR (250 − 20 − 50)/250 = 0.72.
 */
class RetentionTest {
  static final LocalDate AS_OF_DATE = LocalDate.parse("2026-03-31");

  static Dataset<Row> movements() {
    return MrrMovements.mrrMovements(subscriptions(List.of(
        sub("X", "p1", "basic", "2026-01-01", "2026-03-01", 5, "100"),
        sub("X", "p1", "pro", "2026-03-01", "2026-04-01", 5, "130"),
        sub("Y", "p1", "basic", "2026-01-01", "2026-03-01", 5, "100"),
        sub("Y", "p1", "basic", "2026-03-01", "2026-04-01", 4, "80"),
        sub("Z", "p1", "basic", "2026-01-01", "2026-03-01", 5, "50"),
        sub("W", "p1", "basic", "2026-02-01", "2026-04-01", 5, "70"))), AS_OF_DATE);
  }

  static Dataset<Row> accounts() {
    return MeasureFixtures.accounts(List.of(new String[] {"X", "2026-01-05"}, new String[] {"Y", "2026-01-20"},
        new String[] {"Z", "2026-01-02"}, new String[] {"W", "2026-02-03"}));
  }

  static List<String> render(Dataset<Row> rows) {
    return rows.orderBy("retention_kind", "cohort_month", "month")
        .selectExpr("concat_ws('|', retention_kind, coalesce(cast(cohort_month as string), '-'), month, "
            + "months_from_start, accounts_start, accounts_retained, start_mrr, expansion_mrr, contraction_mrr, "
            + "churned_mrr, end_mrr, round(nrr, 4), round(grr, 4))")
        .as(Encoders.STRING()).collectAsList();
  }

  @Test
  void trailingNrrAndGrr() {
    assertEquals(List.of("trailing|-|2026-03-01|2|3|2|250.00|30.00|20.00|50.00|210.00|0.84|0.72"),
        render(Retention.trailing(movements(), AS_OF_DATE, 2)),
        "only March has a base month (January) within the data; W is not in the January base");
  }

  @Test
  void cohortNrrAndGrr() {
    assertEquals(List.of(
            "cohort|2026-01-01|2026-01-01|0|3|3|250.00|0.00|0.00|0.00|250.00|1.0|1.0",
            "cohort|2026-01-01|2026-02-01|1|3|3|250.00|0.00|0.00|0.00|250.00|1.0|1.0",
            "cohort|2026-01-01|2026-03-01|2|3|2|250.00|30.00|20.00|50.00|210.00|0.84|0.72",
            "cohort|2026-02-01|2026-02-01|0|1|1|70.00|0.00|0.00|0.00|70.00|1.0|1.0",
            "cohort|2026-02-01|2026-03-01|1|1|1|70.00|0.00|0.00|0.00|70.00|1.0|1.0"),
        render(Retention.cohorts(movements(), accounts(), AS_OF_DATE)));
  }
}
