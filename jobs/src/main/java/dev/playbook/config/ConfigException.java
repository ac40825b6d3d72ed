package dev.playbook.config;

/** A configuration file that cannot be used; the message names the file and the key. Exit code 3. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
