package dev.playbook.privacy;

import dev.playbook.contract.Col;
import dev.playbook.contract.InputTable;
import dev.playbook.ingest.IngestTables;
import dev.playbook.queue.QueueColumns;
import dev.playbook.queue.QueueTables;
import java.util.List;

/**
 * Every output column that holds personal data (PII), declared once: what the {@code purge} job rewrites, what
 * docs/RELIABILITY.md lists and what {@code PiiPlacementTest} checks (no planted email or name anywhere else).
 *
 * <p>Two kinds: a {@link Kind#VALUE} column holds one person's datum as its whole value (an email, a name) and is
 * set to null; a {@link Kind#TEXT} column is free text or JSON that may mention a person, and every mention is
 * replaced with {@link #PURGED}. Owner columns ({@code csm_owner}, {@code ae_owner}, {@code owner}) name the
 * vendor's own staff by their work handle, not customers, and are not listed.
 */
public final class PiiColumns {
  private PiiColumns() {}

  /** What a purged mention inside text becomes. */
  public static final String PURGED = "[purged]";

  public enum Kind { VALUE, TEXT }

  /** One PII column: its table, its name, its kind and what it holds. */
  public record PiiColumn(String table, String column, Kind kind, String holds) {}

  private static String staged(InputTable t) {
    return IngestTables.staged(t).name();
  }

  public static final List<PiiColumn> ALL = List.of(
      new PiiColumn(staged(InputTable.USERS), Col.EMAIL, Kind.VALUE, "the user's email"),
      new PiiColumn(staged(InputTable.ACCOUNTS), Col.CHAMPION_NAME, Kind.VALUE, "the customer champion's name"),
      new PiiColumn(staged(InputTable.ACCOUNTS), Col.CHAMPION_TITLE, Kind.VALUE,
          "the champion's job title (identifying together with the account); nulled with the name"),
      new PiiColumn(staged(InputTable.ACCOUNTS), Col.ADMIN_EMAIL, Kind.VALUE, "the account admin's email"),
      new PiiColumn(staged(InputTable.ACCOUNTS), Col.CHAMPION_EMAIL, Kind.VALUE, "the champion's email"),
      new PiiColumn(staged(InputTable.ACTIVITIES), Col.SUMMARY, Kind.TEXT,
          "free-text conversation notes, which name people"),
      new PiiColumn(IngestTables.QUARANTINE.name(), IngestTables.ORIGINAL_ROW, Kind.TEXT,
          "the quarantined source row as JSON: any contract column, emails and names included"),
      new PiiColumn(QueueTables.HANDOFF_BRIEFS.name(), QueueColumns.BRIEF_JSON, Kind.TEXT,
          "the brief: champion name and role, recent activity summaries"),
      new PiiColumn(QueueTables.HANDOFF_BRIEFS.name(), QueueColumns.BRIEF_TEXT, Kind.TEXT, "the same, as text"),
      new PiiColumn(QueueTables.OUTBOX.name(), QueueColumns.RECIPIENT, Kind.TEXT,
          "the champion's name and title an email is addressed to"),
      new PiiColumn(QueueTables.OUTBOX.name(), QueueColumns.RECIPIENT_EMAIL, Kind.VALUE, "the email's address"),
      new PiiColumn(QueueTables.OUTBOX.name(), QueueColumns.BODY, Kind.TEXT,
          "the brief as text; an email's greeting names the champion"),
      new PiiColumn(QueueTables.OUTBOX.name(), QueueColumns.DESCRIPTION, Kind.TEXT, "the brief as text"));

  /** The tables holding PII, in order, without repeats. */
  public static List<String> tables() {
    return ALL.stream().map(PiiColumn::table).distinct().toList();
  }

  /** The PII columns of one table. */
  public static List<PiiColumn> of(String table) {
    return ALL.stream().filter(c -> c.table().equals(table)).toList();
  }

  /** Whether a table's column is declared to hold PII. */
  public static boolean holdsPii(String table, String column) {
    return ALL.stream().anyMatch(c -> c.table().equals(table) && c.column().equals(column));
  }
}
