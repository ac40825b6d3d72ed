package dev.playbook.generate;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated product catalog: three products with three plan tiers each. Features are ordered from core to
 * advanced; a plan of tier t has the first 5·t features of its product, so lower tiers have fewer features and
 * 60% of any plan's features is a whole number (the breadth cutoff is exact for every plan).
 *
 * <ul>
 *   <li>{@code workspace}: the primary, seat-based product every account owns (price per seat and month).</li>
 *   <li>{@code api}: metered (usage_limit API calls per billing period), flat price; the plan_upgrade product.</li>
 *   <li>{@code insights}: flat-priced analytics add-on; the cross_sell product.</li>
 * </ul>
 */
final class Catalog {
  private Catalog() {}

  static final String WORKSPACE = "workspace";
  static final String API = "api";
  static final String INSIGHTS = "insights";

  /** Features per tier step: tier t has FEATURES_PER_TIER·t features. */
  static final int FEATURES_PER_TIER = 5;

  record Plan(String planId, String productId, int tierRank, Long usageLimit, String nextPlanId,
      List<String> features, BigDecimal price) implements Serializable {
    boolean seatBased() {
      return productId.equals(WORKSPACE);
    }

    /** Monthly recurring revenue of this plan for a number of seats (seat-based) or flat. */
    BigDecimal mrr(int seats, double discount) {
      BigDecimal base = seatBased() ? price.multiply(BigDecimal.valueOf(seats)) : price;
      return base.multiply(BigDecimal.valueOf(1 - discount)).setScale(2, java.math.RoundingMode.HALF_UP);
    }
  }

  static final List<String> WORKSPACE_FEATURES = List.of(
      "docs", "tasks", "comments", "calendar", "file_sharing",
      "dashboards", "automations", "templates", "guest_access", "integrations",
      "sso", "audit_log", "advanced_permissions", "data_retention", "custom_roles");
  static final List<String> API_FEATURES = List.of(
      "rest_api", "api_keys", "webhooks", "sandbox", "rate_limit_dashboard",
      "batch_jobs", "streaming", "oauth_apps", "usage_alerts", "sdk_codegen",
      "private_endpoints", "ip_allowlist", "dedicated_capacity", "sla_monitoring", "audit_export");
  static final List<String> INSIGHTS_FEATURES = List.of(
      "reports", "charts", "scheduled_reports", "csv_export", "report_sharing",
      "cohorts", "funnels", "forecasting", "metric_alerts", "embedded_views",
      "warehouse_sync", "ml_insights", "row_level_security", "custom_metrics", "governance");

  static final String[] PRODUCTS = {WORKSPACE, API, INSIGHTS};

  /** plans[product][tier - 1]. */
  private static final Plan[][] PLANS = {
      tiers(WORKSPACE, new String[] {"workspace_starter", "workspace_team", "workspace_business"},
          new Long[] {null, null, null}, new int[] {10, 22, 40}, WORKSPACE_FEATURES),
      tiers(API, new String[] {"api_basic", "api_pro", "api_scale"},
          new Long[] {200_000L, 1_000_000L, 5_000_000L}, new int[] {149, 499, 1_499}, API_FEATURES),
      tiers(INSIGHTS, new String[] {"insights_essentials", "insights_plus", "insights_enterprise"},
          new Long[] {null, null, null}, new int[] {290, 890, 2_400}, INSIGHTS_FEATURES)};

  private static Plan[] tiers(String product, String[] ids, Long[] limits, int[] prices, List<String> features) {
    Plan[] plans = new Plan[3];
    for (int t = 0; t < 3; t++) {
      plans[t] = new Plan(ids[t], product, t + 1, limits[t], t < 2 ? ids[t + 1] : null,
          List.copyOf(features.subList(0, FEATURES_PER_TIER * (t + 1))), BigDecimal.valueOf(prices[t]));
    }
    return plans;
  }

  /** productIndex: 0 workspace, 1 api, 2 insights; tier 1..3. */
  static Plan plan(int productIndex, int tier) {
    return PLANS[productIndex][tier - 1];
  }

  static Plan next(Plan plan) {
    return plan.tierRank() < 3 ? PLANS[productIndex(plan.productId())][plan.tierRank()] : null;
  }

  static int productIndex(String productId) {
    for (int i = 0; i < PRODUCTS.length; i++) {
      if (PRODUCTS[i].equals(productId)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown product " + productId);
  }

  static List<Plan> allPlans() {
    List<Plan> all = new ArrayList<>();
    for (Plan[] product : PLANS) {
      all.addAll(List.of(product));
    }
    return all;
  }
}
