package dev.playbook.measure;

import static dev.playbook.measure.MeasureFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Conversion figures of the MeasureFixtures episode story, computed by hand. */
class ConversionMetricsTest {

  static Map<String, Row> metrics(boolean withQueue) {
    Dataset<Row> outcomes = SignalOutcomesTest.outcomes(AS_OF, withQueue);
    Map<String, Row> out = new HashMap<>();
    for (Row r : ConversionMetrics.conversionMetrics(outcomes, withQueue, LocalDate.parse(AS_OF)).collectAsList()) {
      out.put(r.getAs("dimension") + "=" + r.getAs("dimension_value"), r);
    }
    return out;
  }

  static String counts(Row r) {
    return String.format(Locale.ROOT, "episodes=%s matched=%s won=%s lost=%s open=%s matured=%s/%s opps=%s/%s/%s arr=%s",
        r.getAs("episodes"), r.getAs("matched_episodes"), r.getAs("won_episodes"), r.getAs("lost_episodes"),
        r.getAs("open_episodes"), r.getAs("matured_won_episodes"), r.getAs("matured_episodes"),
        r.getAs("opportunities"), r.getAs("won_opportunities"), r.getAs("lost_opportunities"),
        r.getAs("expansion_arr_won"));
  }

  static double dbl(Row r, String c) {
    return r.<Double>getAs(c);
  }

  @Test
  void overallFigures() {
    Row all = metrics(true).get("all=all");
    assertEquals("episodes=7 matched=6 won=3 lost=2 open=1 matured=3/6 opps=5/2/2 arr=1800.00", counts(all),
        "O1 is won by two episodes but counted once: ARR 1200 + 600");
    assertEquals(3.0 / 7, dbl(all, "conversion_rate"), 1e-12, "won episodes / episodes");
    assertEquals(0.5, dbl(all, "matured_conversion_rate"), 1e-12, "D's horizon is still open");
    assertEquals(0.5, dbl(all, "win_rate"), 1e-12, "2 won / (2 won + 2 lost) opportunities");
    assertEquals(21.0, dbl(all, "median_days_to_created"), 1e-12, "median of -3,19,20,22,28,61");
    assertEquals(62.0, dbl(all, "median_days_to_close"), 1e-12, "median of 64,62,59");
  }

  @Test
  void bySignalAndExpansionType() {
    Map<String, Row> m = metrics(true);
    assertEquals("episodes=3 matched=3 won=2 lost=1 open=0 matured=2/3 opps=3/2/1 arr=1800.00",
        counts(m.get("signal=seat_utilization")));
    assertEquals(2.0 / 3, dbl(m.get("signal=seat_utilization"), "conversion_rate"), 1e-12);
    assertEquals("episodes=5 matched=4 won=3 lost=1 open=0 matured=3/4 opps=3/2/1 arr=1800.00",
        counts(m.get("expansion_type=seat_expansion")), "5 seat episodes share 3 opportunities");
    assertEquals("episodes=1 matched=1 won=0 lost=0 open=1 matured=0/1 opps=1/0/0 arr=0.00",
        counts(m.get("expansion_type=cross_sell")), "O3 closes after D");
    assertEquals("episodes=2 matched=2 won=2 lost=0 open=0 matured=2/2 opps=1/1/0 arr=1200.00",
        counts(m.get("period=2026-01-01")), "January episodes: A's two signals, one opportunity");
  }

  @Test
  void byCrmOpportunityOwner() {
    assertEquals("episodes=3 matched=3 won=2 lost=1 open=0 matured=2/3 opps=2/1/1 arr=1200.00",
        counts(metrics(false).get("opportunity_owner=owner_A")),
        "A's three episodes: O1 (won, twice) and O0 (lost); available without the queue");
  }

  @Test
  void qualifiedToClosedAndHoldoutLift() {
    Map<String, Row> m = metrics(true);
    Row all = m.get("all=all");
    assertEquals(3L, (long) all.getAs("qualified_episodes"), "A su, A pud, D queued and not held out");
    assertEquals(2.0 / 3, dbl(all, "qualified_to_closed_rate"), 1e-12);
    assertEquals(2L, (long) all.getAs("holdout_episodes"), "B and G held out");
    assertEquals(0.5, dbl(all, "holdout_conversion_rate"), 1e-12, "G won anyway");
    assertEquals((2.0 / 3) / 0.5 - 1, dbl(all, "holdout_lift"), 1e-12);
    Row ann = m.get("owner=csm_ann");
    assertEquals("episodes=4 matched=3 won=3 lost=0 open=0 matured=3/3 opps=2/2/0 arr=1800.00", counts(ann));
    assertEquals(-1.0 / 3, dbl(ann, "holdout_lift"), 1e-12, "2/3 treated vs 1/1 holdout");
    assertNull(m.get("owner=auto").getAs("holdout_lift"), "holdout rate 0: lift undefined");
    assertEquals(4L, (long) m.get("motion=csm_task").<Long>getAs("episodes"));
  }

  @Test
  void withoutAQueueThereAreNoMotionOwnerOrHoldoutFigures() {
    Map<String, Row> m = metrics(false);
    assertTrue(m.keySet().stream().noneMatch(k -> k.startsWith("motion=") || k.startsWith("owner=")), m.keySet()
        .toString());
    assertNull(m.get("all=all").getAs("qualified_episodes"));
    assertNull(m.get("all=all").getAs("holdout_lift"));
    assertEquals("episodes=7 matched=6 won=3 lost=2 open=1 matured=3/6 opps=5/2/2 arr=1800.00",
        counts(m.get("all=all")), "the episode figures do not depend on the queue");
  }
}
