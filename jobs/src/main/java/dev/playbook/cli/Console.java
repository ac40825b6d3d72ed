package dev.playbook.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a job tells the person who runs it: its stages with elapsed time, and a closing summary table.
 * Spark's own logging goes to the log file (log4j2.properties), not here.
 */
public final class Console {
  private final PrintStream out;
  private final String job;
  private final long startNanos = System.nanoTime();
  private final List<String[]> summary = new ArrayList<>();

  public Console(PrintStream out, String job) {
    this.out = out;
    this.job = job;
  }

  /** Prints the start of a stage: {@code [features  12.3s] computing signals}. */
  public void stage(String message) {
    out.printf(Locale.ROOT, "[%s %6.1fs] %s%n", job, elapsedSeconds(), message);
    out.flush();
  }

  /** Prints free text (a table preview) as it is. */
  public void print(String text) {
    out.println(text);
    out.flush();
  }

  /** Records a line of the closing summary: an output or input table and its row count. */
  public void count(String direction, String table, long rows) {
    summary.add(new String[] {direction, table, String.format(Locale.ROOT, "%,d", rows)});
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Prints the summary table and the total elapsed time. */
  public void finish() {
    if (!summary.isEmpty()) {
      int width = summary.stream().mapToInt(r -> r[1].length()).max().orElse(10);
      out.println();
      for (String[] row : summary) {
        out.printf(Locale.ROOT, "  %-4s %-" + width + "s %14s rows%n", row[0], row[1], row[2]);
      }
    }
    out.printf(Locale.ROOT, "[%s] done in %.1fs%n", job, elapsedSeconds());
    out.flush();
  }
}
