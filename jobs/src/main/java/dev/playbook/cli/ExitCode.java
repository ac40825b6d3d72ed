package dev.playbook.cli;

/** The documented exit codes of every job (README, "Exit codes"). */
public enum ExitCode {
  OK(0, "success"),
  FAILED(1, "unexpected failure (a bug or an environment problem); see the log"),
  USAGE(2, "bad command line"),
  CONFIG(3, "bad configuration file"),
  BAD_INPUT(4, "input refused (missing table or column, incompatible schema, too many bad rows, an empty or shrunk "
      + "table); nothing published"),
  CONFLICT(5, "another run wrote the same table at the same time; nothing of this run was published to it");

  public final int code;
  public final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }
}
