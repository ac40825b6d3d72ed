package dev.playbook.generate;

import dev.playbook.cli.Job;
import dev.playbook.cli.JobContext;

/** Placeholder until the generator lands (issue 2). */
public final class GenerateJob implements Job {
  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String summary() {
    return "write a seeded synthetic input contract (demo size to 1e8+ activity rows)";
  }

  @Override
  public boolean needsDates() {
    return false;
  }

  @Override
  public void run(JobContext ctx) {
    throw new UnsupportedOperationException("generate is not built yet");
  }
}
