package dev.playbook.deliver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.playbook.cli.Job;
import dev.playbook.cli.JobContext;
import dev.playbook.config.ConfigException;
import dev.playbook.config.DeliveryConfig;
import dev.playbook.io.Warehouse;
import dev.playbook.queue.QueueTables;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * {@code playbook deliver --as-of D}: sends the outbox actions of D (a range: each date, oldest first) that are
 * ready (no hold_reason) to the CRM (HubSpot deals and tasks, {@link HubSpotCrm}) and by SMTP ({@link SmtpMail}),
 * as the {@code delivery:} section of the environment file says, and appends every attempt to the
 * {@code deliveries} table ({@link Deliverer}: idempotent by key, retries, dead-letter, rate limit). Credentials
 * come only from the environment variables the config names. A rerun sends only what is not done yet.
 */
public final class DeliverJob implements Job {
  /** The outbox columns an action's channels use (and its payload hash covers). */
  static final List<String> FIELDS = List.of("account_id", "crm_account_id", "crm_owner_id", "expansion_type",
      "source_signal", "subject", "body", "due_date", "opportunity_name", "amount", "close_date", "description",
      "recipient_email", "action_reason");

  private final Function<String, String> env;
  private final Clock clock;
  private final Runnable afterSend;

  public DeliverJob() {
    this(System::getenv, Clock.systemUTC(), () -> {});
  }

  /** @param env environment lookup (tests pass a map); @param afterSend see {@link Deliverer} */
  public DeliverJob(Function<String, String> env, Clock clock, Runnable afterSend) {
    this.env = env;
    this.clock = clock;
    this.afterSend = afterSend;
  }

  @Override
  public String name() {
    return "deliver";
  }

  @Override
  public String summary() {
    return "sends the outbox (create / update / close) to the CRM over HTTP and emails over SMTP; records deliveries";
  }

  @Override
  public void run(JobContext ctx) {
    DeliveryConfig cfg = ctx.env().delivery();
    if (cfg == null) {
      throw new ConfigException(ctx.configs().envFile() + ": no 'delivery' section: nothing to deliver to");
    }
    Warehouse wh = ctx.warehouse();
    Channel crm = cfg.crm() == null ? null : new HubSpotCrm(cfg.crm(), secret(cfg.crm().tokenEnv(), "delivery.crm.token_env"));
    Channel smtp = cfg.smtp() == null ? null : new SmtpMail(cfg.smtp(),
        cfg.smtp().userEnv() == null ? null : secret(cfg.smtp().userEnv(), "delivery.smtp.user_env"),
        cfg.smtp().passwordEnv() == null ? null : secret(cfg.smtp().passwordEnv(), "delivery.smtp.password_env"));
    Deliverer.Recorder recorder = rows -> record(ctx, rows);
    Deliverer d = new Deliverer(cfg, type -> type.equals("email") ? smtp : crm, recorder, clock, DeliverJob::sleep,
        afterSend);
    for (LocalDate day : ctx.dates().dates()) {
      ctx.console().stage("deliver " + day);
      List<Action> actions = actions(wh.read(QueueTables.OUTBOX), day);
      Deliverer.Summary s = d.run(actions, history(wh));
      ctx.console().print("  " + actions.size() + " ready actions; this run: "
          + (s.byStatus().isEmpty() ? "nothing to send" : s.byStatus().toString()));
    }
  }

  private String secret(String variable, String key) {
    String v = env.apply(variable);
    if (v == null || v.isBlank()) {
      throw new ConfigException(key + " names the environment variable " + variable + ", which is not set");
    }
    return v;
  }

  /** The outbox rows of one date that are ready to deliver, in a stable order (closes first, then by key). */
  static List<Action> actions(Dataset<Row> outbox, LocalDate day) {
    List<String> cols = new ArrayList<>(List.of("as_of_date", "idempotency_key", "action", "action_type"));
    cols.addAll(FIELDS);
    List<Row> rows = outbox.filter(col("as_of_date").equalTo(lit(Date.valueOf(day)))
            .and(col("hold_reason").isNull()).and(col("action").isNotNull()))
        .selectExpr(cols.toArray(String[]::new))
        .orderBy(col("action").equalTo("close").desc(), col("idempotency_key"))
        .collectAsList();
    List<Action> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (String f : FIELDS) {
        Object v = r.getAs(f);
        if (v != null) {
          fields.put(f, v instanceof BigDecimal b ? b.toPlainString() : v.toString());
        }
      }
      out.add(new Action(((Date) r.getAs("as_of_date")).toLocalDate(), r.getAs("idempotency_key"), r.getAs("action"),
          r.getAs("action_type"), fields));
    }
    return out;
  }

  static List<Attempt> history(Warehouse wh) {
    if (!wh.exists(DeliveryTables.DELIVERIES.name())) {
      return List.of();
    }
    return wh.read(DeliveryTables.DELIVERIES).collectAsList().stream().map(r -> new Attempt(
        ((Date) r.getAs(DeliveryTables.AS_OF_DATE)).toLocalDate(), r.getAs(DeliveryTables.IDEMPOTENCY_KEY),
        r.getAs(DeliveryTables.ACTION), r.getAs(DeliveryTables.ACTION_TYPE), r.getAs(DeliveryTables.CHANNEL),
        (Integer) r.getAs(DeliveryTables.ATTEMPT), r.getAs(DeliveryTables.STATUS), r.getAs(DeliveryTables.RESPONSE_CODE),
        r.getAs(DeliveryTables.ERROR), r.getAs(DeliveryTables.EXTERNAL_ID), r.getAs(DeliveryTables.CREATED),
        r.getAs(DeliveryTables.PAYLOAD_HASH), ((Timestamp) r.getAs(DeliveryTables.ATTEMPTED_AT)).toInstant(),
        r.getAs(DeliveryTables.ATTEMPT_ID))).toList();
  }

  /** Appends attempt rows in one Delta commit (a replaceWhere on their new ids replaces nothing). */
  private static void record(JobContext ctx, List<Attempt> attempts) {
    List<Row> rows = attempts.stream().map(a -> RowFactory.create(Date.valueOf(a.asOf()), a.key(), a.action(),
        a.actionType(), a.channel(), a.attempt(), a.status(), a.responseCode(), a.error(), a.externalId(), a.created(),
        a.payloadHash(), Timestamp.from(a.attemptedAt()), a.attemptId())).toList();
    Dataset<Row> df = ctx.spark().createDataFrame(rows, DeliveryTables.DELIVERIES.schema()).coalesce(1);
    String ids = attempts.stream().map(a -> "'" + a.attemptId() + "'").collect(Collectors.joining(", "));
    ctx.warehouse().replaceWhere(DeliveryTables.DELIVERIES, df, DeliveryTables.ATTEMPT_ID + " IN (" + ids + ")");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }
}
