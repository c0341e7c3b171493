package io.retailsync.connectors.amazon;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Amazon's Orders API v0 and Login with Amazon, as far as the connector's tests need them, under
 * {@code /amazon}: orders paged by {@code MaxResultsPerPage} with {@code NextToken}s that need URL-encoding,
 * items paged two at a time, tokens that can be expired, and scripted faults per operation.
 */
final class FakeAmazon implements AutoCloseable {

  record Request(String method, String path, Map<String, String> query, Headers headers, String body) {

    String header(String name) {
      return headers.getFirst(name);
    }
  }

  record Fault(int status, String retryAfter, String body, long delayMs) {

    static Fault status(int status, String body) {
      return new Fault(status, null, body, 0);
    }
  }

  static final String QUOTA_EXCEEDED = "{\"errors\":[{\"code\":\"QuotaExceeded\","
      + "\"message\":\"You exceeded your quota for the requested resource.\",\"details\":\"\"}]}";
  static final String EXPIRED = "{\"errors\":[{\"code\":\"Unauthorized\",\"message\":\"Access to requested resource"
      + " is denied.\",\"details\":\"The access token you provided has expired.\"}]}";

  final List<Request> requests = new CopyOnWriteArrayList<>();
  final List<ObjectNode> orders = new CopyOnWriteArrayList<>();
  final Map<String, List<JsonNode>> items = new ConcurrentHashMap<>();
  final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  final AtomicInteger tokensIssued = new AtomicInteger();
  volatile long expiresIn = 3600;
  volatile int itemPageSize = 2;
  private final HttpServer server;

  FakeAmazon() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/amazon/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/amazon";
  }

  String tokenUrl() {
    return baseUrl() + "/auth/o2/token";
  }

  void fault(String operation, Fault fault) {
    faults.computeIfAbsent(operation, key -> new ArrayDeque<>()).add(fault);
  }

  void expireTokens() {
    validTokens.clear();
  }

  List<Request> requests(String operation) {
    return requests.stream().filter(r -> operation(r.path()).equals(operation)).toList();
  }

  /** Adds an order made from a fixture, with its own id, updated {@code minute} minutes after 12:00. */
  void addOrder(String fixture, String orderId, int minute) {
    ObjectNode order = (ObjectNode) AmazonFixtures.order(fixture);
    order.put("AmazonOrderId", orderId);
    order.put("SellerOrderId", orderId);
    order.put("LastUpdateDate", String.format("2026-11-30T12:%02d:00Z", minute));
    orders.add(order);
    items.put(orderId, new ArrayList<>(AmazonFixtures.items(fixture)));
  }

  private static String operation(String path) {
    if (path.endsWith("/auth/o2/token")) {
      return "token";
    }
    if (path.endsWith("/orderItems")) {
      return "getOrderItems:" + path.split("/")[5];
    }
    return "getOrders";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
      requests.add(new Request(exchange.getRequestMethod(), path, query, exchange.getRequestHeaders(), body));
      String operation = operation(path);
      Deque<Fault> scripted = faults.get(operation);
      Fault fault = scripted == null ? null : scripted.poll();
      if (fault == null && operation.startsWith("getOrderItems")) {
        Deque<Fault> any = faults.get("getOrderItems");
        fault = any == null ? null : any.poll();
      }
      if (fault != null) {
        if (fault.delayMs() > 0) {
          Thread.sleep(fault.delayMs());
        }
        if (fault.retryAfter() != null) {
          exchange.getResponseHeaders().add("Retry-After", fault.retryAfter());
        }
        send(exchange, fault.status(), fault.body());
        return;
      }
      if (operation.equals("token")) {
        Map<String, String> form = parse(body);
        if (!"refresh_token".equals(form.get("grant_type")) || !"Atzr|refresh-secret".equals(form.get("refresh_token"))
            || !"amzn1.application-oa2-client.test".equals(form.get("client_id"))
            || !"client-secret-value".equals(form.get("client_secret"))) {
          send(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"The request has an invalid grant parameter : refresh_token\"}");
          return;
        }
        String token = "Atza|access-" + tokensIssued.incrementAndGet();
        validTokens.add(token);
        send(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn
            + ",\"refresh_token\":\"Atzr|refresh-secret\"}");
        return;
      }
      String token = exchange.getRequestHeaders().getFirst("x-amz-access-token");
      if (token == null || !validTokens.contains(token)) {
        send(exchange, 403, EXPIRED);
        return;
      }
      if (operation.equals("getOrders")) {
        orders(exchange, query);
      } else {
        items(exchange, path.split("/")[5], query);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void orders(HttpExchange exchange, Map<String, String> query) throws IOException {
    int offset;
    int size;
    String next = query.get("NextToken");
    if (next != null) {
      // "NT+<offset>/<size>==": needs URL-encoding, as Amazon's tokens do
      if (!next.matches("NT\\+\\d+/\\d+==")) {
        send(exchange, 400, "{\"errors\":[{\"code\":\"InvalidInput\",\"message\":\"Invalid Input\",\"details\":\"\"}]}");
        return;
      }
      String[] parts = next.substring(3, next.length() - 2).split("/");
      offset = Integer.parseInt(parts[0]);
      size = Integer.parseInt(parts[1]);
    } else {
      if (query.get("LastUpdatedAfter") == null) {
        send(exchange, 400, "{\"errors\":[{\"code\":\"InvalidInput\",\"message\":\"Either CreatedAfter or LastUpdatedAfter must be specified\",\"details\":\"\"}]}");
        return;
      }
      offset = 0;
      size = Integer.parseInt(query.getOrDefault("MaxResultsPerPage", "100"));
    }
    ObjectNode answer = AmazonFixtures.JSON.createObjectNode();
    ObjectNode payload = answer.putObject("payload");
    ArrayNode page = payload.putArray("Orders");
    for (int i = offset; i < Math.min(orders.size(), offset + size); i++) {
      page.add(orders.get(i));
    }
    if (offset + size < orders.size()) {
      payload.put("NextToken", "NT+" + (offset + size) + "/" + size + "==");
    }
    payload.put("LastUpdatedBefore", "2026-11-30T13:58:00Z");
    send(exchange, 200, answer.toString());
  }

  private void items(HttpExchange exchange, String orderId, Map<String, String> query) throws IOException {
    List<JsonNode> all = items.get(URLDecoder.decode(orderId, StandardCharsets.UTF_8));
    if (all == null) {
      send(exchange, 404, "{\"errors\":[{\"code\":\"NotFound\",\"message\":\"Order not found\",\"details\":\"\"}]}");
      return;
    }
    int offset = query.get("NextToken") == null ? 0 : Integer.parseInt(query.get("NextToken").substring(3));
    ObjectNode answer = AmazonFixtures.JSON.createObjectNode();
    ObjectNode payload = answer.putObject("payload");
    payload.put("AmazonOrderId", orderId);
    ArrayNode page = payload.putArray("OrderItems");
    for (int i = offset; i < Math.min(all.size(), offset + itemPageSize); i++) {
      page.add(all.get(i));
    }
    if (offset + itemPageSize < all.size()) {
      payload.put("NextToken", "IT/" + (offset + itemPageSize));
    }
    send(exchange, 200, answer.toString());
  }

  private static Map<String, String> parse(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      values.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    if (status >= 200 && status < 300) {
      exchange.getResponseHeaders().add("x-amzn-RateLimit-Limit", "0.0167");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
