package dev.playbook.contract;

/** Column names of the input contract (../shared/SPEC.md), declared once. */
public final class Col {
  private Col() {}

  public static final String ACCOUNT_ID = "account_id";
  public static final String ACCOUNT_NAME = "account_name";
  public static final String SEGMENT = "segment";
  public static final String IS_STRATEGIC = "is_strategic";
  public static final String ONBOARDED_ON = "onboarded_on";
  public static final String CSM_OWNER = "csm_owner";
  public static final String AE_OWNER = "ae_owner";
  public static final String CHAMPION_NAME = "champion_name";
  public static final String CHAMPION_TITLE = "champion_title";
  public static final String REGION = "region";
  // optional: the CRM's ids and the addresses automated emails go to (docs/DELIVERY.md)
  public static final String CRM_ACCOUNT_ID = "crm_account_id";
  public static final String CSM_OWNER_CRM_ID = "csm_owner_crm_id";
  public static final String AE_OWNER_CRM_ID = "ae_owner_crm_id";
  public static final String ADMIN_EMAIL = "admin_email";
  public static final String CHAMPION_EMAIL = "champion_email";

  public static final String PLAN_ID = "plan_id";
  public static final String PRODUCT_ID = "product_id";
  public static final String TIER_RANK = "tier_rank";
  public static final String USAGE_LIMIT = "usage_limit";
  public static final String NEXT_PLAN_ID = "next_plan_id";
  public static final String FEATURE_KEY = "feature_key";

  public static final String PERIOD_START = "period_start";
  public static final String PERIOD_END = "period_end";
  public static final String SEATS_PURCHASED = "seats_purchased";
  public static final String MRR = "mrr";
  public static final String CONTRACT_END = "contract_end";

  public static final String USER_ID = "user_id";
  public static final String DEPARTMENT = "department";
  public static final String INVITED_ON = "invited_on";
  public static final String ACTIVATED_ON = "activated_on";
  public static final String DEACTIVATED_ON = "deactivated_on";
  public static final String EMAIL = "email";

  public static final String ACTIVITY_DATE = "activity_date";
  public static final String EVENT_COUNT = "event_count";
  public static final String USAGE_DATE = "usage_date";
  public static final String API_CALLS = "api_calls";

  public static final String EVENT_TS = "event_ts";
  public static final String EVENT_TYPE = "event_type";

  public static final String OPPORTUNITY_ID = "opportunity_id";
  public static final String OPPORTUNITY_TYPE = "opportunity_type";
  public static final String CREATED_ON = "created_on";
  public static final String CLOSED_ON = "closed_on";
  public static final String STAGE = "stage";
  public static final String AMOUNT_ARR = "amount_arr";
  public static final String OWNER = "owner";
  public static final String SOURCE_SIGNAL = "source_signal";

  public static final String KIND = "kind";
  public static final String SUMMARY = "summary";

  /** Added by the pipeline to every dated output: the date the result is computed as of. */
  public static final String AS_OF_DATE = "as_of_date";
}
