package dev.playbook.ingest;

import static dev.playbook.contract.InputTable.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import dev.playbook.contract.InputTable;
import dev.playbook.io.Sources;
import dev.playbook.testing.SharedSpark;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Each contract check on a few hand-written rows: exactly the rows it should flag, and no others. */
class ContractChecksTest {
  private final SparkSession spark = SharedSpark.session();

  /** check name → the failing rows (as their input lines), for one table of the fixture. */
  private Map<String, List<String>> failures(Fixture f, InputTable table) {
    Map<InputTable, Dataset<Row>> typed = new EnumMap<>(InputTable.class);
    f.rows.forEach((t, lines) ->
        typed.put(t, TypedRows.of(t, Sources.conform(t, Fixture.text(spark, t, lines), Map.of(), "test"))));
    List<Check> checks = ContractChecks.forTable(table);
    Dataset<Row> evaluated = CheckRunner.evaluate(typed.get(table), checks, new Check.Context(Fixture.AS_OF, typed));
    Column line = concat_ws("|", Sources.contractColumns(table).stream()
        .map(c -> coalesce(col(TypedRows.raw(c)), lit(""))).toArray(Column[]::new));
    List<Column> cols = new ArrayList<>(List.of(line));
    for (int i = 0; i < checks.size(); i++) {
      cols.add(col(CheckRunner.flag(i)));
    }
    List<Row> rows = evaluated.select(cols.toArray(Column[]::new)).collectAsList();
    Map<String, List<String>> out = new TreeMap<>();
    for (int i = 0; i < checks.size(); i++) {
      int at = i + 1;
      List<String> failed = rows.stream().filter(r -> r.getBoolean(at)).map(r -> r.getString(0)).sorted().toList();
      if (!failed.isEmpty()) {
        out.put(checks.get(i).name(), failed);
      }
    }
    return out;
  }

  @Test
  void theValidWorldFailsNoErrorCheck() {
    Fixture f = Fixture.valid();
    for (InputTable t : InputTable.values()) {
      Map<String, List<String>> failed = failures(f, t);
      if (t == SUBSCRIPTIONS) {
        assertEquals(Map.of(
            "overlapping_periods", List.of("a1|prod_a|p_pro|2026-03-01|2026-04-01|12|20000|900.00|2027-01-10"),
            "gap_between_periods", List.of("a2|prod_a|p_pro|2026-02-01|2026-03-01|50||4000.00|2026-12-01")), failed,
            "the mid-period upgrade overlaps and the lapse leaves a gap: both warnings, nothing else");
      } else if (t == GATE_EVENTS) {
        assertEquals(Map.of(), failed, "a gate event without a user is valid");
      } else {
        assertEquals(Map.of(), failed, t.tableName() + ": the valid fixture must pass every check");
      }
    }
  }

  @Test
  void castableFlagsValuesThatDoNotConvert() {
    Fixture f = Fixture.valid()
        .add(USER_ACTIVITY_DAILY, "a1|u1|2026-02-30|prod_a|f1|1", "a1|u1|03/01/2026|prod_a|f2|1",
            "a1|u1|2026-03-03|prod_a|f1|12abc", "a1|u1|2026-03-04|prod_a|f1|1.5", "a1|u1|2026-03-05|prod_a|f1|3000000000")
        .add(ACCOUNTS, "a4|Hooli|enterprise|maybe|2026-01-01|||||")
        .add(SUBSCRIPTIONS, "a3|prod_b|p_x|2026-03-01|2026-04-01|1||1,200.00|")
        .add(GATE_EVENTS, "a1|u1|yesterday|f3|gated_feature_view");
    assertEquals(Map.of(
        "castable(activity_date)", List.of("a1|u1|03/01/2026|prod_a|f2|1", "a1|u1|2026-02-30|prod_a|f1|1"),
        "castable(event_count)", List.of("a1|u1|2026-03-03|prod_a|f1|12abc", "a1|u1|2026-03-04|prod_a|f1|1.5",
            "a1|u1|2026-03-05|prod_a|f1|3000000000")),
        failures(f, USER_ACTIVITY_DAILY), "an impossible date, a US date, text, a fraction and an INT overflow");
    assertEquals(Map.of("castable(is_strategic)", List.of("a4|Hooli|enterprise|maybe|2026-01-01||||||||||")),
        failures(f, ACCOUNTS), "'maybe' is not a boolean");
    assertEquals(List.of("a3|prod_b|p_x|2026-03-01|2026-04-01|1||1,200.00|"),
        failures(f, SUBSCRIPTIONS).get("castable(mrr)"), "a thousands separator is not a decimal");
    assertEquals(Map.of("castable(event_ts)", List.of("a1|u1|yesterday|f3|gated_feature_view")),
        failures(f, GATE_EVENTS), "'yesterday' is not a timestamp");
  }

