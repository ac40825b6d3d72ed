package dev.playbook.queue;

import static dev.playbook.contract.Col.*;
import static dev.playbook.queue.QueueColumns.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.config.QueueConfig;
import dev.playbook.contract.InputTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The actions a sync tool sends to email / the CS platform / the CRM: one row per worked item within its
 * owner's capacity (routed, live, not suppressed, not held out, not over capacity), keyed by
 * {@link IdempotencyKey}. Opportunities carry Salesforce-like fields in snake_case (Name → opportunity_name,
 * AccountId → account_id, Type → opportunity_type, StageName → stage_name, CloseDate → close_date,
 * Amount → amount, OwnerId → owner_id, Description → description).
 */
public final class Outbox {
  private Outbox() {}

  public static Dataset<Row> build(Dataset<Row> items, Dataset<Row> briefs, LocalDate asOf, QueueConfig cfg,
      String configVersion) {
    Inputs.require(briefs, "handoff_briefs", IDEMPOTENCY_KEY, BRIEF_TEXT);
    Column d = lit(Date.valueOf(asOf));
    QueueConfig.Outbox o = cfg.outbox();
    Column uplift = lit(0.0);
    for (Map.Entry<String, Double> e : o.expectedUplift().entrySet()) {
      uplift = when(col(EXPANSION_TYPE).equalTo(e.getKey()), lit(e.getValue())).otherwise(uplift);
    }
    Column isOpp = col(MOTION).equalTo("ae_opportunity");
    Column title = format_string("%s: %s (%s)", coalesce(col(ACCOUNT_NAME), col(ACCOUNT_ID)),
        regexp_replace(col(EXPANSION_TYPE), "_", " "), col(LEAD_SIGNAL));
    Dataset<Row> worked = items.filter(col(STATUS).notEqual(STATUS_RESOLVED).and(col(MOTION).isNotNull())
        .and(not(col(SUPPRESSED))).and(not(col(OVER_CAPACITY))));
    return worked.join(briefs.select(col(IDEMPOTENCY_KEY), col(BRIEF_TEXT)), IDEMPOTENCY_KEY)
        .select(d.as(AS_OF_DATE), col(IDEMPOTENCY_KEY), col(MOTION).as(ACTION_TYPE), col(ACCOUNT_ID),
            col(EXPANSION_TYPE), col(LEAD_SIGNAL).as(SOURCE_SIGNAL), col(EPISODE_START), col(STATUS),
            col(OWNER).as(OWNER_ID),
            when(col(MOTION).equalTo("email"), concat_ws(", ", col(CHAMPION_NAME), col(CHAMPION_TITLE)))
                .as(RECIPIENT),
            concat(when(col(MOTION).equalTo("email"), lit("Planning ahead: ")).when(isOpp, lit("Expansion: "))
                .otherwise(lit("Expansion check-in: ")), title).as(SUBJECT),
            col(BRIEF_TEXT).as(BODY),
            when(col(MOTION).equalTo("csm_task"), date_add(d, o.taskDueDays())).when(col(MOTION).equalTo("email"), d)
                .as(DUE_DATE),
            when(isOpp, title).as(OPPORTUNITY_NAME),
            when(isOpp, col(EXPANSION_TYPE)).as(OPPORTUNITY_TYPE),
            when(isOpp, lit(o.opportunityStage())).as(STAGE_NAME),
            when(isOpp, date_add(d, o.closeDays())).as(CLOSE_DATE),
            when(isOpp, round(coalesce(col(ARR), lit(0)).cast("double").multiply(uplift), 2)
                .cast(InputTable.MONEY)).as(AMOUNT),
            when(isOpp, col(BRIEF_TEXT)).as(DESCRIPTION),
            col(PRIORITY), col(RANK_IN_OWNER), lit(configVersion).as(CONFIG_VERSION));
  }
}
