package dev.playbook.cli;

/** A command line that cannot be run; the message says which option is wrong. Exit code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
