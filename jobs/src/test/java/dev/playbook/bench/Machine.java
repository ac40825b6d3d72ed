package dev.playbook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark ran on: cores, CPU, memory, load, and the versions of Java, Spark, Delta and DuckDB. */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
    String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal").map(v -> {
      long kb = Long.parseLong(v.replaceAll("[^0-9]", ""));
      return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
    }).orElse("unknown");
    return String.format(Locale.ROOT, "machine: %d cores (%s), %s RAM, %s %s", Runtime.getRuntime().availableProcessors(),
        cpu, mem, System.getProperty("os.name"), System.getProperty("os.arch"));
  }

  /** The 1, 5 and 15 minute load averages. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Java, and the Spark, Delta and DuckDB versions read from the jars on the classpath. */
  static String versions() {
    List<String> out = new ArrayList<>();
    out.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
    String cp = System.getProperty("java.class.path");
    out.add("Spark " + jarVersion(cp, "spark-sql_2.13-"));
    out.add("Delta " + jarVersion(cp, "delta-spark_2.13-"));
    out.add("duckdb_jdbc " + jarVersion(cp, "duckdb_jdbc-"));
    return String.join(", ", out);
  }

  private static String jarVersion(String classpath, String prefix) {
    Matcher m = Pattern.compile(Pattern.quote(prefix) + "([0-9][0-9A-Za-z.\\-]*?)\\.jar").matcher(classpath);
    return m.find() ? m.group(1) : "?";
  }

  private static java.util.Optional<String> firstValue(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          int colon = line.indexOf(':');
          return java.util.Optional.of(line.substring(colon + 1).trim());
        }
      }
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.empty();
  }
}
