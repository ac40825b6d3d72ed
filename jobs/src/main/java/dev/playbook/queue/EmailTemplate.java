package dev.playbook.queue;

import static org.apache.spark.sql.functions.*;

import dev.playbook.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

/**
 * The customer-facing email of an automated action, from a text template in conf/ (queue.outbox.email_template):
 * the first line is {@code Subject: ...}, the rest is the body. Placeholders {@code {{name}}}, only these:
 * {@code recipient_name} (the champion's first name, or "there"), {@code account_name}, {@code usage_line} (the
 * lead signal's value in customer words) and {@code upgrade_path} (the next plan, more seats, or the products not
 * owned). No internal field (priority, owner, notes, opportunities) can reach the email: none is a placeholder.
 */
public record EmailTemplate(String subject, String body) {
  public static final List<String> PLACEHOLDERS = List.of("recipient_name", "account_name", "usage_line",
      "upgrade_path");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

  public EmailTemplate {
    for (String part : List.of(subject, body)) {
      Matcher m = PLACEHOLDER.matcher(part);
      while (m.find()) {
        if (!PLACEHOLDERS.contains(m.group(1))) {
          throw new ConfigException("email template: unknown placeholder '{{" + m.group(1) + "}}'; allowed: "
              + PLACEHOLDERS);
        }
      }
    }
  }

  /** Reads and checks a template file. */
  public static EmailTemplate load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the email template: " + e.getMessage(), e);
    }
    int nl = text.indexOf('\n');
    String first = nl < 0 ? text : text.substring(0, nl);
    if (!first.startsWith("Subject:")) {
      throw new ConfigException(file + ": the email template's first line must be 'Subject: ...', was '" + first + "'");
    }
    return new EmailTemplate(first.substring("Subject:".length()).trim(), nl < 0 ? "" : text.substring(nl + 1).strip());
  }

  /** The template of a playbook file's queue.outbox.email_template (relative to the playbook file's folder). */
  public static EmailTemplate forPlaybook(Path playbookFile, String templatePath) {
    Path p = Path.of(templatePath);
    return load(p.isAbsolute() ? p : playbookFile.toAbsolutePath().getParent().resolve(p).normalize());
  }

  public Column renderSubject(Map<String, Column> values) {
    return render(subject, values);
  }

  public Column renderBody(Map<String, Column> values) {
    return render(body, values);
  }

  /** The text with each placeholder replaced by its column's value (a null value renders as empty). */
  private static Column render(String text, Map<String, Column> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    java.util.ArrayList<Column> parts = new java.util.ArrayList<>();
    int at = 0;
    while (m.find()) {
      parts.add(lit(text.substring(at, m.start())));
      parts.add(coalesce(values.get(m.group(1)), lit("")));
      at = m.end();
    }
    parts.add(lit(text.substring(at)));
    return concat(parts.toArray(Column[]::new));
  }
}
