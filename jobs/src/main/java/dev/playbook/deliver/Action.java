package dev.playbook.deliver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * One outbox row to deliver, as plain values. {@link #fields} are the outbox columns the channel uses.
 *
 * @param asOf the outbox date
 * @param key the idempotency key
 * @param action create, update or close
 * @param actionType email, csm_task or ae_opportunity
 */
public record Action(LocalDate asOf, String key, String action, String actionType, Map<String, Object> fields) {
  public Action {
    fields = java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
  }

  public String text(String column) {
    Object v = fields.get(column);
    return v == null ? null : v.toString();
  }

  /** A hash of what is sent: the action and its fields. */
  public String payloadHash() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest((action + "|" + actionType + "|" + fields).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
