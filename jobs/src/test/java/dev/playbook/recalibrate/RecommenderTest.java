package dev.playbook.recalibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.config.RecalibrateConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommenderTest {
  /**
   * net ARR, a fire costs 10% of a win (100 of 1,000), floor 20%, at most 50 fires a week, at least 10 fires
   * and 2 conversions.
   */
  private static final RecalibrateConfig.Objective OBJ =
      new RecalibrateConfig.Objective("net_arr", 0.10, 0.20, 50.0, 10, 2, 0.05);

  /** A point of a 10-date sweep where every conversion is worth 1,000 ARR. */
  private static SweepPoint p(double cutoff, long fires, long conversions) {
    double[] ci = Wilson.interval(conversions, fires);
    return new SweepPoint("s", cutoff, 10, fires, conversions, fires == 0 ? null : (double) conversions / fires,
        ci == null ? null : ci[0], ci == null ? null : ci[1], null, 1000.0 * conversions, 1000.0, fires / 10.0);
  }

  // net/week = (1000·conv − 100·fires)/10: 0.5 converts 5% (below the floor) · 0.6: (62000−30000)/10 = 3200 ·
  // 0.7: (55000−20000)/10 = 3500 (best) · 0.8: (30000−10000)/10 = 2000 · 0.9: 8 fires (too few)
  private static final List<SweepPoint> TRAIN = List.of(
      p(0.5, 600, 30), p(0.6, 300, 62), p(0.7, 200, 55), p(0.8, 100, 30), p(0.9, 8, 4));

  @Test
  void picksTheBestObjectiveUnderTheConstraints() {
    var r = Recommender.recommend("s", TRAIN, List.of(p(0.7, 50, 15)), 0.8, OBJ);
    assertEquals("change", r.decision(), r.toString());
    assertEquals(0.7, r.recommendedCutoff(), "0.7 has the best net ARR per week (3500): " + r);
    assertEquals(3500.0, r.bestObjectivePerWeek(), 1e-9, "(55·1000 − 200·100)/10");
    assertEquals(2000.0, r.currentObjectivePerWeek(), 1e-9, "current 0.8: (30·1000 − 100·100)/10");
    assertEquals("passed", r.holdoutCheck(), "holdout 15/50 = 30% ≥ 20%");
  }

  @Test
  void capacityAndFloorExcludeCutoffs() {
    // 0.6 and 0.7 fire 30 and 20 a week; with a capacity of 15 a week they are out.
    var tight = new RecalibrateConfig.Objective("net_arr", 0.10, 0.20, 15.0, 10, 2, 0.05);
    var r = Recommender.recommend("s", TRAIN, List.of(), 0.8, tight);
    assertEquals(0.8, r.recommendedCutoff(), "at ≤ 15 fires a week only 0.8 (10/week) qualifies: " + r);
    assertEquals("already_best", r.reason(), r.toString());
  }

  @Test
  void tooLittleEvidenceKeepsTheCurrentCutoff() {
    var r = Recommender.recommend("s", List.of(p(0.7, 9, 5), p(0.8, 20, 1)), List.of(), 0.8, OBJ);
    assertEquals("keep", r.decision(), r.toString());
    assertEquals("insufficient_evidence", r.reason(), "no cutoff has 10 fires and 2 conversions");
    assertEquals(0.8, r.recommendedCutoff(), "kept");
  }

  @Test
  void aCurrentCutoffCloseToTheBestIsKept() {
    // best 0.7: (35000 − 15000)/10 = 2000; current 0.75: (34000 − 15000)/10 = 1900
    var points = List.of(p(0.7, 150, 35), p(0.75, 150, 34));
    var loose = new RecalibrateConfig.Objective("net_arr", 0.10, 0.20, 50.0, 10, 2, 0.10);
    var r = Recommender.recommend("s", points, List.of(), 0.75, loose);
    assertEquals("keep", r.decision(), r.toString());
    assertEquals("current_within_tolerance", r.reason(), "1900 is within 10% of 2000");
  }

  private static final RecalibrateConfig.FalseDiscovery FD = new RecalibrateConfig.FalseDiscovery(0.05, 999, 1);

  @Test
  void aFailedHoldoutKeepsTheCurrentCutoff() {
    // holdout 2/60 converts 3.3%, Wilson high ≈ 11.4% < 20% floor
    var proposal = Recommender.recommend("s", TRAIN, List.of(p(0.7, 60, 2), p(0.8, 30, 1)), 0.8, OBJ);
    assertEquals("failed", proposal.holdoutCheck(), proposal.toString());
    var r = Recommender.decide(List.of(proposal), Map.of("s", 0.001), FD).get(0);
    assertEquals("keep", r.decision(), r.toString());
    assertEquals("holdout_not_confirmed", r.reason(), r.toString());
    assertTrue(r.detail().startsWith("holdout gain "), r.detail());
  }

  @Test
  void aChangeNeedsItsAdjustedPValueWithinQ() {
    // holdout: 0.7 gains (15·1000 − 50·100)/10 − (8·1000 − 30·100)/10 = 1000 − 500 = 500 per week
    var a = Recommender.recommend("a", TRAIN, List.of(p(0.7, 50, 15), p(0.8, 30, 8)), 0.8, OBJ);
    var b = Recommender.recommend("b", TRAIN, List.of(p(0.7, 50, 15), p(0.8, 30, 8)), 0.8, OBJ);
    var kept = Recommender.recommend("c", TRAIN, List.of(), 0.7, OBJ);
    assertEquals(500.0, a.holdoutGainPerWeek(), 1e-9);
    assertEquals("passed", a.holdoutCheck());
    assertEquals("already_best", kept.reason());
    // BH over m = 3 (c counts with p = 1): a 0.01·3/1 = 0.03 ≤ 0.05, b 0.04·3/2 = 0.06 > 0.05
    var out = Recommender.decide(List.of(a, b, kept), Map.of("a", 0.01, "b", 0.04), FD);
    assertEquals("change", out.get(0).decision(), out.get(0).toString());
    assertEquals(0.03, out.get(0).pAdjusted(), 1e-12);
    assertEquals("keep", out.get(1).decision(), out.get(1).toString());
    assertEquals("not_significant", out.get(1).reason());
    assertEquals(0.06, out.get(1).pAdjusted(), 1e-12);
    assertEquals("p = 0.04 (0.06 after BH over 3 signals, q 0.05) > q", out.get(1).detail());
    assertEquals(0.8, out.get(1).recommendedCutoff(), "kept");
    assertEquals(kept, out.get(2), "a kept signal is unchanged");
  }

  @Test
  void aSignalWithoutUsableDataSaysSoAndHasNoRate() {
    var flat = new SearchPermutation.Signal("team_growth", new double[] {0.0}, 10, 500, 500, 40, 0.0, 0.0,
        new int[] {-1}, new int[] {0}, new long[] {500}, new int[0], new double[0]);
    var why = Recommender.whyNoData(flat, OBJ);
    assertEquals("every one of its 500 training values is 0 (no variation)", why.orElseThrow());
    var r = Recommender.noData("team_growth", 0.0, why.get());
    assertEquals("keep", r.decision());
    assertEquals("no_data", r.reason());
    assertTrue(r.best().isEmpty() && r.current().isEmpty() && r.holdout().isEmpty(), "no sweep point, no rate");
    String printed = RecommendationReport.summary(List.of(r));
    String line = printed.lines().filter(l -> l.contains("team_growth")).findFirst().orElseThrow();
    assertTrue(line.contains("no data") && !line.contains("%"), "no rate on the signal's line: " + printed);
    assertTrue(printed.contains("keep: no data: every one of its 500 training values is 0"), printed);
    var none = new SearchPermutation.Signal("x", new double[0], 10, 80, 0, 0, Double.NaN, Double.NaN,
        new int[0], new int[0], new long[0], new int[0], new double[0]);
    assertEquals("80 training account-dates, none with a computable value", Recommender.whyNoData(none, OBJ).get());
  }

  @Test
  void aBestCutoffThatLosesArrIsNotRecommended() {
    // every candidate converts 8–9%, below the 10% a fire costs: net ARR per week is negative everywhere
    var points = List.of(p(0.7, 200, 16), p(0.8, 100, 9));
    var lowFloor = new RecalibrateConfig.Objective("net_arr", 0.10, 0.05, 50.0, 10, 2, 0.05);
    var r = Recommender.recommend("s", points, List.of(), 0.6, lowFloor);
    assertEquals("keep", r.decision(), r.toString());
    assertEquals("no_positive_objective", r.reason(), "best 0.8: (9000 − 10000)/10 = −100 per week: " + r);
    assertEquals(0.6, r.recommendedCutoff(), "kept");
  }

  @Test
  void cutoffsSelectingTheSameFiresResolveToTheHighest() {
    // no observed value between 0.54 and 0.6: both select the same 100 fires (identical objective)
    var points = List.of(p(0.5, 300, 40), p(0.54, 100, 30), p(0.6, 100, 30), p(0.7, 40, 10));
    var r = Recommender.recommend("s", points, List.of(), 0.7, OBJ);
    assertEquals(0.6, r.recommendedCutoff(), "0.54 and 0.6 tie on the same fires; the highest is kept: " + r);
  }

  @Test
  void aSmallHoldoutIsInconclusiveNotFailed() {
    assertEquals("inconclusive", Recommender.holdoutCheck(p(0.7, 5, 0), 100.0, 0.20),
        "0 of 5: Wilson high 43% ≥ 20%, the holdout cannot contradict");
    assertEquals("inconclusive", Recommender.holdoutCheck(null, 100.0, 0.20), "no holdout");
    assertFalse(Recommender.meetsConstraints(p(0.7, 200, 35), OBJ), "35/200 = 17.5% is below the 20% floor");
    assertTrue(Recommender.meetsConstraints(p(0.7, 200, 40), OBJ), "40/200 = 20% meets the floor");
  }

  @Test
  void expectedArrObjectivePicksTheLowestCutoffTheConstraintsAllow() {
    var arr = new RecalibrateConfig.Objective("expected_arr", 0.0, 0.10, 50.0, 10, 2, 0.0);
    var r = Recommender.recommend("s", TRAIN, List.of(), 0.8, arr);
    assertEquals(0.6, r.recommendedCutoff(), "0.5 converts 5% (< 10%); 0.6 has the most ARR (62 wins): " + r);
  }
}