  @Test
  void notNullFlagsMissingRequiredValuesOnly() {
    Fixture f = Fixture.valid()
        .add(ACCOUNTS, "a5||self_serve|false|2026-01-01|||||", "a6|Blank|   |false|2026-01-01|||||")
        .add(USER_ACTIVITY_DAILY, "a1||2026-03-01|prod_a|f1|1", "a1|u1|2026-03-01||f1|1");
    assertEquals(Map.of("not_null(segment)", List.of("a6|Blank||false|2026-01-01||||||||||")), failures(f, ACCOUNTS),
        "a blank segment is a missing segment; a missing account_name is allowed (optional)");
    assertEquals(Map.of("not_null(user_id)", List.of("a1||2026-03-01|prod_a|f1|1"),
        "not_null(product_id)", List.of("a1|u1|2026-03-01||f1|1")), failures(f, USER_ACTIVITY_DAILY),
        "each missing required value is named by its column");
  }

  @Test
  void acceptedValuesFlagUnknownCategories() {
    Fixture f = Fixture.valid()
        .add(ACCOUNTS, "a7|Smb Co|smb|false|2026-01-01|||||")
        .add(GATE_EVENTS, "a1|u1|2026-03-05T11:00:00Z|f3|click")
        .add(OPPORTUNITIES, "o4|a1|upsell|2026-03-01||open|||", "o5|a1|renewal|2026-03-01||negotiation|||");
    assertEquals(Map.of("accepted_values(segment)", List.of("a7|Smb Co|smb|false|2026-01-01||||||||||")),
        failures(f, ACCOUNTS), "smb is not a segment");
    assertEquals(Map.of("accepted_values(event_type)", List.of("a1|u1|2026-03-05T11:00:00Z|f3|click")),
        failures(f, GATE_EVENTS), "click is not a gate event type");
    assertEquals(Map.of("accepted_values(opportunity_type)", List.of("o4|a1|upsell|2026-03-01||open|||"),
        "accepted_values(stage)", List.of("o5|a1|renewal|2026-03-01||negotiation|||")),
        failures(f, OPPORTUNITIES), "upsell is not a type, negotiation not a stage");
  }

  @Test
  void rangesFlagNegativeCountsAndMoneyAndEmptyPeriods() {
    Fixture f = Fixture.valid()
        .add(USER_ACTIVITY_DAILY, "a1|u1|2026-03-09|prod_a|f1|-1")
        .add(API_USAGE_DAILY, "a1|prod_a|2026-03-09|-5")
        .add(PLANS, "p_zero|prod_b|0|-1|")
        .add(SUBSCRIPTIONS, "a3|prod_b|p_x|2026-03-01|2026-03-01|1||10.00|",
            "a3|prod_b|p_x|2026-02-01|2026-01-01|1||10.00|", "a1|prod_b|p_x|2026-03-01|2026-04-01|-2|-3|-10.00|")
        .add(OPPORTUNITIES, "o6|a1|plan_upgrade|2026-03-01||open|-1.00||");
    assertEquals(Map.of("non_negative(event_count)", List.of("a1|u1|2026-03-09|prod_a|f1|-1")),
        failures(f, USER_ACTIVITY_DAILY), "negative event count");
    assertEquals(Map.of("non_negative(api_calls)", List.of("a1|prod_a|2026-03-09|-5")),
        failures(f, API_USAGE_DAILY), "negative API calls");
    assertEquals(Map.of("range(tier_rank)", List.of("p_zero|prod_b|0|-1|"),
        "non_negative(usage_limit)", List.of("p_zero|prod_b|0|-1|")), failures(f, PLANS), "tier 0, limit -1");
    Map<String, List<String>> subs = failures(f, SUBSCRIPTIONS);
    assertEquals(List.of("a3|prod_b|p_x|2026-02-01|2026-01-01|1||10.00|", "a3|prod_b|p_x|2026-03-01|2026-03-01|1||10.00|"),
        subs.get("period_end_after_start"), "an empty and a reversed period");
    for (String c : List.of("non_negative(seats_purchased)", "non_negative(usage_limit)", "non_negative(mrr)")) {
      assertEquals(List.of("a1|prod_b|p_x|2026-03-01|2026-04-01|-2|-3|-10.00|"), subs.get(c), c);
    }
    assertEquals(Map.of("non_negative(amount_arr)", List.of("o6|a1|plan_upgrade|2026-03-01||open|-1.00||")),
        failures(f, OPPORTUNITIES), "negative amount");
  }

