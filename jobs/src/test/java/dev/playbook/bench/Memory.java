package dev.playbook.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Peak memory of a benchmark child JVM, and the one-line result format children print for {@link Benchmark}:
 * {@code BENCH_RESULT key=value key=value ...}.
 */
final class Memory {
  private Memory() {}

  static final String PREFIX = "BENCH_RESULT ";

  /** Samples the used heap every 20 ms on a daemon thread; the peak is the largest sample. */
  static final class Sampler {
    private final MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
    private volatile boolean running = true;
    private volatile long peak;
    private final Thread thread;

    private Sampler() {
      thread = new Thread(() -> {
        while (running) {
          sample();
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private void sample() {
      long used = bean.getHeapMemoryUsage().getUsed();
      if (used > peak) {
        peak = used;
      }
    }

    void stop() {
      running = false;
      sample();
    }

    long peakHeapBytes() {
      return peak;
    }
  }

  static Sampler startSampler() {
    return new Sampler();
  }

  /** The process's peak resident set size (VmHWM in /proc/self/status; native memory included), or -1. */
  static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024L;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  static String resultLine(Map<String, String> values) {
    StringJoiner j = new StringJoiner(" ", PREFIX, "");
    values.forEach((k, v) -> j.add(k + "=" + v.replace(' ', '_')));
    return j.toString();
  }

  /** The values of the last result line in {@code output}, or an empty map when there is none. */
  static Map<String, String> parseResult(String output) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      if (line.startsWith(PREFIX)) {
        values.clear();
        for (String kv : line.substring(PREFIX.length()).trim().split(" ")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            values.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
      }
    }
    return values;
  }
}
