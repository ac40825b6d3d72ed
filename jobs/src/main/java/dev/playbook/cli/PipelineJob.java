package dev.playbook.cli;

import dev.playbook.io.RunMeter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
    // Without a session (a test's recording steps) a meter that is not listening counts nothing.
    RunMeter meter = ctx.spark() != null ? RunMeter.of(ctx.spark().sparkContext()) : new RunMeter();
    StringBuilder costs = new StringBuilder(String.format(Locale.ROOT, "%nCost per step:%n  %-9s %8s %11s %14s %12s %10s %12s %10s%n",
        "step", "seconds", "Spark jobs", "Delta commits", "rows read", "MB read", "rows written", "MB written"));
    for (String step : STEPS) {
      Job job = lookup.apply(step);
      if (job == null) {
        ctx.console().stage("step " + step + " is not available in this build; skipped");
        continue;
      }
      ctx.console().stage("── " + step + " ──");
      Map<String, String> own = new LinkedHashMap<>(ctx.options());
      own.keySet().retainAll(job.options().keySet());
      double start = ctx.console().elapsedSeconds();
      RunMeter.Reading before = meter.read();
      job.run(new JobContext(ctx.spark(), ctx.configs(), ctx.dates(), own, ctx.warehouse(), ctx.console()));
      RunMeter.Reading cost = meter.read().minus(before);
      costs.append(String.format(Locale.ROOT, "  %-9s %8.1f %11d %14d %,12d %10.1f %,12d %10.1f%n", step,
          ctx.console().elapsedSeconds() - start, cost.sparkJobs(), cost.deltaCommits(), cost.rowsRead(),
          cost.bytesRead() / 1e6, cost.rowsWritten(), cost.bytesWritten() / 1e6));
    }
    ctx.console().print(costs.toString().stripTrailing());
  }
}
