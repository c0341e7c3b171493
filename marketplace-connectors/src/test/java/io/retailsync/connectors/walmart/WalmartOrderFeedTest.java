package io.retailsync.connectors.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.polling.OrderPage;
import io.retailsync.connectors.polling.PolledOrder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feed and its client against a stand-in Walmart on 127.0.0.1: handshake, headers, pages, failures. */
class WalmartOrderFeedTest {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final Instant SINCE = Instant.parse("2026-11-30T10:15:30.250Z");

  /** One request as the stand-in saw it. */
  record Seen(String method, String path, String rawQuery, Map<String, String> headers, String body) {

    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  /** What the stand-in answers an orders call with. */
  record Reply(int status, Map<String, String> headers, String body) {

    static Reply ok(String body) {
      return new Reply(200, Map.of(), body);
    }
  }

  interface Handler {
    Reply handle(Seen request, String token);
  }

  static final class MutableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(NOW);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  HttpServer server;
  final List<Seen> tokenCalls = new CopyOnWriteArrayList<>();
  final List<Seen> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger tokensIssued = new AtomicInteger();
  final AtomicReference<Handler> handler = new AtomicReference<>();
  final AtomicReference<Reply> tokenReply = new AtomicReference<>();
  final AtomicInteger expiresIn = new AtomicInteger(900);
  final MutableClock clock = new MutableClock();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/walmart/v3/token", exchange -> {
      Seen seen = seen(exchange);
      tokenCalls.add(seen);
      Reply down = tokenReply.get();
      if (down != null) {
        reply(exchange, down);
        return;
      }
      int n = tokensIssued.incrementAndGet();
      reply(exchange, Reply.ok("{\"access_token\":\"token-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":"
          + expiresIn.get() + "}"));
    });
    server.createContext("/walmart/v3/orders", exchange -> {
      Seen seen = seen(exchange);
      calls.add(seen);
      reply(exchange, handler.get().handle(seen, seen.header("WM_SEC.ACCESS_TOKEN")));
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  WalmartProperties properties(String channelType, int pageSize) {
    return new WalmartProperties(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/walmart"),
        "client-1", "very-secret", null, channelType, null, null, null, pageSize, null, Duration.ofSeconds(2),
        Duration.ofSeconds(2), Duration.ofSeconds(2), 3, Duration.ofMinutes(3), true, null);
  }

  WalmartOrderFeed feed(WalmartProperties properties) {
    return new WalmartOrderFeed(properties, client(properties), clock);
  }

  WalmartClient client(WalmartProperties properties) {
    return new WalmartClient(properties, new SimpleMeterRegistry(), clock);
  }

  static final String CURSOR_2 = "?limit=2&hasMoreElements=true&soIndex=2&poIndex=2&sellerId=7"
      + "&createdStartDate=2026-06-04T12:00:00Z&lastModifiedStartDate=2026-11-30T10:15:30Z";
  static final String CURSOR_3 = "?limit=2&hasMoreElements=true&soIndex=4&poIndex=4&sellerId=7"
      + "&createdStartDate=2026-06-04T12:00:00Z&lastModifiedStartDate=2026-11-30T10:15:30Z";

  /** Three pages: 2 + 2 + 1 orders, linked by Walmart-style cursors. */
  static Reply pages(Seen request) {
    String query = "?" + request.rawQuery();
    if (query.equals(CURSOR_2)) {
      return Reply.ok(page(CURSOR_3, "103", "104"));
    }
    if (query.equals(CURSOR_3)) {
      return Reply.ok(page(null, "105"));
    }
    return Reply.ok(page(CURSOR_2, "101", "102"));
  }

  @Test
  void readsEveryPageWithTheHeadersAndParametersTheRealApiRequires() {
    handler.set((request, token) -> pages(request));
    WalmartOrderFeed feed = feed(properties(null, 2));

    List<String> ids = readAll(feed);

    assertThat(ids).containsExactly("101", "102", "103", "104", "105");
    assertThat(calls).hasSize(3);
    Map<String, String> first = query(calls.get(0).rawQuery());
    assertThat(first).containsOnlyKeys("lastModifiedStartDate", "createdStartDate", "limit", "productInfo");
    assertThat(first.get("lastModifiedStartDate")).isEqualTo("2026-11-30T10:15:30Z");
    assertThat(first.get("createdStartDate")).isEqualTo("2026-06-04T12:00:00Z");
    assertThat(first.get("limit")).isEqualTo("2");
    assertThat(first.get("productInfo")).isEqualTo("false");
    assertThat("?" + calls.get(1).rawQuery()).isEqualTo(CURSOR_2);
    assertThat("?" + calls.get(2).rawQuery()).isEqualTo(CURSOR_3);
    for (Seen call : calls) {
      assertThat(call.method()).isEqualTo("GET");
      assertThat(call.path()).isEqualTo("/walmart/v3/orders");
      assertThat(call.header("WM_SEC.ACCESS_TOKEN")).isEqualTo("token-1");
      assertThat(call.header("WM_SVC.NAME")).isEqualTo("Walmart Marketplace");
      assertThat(call.header("Accept")).isEqualTo("application/json");
      assertThat(call.header("WM_QOS.CORRELATION_ID")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      assertThat(call.header("WM_CONSUMER.CHANNEL.TYPE")).isNull();
      assertThat(call.header("Authorization")).isNull();
    }
    assertThat(calls).extracting(call -> call.header("WM_QOS.CORRELATION_ID")).doesNotHaveDuplicates();
    assertThat(tokenCalls).hasSize(1);
    Seen token = tokenCalls.get(0);
    assertThat(token.method()).isEqualTo("POST");
    assertThat(token.header("Authorization")).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("client-1:very-secret".getBytes(StandardCharsets.UTF_8)));
    assertThat(token.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(token.body()).isEqualTo("grant_type=client_credentials");
    assertThat(token.header("WM_SVC.NAME")).isEqualTo("Walmart Marketplace");
    assertThat(token.header("WM_QOS.CORRELATION_ID")).isNotBlank();
    assertThat(token.header("Accept")).isEqualTo("application/json");
  }

  @Test
  void sendsTheChannelTypeWhenConfigured() {
    handler.set((request, token) -> Reply.ok(page(null, "101")));
    feed(properties("channel-type-1", 100)).fetchPage(SINCE, null);
    assertThat(calls.get(0).header("WM_CONSUMER.CHANNEL.TYPE")).isEqualTo("channel-type-1");
    assertThat(tokenCalls.get(0).header("WM_CONSUMER.CHANNEL.TYPE")).isEqualTo("channel-type-1");
  }

  @Test
  void a429InTheMiddleIsWaitedOutAndTheSamePageAskedAgainSoNothingIsSkipped() {
    AtomicInteger page2 = new AtomicInteger();
    AtomicInteger page3 = new AtomicInteger();
    handler.set((request, token) -> {
      String query = "?" + request.rawQuery();
      if (query.equals(CURSOR_2) && page2.incrementAndGet() == 1) {
        return new Reply(429, Map.of("Retry-After", "0.2"), error("REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API",
            "Too many requests"));
      }
      if (query.equals(CURSOR_3) && page3.incrementAndGet() == 1) {
        // Walmart's own headers, no Retry-After
        return new Reply(429, Map.of("x-current-token-count", "0", "x-next-replenishment-time",
            Long.toString(NOW.toEpochMilli() + 150)), error("REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API",
            "Too many requests"));
      }
      return pages(request);
    });
    WalmartOrderFeed feed = feed(properties(null, 2));

    long start = System.nanoTime();
    List<String> ids = readAll(feed);

    assertThat(ids).containsExactly("101", "102", "103", "104", "105");
    assertThat(page2.get()).isEqualTo(2);
    assertThat(page3.get()).isEqualTo(2);
    assertThat(calls).extracting(call -> "?" + call.rawQuery()).containsSubsequence(CURSOR_2, CURSOR_2, CURSOR_3,
        CURSOR_3);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void throttledBeyondItsBoundIsUnavailableSoThePageIsRetriedLater() {
    handler.set((request, token) -> new Reply(429, Map.of("Retry-After", "0.05"), error(
        "REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API", "Too many requests")));
    WalmartOrderFeed feed = feed(properties(null, 2));

    assertThatThrownBy(() -> feed.fetchPage(SINCE, null)).isInstanceOf(MarketplaceUnavailableException.class)
        .hasMessageContaining("429");
    assertThat(calls).hasSize(4); // the call and max-throttle-retries (3) more
  }

  @Test
  void anAccessTokenThatExpiresMidRunIsReplacedBeforeTheNextCall() {
    expiresIn.set(600);
    handler.set((request, token) -> pages(request));
    WalmartOrderFeed feed = feed(properties(null, 2));

    OrderPage first = feed.fetchPage(SINCE, null);
    clock.now.set(NOW.plus(Duration.ofMinutes(8))); // 600 s token, refreshed 3 min ahead
    OrderPage second = feed.fetchPage(SINCE, first.nextCursor());

    assertThat(second.orders()).extracting(PolledOrder::orderId).containsExactly("103", "104");
    assertThat(tokenCalls).hasSize(2);
    assertThat(calls.get(0).header("WM_SEC.ACCESS_TOKEN")).isEqualTo("token-1");
    assertThat(calls.get(1).header("WM_SEC.ACCESS_TOKEN")).isEqualTo("token-2");
  }

  @Test
  void a401FetchesAFreshTokenOnceAndRepeatsTheCall() {
    handler.set((request, token) -> "token-1".equals(token)
        ? new Reply(401, Map.of(), error("UNAUTHORIZED.GMP_GATEWAY_API", "Unauthorized"))
        : pages(request));
    WalmartOrderFeed feed = feed(properties(null, 2));

    OrderPage page = feed.fetchPage(SINCE, null);

    assertThat(page.orders()).extracting(PolledOrder::orderId).containsExactly("101", "102");
    assertThat(tokenCalls).hasSize(2);
    assertThat(calls).extracting(call -> call.header("WM_SEC.ACCESS_TOKEN")).containsExactly("token-1", "token-2");
  }

  @Test
  void a401ForTheFreshTokenTooIsRefusedWithWalmartsTextButNeverTheToken() {
    handler.set((request, token) -> new Reply(401, Map.of(), error("UNAUTHORIZED.GMP_GATEWAY_API", "Unauthorized")));
    WalmartOrderFeed feed = feed(properties(null, 2));

    assertThatThrownBy(() -> feed.fetchPage(SINCE, null)).isInstanceOfSatisfying(MarketplaceRefusedException.class,
        refused -> {
          assertThat(refused.status()).isEqualTo(401);
          assertThat(refused.getMessage()).contains("UNAUTHORIZED.GMP_GATEWAY_API").doesNotContain("token-1",
              "token-2", "very-secret");
        });
    assertThat(calls).hasSize(2);
    assertThat(tokenCalls).hasSize(2);
  }

  @Test
  void a500IsUnavailableWithoutABlindRetry() {
    handler.set((request, token) -> new Reply(500, Map.of(), error("SYSTEM_ERROR.GMP_GATEWAY_API", "Internal error")));
    WalmartOrderFeed feed = feed(properties(null, 2));

    assertThatThrownBy(() -> feed.fetchPage(SINCE, null)).isInstanceOf(MarketplaceUnavailableException.class)
        .hasMessageContaining("500").hasMessageContaining("SYSTEM_ERROR.GMP_GATEWAY_API");
    assertThat(calls).hasSize(1);
  }

  @Test
  void theTokenEndpointAwayIsUnavailable() {
    tokenReply.set(new Reply(503, Map.of(), "{}"));
    handler.set((request, token) -> pages(request));
    WalmartOrderFeed feed = feed(properties(null, 2));

    assertThatThrownBy(() -> feed.fetchPage(SINCE, null)).isInstanceOf(MarketplaceUnavailableException.class)
        .hasMessageContaining("token");
    assertThat(calls).isEmpty();
  }

  @Test
  void aBadRequestIsRefusedWithWalmartsErrorText() {
    handler.set((request, token) -> new Reply(400, Map.of(), error("INVALID_REQUEST_PARAM.GMP_ORDER_API",
        "createdStartDate is older than 180 days")));
    WalmartOrderFeed feed = feed(properties(null, 2));

    assertThatThrownBy(() -> feed.fetchPage(SINCE, null)).isInstanceOfSatisfying(MarketplaceRefusedException.class,
        refused -> assertThat(refused.getMessage()).contains("older than 180 days"));
  }

  @Test
  void noOrdersFoundIsAnEmptyLastPage() {
    handler.set((request, token) -> new Reply(404, Map.of(), error("CONTENT_NOT_FOUND.GMP_ORDER_API",
        "Failed when called getAllOrders. Orders not found for given search parameters")));
    OrderPage page = feed(properties(null, 2)).fetchPage(SINCE, null);
    assertThat(page.orders()).isEmpty();
    assertThat(page.isLast()).isTrue();
  }

  @Test
  void a404ThatIsNotWalmartsNoOrdersFoundIsRefusedNotAnEmptyPage() {
    handler.set((request, token) -> new Reply(404, Map.of(), "{\"type\":\"about:blank\",\"status\":404}"));
    assertThatThrownBy(() -> feed(properties(null, 2)).fetchPage(SINCE, null))
        .isInstanceOfSatisfying(MarketplaceRefusedException.class, refused -> assertThat(refused.status()).isEqualTo(404));
  }

  @Test
  void acknowledgesAnOrderWithCreatedLinesAndTreatsNothingLeftToAcknowledgeAsDone() {
    AtomicReference<String> lineStatus = new AtomicReference<>("Created");
    AtomicInteger acknowledgements = new AtomicInteger();
    handler.set((request, token) -> {
      if (request.path().endsWith("/acknowledge")) {
        acknowledgements.incrementAndGet();
        return "Created".equals(lineStatus.get()) || "Acknowledged".equals(lineStatus.get())
            ? Reply.ok("{\"order\": " + order("201", "Acknowledged") + "}")
            : new Reply(400, Map.of(), error("INVALID_REQUEST_CONTENT.GMP_ORDER_API", "order cannot be acknowledged"));
      }
      if (request.path().equals("/walmart/v3/orders/201")) {
        return Reply.ok("{\"order\": " + order("201", lineStatus.get()) + "}");
      }
      return Reply.ok(page(null, "201"));
    });
    WalmartOrderFeed feed = feed(properties(null, 2));
    PolledOrder created = feed.fetchPage(SINCE, null).orders().get(0);

    assertThat(feed.needsAcknowledgement(created)).isTrue();
    feed.acknowledge(created);
    feed.acknowledge(created); // a repeat is harmless: Walmart re-acknowledges an acknowledged order
    assertThat(acknowledgements.get()).isEqualTo(2);
    Seen ack = calls.stream().filter(call -> call.path().endsWith("/acknowledge")).findFirst().orElseThrow();
    assertThat(ack.method()).isEqualTo("POST");
    assertThat(ack.path()).isEqualTo("/walmart/v3/orders/201/acknowledge");
    assertThat(ack.header("WM_SEC.ACCESS_TOKEN")).isEqualTo("token-1");
    assertThat(ack.header("WM_QOS.CORRELATION_ID")).isNotBlank();
    assertThat(ack.header("WM_SVC.NAME")).isEqualTo("Walmart Marketplace");

    lineStatus.set("Shipped"); // moved on since: Walmart refuses, nothing is left to acknowledge
    feed.acknowledge(created);
    assertThat(acknowledgements.get()).isEqualTo(3);

    lineStatus.set("Cancelled");
    feed.acknowledge(created);
  }

  @Test
  void anAcknowledgementRefusedWhileALineIsStillCreatedIsRefused() {
    handler.set((request, token) -> {
      if (request.path().endsWith("/acknowledge")) {
        return new Reply(400, Map.of(), error("INVALID_REQUEST_CONTENT.GMP_ORDER_API", "bad order"));
      }
      if (request.path().equals("/walmart/v3/orders/201")) {
        return Reply.ok("{\"order\": " + order("201", "Created") + "}");
      }
      return Reply.ok(page(null, "201"));
    });
    WalmartOrderFeed feed = feed(properties(null, 2));
    PolledOrder created = feed.fetchPage(SINCE, null).orders().get(0);

    assertThatThrownBy(() -> feed.acknowledge(created)).isInstanceOf(MarketplaceRefusedException.class)
        .hasMessageContaining("bad order");
  }

  @Test
  void anOrderWithoutCreatedLinesIsNotAcknowledged() {
    handler.set((request, token) -> Reply.ok(page(null, "301")));
    WalmartOrderFeed feed = feed(properties(null, 2));
    PolledOrder polled = feed.fetchPage(SINCE, null).orders().get(0);
    PolledOrder acknowledged = new PolledOrder(polled.orderId(), polled.lastModified(), polled.state(),
        polled.order(), "Acknowledged", polled.raw(), null);

    assertThat(feed.needsAcknowledgement(acknowledged)).isFalse();
    feed.acknowledge(acknowledged);
    assertThat(calls).hasSize(1);
  }

  @Test
  void propertiesNeverShowTheSecret() {
    assertThat(properties(null, 2).toString()).contains("client-1").doesNotContain("very-secret");
  }

  private static List<String> readAll(WalmartOrderFeed feed) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    for (int pages = 0; pages < 10; pages++) {
      OrderPage page = feed.fetchPage(SINCE, cursor);
      page.orders().forEach(order -> {
        assertThat(order.isValid()).as(order.invalidReason()).isTrue();
        ids.add(order.orderId());
      });
      if (page.isLast()) {
        return ids;
      }
      cursor = page.nextCursor();
    }
    throw new AssertionError("no last page");
  }

  static String page(String nextCursor, String... ids) {
    StringBuilder orders = new StringBuilder();
    for (String id : ids) {
      orders.append(orders.isEmpty() ? "" : ",").append(order(id, "Created"));
    }
    return "{\"list\":{\"meta\":{\"totalCount\":5,\"limit\":2" + (nextCursor == null ? ""
        : ",\"nextCursor\":\"" + nextCursor + "\"") + "},\"elements\":{\"order\":[" + orders + "]}}}";
  }

  static String order(String id, String status) {
    return "{\"purchaseOrderId\":\"" + id + "\",\"customerOrderId\":\"C" + id + "\",\"orderDate\":1796050800000,"
        + "\"orderLines\":{\"orderLine\":[{\"lineNumber\":\"1\",\"item\":{\"productName\":\"Mug\",\"sku\":\"SKU-0001\"},"
        + "\"charges\":{\"charge\":[{\"chargeType\":\"PRODUCT\",\"chargeName\":\"ItemPrice\","
        + "\"chargeAmount\":{\"currency\":\"USD\",\"amount\":9.99},"
        + "\"tax\":{\"taxName\":\"Tax1\",\"taxAmount\":{\"currency\":\"USD\",\"amount\":0.8}}}]},"
        + "\"orderLineQuantity\":{\"unitOfMeasurement\":\"EACH\",\"amount\":\"1\"},\"statusDate\":1796050860000,"
        + "\"orderLineStatuses\":{\"orderLineStatus\":[{\"status\":\"" + status + "\","
        + "\"statusQuantity\":{\"unitOfMeasurement\":\"EACH\",\"amount\":\"1\"}}]}}]}}";
  }

  static String error(String code, String description) {
    return "{\"errors\":{\"error\":[{\"code\":\"" + code + "\",\"field\":\"data\",\"description\":\"" + description
        + "\",\"info\":\"" + description + "\",\"severity\":\"ERROR\",\"category\":\"DATA\",\"causes\":[],"
        + "\"errorIdentifiers\":{}}]}}";
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private static Seen seen(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    return new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestURI().getRawQuery(), headers, body);
  }

  private static void reply(HttpExchange exchange, Reply reply) throws IOException {
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
