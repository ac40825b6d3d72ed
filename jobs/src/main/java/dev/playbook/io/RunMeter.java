package dev.playbook.io;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What a run costs, counted as it goes: Spark jobs started, rows and bytes read by tasks (files, shuffles
 * excluded), and the Delta commits, rows and bytes the {@link Warehouse} wrote. One meter per session; a
 * {@link Reading} taken before and after a step gives that step's cost ({@link Reading#minus}).
 */
public final class RunMeter extends SparkListener {
  private final AtomicLong jobs = new AtomicLong();
  private final AtomicLong rowsRead = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();

  /** The meter of {@code sc}, registered on first use. */
  public static synchronized RunMeter of(SparkContext sc) {
    RunMeter m = METERS.get(sc);
    if (m == null) {
      m = new RunMeter();
      sc.addSparkListener(m);
      METERS.put(sc, m);
    }
    return m;
  }

  private static final java.util.Map<SparkContext, RunMeter> METERS = new java.util.WeakHashMap<>();

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    jobs.incrementAndGet();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    TaskMetrics m = taskEnd.taskMetrics();
    if (m != null) {
      rowsRead.addAndGet(m.inputMetrics().recordsRead());
      bytesRead.addAndGet(m.inputMetrics().bytesRead());
    }
  }

  /** A Delta commit of the pipeline's, with the rows and bytes of the files it added. */
  void commit(long rows, long bytes) {
    commits.incrementAndGet();
    rowsWritten.addAndGet(rows);
    bytesWritten.addAndGet(bytes);
  }

  /** The counts so far (task metrics arrive asynchronously: a reading right after a job may lag slightly). */
  public Reading read() {
    return new Reading(jobs.get(), commits.get(), rowsRead.get(), bytesRead.get(), rowsWritten.get(),
        bytesWritten.get());
  }

  /** Counts at one moment, or between two ({@link #minus}). */
  public record Reading(long sparkJobs, long deltaCommits, long rowsRead, long bytesRead, long rowsWritten,
      long bytesWritten) {
    public Reading minus(Reading before) {
      return new Reading(sparkJobs - before.sparkJobs, deltaCommits - before.deltaCommits,
          rowsRead - before.rowsRead, bytesRead - before.bytesRead, rowsWritten - before.rowsWritten,
          bytesWritten - before.bytesWritten);
    }

    /** {@code 45 Spark jobs, 13 Delta commits, read 1,088,529 rows / 20.1 MB, wrote ...}. */
    public String describe() {
      return String.format(Locale.ROOT, "%d Spark jobs, %d Delta commits, read %,d rows / %s, wrote %,d rows / %s",
          sparkJobs, deltaCommits, rowsRead, mb(bytesRead), rowsWritten, mb(bytesWritten));
    }

    static String mb(long bytes) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
  }
}
