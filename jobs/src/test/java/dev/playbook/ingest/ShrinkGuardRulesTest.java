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
    assertTrue(ShrinkGuard.judge(InputTable.USERS, 0, new ShrinkGuard.Size(0, 0L), null, 1.0).refused(),
        "an empty required table is refused even with the drop check off, and without a baseline");
    assertFalse(ShrinkGuard.judge(InputTable.ACTIVITIES, 0, new ShrinkGuard.Size(0, 0L), null, 0.3).refused(),
        "the optional activities table may be empty when it always was");
    assertTrue(ShrinkGuard.judge(InputTable.ACTIVITIES, 0, new ShrinkGuard.Size(0, 0L), new ShrinkGuard.Size(5, 2L), 0.3)
        .refused(), "but not when the last run had rows");
    assertNull(ShrinkGuard.judge(InputTable.PLANS, 3, new ShrinkGuard.Size(3, null), null, 0.3).last());
  }
}
