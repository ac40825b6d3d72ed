package dev.playbook.cli;

/**
 * Input data the pipeline refuses: a missing table or column, an incompatible schema, too many bad rows.
 * The message names the table, column and rule. Exit code 4; nothing is published.
 */
public final class InputException extends RuntimeException {
  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
