package dev.playbook.cli;

import java.util.List;

/**
 * The daily pipeline in one JVM and one Spark session: ingest → features → queue → measure for the same
 * dates. Each step is the same code as the job of that name; a failing step stops the pipeline with that
 * step's exit code, and later steps do not run.
 */
public final class PipelineJob implements Job {
  /** The daily steps, in order. Recalibration runs on its own slower schedule. */
  static final List<String> STEPS = List.of("ingest", "features", "queue", "measure");

  @Override
  public String name() {
    return "pipeline";
  }

  @Override
  public String summary() {
    return "run the daily jobs in order (" + String.join(" → ", STEPS) + ") for the same dates";
  }

  @Override
  public void run(JobContext ctx) {
    for (String step : STEPS) {
      Job job = Jobs.byName(step);
      if (job == null) {
        ctx.console().stage("step " + step + " is not available in this build; skipped");
        continue;
      }
      ctx.console().stage("── " + step + " ──");
      job.run(new JobContext(ctx.spark(), ctx.configs(), ctx.dates(), java.util.Map.of(), ctx.warehouse(),
          ctx.console()));
    }
  }
}
