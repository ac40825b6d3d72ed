package dev.playbook.cli;

import dev.playbook.features.FeaturesJob;
import dev.playbook.generate.GenerateJob;
import dev.playbook.ingest.IngestJob;
import dev.playbook.measure.MeasureJob;
import dev.playbook.queue.QueueJob;
import dev.playbook.recalibrate.RecalibrateJob;
import java.util.List;

/** The registry of jobs, in pipeline order. */
public final class Jobs {
  private Jobs() {}

  private static final List<Job> ALL = List.of(
      new GenerateJob(),
      new IngestJob(),
      new FeaturesJob(),
      new QueueJob(),
      new MeasureJob(),
      new dev.playbook.deliver.DeliverJob(),
      new RecalibrateJob(),
      new dev.playbook.propensity.PropensityJob(),
      new PipelineJob(),
      new CompareJob(),
      new dev.playbook.export.ExportJob(),
      new RegisterJob(),
      new RestoreJob(),
      new MaintainJob(),
      new dev.playbook.privacy.PurgeJob());

  public static List<Job> all() {
    return ALL;
  }

  public static Job byName(String name) {
    return ALL.stream().filter(j -> j.name().equals(name)).findFirst().orElse(null);
  }
}
