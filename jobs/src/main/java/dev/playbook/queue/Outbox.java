package dev.playbook.queue;

import static dev.playbook.contract.Col.*;
import static dev.playbook.queue.QueueColumns.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.config.QueueConfig;
import dev.playbook.contract.InputTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * The actions a sync (the {@code deliver} job) sends to email / the CS platform / the CRM, ready to use as they
 * are: one row per worked item within its owner's capacity (routed, live, not suppressed, not held out, not over
 * capacity), keyed by {@link IdempotencyKey}, plus one {@code close} row per earlier task or opportunity that is
 * still open and no longer wanted. Each row carries its {@code action}: {@code create} (the key was never
 * emitted, or was closed), {@code update} (the key is open from an earlier date: only what may change is set;
 * stage and close date are not re-sent) or {@code close} (signal cleared, motion changed or new episode, or an
 * opportunity of the type opened in the CRM by a person). External ids come from the optional accounts columns
 * {@code crm_account_id}, {@code csm_owner_crm_id}, {@code ae_owner_crm_id}; an email's address from
 * {@code queue.outbox.recipient}; a row that lacks what its channel needs carries a {@code hold_reason} and is
 * not delivered. An email's subject and body are the customer-facing text of {@link EmailTemplate}; tasks and
 * opportunities carry the internal brief. Opportunities carry Salesforce-like fields in snake_case (Name →
 * opportunity_name, Type → opportunity_type, StageName → stage_name, CloseDate → close_date, Amount → amount,
 * Description → description); docs/DELIVERY.md maps them to HubSpot deals.
 *
 * <p>Cost: small joins on the idempotency key and account over the day's items, and one aggregation of the
 * earlier outbox rows by key.
 */
public final class Outbox {
  private Outbox() {}

  public static final String ACTION_CREATE = "create";
  public static final String ACTION_UPDATE = "update";
  public static final String ACTION_CLOSE = "close";
  public static final String EMAIL = "email";
  public static final String CSM_TASK = "csm_task";
  public static final String AE_OPPORTUNITY = "ae_opportunity";

