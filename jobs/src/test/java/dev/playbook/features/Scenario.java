package dev.playbook.features;

import dev.playbook.testing.SharedSpark;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * One small hand-written world with an account per signal (and per edge case), as of D = 2026-04-30 and
 * D-1 = 2026-04-29, with max_streak_days 5. The expected values in the tests are computed by hand from these rows.
 */
final class Scenario {
  private Scenario() {}

  static final String D = "2026-04-30";
  static final String D1 = "2026-04-29";
  static final int STREAK_DAYS = 5;

  static Fixture world() {
    Fixture f = new Fixture()
        .plan("core_basic", "core", 1, 1000L, "core_pro", "f1", "f2", "f3", "f4", "f5")
        .plan("core_pro", "core", 2, 5000L, null, "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8")
        .plan("lite_free", "lite", 1, null, null)            // a plan with no features, unmetered
        .plan("addon_std", "addon", 1, null, null, "x1");

    // s1: seats, density, department spread; u4 is deactivated on D itself.
    f.account("s1", "mid_market", false, "2026-01-01")
        .subscription("s1", "core", "core_basic", "2026-04-01", "2026-05-01", 4, null, "100.00", "2026-12-31")
        .user("s1u1", "s1", "eng", "2026-01-01", "2026-01-02", null)
        .user("s1u2", "s1", "sales", "2026-01-01", "2026-01-02", null)
        .user("s1u3", "s1", "ops", "2026-01-01", "2026-01-02", null)
        .user("s1u4", "s1", "eng", "2026-01-01", "2026-01-02", D)
        .dailyActivity("s1", "s1u1", "2026-04-01", D, "core", "f1", 1)
        .dailyActivity("s1", "s1u2", "2026-04-01", D, "core", "f1", 1)
        .dailyActivity("s1", "s1u3", "2026-04-01", D, "core", "f1", 1)
        .dailyActivity("s1", "s1u4", "2026-04-01", D1, "core", "f1", 1);

    // z1: seats null; z0: seats 0 -> seat-based signals are not computable.
    f.account("z1", "self_serve", false, "2026-01-01")
        .subscription("z1", "core", "core_basic", "2026-04-01", "2026-05-01", null, null, "10.00", null)
        .user("z1u1", "z1", "eng", "2026-01-01", null, null)
        .dailyActivity("z1", "z1u1", "2026-04-20", D, "core", "f1", 1);
    f.account("z0", "self_serve", false, "2026-01-01")
        .subscription("z0", "core", "core_basic", "2026-04-01", "2026-05-01", 0, null, "10.00", null)
        .user("z0u1", "z0", "eng", "2026-01-01", null, null)
        .dailyActivity("z0", "z0u1", "2026-04-20", D, "core", "f1", 1);

    // r1: 10 seats, 4 active users -> a risk account. u5 was last active 31 days before D (not active).
    f.account("r1", "mid_market", false, "2026-01-01")
        .subscription("r1", "core", "core_basic", "2026-04-01", "2026-05-01", 10, null, "500.00", "2026-06-30");
    for (int i = 1; i <= 5; i++) {
      f.user("r1u" + i, "r1", "eng", "2026-01-01", "2026-01-02", null);
    }
    for (int i = 1; i <= 4; i++) {
      f.activity("r1", "r1u" + i, "2026-04-15", "core", "f1", 2);
    }
    f.activity("r1", "r1u5", "2026-03-30", "core", "f1", 2);
    f.activity("r1", "r1u1", "2026-04-01", "core", "f2", 1);   // exactly on the window's first day

    // u1: closed periods Jan 0.5, Feb 0.8, Mar 0.75 (streak 2 from Feb); April 30/day -> 900 of 1000 on D.
    //     Usage on period boundaries: Feb 1, Feb 28, Mar 1 land in their own periods.
    f.account("u1", "self_serve", false, "2025-10-01")
        .subscription("u1", "core", "core_basic", "2026-01-01", "2026-02-01", 5, null, "50.00", "2026-12-31")
        .subscription("u1", "core", "core_basic", "2026-02-01", "2026-03-01", 5, null, "50.00", "2026-12-31")
        .subscription("u1", "core", "core_basic", "2026-03-01", "2026-04-01", 5, null, "50.00", "2026-12-31")
        .subscription("u1", "core", "core_basic", "2026-04-01", "2026-05-01", 5, null, "50.00", "2026-12-31")
        .api("u1", "core", "2026-01-15", 500)
        .api("u1", "core", "2026-02-01", 400)
        .api("u1", "core", "2026-02-28", 400)
        .api("u1", "core", "2026-03-01", 750)
        .dailyApi("u1", "core", "2026-04-01", D, 30);

    // u2: March has no usage at all (closed period at 0); April usage rises by 1 a day -> projected limit date.
    f.account("u2", "self_serve", false, "2025-10-01")
        .subscription("u2", "core", "core_basic", "2026-03-01", "2026-04-01", 5, null, "50.00", null)
        .subscription("u2", "core", "core_basic", "2026-04-01", "2026-05-01", 5, null, "50.00", null);
    for (int i = 1; i <= 30; i++) {
      f.api("u2", "core", String.format("2026-04-%02d", i), i);
    }

    // g1: API calls 10/day in the baseline window, 100/day between the windows, 17/day in the recent window.
    f.account("g1", "enterprise", true, "2025-06-01")
        .dailyApi("g1", "core", "2026-01-25", "2026-03-01", 10)
        .dailyApi("g1", "core", "2026-03-02", "2026-03-31", 100)
        .dailyApi("g1", "core", "2026-04-01", D, 17);

    // f1: core_pro (8 features); f1..f6 used in the window, f7 used 30 days before D (outside), zz not in the plan.
    f.account("f1", "mid_market", false, "2025-06-01")
        .subscription("f1", "core", "core_pro", "2026-04-01", "2026-05-01", 20, null, "900.00", null)
        .user("f1u1", "f1", "eng", "2025-06-01", "2025-06-01", null);
    for (int i = 1; i <= 6; i++) {
      f.activity("f1", "f1u1", "2026-04-" + String.format("%02d", i * 5), "core", "f" + i, 1);
    }
    f.activity("f1", "f1u1", "2026-03-31", "core", "f7", 1)
        .activity("f1", "f1u1", "2026-04-20", "core", "zz", 1);

    // n1: a plan with no features -> breadth not computable.
    f.account("n1", "self_serve", false, "2025-06-01")
        .subscription("n1", "lite", "lite_free", "2026-04-01", "2026-05-01", 3, null, "0.00", null)
        .user("n1u1", "n1", "eng", "2025-06-01", "2025-06-01", null)
        .activity("n1", "n1u1", "2026-04-20", "lite", "l1", 1);

    // e1: onboarded 2026-03-01 (D is day 60); four users since day 1 at 1 event/day; e1u5 first seen on day 35
    //     at 10 events/day.
    f.account("e1", "mid_market", false, "2026-03-01");
    for (int i = 1; i <= 4; i++) {
      f.user("e1u" + i, "e1", "eng", "2026-03-01", "2026-03-01", null)
          .dailyActivity("e1", "e1u" + i, "2026-03-02", D, "core", "f1", 1);
    }
    f.user("e1u5", "e1", "eng", "2026-03-01", "2026-04-05", null)
        .dailyActivity("e1", "e1u5", "2026-04-05", D, "core", "f1", 10);

    // t1: old users; new: invited on D-29 (window's first day), invited D-30 but activated D-28, invited D-10 into
    //     a new department (legal), invited on D; one invited D-15 but deactivated D-5 (not counted).
    f.account("t1", "enterprise", false, "2025-01-01")
        .user("t1u0", "t1", "eng", "2025-01-01", "2025-01-01", null)
        .user("t1u1", "t1", "eng", "2026-04-01", null, null)
        .user("t1u2", "t1", "eng", "2026-03-31", "2026-04-02", null)
        .user("t1u3", "t1", "legal", "2026-04-20", "2026-04-21", null)
        .user("t1u4", "t1", "eng", D, null, null)
        .user("t1u5", "t1", "eng", "2026-04-15", "2026-04-15", "2026-04-25");

    // x1: six gate events on the window's first and last instants and between; one just before the window.
    f.account("x1", "self_serve", false, "2025-01-01")
        .gate("x1", null, "2026-03-31 23:59:59", "f6", "gated_feature_view")
        .gate("x1", null, "2026-04-01 00:00:00", "f6", "gated_feature_view")
        .gate("x1", "x", "2026-04-10 12:00:00", "f6", "upgrade_prompt_click")
        .gate("x1", "x", "2026-04-11 12:00:00", "f6", "feature_request")
        .gate("x1", "x", "2026-04-12 12:00:00", "f7", "gated_feature_view")
        .gate("x1", "x", "2026-04-20 12:00:00", "f7", "gated_feature_view")
        .gate("x1", "x", "2026-04-30 23:59:59", "f7", "upgrade_prompt_click");

    // b1: onboarded 15 days before D (before the window); l1: onboarded after D (no rows for D).
    f.account("b1", "self_serve", false, "2026-04-15")
        .subscription("b1", "core", "core_basic", "2026-04-15", "2026-05-15", 10, null, "10.00", null);
    f.account("l1", "self_serve", false, "2026-05-15");
    return f;
  }

