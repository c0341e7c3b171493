package io.retailsync.connectors.ebay;

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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client and feed against a JDK HTTP server playing eBay's identity and Fulfillment endpoints. */
class EbayOrderFeedTest {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final Instant SINCE = Instant.parse("2026-11-30T10:00:00.123456Z");

  record Request(String method, String path, String rawQuery, Map<String, List<String>> headers, String body) {

    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
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
  final List<Request> tokenRequests = new CopyOnWriteArrayList<>();
  final List<Request> orderRequests = new CopyOnWriteArrayList<>();
  /** Statuses the next order calls answer with instead of the page (429, 500, 401, 400). */
  final Deque<Integer> faults = new ConcurrentLinkedDeque<>();
  final AtomicInteger tokensIssued = new AtomicInteger();
  volatile String revokedToken;
  volatile int totalOrders = 5;
  final MovableClock clock = new MovableClock();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/identity/v1/oauth2/token", exchange -> {
      tokenRequests.add(record(exchange));
      respond(exchange, 200, "{\"access_token\": \"v^1.1#i^1#token-" + tokensIssued.incrementAndGet()
          + "\", \"expires_in\": 7200, \"token_type\": \"User Access Token\"}", null);
    });
    server.createContext("/sell/fulfillment/v1/order", exchange -> {
      Request request = record(exchange);
      orderRequests.add(request);
      String token = request.header("Authorization");
      if (token != null && token.equals("Bearer " + revokedToken)) {
        respond(exchange, 401, "{\"errors\": [{\"errorId\": 1001, \"domain\": \"OAuth\", \"category\": \"REQUEST\","
            + " \"message\": \"Invalid access token\", \"longMessage\": \"Invalid access token. Check the value of the"
            + " Authorization HTTP request header.\"}]}", null);
        return;
      }
      Integer fault = faults.poll();
      if (fault != null) {
        switch (fault) {
          case 429 -> respond(exchange, 429, "{\"errors\": [{\"errorId\": 2001, \"domain\": \"ACCESS\", \"category\":"
              + " \"REQUEST\", \"message\": \"Too many requests. The request limit has been reached for the resource.\"}]}",
              "0.05");
          case 400 -> respond(exchange, 400, "{\"errors\": [{\"errorId\": 30820, \"domain\": \"API_FULFILLMENT\","
              + " \"category\": \"REQUEST\", \"message\": \"Invalid filter value 'lastmodifieddate'.\"}]}", null);
          default -> respond(exchange, fault, "{\"errors\": [{\"errorId\": 10001, \"domain\": \"API_FULFILLMENT\","
              + " \"category\": \"APPLICATION\", \"message\": \"There was a problem with an eBay internal system or"
              + " process. Contact eBay developer support for assistance.\"}]}", null);
        }
        return;
      }
      respond(exchange, 200, page(request.rawQuery()), null);
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  EbayProperties properties(Duration maxThrottleWait) {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    return new EbayProperties(URI.create(base), URI.create(base + "/identity/v1/oauth2/token"), "SandboxA-retail-PRD-1",
        "PRD-client-secret", "v^1.1#r^1#refresh-secret", null, "EBAY_US", Duration.ofSeconds(5), Duration.ofDays(1),
        Duration.ofMinutes(2), 2, Duration.ofSeconds(2), Duration.ofSeconds(5), maxThrottleWait, Duration.ofMinutes(5),
        new EbayProperties.RateLimit(1000, 100));
  }

  EbayOrderFeed feed(EbayProperties properties) {
    return new EbayOrderFeed(properties, new EbayClient(properties, new SimpleMeterRegistry(), clock), clock);
  }

  @Test
  void readsEveryPageWithTheHeadersAndQueryEbayRequiresAndRetriesA429OnTheSamePage() {
    EbayOrderFeed feed = feed(properties(Duration.ofSeconds(5)));

    List<PolledOrder> orders = new ArrayList<>();
    OrderPage page = feed.fetchPage(SINCE, null);
    orders.addAll(page.orders());
    assertThat(page.nextCursor()).isEqualTo("2");
    faults.add(429);
    page = feed.fetchPage(SINCE, page.nextCursor());
    orders.addAll(page.orders());
    assertThat(page.nextCursor()).isEqualTo("4");
    page = feed.fetchPage(SINCE, page.nextCursor());
    orders.addAll(page.orders());
    assertThat(page.isLast()).isTrue();

    assertThat(orders).extracting(PolledOrder::orderId)
        .containsExactly("ORDER-5", "ORDER-4", "ORDER-3", "ORDER-2", "ORDER-1");
    assertThat(orders).allMatch(PolledOrder::isValid);
    assertThat(orderRequests).extracting(Request::rawQuery).containsExactly(
        "filter=lastmodifieddate:%5B2026-11-30T10:00:00.123Z..%5D&limit=2&offset=0",
        "filter=lastmodifieddate:%5B2026-11-30T10:00:00.123Z..%5D&limit=2&offset=2",
        "filter=lastmodifieddate:%5B2026-11-30T10:00:00.123Z..%5D&limit=2&offset=2",
        "filter=lastmodifieddate:%5B2026-11-30T10:00:00.123Z..%5D&limit=2&offset=4");
    for (Request request : orderRequests) {
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.path()).isEqualTo("/sell/fulfillment/v1/order");
      assertThat(request.header("Authorization")).isEqualTo("Bearer v^1.1#i^1#token-1");
      assertThat(request.header("Accept")).isEqualTo("application/json");
      assertThat(request.header("X-EBAY-C-MARKETPLACE-ID")).isEqualTo("EBAY_US");
    }
    assertThat(tokenRequests).hasSize(1);
    Request token = tokenRequests.get(0);
    assertThat(token.method()).isEqualTo("POST");
    assertThat(token.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
        "SandboxA-retail-PRD-1:PRD-client-secret".getBytes(StandardCharsets.UTF_8)));
    assertThat(token.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(token.body()).isEqualTo("grant_type=refresh_token&refresh_token=v%5E1.1%23r%5E1%23refresh-secret"
        + "&scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%2Fsell.fulfillment.readonly");
  }

  @Test
  void withoutARefreshTokenTheClientCredentialsGrantIsUsed() {
    EbayProperties base = properties(Duration.ofSeconds(5));
    EbayProperties properties = new EbayProperties(base.baseUrl(), base.tokenUrl(), base.clientId(),
        base.clientSecret(), null, null, null, base.pollInterval(), base.initialLookback(), base.overlap(), 2,
        base.connectTimeout(), base.readTimeout(), base.maxThrottleWait(), base.tokenRefreshAhead(), base.getOrders());
    feed(properties).fetchPage(SINCE, null);
    assertThat(tokenRequests.get(0).body())
        .isEqualTo("grant_type=client_credentials&scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%2Fsell.fulfillment.readonly");
    assertThat(orderRequests.get(0).header("X-EBAY-C-MARKETPLACE-ID")).isNull();
  }

  @Test
  void aTokenThatExpiresMidRunIsReplacedBeforeTheNextPage() {
    EbayOrderFeed feed = feed(properties(Duration.ofSeconds(5)));
    OrderPage page = feed.fetchPage(SINCE, null);
    clock.now.set(NOW.plus(Duration.ofMinutes(118)));
    feed.fetchPage(SINCE, page.nextCursor());

    assertThat(tokenRequests).hasSize(2);
    assertThat(orderRequests).extracting(r -> r.header("Authorization"))
        .containsExactly("Bearer v^1.1#i^1#token-1", "Bearer v^1.1#i^1#token-2");
  }

  @Test
  void a401DropsTheTokenAndTheCallIsMadeOnceMoreWithAFreshOne() {
    EbayOrderFeed feed = feed(properties(Duration.ofSeconds(5)));
    OrderPage first = feed.fetchPage(SINCE, null);
    revokedToken = "v^1.1#i^1#token-1";

    OrderPage second = feed.fetchPage(SINCE, first.nextCursor());

    assertThat(second.orders()).hasSize(2);
    assertThat(tokenRequests).hasSize(2);
    assertThat(orderRequests).extracting(r -> r.header("Authorization")).containsExactly(
        "Bearer v^1.1#i^1#token-1", "Bearer v^1.1#i^1#token-1", "Bearer v^1.1#i^1#token-2");
  }

  @Test
  void a500IsUnavailableAndTheSamePageIsReadWhenAskedAgain() {
    EbayOrderFeed feed = feed(properties(Duration.ofSeconds(5)));
    faults.add(500);
    assertThatThrownBy(() -> feed.fetchPage(SINCE, "2")).isInstanceOf(MarketplaceUnavailableException.class)
        .hasMessageContaining("500").hasMessageContaining("10001");
    assertThat(orderRequests).hasSize(1);

    OrderPage again = feed.fetchPage(SINCE, "2");
    assertThat(again.orders()).extracting(PolledOrder::orderId).containsExactly("ORDER-3", "ORDER-2");
  }

  @Test
  void throttledBeyondTheBoundedWaitIsUnavailable() {
    EbayOrderFeed feed = feed(properties(Duration.ofMillis(400)));
    for (int i = 0; i < 20; i++) {
      faults.add(429);
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> feed.fetchPage(SINCE, null)).isInstanceOf(MarketplaceUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(orderRequests.size()).isBetween(2, 7);
  }

  @Test
  void anotherClientErrorIsRefusedWithEbaysTextAndNoSecret() {
    EbayOrderFeed feed = feed(properties(Duration.ofSeconds(5)));
    faults.add(400);
    assertThatThrownBy(() -> feed.fetchPage(SINCE, null)).isInstanceOfSatisfying(MarketplaceRefusedException.class,
        refused -> {
          assertThat(refused.status()).isEqualTo(400);
          assertThat(refused.getMessage()).contains("errorId 30820", "Invalid filter value")
              .doesNotContain("token-1", "refresh-secret", "PRD-client-secret");
        });
  }

  @Test
  void aBadOrderDoesNotFailItsPage() {
    totalOrders = 2;
    badOrder = true;
    OrderPage page = feed(properties(Duration.ofSeconds(5))).fetchPage(SINCE, null);
    assertThat(page.orders()).hasSize(2);
    assertThat(page.orders().get(0).isValid()).isFalse();
    assertThat(page.orders().get(0).invalidReason()).contains("lineItems[0].lineItemCost.value");
    assertThat(page.orders().get(1).isValid()).isTrue();
    assertThat(page.isLast()).isTrue();
  }

  @Test
  void aWatermarkOlderThanEbaysSearchWindowIsBroughtInside() {
    feed(properties(Duration.ofSeconds(5))).fetchPage(Instant.parse("2026-01-01T00:00:00Z"), null);
    assertThat(orderRequests.get(0).rawQuery()).startsWith("filter=lastmodifieddate:%5B2026-09-02T13:00:00.000Z..%5D");
  }

  @Test
  void secretsStayOutOfToString() {
    assertThat(properties(Duration.ofSeconds(5)).toString()).doesNotContain("PRD-client-secret", "refresh-secret")
        .contains("SandboxA-retail-PRD-1");
  }

  volatile boolean badOrder;

  /** A getOrders page as eBay builds it: newest first, href/next/prev with the same filter, limit and offset. */
  String page(String rawQuery) {
    Map<String, String> query = new java.util.HashMap<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      query.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    int limit = Integer.parseInt(query.get("limit"));
    int offset = Integer.parseInt(query.get("offset"));
    String base = "https://api.ebay.com/sell/fulfillment/v1/order?filter=" + query.get("filter") + "&limit=" + limit;
    StringBuilder orders = new StringBuilder();
    for (int i = offset; i < Math.min(offset + limit, totalOrders); i++) {
      int number = totalOrders - i;
      orders.append(orders.isEmpty() ? "" : ",").append(order("ORDER-" + number, badOrder && i == 0));
    }
    return "{\"href\": \"" + base + "&offset=" + offset + "\", \"total\": " + totalOrders + ", \"limit\": " + limit
        + ", \"offset\": " + offset
        + (offset + limit < totalOrders ? ", \"next\": \"" + base + "&offset=" + (offset + limit) + "\"" : "")
        + (offset > 0 ? ", \"prev\": \"" + base + "&offset=" + Math.max(0, offset - limit) + "\"" : "")
        + ", \"orders\": [" + orders + "], \"warnings\": []}";
  }

  static String order(String orderId, boolean bad) {
    return "{\"orderId\": \"" + orderId + "\", \"creationDate\": \"2026-11-30T11:00:00.000Z\","
        + " \"lastModifiedDate\": \"2026-11-30T11:05:00.000Z\", \"orderFulfillmentStatus\": \"NOT_STARTED\","
        + " \"orderPaymentStatus\": \"PAID\", \"cancelStatus\": {\"cancelState\": \"NONE_REQUESTED\", \"cancelRequests\": []},"
        + " \"pricingSummary\": {\"total\": {\"value\": \"10.00\", \"currency\": \"USD\"}},"
        + " \"lineItems\": [{\"lineItemId\": \"" + orderId + "-1\", \"sku\": \"SKU-0001\", \"quantity\": 1,"
        + " \"lineItemCost\": {\"value\": \"" + (bad ? "ten" : "10.00") + "\", \"currency\": \"USD\"}}]}";
  }

  static Request record(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    return new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
  }

  static void respond(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    if (retryAfter != null) {
      exchange.getResponseHeaders().add("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
