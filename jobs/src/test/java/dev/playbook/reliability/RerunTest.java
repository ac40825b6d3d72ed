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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reruns, retries and backfills of the daily pipeline (ingest → features → queue → measure) through the command
 * line, on a tiny generated world: each ends with exactly the rows of a fresh run of its dates, no duplicates, in
 * every output table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RerunTest {
  private final SparkSession spark = SharedSpark.session();
  private World world;
  /** Fresh runs: the rows of date D in a warehouse that only ran D, and of D−7 in one that only ran D−7. */
  private Map<String, List<String>> freshD;
  private Map<String, List<String>> freshD7;
  /** Spark jobs a clean pipeline run starts (the fault is injected part-way through them). */
  private int jobsPerRun;

  @BeforeAll
  void freshRuns() {
    world = World.create(spark);
    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(counter);
    try {
      ok(world.run("pipeline", "fresh-d", D), "fresh run of D");
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    jobsPerRun = jobs.get();
    freshD = World.snapshot(spark, world.warehouse("fresh-d"), D);
    ok(world.run("pipeline", "fresh-d7", D_MINUS_7), "fresh run of D-7");
    freshD7 = World.snapshot(spark, world.warehouse("fresh-d7"), D_MINUS_7);
    assertTrue(freshD.size() >= 20, "every stage's tables are written: " + freshD.keySet());
    assertTrue(freshD.values().stream().filter(r -> !r.isEmpty()).count() >= 15,
        "the tiny world fills most tables: " + sizes(freshD));
    assertEquals(List.of(), World.duplicates(freshD), "a fresh run has no duplicate rows");
    // The starting states of the tests below, taken before any test changes a warehouse.
    World.copy(world.warehouse("fresh-d"), world.warehouse("backfill"));   // D published
    World.copy(world.warehouse("fresh-d7"), world.warehouse("retry"));     // D-7 published
  }

  private static World.Run ok(World.Run run, String what) {
    assertEquals(0, run.code(), what + " failed: " + run);
    System.out.printf(Locale.ROOT, "[reliability] %s: %.1f s%n", what, run.seconds());
    return run;
  }

  private static String sizes(Map<String, List<String>> snapshot) {
    StringBuilder s = new StringBuilder();
    snapshot.forEach((t, rows) -> s.append(t).append('=').append(rows.size()).append(' '));
    return s.toString();
  }

  @Test
  void theSameAsOfDateRunTwiceGivesIdenticalRowsAndNoDuplicates() {
    ok(world.run("pipeline", "fresh-d", D), "rerun of D");
    Map<String, List<String>> again = World.snapshot(spark, world.warehouse("fresh-d"), D);
    assertEquals(List.of(), World.differences(freshD, again), "a rerun of D replaces D's rows with the same rows");
    assertEquals(List.of(), World.duplicates(again), "and adds no duplicate");
  }

  @Test
  void aBackfillInTheOrderDThenDMinus7ThenDEqualsFreshRuns() {
    // Step 1/3, D, is the fresh run of D the warehouse was copied from.
    ok(world.run("pipeline", "backfill", D_MINUS_7), "backfill 2/3: D-7");
    assertEquals(List.of(), World.differences(freshD7, World.snapshot(spark, world.warehouse("backfill"), D_MINUS_7)),
        "after D, a backfill of D-7 gives what a fresh D-7 run gives (staged tables: as of D-7)");
    ok(world.run("pipeline", "backfill", D), "backfill 3/3: D");
    Map<String, List<String>> d = World.snapshot(spark, world.warehouse("backfill"), D);
    assertEquals(List.of(), World.differences(freshD, d), "D again gives what a fresh D run gives");
    Map<String, List<String>> d7 = World.snapshot(spark, world.warehouse("backfill"), D_MINUS_7);
    d7.keySet().removeIf(t -> t.startsWith("staged_"));   // replaced whole by the last run, D
    Map<String, List<String>> fresh7 = new java.util.TreeMap<>(freshD7);
    fresh7.keySet().removeIf(t -> t.startsWith("staged_"));
    assertEquals(List.of(), World.differences(fresh7, d7), "and leaves D-7's rows as the backfill wrote them");
    assertEquals(List.of(), World.duplicates(d), "no duplicates");
  }

  @Test
  void aRetryAfterARunThatFailedMidwayEqualsACleanRun() {
    // The warehouse "retry" starts at yesterday's state: D-7 published.
    // The fault: from the k-th Spark job of the run on, every job is cancelled as it starts (an executor lost,
    // a killed query): the run dies part-way, after some tables were written and before others.
    int k = Math.max(1, jobsPerRun * 6 / 10);
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
      failed = world.run("pipeline", "retry", D);
    } finally {
      sc.removeSparkListener(fault);
    }
    assertNotEquals(0, failed.code(), "the injected fault fails the run: " + failed);
    List<String> partial = World.differences(freshD, World.snapshot(spark, world.warehouse("retry"), D));
    assertTrue(!partial.isEmpty() && partial.size() < freshD.size(),
        "the run died midway: some of D's tables written, some not (" + partial.size() + " of " + freshD.size()
            + " differ from a clean run)");
    System.out.printf(Locale.ROOT, "[reliability] fault from job %d of %d: %d of %d tables not (yet) at D%n", k,
        jobsPerRun, partial.size(), freshD.size());

    ok(world.run("pipeline", "retry", D), "retry of D");
    Map<String, List<String>> d = World.snapshot(spark, world.warehouse("retry"), D);
    assertEquals(List.of(), World.differences(freshD, d), "the retry gives exactly a clean run's rows");
    assertEquals(List.of(), World.duplicates(d), "no duplicates");
    Map<String, List<String>> d7 = World.snapshot(spark, world.warehouse("retry"), D_MINUS_7);
    d7.keySet().removeIf(t -> t.startsWith("staged_"));
    Map<String, List<String>> fresh7 = new java.util.TreeMap<>(freshD7);
    fresh7.keySet().removeIf(t -> t.startsWith("staged_"));
    assertEquals(List.of(), World.differences(fresh7, d7), "yesterday's rows are untouched");
  }
}