  @Test
  void keysAreUniqueAndExactDuplicatesAreDroppedNotQuarantined() {
    Fixture f = Fixture.valid()
        .add(USERS, "u1|a1|eng|2026-01-05|2026-01-10||u1@acme.test")       // exact copy of u1
        .add(USERS, "u2|a2|sales|2026-01-20|2026-01-21||u2@globex.test")   // u2 again, other content
        .add(USERS, "u9|a1|eng|2026-01-05|2026-01-10||x", "u9|a1|eng|not-a-date|2026-01-10||x"); // one bad copy
    assertEquals(Map.of(
        "exact_duplicate", List.of("u1|a1|eng|2026-01-05|2026-01-10||u1@acme.test"),
        "unique_key(user_id)", List.of("u2|a1|sales|2026-01-20|2026-01-21||u2@acme.test",
            "u2|a2|sales|2026-01-20|2026-01-21||u2@globex.test"),
        "castable(invited_on)", List.of("u9|a1|eng|not-a-date|2026-01-10||x")),
        failures(f, USERS), "one exact copy of u1 dropped; both versions of u2 quarantined; u9's malformed copy "
            + "does not make its good copy a duplicate");
  }

  @Test
  void referencesResolveToTheParentAsDelivered() {
    Fixture f = Fixture.valid()
        .add(USER_ACTIVITY_DAILY, "a1|u404|2026-03-01|prod_a|f1|1", "a404|u1|2026-03-01|prod_a|f3|1")
        .add(USERS, "u5|a404|eng|2026-01-05|2026-01-10||")
        .add(SUBSCRIPTIONS, "a1|prod_b|p_404|2026-03-01|2026-04-01|1||1.00|")
        .add(PLANS, "p_top|prod_a|3||p_404")
        .add(PLAN_FEATURES, "p_404|f1")
        .add(API_USAGE_DAILY, "a404|prod_a|2026-03-01|1")
        .add(GATE_EVENTS, "a404|u1|2026-03-05T10:00:00Z|f3|gated_feature_view", "a1|u404|2026-03-05T10:00:00Z|f3|gated_feature_view")
        .add(OPPORTUNITIES, "o7|a404|renewal|2026-03-01||open|||")
        .add(ACTIVITIES, "a404|2026-03-01|csm1|call|");
    assertEquals(Map.of("references(user_id -> users)", List.of("a1|u404|2026-03-01|prod_a|f1|1"),
        "references(account_id -> accounts)", List.of("a404|u1|2026-03-01|prod_a|f3|1")),
        failures(f, USER_ACTIVITY_DAILY), "activity → users, activity → accounts");
    assertEquals(Map.of("references(account_id -> accounts)", List.of("u5|a404|eng|2026-01-05|2026-01-10||")),
        failures(f, USERS), "users → accounts");
    assertEquals(List.of("a1|prod_b|p_404|2026-03-01|2026-04-01|1||1.00|"),
        failures(f, SUBSCRIPTIONS).get("references(plan_id -> plans)"), "subscriptions → plans");
    assertEquals(Map.of("references(next_plan_id -> plans)", List.of("p_top|prod_a|3||p_404")), failures(f, PLANS),
        "next plan must exist");
    assertEquals(Map.of("references(plan_id -> plans)", List.of("p_404|f1")), failures(f, PLAN_FEATURES), "features");
    assertEquals(Map.of("references(account_id -> accounts)", List.of("a404|prod_a|2026-03-01|1")),
        failures(f, API_USAGE_DAILY), "api usage → accounts");
    assertEquals(Map.of(
        "references(account_id -> accounts)", List.of("a404|u1|2026-03-05T10:00:00Z|f3|gated_feature_view"),
        "references(user_id -> users)", List.of("a1|u404|2026-03-05T10:00:00Z|f3|gated_feature_view")),
        failures(f, GATE_EVENTS), "gate events → accounts (error) and → users (warning)");
    assertEquals(Map.of("references(account_id -> accounts)", List.of("o7|a404|renewal|2026-03-01||open|||")),
        failures(f, OPPORTUNITIES), "opportunities → accounts");
    assertEquals(Map.of("references(account_id -> accounts)", List.of("a404|2026-03-01|csm1|call|")),
        failures(f, ACTIVITIES), "activities → accounts");
    assertTrue(ContractChecks.forTable(GATE_EVENTS).stream()
        .anyMatch(c -> c.name().equals("references(user_id -> users)") && c.level() == Check.Level.WARNING),
        "an unknown user on a gate event is only a warning");
  }

