package dev.playbook.measure;

import static dev.playbook.measure.MeasureFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * Episodes are runs of fires whose streak did not break, not streak_start values: a streak past the features
 * job's cap (3 days here; signals.max_streak_days, 120, in the shipped config) has a streak_start that moves
 * forward one day per day, and stays one episode. Story (seat_utilization unless noted):
 * <pre>
 * X  fired 01-01..01-06 (streak 1,2,3,3,3,3; start 01-01,01-01,01-01,01-02,01-03,01-04), quiet 01-07,
 *    fired 01-09, 01-10 (start 01-09)                        → episodes 01-01 and 01-09
 * X  power_user_density fired 01-05, 01-06 (start 01-05)      → episode 01-05
 * Y  history begins inside a capped streak: 01-05 (start 01-03), 01-06 (start 01-04) → one episode, 01-03
 * Z  fired 01-02 (start 01-01), no rows 01-03..01-05, fired 01-06 (start 01-05): the start is after the
 *    previous fire, so a day without a fire lies between    → episodes 01-01 and 01-05
 * Opportunities of X (seat_expansion): P1 created 01-08, won 01-25, 1000; P2 created 01-20, lost 02-05, 400.
 * </pre>
 */
class EpisodesTest {

  private static final String SU = "seat_utilization";
  private static final String PUD = "power_user_density";

  static Dataset<Row> signals() {
    return spark().createDataFrame(List.of(
        fired("2026-01-01", "X", SU, 1, "2026-01-01"),
        fired("2026-01-02", "X", SU, 2, "2026-01-01"),
        fired("2026-01-03", "X", SU, 3, "2026-01-01"),
        fired("2026-01-04", "X", SU, 3, "2026-01-02"),
        fired("2026-01-05", "X", SU, 3, "2026-01-03"),
        fired("2026-01-06", "X", SU, 3, "2026-01-04"),
        quiet("2026-01-07", "X", SU),
        fired("2026-01-09", "X", SU, 1, "2026-01-09"),
        fired("2026-01-10", "X", SU, 2, "2026-01-09"),
        fired("2026-01-05", "X", PUD, 1, "2026-01-05"),
        fired("2026-01-06", "X", PUD, 2, "2026-01-05"),
        fired("2026-01-05", "Y", SU, 3, "2026-01-03"),
        fired("2026-01-06", "Y", SU, 3, "2026-01-04"),
        fired("2026-01-02", "Z", SU, 2, "2026-01-01"),
        fired("2026-01-06", "Z", SU, 2, "2026-01-05")), SIGNALS_SCHEMA);
  }

  static Dataset<Row> opportunities() {
    return spark().createDataFrame(List.of(
        opp("P1", "X", "seat_expansion", "2026-01-08", "2026-01-25", "closed_won", "1000", null),
        opp("P2", "X", "seat_expansion", "2026-01-20", "2026-02-05", "closed_lost", "400", null)),
        dev.playbook.contract.InputTable.OPPORTUNITIES.schema());
  }

  /** as_of|account|signal|first_fired_on → the listed columns joined with '|'. */
  static Map<String, String> rows(Dataset<Row> rows, String... columns) {
    return SignalOutcomesTest.byKey(rows, List.of("as_of_date", "account_id", "signal", "first_fired_on"), columns);
  }

