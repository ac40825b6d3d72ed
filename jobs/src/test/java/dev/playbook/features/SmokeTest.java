package dev.playbook.features;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void runs() {
    Fixture f = new Fixture()
        .account("a1", "mid_market", false, "2026-01-01")
        .plan("p1", "core", 1, 1000L, "p2", "f1", "f2")
        .plan("p2", "core", 2, 5000L, null, "f1", "f2", "f3")
        .subscription("a1", "core", "p1", "2026-03-01", "2026-04-01", 4, null, "100.00", "2026-12-31")
        .user("u1", "a1", "eng", "2026-01-01", "2026-01-02", null)
        .user("u2", "a1", "ops", "2026-01-01", "2026-01-02", null)
        .dailyActivity("a1", "u1", "2026-03-01", "2026-03-20", "core", "f1", 3)
        .activity("a1", "u2", "2026-03-10", "core", "f2", 1)
        .dailyApi("a1", "core", "2026-03-01", "2026-03-20", 40)
        .gate("a1", "u1", "2026-03-15 10:00:00", "f3", "gated_feature_view");
    var spark = dev.playbook.testing.SharedSpark.session();
    long t0 = System.nanoTime();
    var out = f.compute("2026-03-19", "2026-03-20", 5);
    System.out.println("TIME codegen on " + (System.nanoTime() - t0) / 1e9);
    spark.conf().set("spark.sql.codegen.wholeStage", "false");
    t0 = System.nanoTime();
    out = f.compute("2026-03-19", "2026-03-20", 5);
    System.out.println("TIME codegen off " + (System.nanoTime() - t0) / 1e9);
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    t0 = System.nanoTime();
    out = f.compute("2026-03-19", "2026-03-20", 5);
    System.out.println("TIME codegen off, aqe off " + (System.nanoTime() - t0) / 1e9);
    spark.conf().set("spark.sql.codegen.wholeStage", "true");
    t0 = System.nanoTime();
    out = f.compute("2026-03-19", "2026-03-20", 5);
    System.out.println("TIME codegen on, aqe off " + (System.nanoTime() - t0) / 1e9);
    spark.conf().set("spark.sql.adaptive.enabled", "true");
    out.signals().forEach(System.out::println);
  }
}
