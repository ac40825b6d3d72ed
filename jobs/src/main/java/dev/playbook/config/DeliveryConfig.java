package dev.playbook.config;

/**
 * The deliver job's endpoints and policy (the {@code delivery:} section of an environment file). Credentials are
 * never in the file: each {@code *_env} key names the environment variable that holds the secret.
 *
 * @param crm the CRM (HubSpot CRM v3 objects API); absent = tasks and opportunities are not delivered
 * @param smtp the SMTP server of automated emails; absent = emails are not delivered
 * @param maxAttempts after this many failed attempts of one action (across runs) it is dead-lettered (default 5)
 * @param backoffMs the wait before the second attempt, doubled before each further one (default 1000)
 * @param maxBackoffMs the longest wait between attempts, Retry-After included (default 60000)
 * @param ratePerSecond at most this many requests per second to each endpoint (default 5)
 */
public record DeliveryConfig(Crm crm, Smtp smtp, Integer maxAttempts, Long backoffMs, Long maxBackoffMs,
    Double ratePerSecond) {
  public DeliveryConfig {
    maxAttempts = maxAttempts == null ? 5 : maxAttempts;
    backoffMs = backoffMs == null ? 1000L : backoffMs;
    maxBackoffMs = maxBackoffMs == null ? 60_000L : maxBackoffMs;
    ratePerSecond = ratePerSecond == null ? 5.0 : ratePerSecond;
    Require.between("delivery.max_attempts", maxAttempts, 1, 100);
    Require.that(backoffMs >= 0 && maxBackoffMs >= backoffMs, "delivery.backoff_ms must be 0 or more and at most "
        + "max_backoff_ms, was " + backoffMs + " / " + maxBackoffMs);
    Require.between("delivery.rate_per_second", ratePerSecond, 0.001, 10_000);
  }

  /**
   * @param baseUrl e.g. {@code https://api.hubapi.com}
   * @param tokenEnv the environment variable holding the private-app access token (sent as a Bearer token)
   * @param idProperty the deal and task property, unique in the CRM, that holds the idempotency key (default
   *     {@code playbook_key})
   * @param pipeline the deal pipeline (default {@code default})
   * @param openStage the deal stage of a created opportunity (default {@code appointmentscheduled})
   * @param closeStage the deal stage a closed opportunity is moved to (default {@code closedlost})
   * @param timeoutMs one request's timeout (default 10000)
   */
  public record Crm(String baseUrl, String tokenEnv, String idProperty, String pipeline, String openStage,
      String closeStage, Integer timeoutMs) {
    public Crm {
      Require.present("delivery.crm.base_url", baseUrl);
      Require.present("delivery.crm.token_env", tokenEnv);
      idProperty = idProperty == null ? "playbook_key" : idProperty;
      pipeline = pipeline == null ? "default" : pipeline;
      openStage = openStage == null ? "appointmentscheduled" : openStage;
      closeStage = closeStage == null ? "closedlost" : closeStage;
      timeoutMs = timeoutMs == null ? 10_000 : timeoutMs;
      Require.between("delivery.crm.timeout_ms", timeoutMs, 1, 600_000);
    }
  }

  /**
   * @param host the SMTP host
   * @param port its port (default 587)
   * @param from the sender address
   * @param userEnv the environment variable holding the SMTP user (absent = no authentication)
   * @param passwordEnv the environment variable holding the SMTP password
   * @param starttls require STARTTLS (default true)
   * @param timeoutMs connection and read timeout (default 10000)
   */
  public record Smtp(String host, Integer port, String from, String userEnv, String passwordEnv, Boolean starttls,
      Integer timeoutMs) {
    public Smtp {
      Require.present("delivery.smtp.host", host);
      Require.present("delivery.smtp.from", from);
      port = port == null ? 587 : port;
      starttls = starttls == null || starttls;
      timeoutMs = timeoutMs == null ? 10_000 : timeoutMs;
      Require.between("delivery.smtp.port", port, 1, 65_535);
      Require.that(userEnv == null || passwordEnv != null, "delivery.smtp.user_env needs password_env");
    }
  }
}
