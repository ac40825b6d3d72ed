package dev.playbook.deliver;

/**
 * The outcome of one attempt.
 *
 * @param ok the endpoint accepted it
 * @param retryable a failure worth retrying (5xx, 429, timeout, connection refused)
 * @param code HTTP status or SMTP reply code, null when none came back
 * @param externalId the CRM object id or the email's Message-ID
 * @param created the CRM reported a new object
 * @param error what failed
 * @param retryAfterMs the server's Retry-After, or -1
 */
public record SendResult(boolean ok, boolean retryable, Integer code, String externalId, Boolean created,
    String error, long retryAfterMs) {
  public static SendResult ok(Integer code, String externalId, Boolean created) {
    return new SendResult(true, false, code, externalId, created, null, -1);
  }

  public static SendResult failed(boolean retryable, Integer code, String error, long retryAfterMs) {
    return new SendResult(false, retryable, code, null, null, error, retryAfterMs);
  }
}
