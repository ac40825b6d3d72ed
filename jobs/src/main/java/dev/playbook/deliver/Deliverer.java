package dev.playbook.deliver;

import static dev.playbook.deliver.DeliveryTables.*;

import dev.playbook.config.DeliveryConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Sends pending outbox actions, oldest date first, one at a time: skips what is done (a sent, skipped or dead
 * attempt of the same key, action and payload), retries a retryable failure (5xx, 429, timeout, no connection)
 * with exponential backoff (Retry-After honoured, capped), dead-letters after {@code max_attempts} failed attempts
 * counted across runs, and keeps each endpoint under {@code rate_per_second}. Each action's attempts are recorded
 * ({@link Recorder}) as soon as it ends, so a run killed mid-way resumes where it stopped: a CRM action that was
 * sent but not yet recorded is sent again as an upsert by key (an update, never a second object); an email handed
 * to SMTP is marked {@code sending} first, and one found marked without an outcome is dead-lettered, not resent
 * (at most one email per action).
 */
public final class Deliverer {
  /** Writes attempt rows durably (the job: one Delta commit per call). */
  public interface Recorder {
    void write(List<Attempt> attempts);
  }

  /** Waits; tests may count instead of sleeping. */
  public interface Sleeper {
    void sleep(long millis);
  }

  /** What one run did: the number of actions by final status of the run. */
  public record Summary(Map<String, Integer> byStatus) {}

  private final DeliveryConfig cfg;
  private final Function<String, Channel> channelFor;
  private final Recorder recorder;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Runnable afterSend;
  private final Map<String, Long> lastRequestAt = new HashMap<>();

  /**
   * @param channelFor action type → its channel, or null when that channel is not configured (the action waits)
   * @param afterSend called after every send before its outcome is recorded (tests simulate a kill here)
   */
  public Deliverer(DeliveryConfig cfg, Function<String, Channel> channelFor, Recorder recorder, Clock clock,
      Sleeper sleeper, Runnable afterSend) {
    this.cfg = cfg;
    this.channelFor = channelFor;
    this.recorder = recorder;
    this.clock = clock;
    this.sleeper = sleeper;
    this.afterSend = afterSend;
  }

  public Summary run(List<Action> actions, List<Attempt> history) {
    History h = new History(history);
    Map<String, Integer> summary = new TreeMap<>();
    for (Action a : actions) {
      String status = deliver(a, h);
      if (status != null) {
        summary.merge(status, 1, Integer::sum);
      }
    }
    return new Summary(summary);
  }

  /** Delivers one action; returns its final status in this run, or null when there was nothing to do. */
  private String deliver(Action a, History h) {
    boolean email = a.actionType().equals("email");
    if (email && !a.action().equals("create")) {
      return null;   // an email is sent once: nothing to update or close
    }
    String hash = a.payloadHash();
    if (h.done(a.key(), a.action(), hash)) {
      return null;
    }
    Channel ch = channelFor.apply(a.actionType());
    if (ch == null) {
      return null;
    }
    String channel = ch.name(a);
    int failures = h.failures(a.key(), a.action(), hash);
    List<Attempt> rows = new ArrayList<>();
    if (a.action().equals("close") && h.externalId(a.key()) == null) {
      return finish(h, rows, row(a, channel, failures + 1, SKIPPED, null, "nothing to close: the key was never "
          + "delivered", null, null, hash));
    }
    if (email && h.interrupted(a.key(), a.action(), hash)) {
      return finish(h, rows, row(a, channel, failures + 1, DEAD, null, "a run was killed while this email was "
          + "handed to SMTP; not resent (at most one email per action): check the mail log for Message-ID "
          + SmtpMail.messageId(a.key()), null, null, hash));
    }
    for (int n = failures + 1; ; n++) {
      if (email) {
        Attempt marker = row(a, channel, n, SENDING, null, null, null, null, hash);
        recorder.write(List.of(marker));
        h.add(marker);
      }
      throttle(channel);
      SendResult r = ch.send(a, h.externalId(a.key()));
      afterSend.run();
      if (r.ok()) {
        return finish(h, rows, row(a, channel, n, SENT, r.code(), null, r.externalId(), r.created(), hash));
      }
      if (!r.retryable() || n >= cfg.maxAttempts()) {
        String why = r.retryable() ? " (dead after " + n + " attempts)" : " (not retryable)";
        return finish(h, rows, row(a, channel, n, DEAD, r.code(), r.error() + why, null, null, hash));
      }
      rows.add(row(a, channel, n, FAILED, r.code(), r.error(), null, null, hash));
      long backoff = Math.min(cfg.maxBackoffMs(), cfg.backoffMs() << Math.min(30, n - 1));
      sleeper.sleep(Math.min(cfg.maxBackoffMs(), Math.max(backoff, r.retryAfterMs())));
    }
  }

  private String finish(History h, List<Attempt> rows, Attempt last) {
    rows.add(last);
    recorder.write(List.copyOf(rows));
    rows.forEach(h::add);
    return last.status();
  }

  /** Keeps each channel under rate_per_second: waits until 1/rate seconds have passed since its last request. */
  private void throttle(String channel) {
    long interval = Math.round(1000.0 / cfg.ratePerSecond());
    Long last = lastRequestAt.get(channel);
    long now = clock.millis();
    if (last != null && now - last < interval) {
      sleeper.sleep(interval - (now - last));
      now = clock.millis();
    }
    lastRequestAt.put(channel, now);
  }

  private Attempt row(Action a, String channel, int n, String status, Integer code, String error, String externalId,
      Boolean created, String hash) {
    return new Attempt(a.asOf(), a.key(), a.action(), a.actionType(), channel, n, status, code, error, externalId,
        created, hash, clock.instant(), UUID.randomUUID().toString());
  }

  /** The attempts so far, by key. */
  private static final class History {
    private final Map<String, List<Attempt>> byKey = new HashMap<>();

    History(List<Attempt> attempts) {
      attempts.forEach(this::add);
    }

    void add(Attempt a) {
      byKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a);
    }

    private List<Attempt> of(String key, String action, String hash) {
      return byKey.getOrDefault(key, List.of()).stream()
          .filter(a -> a.action().equals(action) && a.payloadHash().equals(hash)).toList();
    }

    boolean done(String key, String action, String hash) {
      return of(key, action, hash).stream().anyMatch(a -> List.of(SENT, SKIPPED, DEAD).contains(a.status()));
    }

    int failures(String key, String action, String hash) {
      return (int) of(key, action, hash).stream().filter(a -> a.status().equals(FAILED)).count();
    }

    boolean interrupted(String key, String action, String hash) {
      List<Attempt> rows = of(key, action, hash);
      long markers = rows.stream().filter(a -> a.status().equals(SENDING)).count();
      long outcomes = rows.stream().filter(a -> !a.status().equals(SENDING)).count();
      return markers > outcomes;
    }

    /** The CRM object id of the key's latest sent create or update, or null when it was never delivered. */
    String externalId(String key) {
      String id = null;
      for (Attempt a : byKey.getOrDefault(key, List.of())) {
        if (a.status().equals(SENT) && !a.action().equals("close")) {
          id = a.externalId() == null ? "unknown" : a.externalId();
        }
      }
      return id;
    }
  }
}