  @Test
  void rowsDatedAfterTheAsOfDateAreHeldBackAndNotOtherwiseChecked() {
    Fixture f = Fixture.valid()
        .add(USER_ACTIVITY_DAILY, "a1|u1|2026-04-01|prod_a|f1|-1")
        // 23:30 at UTC-5 on the as-of date is 04:30 UTC the next day: held back
        .add(GATE_EVENTS, "a1|u1|2026-03-31T23:30:00-05:00|f3|gated_feature_view",
            // 01:00 at UTC+2 on the next day is 23:00 UTC on the as-of date: checked and kept
            "a1|u1|2026-04-01T01:00:00+02:00|f3|gated_feature_view")
        .add(SUBSCRIPTIONS, "a1|prod_b|p_x|2026-04-01|2026-05-01|1||1.00|");
    assertEquals(Map.of("dated_after_as_of", List.of("a1|u1|2026-04-01|prod_a|f1|-1")),
        failures(f, USER_ACTIVITY_DAILY), "a future row is held back, its negative count is not this run's concern");
    assertEquals(Map.of("dated_after_as_of", List.of("a1|u1|2026-03-31T23:30:00-05:00|f3|gated_feature_view")),
        failures(f, GATE_EVENTS), "timestamps are compared in UTC");
    assertEquals(List.of("a1|prod_b|p_x|2026-04-01|2026-05-01|1||1.00|"),
        failures(f, SUBSCRIPTIONS).get("dated_after_as_of"), "a period starting after the as-of date");
  }

  @Test
  void warningsAreCountedForOddButValidRows() {
    Fixture f = Fixture.valid()
        .add(USERS, "u6|a1|eng|2026-02-10|2026-02-01|2026-01-15|")
        .add(OPPORTUNITIES, "o8|a1|renewal|2026-03-01|2026-02-01|closed_lost|||",
            "o9|a1|renewal|2026-03-01||closed_won|||", "o10|a1|renewal|2026-03-01|2026-03-02|open|||");
    assertEquals(Map.of("activated_after_invited", List.of("u6|a1|eng|2026-02-10|2026-02-01|2026-01-15|"),
        "deactivated_after_activated", List.of("u6|a1|eng|2026-02-10|2026-02-01|2026-01-15|")),
        failures(f, USERS), "date order of a user's lifecycle");
    assertEquals(Map.of("closed_after_created", List.of("o8|a1|renewal|2026-03-01|2026-02-01|closed_lost|||"),
        "closed_has_date", List.of("o10|a1|renewal|2026-03-01|2026-03-02|open|||",
            "o9|a1|renewal|2026-03-01||closed_won|||")),
        failures(f, OPPORTUNITIES), "closing dates");
    for (Check c : ContractChecks.all()) {
      assertEquals(c.level() == Check.Level.ERROR, c.action() == Check.Action.QUARANTINE, c.name());
    }
  }

  @Test
  void everyTableHasTheGenericChecks() {
    List<String> missing = new ArrayList<>();
    for (InputTable t : InputTable.values()) {
      List<String> names = ContractChecks.forTable(t).stream().map(Check::name).toList();
      if (!names.contains("exact_duplicate")) {
        missing.add(t.tableName() + ": exact_duplicate");
      }
      if (!t.key().isEmpty() && !names.contains("unique_key(" + String.join(", ", t.key()) + ")")) {
        missing.add(t.tableName() + ": unique_key");
      }
      if (t.dateColumn() != null && !names.contains("dated_after_as_of")) {
        missing.add(t.tableName() + ": dated_after_as_of");
      }
      if (names.stream().distinct().count() != names.size()) {
        missing.add(t.tableName() + ": duplicate check names " + names);
      }
    }
    assertEquals(List.of(), missing, "generic checks of every table");
  }
}