  /**
   * @param items the day's items from {@link ExpansionQueue#build}
   * @param briefs the day's briefs (the internal text of tasks and opportunities)
   * @param signals the features job's signals (the lead signal's value at the date fills the email's usage line)
   * @param opportunities staged opportunities: an open one of the item's type with no source_signal was opened by
   *     a person and closes the playbook's own action
   * @param previousOutbox the outbox table (any dates; those before {@code asOf} tell which keys are open)
   */
  public static Dataset<Row> build(Dataset<Row> items, Dataset<Row> briefs, Dataset<Row> signals,
      Dataset<Row> opportunities, Dataset<Row> previousOutbox, LocalDate asOf, QueueConfig cfg,
      EmailTemplate template, String configVersion) {
    Inputs.require(briefs, "handoff_briefs", IDEMPOTENCY_KEY, BRIEF_TEXT);
    Inputs.require(opportunities, "opportunities", OPPORTUNITY_ID, ACCOUNT_ID, OPPORTUNITY_TYPE, CREATED_ON,
        CLOSED_ON, SOURCE_SIGNAL);
    Column d = lit(Date.valueOf(asOf));
    QueueConfig.Outbox o = cfg.outbox();
    Column uplift = lit(0.0);
    for (Map.Entry<String, Double> e : o.expectedUplift().entrySet()) {
      uplift = when(col(EXPANSION_TYPE).equalTo(e.getKey()), lit(e.getValue())).otherwise(uplift);
    }
    Column isEmail = col(MOTION).equalTo(EMAIL);
    Column isOpp = col(MOTION).equalTo(AE_OPPORTUNITY);
    Column title = format_string("%s: %s (%s)", coalesce(col(ACCOUNT_NAME), col(ACCOUNT_ID)),
        regexp_replace(col(EXPANSION_TYPE), "_", " "), col(LEAD_SIGNAL));

    // 1. Which keys are open from earlier dates: a key's latest row before D is not a close (emails are sent
    //    once and never closed).
    Dataset<Row> earlier = withDeclaredColumns(previousOutbox).filter(col(AS_OF_DATE).lt(d));
    Dataset<Row> latestEarlier = earlier
        .groupBy(IDEMPOTENCY_KEY)
        .agg(max_by(struct(Arrays.stream(QueueTables.OUTBOX.schema().fieldNames()).map(c -> col(c))
            .toArray(Column[]::new)), col(AS_OF_DATE)).as("_last"))
        .select("_last.*");
    Dataset<Row> open = latestEarlier.filter(coalesce(col(ACTION), lit(ACTION_CREATE)).notEqual(ACTION_CLOSE)
        .and(col(ACTION_TYPE).notEqual(EMAIL)));

    // 2. Today's actions, with the lead signal's value for the email's usage line.
    Dataset<Row> leadValue = signals.filter(col(AS_OF_DATE).equalTo(d))
        .select(col(ACCOUNT_ID), col(SIGNAL).as(LEAD_SIGNAL), col(VALUE).as("_lead_value"));
    Dataset<Row> worked = items.filter(col(STATUS).notEqual(STATUS_RESOLVED).and(col(MOTION).isNotNull())
            .and(not(col(SUPPRESSED))).and(not(col(OVER_CAPACITY))))
        .join(briefs.select(col(IDEMPOTENCY_KEY), col(BRIEF_TEXT)), IDEMPOTENCY_KEY)
        .join(leadValue, new String[] {ACCOUNT_ID, LEAD_SIGNAL}, "left")
        .join(open.select(col(IDEMPOTENCY_KEY), lit(true).as("_open")), new String[] {IDEMPOTENCY_KEY}, "left");
    Map<String, Column> fill = Map.of(
        "recipient_name", coalesce(element_at(split(trim(col(CHAMPION_NAME)), " "), 1), lit("there")),
        "account_name", coalesce(col(ACCOUNT_NAME), lit("your team")),
        "usage_line", usageLine(col(LEAD_SIGNAL), col("_lead_value")),
        "upgrade_path", upgradePath());
    Column recipientEmail = coalesce(o.recipient().stream().map(c -> col(c)).toArray(Column[]::new));
    Column crmOwner = when(col(MOTION).equalTo(CSM_TASK), col(CSM_OWNER_CRM_ID))
        .when(isOpp, col(AE_OWNER_CRM_ID));
    Column ownerColumn = when(col(MOTION).equalTo(CSM_TASK), lit(CSM_OWNER_CRM_ID)).otherwise(lit(AE_OWNER_CRM_ID));
    Column hold = when(isEmail.and(recipientEmail.isNull()), lit("no recipient address: accounts."
            + String.join(" and accounts.", o.recipient()) + " empty"))
        .when(not(isEmail).and(col(CRM_ACCOUNT_ID).isNull()), lit("no CRM account id: accounts.crm_account_id empty"))
        .when(not(isEmail).and(crmOwner.isNull()), concat(lit("no CRM owner id for "), col(OWNER), lit(": accounts."),
            ownerColumn, lit(" empty")));
    Column isUpdate = coalesce(col("_open"), lit(false));
    Dataset<Row> actions = worked.select(d.as(AS_OF_DATE), col(IDEMPOTENCY_KEY), col(MOTION).as(ACTION_TYPE),
        when(isUpdate, lit(ACTION_UPDATE)).otherwise(lit(ACTION_CREATE)).as(ACTION),
        lit(null).cast("string").as(ACTION_REASON), col(ACCOUNT_ID),
        col(EXPANSION_TYPE), col(LEAD_SIGNAL).as(SOURCE_SIGNAL), col(EPISODE_START), col(STATUS),
        col(OWNER).as(OWNER_ID), col(CRM_ACCOUNT_ID), crmOwner.as(CRM_OWNER_ID),
        when(isEmail, concat_ws(", ", col(CHAMPION_NAME), col(CHAMPION_TITLE))).as(RECIPIENT),
        when(isEmail, recipientEmail).as(RECIPIENT_EMAIL), hold.as(HOLD_REASON),
        when(isEmail, template.renderSubject(fill))
            .otherwise(concat(when(isOpp, lit("Expansion: ")).otherwise(lit("Expansion check-in: ")), title))
            .as(SUBJECT),
        when(isEmail, template.renderBody(fill)).otherwise(col(BRIEF_TEXT)).as(BODY),
        when(col(MOTION).equalTo(CSM_TASK), date_add(d, o.taskDueDays())).when(isEmail, d).as(DUE_DATE),
        when(isOpp, title).as(OPPORTUNITY_NAME),
        when(isOpp, col(EXPANSION_TYPE)).as(OPPORTUNITY_TYPE),
        when(isOpp.and(not(isUpdate)), lit(o.opportunityStage())).as(STAGE_NAME),
        when(isOpp.and(not(isUpdate)), date_add(d, o.closeDays())).as(CLOSE_DATE),
        when(isOpp, round(coalesce(col(ARR), lit(0)).cast("double").multiply(uplift), 2)
            .cast(InputTable.MONEY)).as(AMOUNT),
        when(isOpp, col(BRIEF_TEXT)).as(DESCRIPTION),
        col(PRIORITY), col(RANK_IN_OWNER), lit(configVersion).as(CONFIG_VERSION));

    // 3. Close rows: an open key not actioned today, and why. A key whose item continues with the same key
    //    (over capacity, or held back by the playbook's own opportunity) stays open without a row.
    Dataset<Row> byPerson = opportunities
        .filter(col(CREATED_ON).leq(d).and(col(CLOSED_ON).isNull().or(col(CLOSED_ON).gt(d)))
            .and(col(SOURCE_SIGNAL).isNull()))
        .groupBy(col(ACCOUNT_ID), col(OPPORTUNITY_TYPE).as(EXPANSION_TYPE))
        .agg(min(col(OPPORTUNITY_ID)).as("_by_person"));
    Dataset<Row> live = items.filter(col(STATUS).notEqual(STATUS_RESOLVED).and(col(TRACK).equalTo(TRACK_EXPANSION)))
        .select(col(ACCOUNT_ID), col(EXPANSION_TYPE), col(IDEMPOTENCY_KEY).as("_live_key"),
            col(MOTION).as("_live_motion"), lit(true).as("_live"));
    Column reason = when(col("_by_person").isNotNull(),
            concat(lit("opportunity opened in the CRM by a person: "), col("_by_person")))
        .when(col("_live").isNull(), concat(lit("signal cleared: no longer qualifies for "), col(EXPANSION_TYPE)))
        .when(col("_live_motion").isNull(), lit("no longer routed"))
        .when(col("_live_motion").notEqual(col(ACTION_TYPE)), concat(lit("motion changed to "), col("_live_motion")))
        .when(col("_live_key").notEqual(col(IDEMPOTENCY_KEY)), lit("a new episode of the item started"));
    Dataset<Row> closes = open
        .join(actions.select(IDEMPOTENCY_KEY), new String[] {IDEMPOTENCY_KEY}, "left_anti")
        .join(byPerson, new String[] {ACCOUNT_ID, EXPANSION_TYPE}, "left")
        .join(live, new String[] {ACCOUNT_ID, EXPANSION_TYPE}, "left")
        .withColumn(ACTION_REASON, reason)
        .filter(col(ACTION_REASON).isNotNull())
        .withColumn(AS_OF_DATE, d)
        .withColumn(ACTION, lit(ACTION_CLOSE))
        .withColumn(STATUS, lit(STATUS_RESOLVED))
        .withColumn(HOLD_REASON, when(col(CRM_ACCOUNT_ID).isNull(),
            lit("no CRM account id: accounts.crm_account_id empty")))
        .withColumn(STAGE_NAME, lit(null).cast("string"))
        .withColumn(CLOSE_DATE, lit(null).cast("date"))
        .withColumn(CONFIG_VERSION, lit(configVersion));
    return QueueBuild.project(actions, QueueTables.OUTBOX)
        .unionByName(QueueBuild.project(closes, QueueTables.OUTBOX));
  }

