package dev.playbook.deliver;

import dev.playbook.config.DeliveryConfig;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/**
 * Automated emails over SMTP (Jakarta Mail). The Message-ID is {@code <key@playbook>}, so a receiving system
 * that deduplicates by it sees one message per action. Only {@code create} actions are sent: an email is never
 * updated or closed.
 */
public final class SmtpMail implements Channel {
  public static final String SMTP = "smtp";

  private final DeliveryConfig.Smtp cfg;
  private final Session session;
  private final String user;
  private final String password;

  /** @param user and {@code password}: read by the caller from the environment variables the config names */
  public SmtpMail(DeliveryConfig.Smtp cfg, String user, String password) {
    this.cfg = cfg;
    this.user = user;
    this.password = password;
    Properties p = new Properties();
    p.put("mail.smtp.host", cfg.host());
    p.put("mail.smtp.port", String.valueOf(cfg.port()));
    p.put("mail.smtp.auth", String.valueOf(user != null));
    p.put("mail.smtp.starttls.enable", String.valueOf(cfg.starttls()));
    p.put("mail.smtp.starttls.required", String.valueOf(cfg.starttls()));
    p.put("mail.smtp.connectiontimeout", String.valueOf(cfg.timeoutMs()));
    p.put("mail.smtp.timeout", String.valueOf(cfg.timeoutMs()));
    this.session = Session.getInstance(p);
  }

  @Override
  public String name(Action a) {
    return SMTP;
  }

  public static String messageId(String key) {
    return "<" + key + "@playbook>";
  }

  @Override
  public SendResult send(Action a, String externalId) {
    String id = messageId(a.key());
    try {
      MimeMessage m = new MimeMessage(session) {
        @Override
        protected void updateMessageID() throws MessagingException {
          setHeader("Message-ID", id);
        }
      };
      m.setFrom(new InternetAddress(cfg.from()));
      m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(a.text("recipient_email"), true));
      m.setSubject(a.text("subject"), "UTF-8");
      m.setText(a.text("body"), "UTF-8");
      if (user != null) {
        Transport.send(m, user, password);
      } else {
        Transport.send(m);
      }
      return SendResult.ok(250, id, true);
    } catch (SendFailedException e) {
      return SendResult.failed(false, 550, "SMTP refused the recipient or message: " + e.getClass().getSimpleName(),
          -1);
    } catch (MessagingException e) {
      // The exception's message may quote the recipient's address: only its kind is recorded.
      return SendResult.failed(true, null, "SMTP: " + e.getClass().getSimpleName(), -1);
    }
  }
}
