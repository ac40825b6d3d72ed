package dev.playbook.deliver;

import java.time.Instant;
import java.time.LocalDate;

/** One row of the deliveries table. */
public record Attempt(LocalDate asOf, String key, String action, String actionType, String channel, int attempt,
    String status, Integer responseCode, String error, String externalId, Boolean created, String payloadHash,
    Instant attemptedAt, String attemptId) {}
