package dev.playbook.queue;

import static dev.playbook.queue.QueueFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The handoff brief holds the evidence the seed lists, frozen at the as-of date, as JSON and as text. */
class HandoffBriefsTest {

  @Test
  void briefHoldsHealthSignalsChampionFrameHistoryWindowAndVersion() throws Exception {
    Acct a = acct("acme");
    a.name = "Acme Corp";
    a.segment = "enterprise";
    a.arr = 120_000;
    a.seats = 50;
    a.active = 45;
    a.daysSinceOnboarding = 45;
    List<Sig> sigs = new ArrayList<>(seatSignals(D1, "acme", 0.92, 12));
    List<Row> opps = List.of(
        opportunity("O1", "acme", "plan_upgrade", D1.minusDays(200), D1.minusDays(150), "closed_won"),
        opportunity("O2", "acme", "renewal", D1.minusDays(20), D1.plusDays(5), "closed_won"),
        opportunity("O3", "acme", "seat_expansion", D1.plusDays(2), null, "open"));
    List<Row> acts = List.of(
        activity("acme", D1.minusDays(7), "csm_ann", "call", "Discussed onboarding of the finance team"),
        activity("acme", D1.plusDays(1), "csm_ann", "email", "FUTURE: must not appear"));
    QueueBuild.Outputs out = QueueBuild.build(inputs(List.of(D1), List.of(a), sigs, opps, acts, null, null), D1,
        shippedConfig(), VERSION);
    List<Row> briefs = out.briefs().collectAsList();
    assertEquals(1, briefs.size(), "one brief per worked item");
    Row b = briefs.get(0);
    String text = b.getAs("brief_text");
    assertTrue(text.contains("EXPANSION BRIEF: Acme Corp (acme), as of " + D1 + ", config " + VERSION), text);
    assertTrue(text.contains("Recommended: seat_expansion via ae_opportunity, owner ae_bob (rule 'above_arr_threshold_to_ae')"),
        text);
    assertTrue(text.contains("Frame: \"Here's who's getting value, and here's who should have access next.\""), text);
    assertTrue(text.contains("Health: enterprise, ARR 120000.00, 45 of 50 seats active (90%), healthy"), text);
    assertTrue(text.contains("Champion: Champion acme, VP Operations"), text);
    assertTrue(text.contains("seat_utilization = 0.92 (cutoff 0.85, strength 0.082, 12 days since " + D1.minusDays(11) + ")"),
        text);
    assertTrue(text.contains("power_user_density = 0.4 (cutoff 0.3"), text);
    assertTrue(text.contains("Window: peak, 45 days since onboarding"), text);
    assertTrue(text.contains("O2 renewal open, created " + D1.minusDays(20)),
        "an opportunity closed after the date shows as open: " + text);
    assertTrue(text.contains("O1 plan_upgrade closed_won"), text);
    assertTrue(!text.contains("O3") && !text.contains("FUTURE"), "nothing from after the date: " + text);
    assertTrue(text.contains("call by csm_ann: Discussed onboarding of the finance team"), text);

    JsonNode json = new ObjectMapper().readTree((String) b.getAs("brief_json"));
    assertEquals("Champion acme", json.at("/champion/name").asText());
    assertEquals("VP Operations", json.at("/champion/role").asText());
    assertEquals("seat_expansion", json.at("/expansion/type").asText());
    assertEquals(2, json.at("/qualifying_signals").size(), "both fired signals with values and cutoffs");
    assertEquals("power_user_density", json.at("/qualifying_signals/0/signal").asText(),
        "strongest first: density 0.4 vs 0.3 (strength 0.33) before utilization 0.92 vs 0.85 (0.08)");
    assertEquals("seat_utilization", json.at("/qualifying_signals/1/signal").asText());
    assertEquals(0.92, json.at("/qualifying_signals/1/value").asDouble(), 1e-9);
    assertEquals(0.85, json.at("/qualifying_signals/1/cutoff").asDouble(), 1e-9);
    assertEquals("peak", json.at("/window/phase").asText());
    assertEquals(VERSION, json.at("/config_version").asText());
    assertEquals(D1.toString(), json.at("/as_of_date").asText());
    assertEquals(2, json.at("/recent_opportunities").size());
    assertEquals(VERSION, b.getAs("config_version"));
  }
}
