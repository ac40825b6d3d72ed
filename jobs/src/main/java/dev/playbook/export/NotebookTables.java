package dev.playbook.export;

import java.util.List;

/**
 * The output tables the notebooks in {@code notebooks/} read, and the job that writes each. Names as the
 * writing jobs declare them (queue: {@code QueueTables}, measure: {@code MeasureTables}, recalibrate:
 * {@code RecalibrateTables}).
 */
public final class NotebookTables {
  private NotebookTables() {}

  /** One table a notebook reads. */
  public record Table(String name, String writtenBy, String readBy) {}

  public static final Table EXPANSION_QUEUE = new Table("expansion_queue", "queue", "revops");
  public static final Table CONVERSION_METRICS = new Table("conversion_metrics", "measure", "revops");
  public static final Table EXPANSION_PIPELINE = new Table("expansion_pipeline", "measure", "revops");
  public static final Table MRR_MOVEMENTS = new Table("mrr_movements", "measure", "revops");
  public static final Table RETENTION = new Table("retention", "measure", "revops");
  public static final Table THRESHOLD_SWEEPS = new Table("threshold_sweeps", "recalibrate", "threshold_review");
  public static final Table THRESHOLD_RECOMMENDATIONS =
      new Table("threshold_recommendations", "recalibrate", "threshold_review");

  public static final List<Table> ALL = List.of(EXPANSION_QUEUE, CONVERSION_METRICS, EXPANSION_PIPELINE,
      MRR_MOVEMENTS, RETENTION, THRESHOLD_SWEEPS, THRESHOLD_RECOMMENDATIONS);
}
