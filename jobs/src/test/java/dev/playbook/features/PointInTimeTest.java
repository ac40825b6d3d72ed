package dev.playbook.features;

import static dev.playbook.features.Scenario.D;
import static dev.playbook.features.Scenario.D1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** No leakage from the future, and a range computed in one pass equals the single-date runs. */
class PointInTimeTest {

  private static List<Row> on(List<Row> rows, String date) {
    return rows.stream().filter(r -> r.getAs("as_of_date").toString().equals(date)).toList();
  }

  @Test
  void futureRowsInEveryInputChangeNothingForD() {
    Fixture.Result withFuture = Scenario.fast(() ->
        Scenario.withFuture(Scenario.world()).compute(D, D, Scenario.STREAK_DAYS));
    Fixture.Result range = Scenario.range();
    assertEquals(on(range.signals(), D).toString(), withFuture.signals().toString(),
        "rows dated after D (a new account, subscription periods, users, activity, API calls, gate events) "
            + "must not change any signal for D");
    assertEquals(on(range.features(), D).toString(), withFuture.features().toString(), "features for D");
    assertEquals(on(range.windows(), D).toString(), withFuture.windows().toString(), "window positions for D");
  }

  @Test
  void aRangeEqualsItsSingleDateRuns() {
    Fixture.Result single = Scenario.fast(() -> Scenario.world().compute(D1, D1, Scenario.STREAK_DAYS));
    Fixture.Result range = Scenario.range();
    assertEquals(single.signals().toString(), on(range.signals(), D1).toString(),
        "signals for D-1 alone and inside the range [D-1, D]");
    assertEquals(single.features().toString(), on(range.features(), D1).toString(), "features for D-1");
    assertEquals(single.windows().toString(), on(range.windows(), D1).toString(), "window positions for D-1");
  }
}
