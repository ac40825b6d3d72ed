package dev.playbook.deliver;

/** An endpoint the deliver job sends actions to. */
public interface Channel {
  /** The channel's name in the deliveries table. */
  String name(Action a);

  /**
   * Sends one action once; never throws for an endpoint's failure (returns it).
   *
   * @param externalId the object id from an earlier sent attempt of the key, or null
   */
  SendResult send(Action a, String externalId);
}
