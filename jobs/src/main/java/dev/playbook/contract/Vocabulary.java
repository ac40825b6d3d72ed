package dev.playbook.contract;

import java.util.List;

/** Accepted values of the contract's categorical columns (../shared/SPEC.md). */
public final class Vocabulary {
  private Vocabulary() {}

  public static final String SELF_SERVE = "self_serve";
  public static final String MID_MARKET = "mid_market";
  public static final String ENTERPRISE = "enterprise";
  public static final List<String> SEGMENTS = List.of(SELF_SERVE, MID_MARKET, ENTERPRISE);

  public static final String GATED_FEATURE_VIEW = "gated_feature_view";
  public static final String UPGRADE_PROMPT_CLICK = "upgrade_prompt_click";
  public static final String FEATURE_REQUEST = "feature_request";
  public static final List<String> GATE_EVENT_TYPES = List.of(GATED_FEATURE_VIEW, UPGRADE_PROMPT_CLICK, FEATURE_REQUEST);

  public static final String SEAT_EXPANSION = "seat_expansion";
  public static final String PLAN_UPGRADE = "plan_upgrade";
  public static final String CROSS_SELL = "cross_sell";
  public static final String NEW_BUSINESS = "new_business";
  public static final String RENEWAL = "renewal";
  /** The three expansion types of the trigger matrix. */
  public static final List<String> EXPANSION_TYPES = List.of(SEAT_EXPANSION, PLAN_UPGRADE, CROSS_SELL);
  public static final List<String> OPPORTUNITY_TYPES =
      List.of(SEAT_EXPANSION, PLAN_UPGRADE, CROSS_SELL, NEW_BUSINESS, RENEWAL);

  public static final String OPEN = "open";
  public static final String CLOSED_WON = "closed_won";
  public static final String CLOSED_LOST = "closed_lost";
  public static final List<String> STAGES = List.of(OPEN, CLOSED_WON, CLOSED_LOST);
}
