package dev.playbook.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playbook.config.DeliveryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Tasks and opportunities to HubSpot's CRM v3 objects API: an opportunity is a deal, a CSM task a task. Every
 * write is an upsert by the unique property {@code id_property} (default {@code playbook_key}) holding the
 * idempotency key — {@code POST /crm/v3/objects/{deals|tasks}/batch/upsert} with one input
 * {@code {"id": key, "idProperty": "playbook_key", "properties": {...}}} — so a retried or repeated send updates
 * the object it created and never creates a second. After a create the object is associated with the company
 * ({@code PUT /crm/v4/objects/{type}/{id}/associations/default/companies/{crm_account_id}}, idempotent). Close:
 * a deal moves to {@code close_stage}, a task to {@code hs_task_status = COMPLETED}.
 */
public final class HubSpotCrm implements Channel {
  public static final String DEALS = "hubspot_deals";
  public static final String TASKS = "hubspot_tasks";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DeliveryConfig.Crm cfg;
  private final String token;
  private final HttpClient http;

  /** @param token the access token, read by the caller from the environment variable {@code token_env} */
  public HubSpotCrm(DeliveryConfig.Crm cfg, String token) {
    this.cfg = cfg;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(cfg.timeoutMs())).build();
  }

  @Override
  public String name(Action a) {
    return a.actionType().equals("ae_opportunity") ? DEALS : TASKS;
  }

  @Override
  public SendResult send(Action a, String externalId) {
    boolean deal = a.actionType().equals("ae_opportunity");
    String object = deal ? "deals" : "tasks";
    ObjectNode props = deal ? dealProperties(a) : taskProperties(a);
    props.put(cfg.idProperty(), a.key());
    ObjectNode input = JSON.createObjectNode();
    input.put("id", a.key());
    input.put("idProperty", cfg.idProperty());
    input.set("properties", props);
    ObjectNode body = JSON.createObjectNode();
    body.putArray("inputs").add(input);
    SendResult r = call("POST", "/crm/v3/objects/" + object + "/batch/upsert", body.toString());
    if (!r.ok() || !a.action().equals("create") || a.text("crm_account_id") == null) {
      return r;
    }
    SendResult assoc = call("PUT", "/crm/v4/objects/" + object + "/" + r.externalId()
        + "/associations/default/companies/" + a.text("crm_account_id"), null);
    return assoc.ok() ? r : assoc;
  }

  private ObjectNode dealProperties(Action a) {
    ObjectNode p = JSON.createObjectNode();
    switch (a.action()) {
      case "close" -> {
        p.put("dealstage", cfg.closeStage());
        p.put("playbook_close_reason", a.text("action_reason"));
      }
      default -> {
        p.put("dealname", a.text("opportunity_name"));
        p.put("amount", a.text("amount"));
        p.put("description", a.text("description"));
        p.put("hubspot_owner_id", a.text("crm_owner_id"));
        p.put("playbook_account_id", a.text("account_id"));
        p.put("playbook_expansion_type", a.text("expansion_type"));
        p.put("playbook_source_signal", a.text("source_signal"));
        if (a.action().equals("create")) {
          p.put("pipeline", cfg.pipeline());
          p.put("dealstage", cfg.openStage());
          p.put("closedate", a.text("close_date"));
        }
      }
    }
    return p;
  }

  private ObjectNode taskProperties(Action a) {
    ObjectNode p = JSON.createObjectNode();
    if (a.action().equals("close")) {
      p.put("hs_task_status", "COMPLETED");
      p.put("playbook_close_reason", a.text("action_reason"));
      return p;
    }
    p.put("hs_task_subject", a.text("subject"));
    p.put("hs_task_body", a.text("body"));
    p.put("hubspot_owner_id", a.text("crm_owner_id"));
    String due = a.text("due_date");
    if (due != null) {
      p.put("hs_timestamp", LocalDate.parse(due).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
    }
    if (a.action().equals("create")) {
      p.put("hs_task_status", "NOT_STARTED");
      p.put("hs_task_type", "TODO");
    }
    return p;
  }

  private SendResult call(String method, String path, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cfg.baseUrl().replaceAll("/+$", "") + path))
        .timeout(Duration.ofMillis(cfg.timeoutMs()))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
    b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.method(method, HttpRequest.BodyPublishers.ofString(json));
    try {
      HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      int code = resp.statusCode();
      if (code >= 200 && code < 300) {
        String id = null;
        Boolean created = null;
        if (!resp.body().isBlank()) {
          JsonNode results = JSON.readTree(resp.body()).path("results");
          if (results.isArray() && !results.isEmpty()) {
            id = results.get(0).path("id").asText(null);
            created = results.get(0).has("new") ? results.get(0).get("new").asBoolean() : null;
          }
        }
        return SendResult.ok(code, id, created);
      }
      long retryAfter = resp.headers().firstValue("Retry-After").map(HubSpotCrm::seconds).orElse(-1L);
      boolean retryable = code == 429 || code >= 500;
      return SendResult.failed(retryable, code, method + " " + path + " answered " + code, retryAfter);
    } catch (HttpTimeoutException e) {
      return SendResult.failed(true, null, method + " " + path + ": timed out after " + cfg.timeoutMs() + " ms", -1);
    } catch (IOException e) {
      return SendResult.failed(true, null, method + " " + path + ": " + e.getClass().getSimpleName(), -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static long seconds(String header) {
    try {
      return Long.parseLong(header.trim()) * 1000;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
