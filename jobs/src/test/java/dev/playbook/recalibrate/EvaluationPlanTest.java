package dev.playbook.recalibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EvaluationPlanTest {
  @Test
  void datesEndAHorizonBeforeTheAsOfAndSplitWithAGap() {
    // A = 2026-09-30, horizon 60 → last date 2026-08-01; lookback 365 weekly; holdout 90 days.
    EvaluationPlan plan = EvaluationPlan.of(LocalDate.parse("2026-09-30"), 365, 7, 60, 90, 0);
    assertEquals(LocalDate.parse("2026-08-01"), plan.holdout().get(plan.holdout().size() - 1),
        "the last evaluation date is as-of − horizon: its label is complete");
    assertEquals(LocalDate.parse("2026-05-09"), plan.holdout().get(0),
        "holdout dates are after last − 90 days (2026-05-03), stepping weekly back from 08-01");
    assertEquals(13, plan.holdout().size(), "13 weekly holdout dates");
    assertEquals(LocalDate.parse("2026-02-28"), plan.training().get(plan.training().size() - 1),
        "training ends at least a horizon before the holdout: the last weekly date ≤ 2026-03-04 (05-03 − 60)");
    assertEquals(LocalDate.parse("2025-08-02"), plan.training().get(0), "first date within the lookback");
  }

  @Test
  void valueDatesAddTheWarmupAndTheGap() {
    EvaluationPlan plan = EvaluationPlan.of(LocalDate.parse("2026-09-30"), 365, 7, 60, 90, 90);
    assertEquals(LocalDate.parse("2025-05-03"), plan.valueDates().get(0),
        "13 weeks before the first evaluation date 2025-08-02: not before 2025-08-01 − 90 days");
    assertEquals(LocalDate.parse("2026-08-01"), plan.valueDates().get(plan.valueDates().size() - 1));
    assertEquals(66, plan.valueDates().size(), "44 evaluation dates + 9 in the gap + 13 of warmup");
    assertTrue(plan.valueDates().containsAll(plan.all()));
    assertEquals(31, plan.training().size(), "the warmup adds no evaluation date");
    assertEquals(53, EvaluationPlan.of(LocalDate.parse("2026-09-30"), 365, 7, 60, 90, 0).valueDates().size(),
        "without warmup: 44 evaluation dates + 9 in the gap");
  }
}
