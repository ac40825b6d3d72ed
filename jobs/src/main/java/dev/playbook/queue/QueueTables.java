package dev.playbook.queue;

import static dev.playbook.contract.Col.*;
import static dev.playbook.queue.QueueColumns.*;

import dev.playbook.contract.InputTable;
import dev.playbook.io.OutputTable;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The queue job's output tables, each declared once with its grain and a comment per column. */
public final class QueueTables {
  private QueueTables() {}

  private static final DataType STR = DataTypes.StringType;
  private static final DataType STRS = DataTypes.createArrayType(DataTypes.StringType);
  private static final DataType DATE = DataTypes.DateType;
  private static final DataType BOOL = DataTypes.BooleanType;
  private static final DataType INT = DataTypes.IntegerType;
  private static final DataType DBL = DataTypes.DoubleType;

  public static final OutputTable EXPANSION_QUEUE = OutputTable.builder("expansion_queue",
          "one row per account, item type and as-of date (at most one live item per account; plus one "
              + "'resolved' row for each item of the previous snapshot that is gone)",
          "The ranked expansion queue: each account that is a risk account or has a fired signal, its expansion "
              + "type (or the adoption track and why), routing motion and owner, priority, ranks, capacity, "
              + "suppression, holdout and lifecycle status.")
      .column(AS_OF_DATE, DATE, false, "the date the queue is computed as of")
      .column(ACCOUNT_ID, STR, false, "the account")
      .column(ACCOUNT_NAME, STR, true, "the account's name")
      .column(ITEM_TYPE, STR, false, "the item: seat_expansion, plan_upgrade, cross_sell or adoption")
      .column(TRACK, STR, false, "expansion, or adoption (risk accounts and accounts that pass no gate)")
      .column(STATUS, STR, false, "new (not live in the previous snapshot), continuing, or resolved (gone today)")
      .column(EXPANSION_TYPE, STR, true, "the expansion type chosen by the gates and the precedence rule; null on the adoption track")
      .column(QUALIFIED_TYPES, STRS, true, "every expansion type whose gate passed, in precedence order")
      .column(FIRED_SIGNALS, STRS, true, "every signal fired at the date")
      .column(LEAD_SIGNAL, STR, true, "the strongest fired signal of the chosen type (the opportunity's source_signal)")
      .column(SEGMENT, STR, true, "self_serve, mid_market or enterprise")
      .column(IS_STRATEGIC, BOOL, true, "the account's strategic flag")
      .column(ARR, InputTable.MONEY, true, "ARR at the date (12 x current MRR)")
      .column(NEW_DIVISION, BOOL, true, "a department's first user was activated within queue.expansion.new_division_days")
      .column(ROUTING_RULE, STR, true, "the first routing rule that matched; null when not routed (adoption, holdout)")
      .column(MOTION, STR, true, "email, csm_task or ae_opportunity")
      .column(OWNER, STR, true, "the named owner: the account's csm_owner or ae_owner, or the automation owner")
      .column(PRIORITY, DBL, true, "priority in [0, 1): 0.4 S + 0.3 P + 0.2 W + 0.1 R by default (weights "
          + "queue.priority.*_weight; scale in docs/QUEUE.md section 3), 6 decimals; expansion items only")
      .column(STRENGTH_SCORE, DBL, true, "S in [0, 1): strength / (strength + strength_half); 0.5 at strength_half")
      .column(PERSISTENCE_SCORE, DBL, true, "P in [0, 1): streak days / (days + persistence_half_days); 0.5 at "
          + "persistence_half_days")
      .column(WINDOW_SCORE, DBL, true, "W in [0, 1]: window_scores[phase]; cross-sell by its own window (peak on "
          + "its first day, falling linearly to late on its last); plan upgrade 1 when the limit is near")
      .column(RENEWAL_SCORE, DBL, true, "R in [0, 1]: 1 - days_to_renewal / renewal_horizon_days (secondary)")
      .column(RANK_OVERALL, INT, true, "rank among all worked items (routed, not suppressed, not held out); 1 = first")
      .column(RANK_IN_OWNER, INT, true, "rank within the owner's worked items")
      .column(OWNER_CAPACITY, INT, true, "the owner's capacity for the ISO week (Monday to Sunday) of the date; "
          + "null for motions without one (email)")
      .column(OWNER_WEEK_ACTIONED, INT, true, "distinct actions emitted for the owner earlier in the week (outbox "
          + "rows dated Monday .. the day before), counted against owner_capacity; worked items only")
      .column(ACTIONED_THIS_WEEK, BOOL, true, "the item's own action was one of those (it stays worked, within "
          + "capacity); worked items only")
      .column(OVER_CAPACITY, BOOL, false, "not actioned this week and beyond what owner_capacity - "
          + "owner_week_actioned leaves, by priority (kept, not dropped; no outbox action)")
      .column(SUPPRESSED, BOOL, false, "an open expansion opportunity or a cooldown holds the item back: of any "
          + "expansion type on the account (queue.suppression.scope account) or of the item's type (account_type)")
      .column(SUPPRESSION_REASON, STR, true, "why it is suppressed, naming the type that holds it back, e.g. 'open "
          + "cross_sell opportunity O-7', 'cooldown: plan_upgrade actioned on 2026-09-21 (within 30 days)'")
      .column(HOLDOUT, BOOL, false, "the account is in the hash-based holdout: not routed, kept for lift measurement")
      .column(EPISODE_START, DATE, true, "start of the item's episode (its signals' streak start, kept while it continues)")
      .column(IDEMPOTENCY_KEY, STR, true, "the outbox key of the item's action (see outbox)")
      .column(REASON, STR, true, "why the item is here, in words: gate, precedence, routing rule or adoption reason")
      .column(CONFIG_VERSION, STR, false, "the playbook config version that produced the row")
      .replacedByDate(AS_OF_DATE)
      .build();

