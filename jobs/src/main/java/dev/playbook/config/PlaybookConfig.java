package dev.playbook.config;

/**
 * The playbook (conf/playbook.yaml): every signal cutoff, window, gate, routing rule, capacity and horizon.
 * Each key is documented once, next to its default, in conf/playbook.yaml; the records here type and
 * validate them.
 *
 * @param version a name for this revision of the playbook, recorded with every brief and recommendation
 * @param queue the queue job: gates, routing, priority, capacity, suppression, holdout, outbox, briefs
 */
public record PlaybookConfig(String version,
    QueueConfig queue) {

  public PlaybookConfig {
    Require.present("version", version);
    Require.present("queue", queue);
  }
}
