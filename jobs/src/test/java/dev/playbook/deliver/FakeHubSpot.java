package dev.playbook.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A HubSpot CRM v3 stand-in on 127.0.0.1: {@code POST /crm/v3/objects/{deals|tasks}/batch/upsert} creates or
 * updates objects by their {@code idProperty} value and stores them; v4 default associations answer 200. It can be
 * told to fail the next requests: {@code "500"}, {@code "429"} (with Retry-After: 0), {@code "400"}, or
 * {@code "timeout"} (the upsert is applied, then the answer comes later than the client waits).
 */
final class FakeHubSpot implements AutoCloseable {
  record Request(String method, String path, String body, String authorization) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
  private final Deque<String> failures = new ArrayDeque<>();
  final List<Request> requests = new ArrayList<>();
  /** object type → idProperty value → the stored object (id and properties). */
  final Map<String, Map<String, ObjectNode>> objects = new LinkedHashMap<>();
  int creates;
  private int nextId = 1000;
  private final long timeoutDelayMs;

  FakeHubSpot(long timeoutDelayMs) throws IOException {
    this.timeoutDelayMs = timeoutDelayMs;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized void failNext(String... modes) {
    failures.addAll(List.of(modes));
  }

  synchronized ObjectNode object(String type, String key) {
    return objects.getOrDefault(type, Map.of()).get(key);
  }

  synchronized int requestCount() {
    return requests.size();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = ex.getRequestURI().getPath();
    String mode;
    synchronized (this) {
      requests.add(new Request(ex.getRequestMethod(), path, body, ex.getRequestHeaders().getFirst("Authorization")));
      mode = failures.poll();
    }
    if (mode != null && !mode.equals("timeout")) {
      if (mode.equals("429")) {
        ex.getResponseHeaders().add("Retry-After", "0");
      }
      respond(ex, Integer.parseInt(mode), "{\"status\":\"error\"}");
      return;
    }
    String answer = "{}";
    if (path.endsWith("/batch/upsert")) {
      String type = path.split("/")[4];
      answer = upsert(type, JSON.readTree(body));
    }
    if ("timeout".equals(mode)) {
      try {
        Thread.sleep(timeoutDelayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    respond(ex, 200, answer);
  }

  private synchronized String upsert(String type, JsonNode body) {
    ObjectNode out = JSON.createObjectNode();
    var results = out.putArray("results");
    for (JsonNode input : body.path("inputs")) {
      String key = input.path("id").asText();
      Map<String, ObjectNode> byKey = objects.computeIfAbsent(type, t -> new LinkedHashMap<>());
      ObjectNode obj = byKey.get(key);
      boolean isNew = obj == null;
      if (isNew) {
        obj = JSON.createObjectNode();
        obj.put("id", String.valueOf(nextId++));
        obj.putObject("properties");
        byKey.put(key, obj);
        creates++;
      }
      ((ObjectNode) obj.get("properties")).setAll((ObjectNode) input.path("properties"));
      ObjectNode r = obj.deepCopy();
      r.put("new", isNew);
      results.add(r);
    }
    return out.toString();
  }

  private static void respond(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    } catch (IOException ignored) {
      // the client gave up (timeout)
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
