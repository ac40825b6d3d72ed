package dev.playbook.config;

/**
 * The playbook (conf/playbook.yaml): every signal cutoff, window, gate, routing rule, capacity and horizon.
 * Each key is documented once, next to its default, in conf/playbook.yaml; the records here type and
 * validate them.
 *
 * @param version a name for this revision of the playbook, recorded with every brief and recommendation
 * @param signals signal cutoffs and lookbacks (features job)
 * @param windows timing windows (features job)
 * @param risk shallow-adoption risk accounts (features job)
 */
public record PlaybookConfig(String version,
    SignalsConfig signals, WindowsConfig windows, RiskConfig risk) {

  public PlaybookConfig {
    Require.present("version", version);
    Require.present("signals", signals);
    Require.present("windows", windows);
    Require.present("risk", risk);
  }
}
