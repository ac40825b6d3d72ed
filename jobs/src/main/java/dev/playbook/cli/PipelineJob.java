package dev.playbook.cli;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The daily pipeline in one JVM and one Spark session: ingest → features → queue → measure for the same
 * dates. Each step is the same code as the job of that name; a failing step stops the pipeline with that
 * step's exit code, and later steps do not run. The steps' own options are the pipeline's too (e.g.
 * {@code --allow-shrink} for ingest); each step gets the ones it declares.
 */
public final class PipelineJob implements Job {
  /** The daily steps, in order. Recalibration runs on its own slower schedule. */
  static final List<String> STEPS = List.of("ingest", "features", "queue", "measure");

  private final Function<String, Job> lookup;

  public PipelineJob() {
    this(Jobs::byName);
  }

  /** With the steps looked up by {@code lookup} (a test's own steps); null = not available in this build. */
  PipelineJob(Function<String, Job> lookup) {
    this.lookup = lookup;
  }

  @Override
  public String name() {
    return "pipeline";
  }

  @Override
  public String summary() {
    return "run the daily jobs in order (" + String.join(" → ", STEPS) + ") for the same dates";
  }

  @Override
  public Map<String, String> options() {
    Map<String, String> options = new LinkedHashMap<>();
    steps().forEach(step -> options.putAll(step.options()));
    return options;
  }

  @Override
  public Set<String> flags() {
    Set<String> flags = new LinkedHashSet<>();
    steps().forEach(step -> flags.addAll(step.flags()));
    return flags;
  }

  private Stream<Job> steps() {
    return STEPS.stream().map(lookup).filter(Objects::nonNull);
  }

  @Override
  public void run(JobContext ctx) {
    for (String step : STEPS) {
      Job job = lookup.apply(step);
      if (job == null) {
        ctx.console().stage("step " + step + " is not available in this build; skipped");
        continue;
      }
      ctx.console().stage("── " + step + " ──");
      Map<String, String> own = new LinkedHashMap<>(ctx.options());
      own.keySet().retainAll(job.options().keySet());
      job.run(new JobContext(ctx.spark(), ctx.configs(), ctx.dates(), own, ctx.warehouse(), ctx.console()));
    }
  }
}
