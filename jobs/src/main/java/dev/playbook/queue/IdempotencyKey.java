package dev.playbook.queue;

import static org.apache.spark.sql.functions.*;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import org.apache.spark.sql.Column;

/**
 * The outbox's idempotency key: the first 32 hex digits of SHA-256 of
 * {@code account_id|expansion_type|motion|episode_start}. It holds no date of the run, so reruns and the
 * consecutive days of one episode give the same key, and a sync tool upserting by it creates no duplicates;
 * a new episode (the item resolved and came back) or another motion gives a new key.
 */
public final class IdempotencyKey {
  private IdempotencyKey() {}

  public static Column of(Column accountId, Column expansionType, Column motion, Column episodeStart) {
    return substring(sha2(concat_ws("|", accountId, expansionType, motion, episodeStart.cast("string")), 256), 1, 32);
  }

  /** The same key computed outside Spark (tests, a sync tool checking a row). */
  public static String of(String accountId, String expansionType, String motion, LocalDate episodeStart) {
    String text = String.join("|", accountId, expansionType, motion, episodeStart.toString());
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
