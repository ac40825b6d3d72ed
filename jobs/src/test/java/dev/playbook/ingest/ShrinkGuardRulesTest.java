package dev.playbook.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.contract.InputTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shrink guard's rules on sizes alone (no Spark): the limit, the metrics, empty tables. */
class ShrinkGuardRulesTest {
  private static final ShrinkGuard.Size EMPTY = new ShrinkGuard.Size(0, 0L);

  /** The verdict on an empty source of {@code table}, with this baseline (null: first run), drop check off. */
  private static ShrinkGuard.Verdict empty(InputTable table, ShrinkGuard.Size last) {
    return ShrinkGuard.judge(table, 0, EMPTY, last, 1.0);
  }

  @Test
  void judgeRefusesOnlyPastTheLimit() {
    ShrinkGuard.Size last = new ShrinkGuard.Size(100, 10L);
    assertFalse(ShrinkGuard.judge(InputTable.USERS, 100, new ShrinkGuard.Size(70, 7L), last, 0.3).refused(),
        "exactly 30% fewer is within a 30% limit");
    assertEquals(List.of("users: rows dropped 31.0%, 69 now vs 100 in the last published run, limit 30.0%"),
        ShrinkGuard.judge(InputTable.USERS, 100, new ShrinkGuard.Size(69, 7L), last, 0.3).problems());
    assertEquals(List.of("users: distinct accounts dropped 40.0%, 6 now vs 10 in the last published run, limit 30.0%"),
        ShrinkGuard.judge(InputTable.USERS, 100, new ShrinkGuard.Size(100, 6L), last, 0.3).problems(),
        "40% fewer accounts with as many rows is still a shrink");
    assertFalse(ShrinkGuard.judge(InputTable.USERS, 100, new ShrinkGuard.Size(1, 1L), last, 1.0).refused(),
        "max_drop_fraction 1 turns the drop check off");
    assertNull(ShrinkGuard.judge(InputTable.PLANS, 3, new ShrinkGuard.Size(3, null), null, 0.3).last());
    assertEquals(List.of(), ShrinkGuard.judge(InputTable.USERS, 100, new ShrinkGuard.Size(70, 7L), last, 0.3)
        .warnings(), "a table with rows gets no warning");
  }

  @Test
  void aTableThatMayBeEmptyIsAcceptedWithAWarningOnTheFirstRun() {
    for (InputTable t : List.of(InputTable.API_USAGE_DAILY, InputTable.GATE_EVENTS, InputTable.OPPORTUNITIES,
        InputTable.ACTIVITIES)) {
      ShrinkGuard.Verdict v = empty(t, null);
      assertFalse(v.refused(), t.tableName() + " may be empty on a first run: " + v.problems());
      assertEquals(1, v.warnings().size(), t.tableName() + ": one warning");
      String w = v.warnings().get(0);
      assertTrue(w.startsWith(t.tableName() + ": empty on the first run (0 rows read, no staged table yet) — accepted; "),
          "the warning names the table and the case: " + w);
    }
    assertEquals(List.of("api_usage_daily: empty on the first run (0 rows read, no staged table yet) — accepted; "
            + "api_usage_growth has no value; with signals.usage_metric api_calls (the default) usage_allocation "
            + "and plan_limit_utilization read 0 usage and never fire"),
        empty(InputTable.API_USAGE_DAILY, null).warnings(), "and says what has no data then");
  }

  @Test
  void aTableThePipelineCannotRunWithoutIsRefusedEmptyEvenOnTheFirstRun() {
    for (InputTable t : List.of(InputTable.ACCOUNTS, InputTable.PLANS, InputTable.PLAN_FEATURES,
        InputTable.SUBSCRIPTIONS, InputTable.USERS, InputTable.USER_ACTIVITY_DAILY)) {
      ShrinkGuard.Verdict v = empty(t, null);
      assertTrue(v.refused(), t.tableName() + " empty is refused, even with the drop check off and no baseline");
      assertEquals(List.of(), v.warnings(), t.tableName() + ": a refusal, not a warning");
      assertTrue(v.problems().get(0).startsWith(t.tableName() + ": empty on the first run (0 rows read, no staged "
          + "table yet) — a table the pipeline cannot run without ("), v.problems().toString());
    }
    assertEquals(List.of("users: empty on the first run (0 rows read, no staged table yet) — a table the pipeline "
            + "cannot run without (without users and their activity every account has 0 active users: a risk "
            + "account, never an expansion candidate)"),
        empty(InputTable.USERS, null).problems(), "the reason is in the message");
  }