  /** The lead signal's value at the date in customer words (no cutoff, no internal score). */
  static Column usageLine(Column signal, Column value) {
    Column pct = round(value.multiply(100)).cast("int");
    Column n = round(value).cast("long");
    return when(value.isNull(), lit("your team's usage has been growing."))
        .when(signal.equalTo("seat_utilization"), format_string("%d%% of your purchased seats are in active use.", pct))
        .when(signal.equalTo("usage_allocation"),
            format_string("you have used %d%% of this billing period's allocation.", pct))
        .when(signal.equalTo("plan_limit_utilization"),
            format_string("your usage has reached %d%% of your plan's limit, period after period.", pct))
        .when(signal.equalTo("feature_adoption_breadth"),
            format_string("your team uses %d%% of the features in your plan.", pct))
        .when(signal.equalTo("power_user_density"),
            format_string("on a typical day, %d%% of your seats are in use.", pct))
        .when(signal.equalTo("api_usage_growth"),
            format_string("your API usage grew %d%% over the last two months.", pct))
        .when(signal.equalTo("department_spread"), format_string("%d departments now use the product.", n))
        .when(signal.equalTo("feature_gate_friction"),
            format_string("your team reached for features outside your plan %d times this month.", n))
        .otherwise(lit("more of your team is using the product every week."));
  }

  /** The next step for the item's expansion type, naming the next plan or the products not owned. */
  static Column upgradePath() {
    Column next = array_join(col(NEXT_PLANS), ", ");
    Column products = array_join(col(PRODUCTS_NOT_OWNED), ", ");
    return when(col(EXPANSION_TYPE).equalTo("plan_upgrade").and(size(col(NEXT_PLANS)).gt(0)),
            concat(lit("The next plan ("), next, lit(") raises that limit, so nobody on your team is held back.")))
        .when(col(EXPANSION_TYPE).equalTo("cross_sell").and(size(col(PRODUCTS_NOT_OWNED)).gt(0)),
            concat(lit("Teams at your stage often add "), products, lit(": it picks up where you are today.")))
        .otherwise(lit("Adding seats gives the colleagues who are asking for access a login of their own."));
  }

  /** The outbox rows with every declared column (an older table's rows get the columns added since as null). */
  static Dataset<Row> withDeclaredColumns(Dataset<Row> outbox) {
    List<String> have = Arrays.asList(outbox.columns());
    Dataset<Row> out = outbox;
    for (StructField f : QueueTables.OUTBOX.schema().fields()) {
      if (!have.contains(f.name())) {
        out = out.withColumn(f.name(), lit(null).cast(f.dataType()));
      }
    }
    return out;
  }
}
