package dev.playbook.cli;

import java.util.Map;

/** One pipeline job: read → pure transforms → write. Each has its own {@code --help}. */
public interface Job {

  /** The name used on the command line, e.g. {@code features}. */
  String name();

  /** One line for the launcher's job list. */
  String summary();

  /** Job-specific options (without the leading dashes) and their help text. */
  default Map<String, String> options() {
    return Map.of();
  }

  /** Options among {@link #options()} that take no value: given alone, e.g. {@code --allow-shrink}, they are "true". */
  default java.util.Set<String> flags() {
    return java.util.Set.of();
  }

  /** Whether the job takes {@code --as-of} or {@code --from/--to}. */
  default boolean needsDates() {
    return true;
  }

  void run(JobContext ctx);
}