  @Test
  void aTableWithRowsInTheLastRunThatBecameEmptyIsRefused() {
    ShrinkGuard.Size last = new ShrinkGuard.Size(1_234, 2L);
    for (InputTable t : InputTable.values()) {
      ShrinkGuard.Verdict v = empty(t, last);
      assertEquals(List.of(t.tableName() + ": became empty: 0 rows read, 1,234 in the last published run"),
          v.problems(), t.tableName() + ": refused whether or not it may be empty, even with the drop check off");
      assertEquals(List.of(), v.warnings());
    }
  }

  @Test
  void aTableStillEmptyIsAcceptedWithAWarningIfItMayBeEmpty() {
    ShrinkGuard.Verdict gates = empty(InputTable.GATE_EVENTS, EMPTY);
    assertFalse(gates.refused(), gates.problems().toString());
    assertEquals(List.of("gate_events: still empty (0 rows read, none in the last published run) — accepted; "
        + "feature_gate_friction never fires"), gates.warnings());
    ShrinkGuard.Verdict accounts = empty(InputTable.ACCOUNTS, EMPTY);
    assertTrue(accounts.refused(), "accounts published empty once (with --allow-shrink) is still refused");
    assertTrue(accounts.problems().get(0).startsWith("accounts: still empty (0 rows read, none in the last published "
        + "run) — a table the pipeline cannot run without"), accounts.problems().toString());
  }

  @Test
  void anIncrementalWindowOfATableStillEmptyIsJudgedByItsEmptyRule() {
    ShrinkGuard.Size none = new ShrinkGuard.Size(0, null);
    ShrinkGuard.Verdict api = ShrinkGuard.judgeWindow(InputTable.API_USAGE_DAILY, none, none, 0L, 0L, 0.3);
    assertFalse(api.refused(), api.problems().toString());
    assertTrue(api.warnings().get(0).startsWith("api_usage_daily: still empty (0 rows read, none in the last "
        + "published run) — accepted; "), api.warnings().toString());
    assertTrue(ShrinkGuard.judgeWindow(InputTable.USER_ACTIVITY_DAILY, none, none, 0L, 0L, 0.3).refused());
    ShrinkGuard.Verdict became = ShrinkGuard.judgeWindow(InputTable.API_USAGE_DAILY, none, none, 0L, 5L, 0.3);
    assertTrue(became.problems().get(0).startsWith("api_usage_daily: became empty"), became.problems().toString());
    assertEquals(List.of(), ShrinkGuard.judgeWindow(InputTable.API_USAGE_DAILY, none, none, 7L, 7L, 0.3).warnings(),
        "a quiet window of a source with rows is not empty");
  }

  @Test
  void theSummaryMarksWarningsApartFromRefusals() {
    String s = ShrinkGuard.summary(List.of(empty(InputTable.OPPORTUNITIES, null), empty(InputTable.ACCOUNTS, null),
        ShrinkGuard.judge(InputTable.PLANS, 3, new ShrinkGuard.Size(3, null), null, 0.3)));
    List<String> lines = s.lines().toList();
    assertTrue(lines.get(1).matches("  opportunities +- → 0 +- → 0  WARNING"), s);
    assertTrue(lines.get(2).matches("  accounts +- → 0 +- → 0  REFUSED"), s);
    assertTrue(lines.get(3).matches("  plans +- → 3 +-  ok"), s);
    assertEquals("  WARNING opportunities: empty on the first run (0 rows read, no staged table yet) — accepted; no "
        + "outcome yet: measure and recalibrate have no opportunity to attribute, and no queue item is suppressed by "
        + "an open one", lines.get(4), "the warning is printed under the table");
    assertEquals(5, lines.size(), "a refusal is not a warning (Main prints it): " + s);
  }
}
