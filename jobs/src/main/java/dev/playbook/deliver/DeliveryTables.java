package dev.playbook.deliver;

import dev.playbook.io.OutputTable;
import org.apache.spark.sql.types.DataTypes;

/** The deliver job's table: one row per delivery attempt, appended (never replaced). */
public final class DeliveryTables {
  private DeliveryTables() {}

  public static final String AS_OF_DATE = "as_of_date";
  public static final String IDEMPOTENCY_KEY = "idempotency_key";
  public static final String ACTION = "action";
  public static final String ACTION_TYPE = "action_type";
  public static final String CHANNEL = "channel";
  public static final String ATTEMPT = "attempt";
  public static final String STATUS = "status";
  public static final String RESPONSE_CODE = "response_code";
  public static final String ERROR = "error";
  public static final String EXTERNAL_ID = "external_id";
  public static final String CREATED = "created";
  public static final String PAYLOAD_HASH = "payload_hash";
  public static final String ATTEMPTED_AT = "attempted_at";
  public static final String ATTEMPT_ID = "attempt_id";

  public static final String SENT = "sent";
  public static final String FAILED = "failed";
  public static final String DEAD = "dead";
  public static final String SKIPPED = "skipped";
  /** Written just before an email is handed to SMTP: a run killed then leaves this and no outcome. */
  public static final String SENDING = "sending";

  public static final OutputTable DELIVERIES = OutputTable.builder("deliveries",
          "one row per delivery attempt of an outbox action (appended; a rerun adds attempts, never rewrites them)",
          "Every attempt of the deliver job to send an outbox action to the CRM or by SMTP: its outcome, the "
              + "response code and the attempt number. An action is done once it has a sent, skipped or dead row.")
      .column(AS_OF_DATE, DataTypes.DateType, false, "the outbox date of the action")
      .column(IDEMPOTENCY_KEY, DataTypes.StringType, false, "the action's outbox key (the CRM's playbook_key)")
      .column(ACTION, DataTypes.StringType, false, "create, update or close")
      .column(ACTION_TYPE, DataTypes.StringType, false, "email, csm_task or ae_opportunity")
      .column(CHANNEL, DataTypes.StringType, false, "hubspot_deals, hubspot_tasks or smtp")
      .column(ATTEMPT, DataTypes.IntegerType, false, "1 for the first attempt of the action (across runs), then 2, ...")
      .column(STATUS, DataTypes.StringType, false, "sent, failed (to be retried), dead (max attempts reached or not "
          + "retryable), skipped (nothing to do, e.g. close of an action never delivered) or sending (email handed "
          + "to SMTP; an outcome row follows unless the run was killed)")
      .column(RESPONSE_CODE, DataTypes.IntegerType, true, "HTTP status or SMTP reply code; null when none came back")
      .column(ERROR, DataTypes.StringType, true, "what failed, in words (never a credential)")
      .column(EXTERNAL_ID, DataTypes.StringType, true, "the CRM object id (deal or task) or the email's Message-ID")
      .column(CREATED, DataTypes.BooleanType, true, "the CRM reported that this attempt created the object")
      .column(PAYLOAD_HASH, DataTypes.StringType, false, "sha-256 (16 hex) of what was sent: a changed action is sent again")
      .column(ATTEMPTED_AT, DataTypes.TimestampType, false, "when the attempt ended (UTC, from the job's clock)")
      .column(ATTEMPT_ID, DataTypes.StringType, false, "unique id of the attempt row")
      .build();
}