  public static final OutputTable HANDOFF_BRIEFS = OutputTable.builder("handoff_briefs",
          "one row per worked item (routed, not suppressed, not held out) and as-of date",
          "The CS-to-AE handoff brief of each worked item, frozen at the as-of date: JSON and plain text.")
      .column(AS_OF_DATE, DATE, false, "the date the brief is frozen at")
      .column(ACCOUNT_ID, STR, false, "the account")
      .column(EXPANSION_TYPE, STR, false, "the recommended expansion type")
      .column(MOTION, STR, false, "email, csm_task or ae_opportunity")
      .column(OWNER, STR, false, "the named owner")
      .column(IDEMPOTENCY_KEY, STR, false, "the item's outbox key")
      .column(BRIEF_JSON, STR, false, "the brief as JSON: account, health, champion, expansion (type, frame, lead "
          + "signal, routing), qualifying_signals (value, cutoff, strength, streak), window, plans, "
          + "recent_opportunities, recent_activities, as_of_date, config_version (PII: champion, activity summaries)")
      .column(BRIEF_TEXT, STR, false, "the same brief as plain text, for an email body, task or opportunity "
          + "description (PII: champion, activity summaries)")
      .column(CONFIG_VERSION, STR, false, "the playbook config version that produced the brief")
      .replacedByDate(AS_OF_DATE)
      .build();

  public static final OutputTable OUTBOX = OutputTable.builder("outbox",
          "one row per action and as-of date (an action keeps its idempotency key across the days of its episode)",
          "Actions for a sync tool: automated emails, CSM tasks and CRM opportunities (Salesforce-like fields in "
              + "snake_case). Upsert by idempotency_key: reruns and consecutive days never duplicate an action.")
      .column(AS_OF_DATE, DATE, false, "the date the action was emitted for")
      .column(IDEMPOTENCY_KEY, STR, false, "sha-256 (32 hex) of account_id|expansion_type|motion|episode_start")
      .column(ACTION_TYPE, STR, false, "email, csm_task or ae_opportunity")
      .column(ACTION, STR, true, "create (key new or closed before), update (key open from an earlier date; stage and "
          + "close date not re-sent) or close (signal cleared, motion changed, new episode, or an opportunity opened "
          + "by a person); null only on rows written before the column existed")
      .column(ACTION_REASON, STR, true, "close only: why, e.g. 'signal cleared: no longer qualifies for seat_expansion'")
      .column(ACCOUNT_ID, STR, false, "the account (Salesforce AccountId / WhatId)")
      .column(EXPANSION_TYPE, STR, false, "seat_expansion, plan_upgrade or cross_sell")
      .column(SOURCE_SIGNAL, STR, true, "the lead signal; the CRM opportunity's source_signal")
      .column(EPISODE_START, DATE, false, "start of the item's episode (part of the key)")
      .column(STATUS, STR, false, "new or continuing: whether the item was already live in the previous snapshot; "
          + "resolved on close rows")
      .column(OWNER_ID, STR, false, "the named owner (OwnerId)")
      .column(CRM_ACCOUNT_ID, STR, true, "the CRM's account (HubSpot company) id: accounts.crm_account_id")
      .column(CRM_OWNER_ID, STR, true, "the CRM owner id of owner_id: accounts.csm_owner_crm_id (task) or "
          + "ae_owner_crm_id (opportunity); null for emails")
      .column(RECIPIENT, STR, true, "email only: the account admin / champion the email is addressed to "
          + "(PII: name and title)")
      .column(RECIPIENT_EMAIL, STR, true, "email only: the address, the first non-empty of queue.outbox.recipient "
          + "(accounts.admin_email, champion_email) (PII)")
      .column(HOLD_REASON, STR, true, "why the row is held and not delivered (no address, no CRM id); null = ready")
      .column(SUBJECT, STR, false, "email subject (from the template) or task / opportunity subject")
      .column(BODY, STR, false, "email: the customer-facing text of queue.outbox.email_template (no internal field); "
          + "task and opportunity: the internal handoff brief (PII: see handoff_briefs.brief_text)")
      .column(DUE_DATE, DATE, true, "email: send date; CSM task: due date (ActivityDate)")
      .column(OPPORTUNITY_NAME, STR, true, "opportunity only: Name")
      .column(OPPORTUNITY_TYPE, STR, true, "opportunity only: Type (the expansion type)")
      .column(STAGE_NAME, STR, true, "opportunity create only: StageName (not re-sent on update)")
      .column(CLOSE_DATE, DATE, true, "opportunity create only: CloseDate (not re-sent on update)")
      .column(AMOUNT, InputTable.MONEY, true, "opportunity only: Amount = ARR x queue.outbox.expected_uplift[type]")
      .column(DESCRIPTION, STR, true, "opportunity only: Description (the brief; PII as in body)")
      .column(PRIORITY, DBL, true, "the item's priority")
      .column(RANK_IN_OWNER, INT, true, "the item's rank in its owner's queue")
      .column(CONFIG_VERSION, STR, false, "the playbook config version that produced the action")
      .replacedByDate(AS_OF_DATE)
      .build();
}