  @Test
  void aStreakLongerThanTheCapIsOneEpisodeOnEveryDateOfARange() {
    // what the measure job does for --from 01-03 --to 01-10: each date from the signals history up to it
    Dataset<Row> range = null;
    for (String asOf : List.of("2026-01-03", "2026-01-06", "2026-01-10")) {
      Dataset<Row> eps = SignalOutcomes.episodes(signals(), LocalDate.parse(asOf), 90, "month")
          .withColumn("as_of_date", functions.lit(java.sql.Date.valueOf(asOf)));
      range = range == null ? eps : range.unionByName(eps);
    }
    Map<String, String> want = new TreeMap<>();
    want.put("2026-01-03|X|seat_utilization|2026-01-01", "3|2026-01-03|true|3");
    want.put("2026-01-03|Z|seat_utilization|2026-01-01", "1|2026-01-02|true|2");
    want.put("2026-01-06|X|seat_utilization|2026-01-01", "6|2026-01-06|true|3");   // not 01-01..01-04: 4
    want.put("2026-01-06|X|power_user_density|2026-01-05", "2|2026-01-06|true|2");
    want.put("2026-01-06|Y|seat_utilization|2026-01-03", "2|2026-01-06|true|3");   // capped first row: 01-03
    want.put("2026-01-06|Z|seat_utilization|2026-01-01", "1|2026-01-02|false|2");
    want.put("2026-01-06|Z|seat_utilization|2026-01-05", "1|2026-01-06|true|2");   // began after 01-02
    want.put("2026-01-10|X|seat_utilization|2026-01-01", "6|2026-01-06|false|3");  // ended by the quiet 01-07
    want.put("2026-01-10|X|seat_utilization|2026-01-09", "2|2026-01-10|true|2");
    want.put("2026-01-10|X|power_user_density|2026-01-05", "2|2026-01-06|true|2");
    want.put("2026-01-10|Y|seat_utilization|2026-01-03", "2|2026-01-06|true|3");
    want.put("2026-01-10|Z|seat_utilization|2026-01-01", "1|2026-01-02|false|2");
    want.put("2026-01-10|Z|seat_utilization|2026-01-05", "1|2026-01-06|true|2");
    assertEquals(want, rows(range, "fired_dates", "last_fired_on", "still_firing", "max_streak_length"));
  }

  static Dataset<Row> outcomes() {
    Dataset<Row> rows = SignalOutcomes.signalOutcomes(signals(), opportunities(), null, subscriptions(List.of()),
        plans(), LocalDate.parse("2026-02-15"), 90, 5, "month");
    return spark().createDataFrame(rows.collectAsList(), rows.schema());
  }

  @Test
  void anOpportunityIsCreditedToOneEpisodePerSignal() {
    Map<String, String> want = new TreeMap<>();
    // P1 (01-08) is inside both X seat_utilization windows (the 01-09 one by the 5-day lead): it goes to the
    // episode that began before it; P2 (01-20) to the latest that began before it, 01-09
    want.put("2026-02-15|X|seat_utilization|2026-01-01", "P1|won|7");
    want.put("2026-02-15|X|seat_utilization|2026-01-09", "P2|lost|11");
    want.put("2026-02-15|X|power_user_density|2026-01-05", "P1|won|3");   // another signal: credited too
    want.put("2026-02-15|Y|seat_utilization|2026-01-03", "null|none|null");
    want.put("2026-02-15|Z|seat_utilization|2026-01-01", "null|none|null");
    want.put("2026-02-15|Z|seat_utilization|2026-01-05", "null|none|null");
    assertEquals(want, rows(outcomes(), "opportunity_id", "outcome", "days_to_created"));
  }

  @Test
  void conversionCountsEachWonOpportunityOncePerSignal() {
    Map<String, Row> m = new TreeMap<>();
    for (Row r : ConversionMetrics.conversionMetrics(outcomes(), false, LocalDate.parse("2026-02-15"))
        .collectAsList()) {
      m.put(r.getAs("dimension") + "=" + r.getAs("dimension_value"), r);
    }
    // 6 episodes; won: X su 01-01 and X pud (both P1); lost: X su 01-09 (P2)
    assertEquals("episodes=6 matched=3 won=2 lost=1 open=0 matured=0/0 opps=2/1/1 arr=1000.00",
        ConversionMetricsTest.counts(m.get("all=all")));
    assertEquals(2.0 / 6, ConversionMetricsTest.dbl(m.get("all=all"), "conversion_rate"), 1e-12);
    assertEquals("episodes=5 matched=2 won=1 lost=1 open=0 matured=0/0 opps=2/1/1 arr=1000.00",
        ConversionMetricsTest.counts(m.get("signal=seat_utilization")), "P1 won once, not by both X episodes");
    assertEquals(1.0 / 5, ConversionMetricsTest.dbl(m.get("signal=seat_utilization"), "conversion_rate"), 1e-12);
    assertEquals(0.5, ConversionMetricsTest.dbl(m.get("signal=seat_utilization"), "win_rate"), 1e-12);
    assertEquals(1.0, ConversionMetricsTest.dbl(m.get("signal=power_user_density"), "conversion_rate"), 1e-12);
  }
}
