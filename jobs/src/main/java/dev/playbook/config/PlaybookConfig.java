package dev.playbook.config;

/**
 * The playbook (conf/playbook.yaml): every signal cutoff, window, gate, routing rule, capacity and horizon.
 * Each key is documented once, next to its default, in conf/playbook.yaml; the records here type and
 * validate them.
 *
 * @param version a name for this revision of the playbook, recorded with every brief and recommendation
 * @param measure the measure job's matching horizon, reporting period and retention lookback
 * @param recalibrate the recalibration job's history, grid and objective
 */
public record PlaybookConfig(
    String version,
    MeasureConfig measure,
    RecalibrateConfig recalibrate) {

  public PlaybookConfig {
    Require.present("version", version);
    Require.present("measure", measure);
    Require.present("recalibrate", recalibrate);
  }
}
