package dev.playbook.measure;

import static dev.playbook.measure.MeasureFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed MRR movements as of 2026-07-15 (months measured on their last day, July on the 15th):
 * <pre>
 * A p1 01-01→03-01 100; p1 02-15→05-01 150 (overlaps: the later start wins); p2 03-10→04-10 20;
 *   p1 07-01→08-01 80 (back after a gap)
 *   Jan 100 new · Feb 150 expansion · Mar 170 expansion (+p2) · Apr 150 contraction (p2 ended 04-10)
 *   May 0 churn · Jun 0 inactive (gap) · Jul 80 reactivation
 * B p1 03-20→05-20 50: Mar 50 new (first month, mid-month start) · Apr 50 unchanged · May 0 churn, then no rows
 * C p1 07-01→08-01 40, p1 08-01→09-01 60 (starts after D: unknown): Jul 40 new
 * </pre>
 */
class MrrMovementsTest {

  static List<Row> subs() {
    return List.of(
        sub("A", "p1", "basic", "2026-01-01", "2026-03-01", 5, "100"),
        sub("A", "p1", "pro", "2026-02-15", "2026-05-01", 5, "150"),
        sub("A", "p2", "addon", "2026-03-10", "2026-04-10", 5, "20"),
        sub("A", "p1", "basic", "2026-07-01", "2026-08-01", 5, "80"),
        sub("B", "p1", "basic", "2026-03-20", "2026-05-20", 5, "50"),
        sub("C", "p1", "basic", "2026-07-01", "2026-08-01", 5, "40"),
        sub("C", "p1", "pro", "2026-08-01", "2026-09-01", 5, "60"));
  }

  @Test
  void movementsFollowTheMrrPlaybookCategories() {
    List<String> got = MrrMovements.mrrMovements(subscriptions(subs()), LocalDate.parse("2026-07-15"))
        .orderBy("account_id", "month")
        .selectExpr("concat_ws('|', account_id, month, measured_on, mrr, previous_mrr, change_category, "
            + "new_mrr, expansion_mrr, contraction_mrr, churned_mrr, reactivation_mrr, is_first_month, is_last_month)")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    List<String> want = List.of(
        "A|2026-01-01|2026-01-31|100.00|0.00|new|100.00|0.00|0.00|0.00|0.00|true|false",
        "A|2026-02-01|2026-02-28|150.00|100.00|expansion|0.00|50.00|0.00|0.00|0.00|false|false",
        "A|2026-03-01|2026-03-31|170.00|150.00|expansion|0.00|20.00|0.00|0.00|0.00|false|false",
        "A|2026-04-01|2026-04-30|150.00|170.00|contraction|0.00|0.00|-20.00|0.00|0.00|false|false",
        "A|2026-05-01|2026-05-31|0.00|150.00|churn|0.00|0.00|0.00|-150.00|0.00|false|false",
        "A|2026-06-01|2026-06-30|0.00|0.00|inactive|0.00|0.00|0.00|0.00|0.00|false|false",
        "A|2026-07-01|2026-07-15|80.00|0.00|reactivation|0.00|0.00|0.00|0.00|80.00|false|true",
        "B|2026-03-01|2026-03-31|50.00|0.00|new|50.00|0.00|0.00|0.00|0.00|true|false",
        "B|2026-04-01|2026-04-30|50.00|50.00|unchanged|0.00|0.00|0.00|0.00|0.00|false|true",
        "B|2026-05-01|2026-05-31|0.00|50.00|churn|0.00|0.00|0.00|-50.00|0.00|false|false",
        "C|2026-07-01|2026-07-15|40.00|0.00|new|40.00|0.00|0.00|0.00|0.00|true|true");
    assertEquals(want, got, "overlap (latest start), gap, reactivation after churn, first/last month, PIT");
  }

  @Test
  void theChurnMonthAppearsOnlyOnceItHasStarted() {
    List<String> got = MrrMovements.mrrMovements(subscriptions(subs()), LocalDate.parse("2026-04-20"))
        .filter("account_id = 'B'").orderBy("month")
        .selectExpr("concat_ws('|', month, mrr, change_category)")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(List.of("2026-03-01|50.00|new", "2026-04-01|50.00|unchanged"), got,
        "as of 04-20 B still pays; May is not a row yet");
  }
}
