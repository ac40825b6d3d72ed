package dev.playbook.measure;

import static dev.playbook.measure.MeasureFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SignalOutcomesTest {

  private static final Map<String, Dataset<Row>> COMPUTED = new java.util.HashMap<>();

  /**
   * signal_outcomes of the fixture story as of {@code asOf} (horizon 90, lead 5), computed once per test run
   * and handed out as a local frame so the tests that build on it stay fast.
   */
  static synchronized Dataset<Row> outcomes(String asOf, boolean withQueue) {
    return COMPUTED.computeIfAbsent(asOf + withQueue, k -> {
      Dataset<Row> rows = SignalOutcomes.signalOutcomes(signals(), opportunities(), withQueue ? queue() : null,
          billingSubscriptions(), plans(), LocalDate.parse(asOf), 90, 5, "month");
      return spark().createDataFrame(rows.collectAsList(), rows.schema());
    });
  }

  @Test
  void theQueueOnlyAddsItsOwnColumns() {
    Map<String, String> with = byEpisode(outcomes(AS_OF, true), "opportunity_id", "outcome", "billing_status");
    Map<String, String> without = byEpisode(outcomes(AS_OF, false), "opportunity_id", "outcome", "billing_status");
    assertEquals(with, without, "matching and billing do not depend on the queue");
    assertTrue(outcomes(AS_OF, false).filter("motion is not null or owner is not null or is_holdout is not null")
        .isEmpty(), "without a queue the queue columns are null");
  }

  /** account|signal|first_fired → the listed columns joined with '|'. */
  static Map<String, String> byEpisode(Dataset<Row> rows, String... columns) {
    return byKey(rows, List.of("account_id", "signal", "first_fired_on"), columns);
  }

  /** The key columns joined with '|' → the listed columns joined with '|'. */
  static Map<String, String> byKey(Dataset<Row> rows, List<String> key, String... columns) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : rows.collectAsList()) {
      out.put(joined(r, key), joined(r, List.of(columns)));
    }
    return out;
  }

  private static String joined(Row r, List<String> columns) {
    StringBuilder v = new StringBuilder();
    for (String c : columns) {
      v.append(v.length() == 0 ? "" : "|").append((Object) r.getAs(c));
    }
    return v.toString();
  }

  @Test
  void episodesAreMatchedToTheFirstOpportunityOfTheMatchingTypeWithinTheHorizon() {
    Map<String, String> got = byEpisode(outcomes(AS_OF, true), "opportunity_id", "outcome", "days_to_created",
        "days_to_closed", "opportunity_closed_on", "amount_arr", "source_signal_match");
    Map<String, String> want = new TreeMap<>(Map.of(
        "A|seat_utilization|2026-01-10", "O1|won|22|64|2026-03-15|1200.00|true",     // O1b (02-20) is later
        "A|seat_utilization|2026-03-01", "O0|lost|61|92|2026-06-01|900.00|false",    // O1 is before 03-01 - 5
        "A|power_user_density|2026-01-12", "O1|won|20|62|2026-03-15|1200.00|false",  // same opportunity
        "B|usage_allocation|2026-02-01", "O2|lost|-3|28|2026-03-01|300.00|false",    // created 3 days early, lead 5
        "C|feature_adoption_breadth|2026-04-01", "O3|open|19|null|null|500.00|true", // won 07-10 = after D
        "D|team_growth|2026-05-01", "null|none|null|null|null|null|null",            // O4 is plan_upgrade
        "G|seat_utilization|2026-02-01", "O7|won|28|59|2026-04-01|600.00|false"));
    assertEquals(want, got, "matching by expansion type, first created in [start - 5, start + 90], outcome as of D");
  }

  @Test
  void episodeSummaryComesFromTheSignalRowsOnOrBeforeD() {
    Map<String, String> got = byEpisode(outcomes(AS_OF, false), "last_fired_on", "fired_dates",
        "max_streak_length", "still_firing", "horizon_end", "horizon_complete", "period", "expansion_type");
    assertEquals("2026-01-11|2|2|false|2026-04-10|true|2026-01-01|seat_expansion",
        got.get("A|seat_utilization|2026-01-10"), "two fired dates, streak 2, superseded by the 03-01 episode");
    assertEquals("2026-03-01|1|1|true|2026-05-30|true|2026-03-01|seat_expansion",
        got.get("A|seat_utilization|2026-03-01"), "still firing on the latest signals date <= D (the 07-05 row is later)");
    assertEquals("2026-05-01|1|1|true|2026-07-30|false|2026-05-01|seat_expansion", got.get("D|team_growth|2026-05-01"),
        "horizon ends after D: not complete");
    assertEquals(7, got.size(), "the streak starting 07-03 is after D: " + got.keySet());
  }

  @Test
  void queueEntryGivesMotionOwnerAndHoldout() {
    Map<String, String> got = byEpisode(outcomes(AS_OF, true), "queued_on", "motion", "owner", "is_holdout");
    assertEquals("2026-01-15|csm_task|csm_ann|false", got.get("A|seat_utilization|2026-01-10"));
    assertEquals("null|null|null|null", got.get("A|seat_utilization|2026-03-01"),
        "A's only queue entry (01-15) is before this episode began");
    assertEquals("2026-02-02|email|auto|true", got.get("B|usage_allocation|2026-02-01"));
    assertEquals("null|null|null|null", got.get("C|feature_adoption_breadth|2026-04-01"), "C was never queued");
    assertEquals("2026-02-03|csm_task|csm_ann|true", got.get("G|seat_utilization|2026-02-01"));
  }

  @Test
  void queueAsTheQueueJobWritesIt() {
    // the queue job names the flag `holdout`, and writes a `resolved` row when an item goes away
    Dataset<Row> queue = queue().withColumnRenamed("is_holdout", "holdout").unionByName(spark().createDataFrame(
        java.util.List.of(org.apache.spark.sql.RowFactory.create(d("2026-04-02"), "C", "cross_sell", null, "ae_bob",
            false, "resolved")), QUEUE_SCHEMA).withColumnRenamed("is_holdout", "holdout"));
    Dataset<Row> eps = SignalOutcomes.episodes(signals(), LocalDate.parse(AS_OF), 90, "month");
    Map<String, String> got = byEpisode(SignalOutcomes.attachQueue(eps, queue, LocalDate.parse(AS_OF), 90),
        "queued_on", "owner", "is_holdout");
    assertEquals("2026-02-02|auto|true", got.get("B|usage_allocation|2026-02-01"), "holdout read from `holdout`");
    assertEquals("null|null|null", got.get("C|feature_adoption_breadth|2026-04-01"), "a resolved row is no entry");
  }

  @Test
  void billingIsReconciledWithTheChangeTheTypePredicts() {
    Map<String, String> got = byEpisode(outcomes(AS_OF, false), "seats_increased_on", "plan_upgraded_on",
        "new_product_on", "billing_confirmed", "billing_status");
    assertEquals("2026-03-01|null|null|true|won_and_billed", got.get("A|seat_utilization|2026-01-10"),
        "10 → 15 seats on 03-01; the pro plan (05-01) is past the horizon");
    assertEquals("null|2026-05-01|null|false|no_change", got.get("A|seat_utilization|2026-03-01"),
        "a plan upgrade does not confirm a seat expansion");
    assertEquals("null|2026-03-15|null|true|billed_not_won", got.get("B|usage_allocation|2026-02-01"),
        "overlapping pro period on a higher tier");
    assertEquals("null|null|2026-06-01|true|billed_not_won", got.get("C|feature_adoption_breadth|2026-04-01"),
        "p2 is new; p3 starts after D");
    assertEquals("null|null|null|false|won_not_billed", got.get("G|seat_utilization|2026-02-01"),
        "20 → 18 seats is not an increase");
  }

  @Test
  void anOpportunityClosedAfterDIsOpenAsOfDAndWonLater() {
    String c = "C|feature_adoption_breadth|2026-04-01";
    assertEquals("open|null", byEpisode(outcomes("2026-06-30", false), "outcome", "days_to_closed").get(c));
    assertEquals("won|100", byEpisode(outcomes("2026-07-15", false), "outcome", "days_to_closed").get(c),
        "closed 07-10: won as of 07-15, 100 days after 04-01");
    Map<String, String> early = byEpisode(outcomes("2026-02-15", false), "opportunity_id", "outcome");
    assertEquals("O1|open", early.get("A|seat_utilization|2026-01-10"), "as of 02-15 O1 is not closed yet");
    assertFalse(early.containsKey("C|feature_adoption_breadth|2026-04-01"), "C has not fired by 02-15");
    assertTrue(byEpisode(outcomes("2026-07-15", false), "outcome").containsKey("A|seat_utilization|2026-07-03"),
        "the 07-03 streak is known as of 07-15");
  }

  @Test
  void missingInputColumnIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignalOutcomes.episodes(
        signals().drop("streak_start"), LocalDate.parse(AS_OF), 90, "month"));
    assertTrue(e.getMessage().contains("'signals'") && e.getMessage().contains("'streak_start'"), e.getMessage());
  }
}
