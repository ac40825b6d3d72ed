package dev.playbook.reliability;

import static dev.playbook.reliability.World.D;
import static dev.playbook.reliability.World.D_MINUS_7;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.playbook.testing.SharedSpark;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * Reruns, retries and backfills of the daily pipeline (ingest → features → queue → measure) through the command
 * line, on a tiny generated world: each ends with exactly the rows of fresh runs of its dates — every output table,
 * no duplicates. "Fresh" is the chronological daily runs: D−7 alone ({@code fresh-d7}), and D after D−7
 * ({@code clean}), since the queue reads its own earlier dates (lifecycle, cooldown).
 *
 * <p>About seven pipeline runs: minutes on 2 cores, so tagged {@code reliability} and run by bin/reliability.
 */
@Tag("reliability")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RerunTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  @Order(2)
  void theSameAsOfDateRunTwiceGivesIdenticalRowsAndNoDuplicates() {
    World.Shared s = World.shared(spark);
    SharedSpark.copy(s.world().warehouse("clean"), s.world().warehouse("rerun"));
    World.check(s.world().run("pipeline", "rerun", D), "rerun of D");
    Map<String, List<String>> again = World.snapshot(spark, s.world().warehouse("rerun"), null);
    assertEquals(List.of(), World.differences(s.clean(), again), "a rerun of D replaces D's rows with the same rows");
    assertEquals(List.of(), World.duplicates(again), "and adds no duplicate");
  }

  @Test
  @Order(3)
  void aBackfillInTheOrderDThenDMinus7ThenDEqualsFreshRuns() {
    World.Shared s = World.shared(spark);
    World w = s.world();
    World.check(w.run("pipeline", "backfill", D), "backfill 1/3: D");
    World.check(w.run("pipeline", "backfill", D_MINUS_7), "backfill 2/3: D-7");
    assertEquals(List.of(), World.differences(World.snapshot(spark, w.warehouse("fresh-d7"), D_MINUS_7),
        World.snapshot(spark, w.warehouse("backfill"), D_MINUS_7)),
        "after D, a backfill of D-7 gives what a fresh D-7 run gives (staged tables: as of D-7)");
    World.check(w.run("pipeline", "backfill", D), "backfill 3/3: D");
    Map<String, List<String>> all = World.snapshot(spark, w.warehouse("backfill"), null);
    assertEquals(List.of(), World.differences(s.clean(), all),
        "D, D-7, D gives exactly the chronological runs D-7, D: every table, both dates");
    assertEquals(List.of(), World.duplicates(all), "no duplicates");
  }

  @Test
  @Order(1)
  void aRetryAfterARunThatFailedMidwayEqualsACleanRun() {
    World.Shared s = World.shared(spark);
    World w = s.world();
    SharedSpark.copy(w.warehouse("fresh-d7"), w.warehouse("retry"));   // yesterday's state: D-7 published
    // The fault: from the k-th Spark job of the run on, every job is cancelled as it starts (an executor lost,
    // a killed query): the run dies part-way, after some tables were written and before others.
    int k = Math.max(1, s.jobsPerRun() * 6 / 10);
    AtomicInteger started = new AtomicInteger();
    SparkContext sc = spark.sparkContext();
    SparkListener fault = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        if (started.incrementAndGet() >= k) {
          sc.cancelJob(jobStart.jobId(), "injected fault (RerunTest)");
        }
      }
    };
    sc.addSparkListener(fault);
    World.Run failed;
    try {
      failed = w.run("pipeline", "retry", D);
    } finally {
      sc.removeSparkListener(fault);
    }
    assertNotEquals(0, failed.code(), "the injected fault fails the run: " + failed);
    Map<String, List<String>> partial = World.snapshot(spark, w.warehouse("retry"), null);
    List<String> atD = s.clean().keySet().stream().filter(t -> s.clean().get(t).equals(partial.get(t))
        && !s.clean().get(t).equals(s.freshD7().get(t))).toList();
    List<String> atD7 = s.clean().keySet().stream().filter(t -> !atD.contains(t)).toList();
    System.out.printf(Locale.ROOT, "[reliability] fault from Spark job %d of %d (%.1f s): %d tables at D, %d not%n",
        k, s.jobsPerRun(), failed.seconds(), atD.size(), atD7.size());
    assertTrue(!atD.isEmpty() && !atD7.isEmpty(),
        "the run died midway: some tables already at D " + atD + ", others not " + atD7 + "\n" + failed);

    World.check(w.run("pipeline", "retry", D), "retry of D");
    Map<String, List<String>> after = World.snapshot(spark, w.warehouse("retry"), null);
    assertEquals(List.of(), World.differences(s.clean(), after), "the retry gives exactly a clean run's rows");
    assertEquals(List.of(), World.duplicates(after), "no duplicates");
  }
}