  /** Rows dated after D added to every input table (and a reference plan), for the point-in-time test. */
  static Fixture withFuture(Fixture f) {
    String next = "2026-05-01";
    return f.copy()
        .plan("core_max", "core", 3, 99999L, null, "f1")
        .account("fut", "enterprise", true, next)
        .subscription("fut", "core", "core_pro", next, "2026-06-01", 1, null, "999.00", next)
        .subscription("s1", "core", "core_pro", next, "2026-06-01", 1, 1L, "999.00", next)
        .subscription("u1", "core", "core_pro", next, "2026-06-01", 1, 1L, "999.00", next)
        .user("s1u9", "s1", "legal", next, next, null)
        .user("t1u9", "t1", "finance", next, next, null)
        .activity("s1", "s1u9", next, "core", "f2", 99)
        .activity("s1", "s1u1", next, "core", "f3", 99)
        .activity("e1", "e1u5", next, "core", "f1", 999)
        .activity("fut", "s1u9", next, "core", "f1", 1)
        .api("u1", "core", next, 99999)
        .api("g1", "core", next, 99999)
        .gate("x1", "x", "2026-05-01 00:00:00", "f7", "gated_feature_view");
  }

  private static Fixture.Result range;

  /** The range [D-1, D] computed once for the test classes that share it. */
  static synchronized Fixture.Result range() {
    if (range == null) {
      range = fast(() -> world().compute(D1, D, STREAK_DAYS));
    }
    return range;
  }

  /**
   * Runs with whole-stage codegen and adaptive execution off: on frames of a few rows the plans' compile and
   * re-planning time dominates, and one shuffle partition is plenty. Restores the session's settings afterwards.
   */
  static <T> T fast(Supplier<T> body) {
    SparkSession spark = SharedSpark.session();
    String codegen = spark.conf().get("spark.sql.codegen.wholeStage");
    String aqe = spark.conf().get("spark.sql.adaptive.enabled");
    String partitions = spark.conf().get("spark.sql.shuffle.partitions");
    spark.conf().set("spark.sql.codegen.wholeStage", "false");
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    spark.conf().set("spark.sql.shuffle.partitions", "1");
    try {
      return body.get();
    } finally {
      spark.conf().set("spark.sql.codegen.wholeStage", codegen);
      spark.conf().set("spark.sql.adaptive.enabled", aqe);
      spark.conf().set("spark.sql.shuffle.partitions", partitions);
    }
  }
}
