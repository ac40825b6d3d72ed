package dev.playbook.config;

/**
 * The playbook (conf/playbook.yaml): every signal cutoff, window, gate, routing rule, capacity and horizon.
 * Each key is documented once, next to its default, in conf/playbook.yaml; the records here type and
 * validate them. Sections follow the pipeline's order.
 *
 * @param version a name for this revision of the playbook, recorded with every brief and recommendation
 * @param ingest bad-row limits of the ingest job
 * @param signals signal cutoffs and lookbacks (features job)
 * @param windows timing windows (features job)
 * @param risk shallow-adoption risk accounts (features job)
 * @param queue expansion gates, routing rules, priority, capacity, suppression, holdout and outbox (queue job)
 * @param measure the measure job's matching horizon, reporting period and retention lookback
 * @param recalibrate the recalibration job's history, grid and objective
 * @param propensity the learned propensity model per expansion type (propensity job; optionally the queue)
 */
public record PlaybookConfig(
    String version,
    IngestConfig ingest,
    SignalsConfig signals,
    WindowsConfig windows,
    RiskConfig risk,
    QueueConfig queue,
    MeasureConfig measure,
    RecalibrateConfig recalibrate,
    PropensityConfig propensity) {

  public PlaybookConfig {
    Require.present("version", version);
    Require.present("ingest", ingest);
    Require.present("signals", signals);
    Require.present("windows", windows);
    Require.present("risk", risk);
    Require.present("queue", queue);
    Require.present("measure", measure);
    Require.present("recalibrate", recalibrate);
    Require.present("propensity", propensity);
  }
}
