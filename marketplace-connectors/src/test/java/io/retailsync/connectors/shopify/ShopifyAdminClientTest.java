package io.retailsync.connectors.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailsync.connectors.http.MarketplaceCallMetrics;
import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.polling.OrderFeed;
import io.retailsync.connectors.polling.OrderPage;
import io.retailsync.connectors.polling.PolledOrder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The reconcile feed against a JDK HttpServer playing Shopify's REST Admin API. */
class ShopifyAdminClientTest {

  private static final String SHOP = "retail-sync-test.myshopify.com";
  private static final String TOKEN = "shpat_0123456789abcdef0123456789abcdef";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  record Seen(String method, String path, Map<String, String> query, String rawQuery, String token, long nanos) {}

  /** One scripted answer: status, headers, body. */
  record Reply(int status, Map<String, String> headers, String body) {}

  private HttpServer server;
  private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
  private volatile Function<Seen, Reply> script;
  private SimpleMeterRegistry registry;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String raw = exchange.getRequestURI().getRawQuery();
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    Seen request = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query, raw,
        exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"), System.nanoTime());
    seen.add(request);
    Reply reply = script.apply(request);
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private ShopifyProperties properties(double ratePerSecond, Duration maxThrottleWait) {
    return new ShopifyProperties(base(), List.of(new ShopifyProperties.Shop(SHOP, "whsec", TOKEN)), "2026-01",
        Duration.ofSeconds(30), Duration.ofDays(1), Duration.ofMinutes(2), 2, Duration.ofSeconds(2),
        Duration.ofSeconds(2), maxThrottleWait, ratePerSecond, 40);
  }

  private ShopifyReconcileFeed feed(ShopifyProperties properties) {
    MarketplaceCallMetrics metrics = new MarketplaceCallMetrics(registry, "shopify", ShopifyAdminClient.operations());
    return new ShopifyReconcileFeed(new ShopifyAdminClient(properties, properties.shops().get(0), metrics,
        Clock.systemUTC()), properties);
  }

  private static String ordersOf(JsonNode... orders) {
    return "{\"orders\":[" + String.join(",", java.util.Arrays.stream(orders).map(JsonNode::toString).toList()) + "]}";
  }

  private String link(String pageInfo, String rel) {
    return "<" + base() + "/admin/api/2026-01/orders.json?limit=2&page_info=" + pageInfo + ">; rel=\"" + rel + "\"";
  }

  private static Reply ok(String body, String callLimit, String link) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Shopify-Shop-Api-Call-Limit", callLimit);
    if (link != null) {
      headers.put("Link", link);
    }
    return new Reply(200, headers, body);
  }

  @Test
  void readsEveryPageThroughTheLinkHeaderAndRetriesTheSamePageAfterA429() throws IOException {
    JsonNode fixture = JSON.readTree(ShopifyReconcileFeedTest.fixture("orders-page.json")).get("orders");
    AtomicInteger secondPageCalls = new AtomicInteger();
    script = request -> {
      String pageInfo = request.query().get("page_info");
      if (pageInfo == null) {
        return ok(ordersOf(fixture.get(0)), "1/40", link("eyJsYXN0X2lkIjoxfQ%3D%3D", "next"));
      }
      if (pageInfo.equals("eyJsYXN0X2lkIjoxfQ==")) {
        if (secondPageCalls.incrementAndGet() == 1) {
          return new Reply(429, Map.of("Retry-After", "0.3", "X-Shopify-Shop-Api-Call-Limit", "40/40"),
              "{\"errors\":\"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.\"}");
        }
        return ok(ordersOf(fixture.get(1)), "3/40",
            link("cHJldg", "previous") + ", " + link("eyJsYXN0X2lkIjoyfQ", "next"));
      }
      return ok(ordersOf(fixture.get(2)), "4/40", link("cHJldjI", "previous"));
    };
    OrderFeed feed = feed(properties(50, Duration.ofSeconds(5)));
    Instant since = Instant.parse("2026-11-30T00:00:00.123Z");

    List<PolledOrder> all = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    String cursor = null;
    do {
      OrderPage page = feed.fetchPage(since, cursor);
      all.addAll(page.orders());
      cursor = page.nextCursor();
      cursors.add(cursor);
    } while (cursor != null);

    assertThat(all).extracting(PolledOrder::orderId)
        .containsExactly("5810000001001", "5810000001002", "5810000001003");
    assertThat(cursors).containsExactly("eyJsYXN0X2lkIjoxfQ==", "eyJsYXN0X2lkIjoyfQ", null);
    List<Seen> requests = List.copyOf(seen);
    assertThat(requests).hasSize(4);
    assertThat(requests).allSatisfy(request -> {
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.path()).isEqualTo("/admin/api/2026-01/orders.json");
      assertThat(request.token()).isEqualTo(TOKEN);
    });
    assertThat(requests.get(0).query()).containsExactly(Map.entry("status", "any"),
        Map.entry("updated_at_min", "2026-11-30T00:00:00Z"), Map.entry("limit", "2"),
        Map.entry("order", "updated_at asc"));
    assertThat(requests.get(0).rawQuery()).endsWith("&order=updated_at+asc");
    for (Seen later : requests.subList(1, 4)) {
      assertThat(later.query().keySet()).as("only limit may accompany page_info").containsExactly("limit", "page_info");
    }
    assertThat(requests.get(1).query()).isEqualTo(requests.get(2).query());
    assertThat(Duration.ofNanos(requests.get(2).nanos() - requests.get(1).nanos()))
        .as("Retry-After honoured").isGreaterThanOrEqualTo(Duration.ofMillis(280));
    assertThat(registry.get("sync.external.call").tag("system", "shopify").tag("operation", "list_orders")
        .tag("outcome", "accepted").timer().count()).isEqualTo(3);

    // the cursor is all a restarted service needs
    OrderPage again = feed(properties(50, Duration.ofSeconds(5))).fetchPage(since, "eyJsYXN0X2lkIjoyfQ");
    assertThat(again.orders()).extracting(PolledOrder::orderId).containsExactly("5810000001003");
  }

  @Test
  void slowsDownWhenTheCallLimitHeaderSaysTheBucketIsNearlyFull() {
    script = request -> ok("{\"orders\":[]}", "39/40", null);
    OrderFeed feed = feed(properties(10, Duration.ofSeconds(5)));
    feed.fetchPage(Instant.parse("2026-11-30T00:00:00Z"), null);
    feed.fetchPage(Instant.parse("2026-11-30T00:00:00Z"), null);
    List<Seen> requests = List.copyOf(seen);
    // 39 used of 40 with a headroom of 5: one call over, one leak period (100 ms at 10/s) before the next
    assertThat(Duration.ofNanos(requests.get(1).nanos() - requests.get(0).nanos()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(90));
  }

  @Test
  void aRefusedTokenIsPermanentAndAskedOnlyOnce() {
    script = request -> new Reply(401, Map.of(),
        "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
    OrderFeed feed = feed(properties(50, Duration.ofSeconds(5)));
    assertThatThrownBy(() -> feed.fetchPage(Instant.parse("2026-11-30T00:00:00Z"), null))
        .isInstanceOfSatisfying(MarketplaceRefusedException.class, refused -> {
          assertThat(refused.status()).isEqualTo(401);
          assertThat(refused.getMessage()).contains("Invalid API key or access token").doesNotContain(TOKEN);
        });
    assertThat(seen).hasSize(1);
    assertThat(registry.get("sync.external.call").tag("outcome", "rejected").timer().count()).isEqualTo(1);
  }

  @Test
  void serverErrorsAndEndlessThrottlingAreTransient() {
    script = request -> new Reply(500, Map.of(), "{\"errors\":\"Internal Server Error\"}");
    OrderFeed failing = feed(properties(50, Duration.ofSeconds(5)));
    assertThatThrownBy(() -> failing.fetchPage(Instant.parse("2026-11-30T00:00:00Z"), null))
        .isInstanceOf(MarketplaceUnavailableException.class).hasMessageContaining("500");
    assertThat(seen).hasSize(1);

    seen.clear();
    script = request -> new Reply(429, Map.of("Retry-After", "2.0"), "{\"errors\":\"Exceeded 2 calls per second\"}");
    OrderFeed throttled = feed(properties(50, Duration.ofMillis(500)));
    assertThatThrownBy(() -> throttled.fetchPage(Instant.parse("2026-11-30T00:00:00Z"), "abc"))
        .isInstanceOf(MarketplaceUnavailableException.class).hasMessageContaining("429");
    assertThat(seen).hasSize(1);

    seen.clear();
    script = request -> new Reply(400, Map.of(), "{\"errors\":{\"page_info\":\"Invalid value.\"}}");
    OrderFeed refused = feed(properties(50, Duration.ofSeconds(5)));
    assertThatThrownBy(() -> refused.fetchPage(Instant.parse("2026-11-30T00:00:00Z"), "garbage"))
        .isInstanceOf(MarketplaceRefusedException.class).hasMessageContaining("page_info");
  }

  @Test
  void noAnswerIsTransient() {
    ShopifyProperties properties = properties(50, Duration.ofSeconds(5));
    server.stop(0);
    OrderFeed feed = feed(properties);
    assertThatThrownBy(() -> feed.fetchPage(Instant.parse("2026-11-30T00:00:00Z"), null))
        .isInstanceOf(MarketplaceUnavailableException.class);
  }

  @Test
  void findsTheNextLinkWhereverItStands() {
    assertThat(ShopifyAdminClient.nextPageInfo(null)).isNull();
    assertThat(ShopifyAdminClient.nextPageInfo("<https://s.myshopify.com/admin/api/2026-01/orders.json?limit=250"
        + "&page_info=abc>; rel=\"previous\"")).isNull();
    assertThat(ShopifyAdminClient.nextPageInfo("<https://s.myshopify.com/admin/api/2026-01/orders.json?limit=250"
        + "&page_info=p1>; rel=\"previous\", <https://s.myshopify.com/admin/api/2026-01/orders.json?page_info=n%2B1"
        + "&limit=250>; rel=\"next\"")).isEqualTo("n+1");
  }

  @Test
  void bindsItsSettingsWithProductionDefaultsAndKeepsSecretsOutOfToString() {
    ShopifyProperties bound = new Binder(new MapConfigurationPropertySource(Map.of(
        "sync.shopify.admin-base-url", "https://example.myshopify.com",
        "sync.shopify.shops[0].domain", "example.myshopify.com",
        "sync.shopify.shops[0].admin-token", TOKEN,
        "sync.shopify.shops[0].webhook-secret", "whsec-secret",
        "sync.shopify.shops[1].domain", "other.myshopify.com",
        "sync.shopify.shops[1].admin-base-url", "https://other.myshopify.com",
        "sync.shopify.reconcile-interval", "30s")))
        .bind("sync.shopify", ShopifyProperties.class).get();
    assertThat(bound.apiVersion()).isEqualTo("2026-01");
    assertThat(bound.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(bound.reconcileLookback()).isEqualTo(Duration.ofDays(1));
    assertThat(bound.reconcileOverlap()).isEqualTo(Duration.ofMinutes(2));
    assertThat(bound.pageSize()).isEqualTo(250);
    assertThat(bound.ratePerSecond()).isEqualTo(2.0);
    assertThat(bound.burst()).isEqualTo(40);
    assertThat(bound.maxThrottleWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(bound.shops().get(0).adminToken()).isEqualTo(TOKEN);
    assertThat(bound.shops().get(0).adminBaseUrl()).isNull();
    assertThat(bound.shops().get(1).adminBaseUrl()).isEqualTo("https://other.myshopify.com");
    assertThat(bound.toString()).doesNotContain(TOKEN, "whsec-secret").contains("example.myshopify.com");
    assertThat(new ShopifyProperties("x", null).pageSize()).isEqualTo(250);
  }

  @Test
  void aShopsOwnBaseUrlWinsOverTheCommonOne() {
    script = request -> ok("{\"orders\":[]}", "1/40", null);
    ShopifyProperties properties = new ShopifyProperties("http://127.0.0.1:1", List.of(
        new ShopifyProperties.Shop(SHOP, "whsec", TOKEN, base() + "/")));
    feed(properties).fetchPage(Instant.parse("2026-11-30T00:00:00Z"), null);
    assertThat(seen).singleElement().satisfies(request ->
        assertThat(request.path()).isEqualTo("/admin/api/2026-01/orders.json"));
  }

  @Test
  void theAutoConfigurationMakesTheFeedsOnlyWhenTheAdminBaseUrlIsSet() {
    for (boolean configured : new boolean[] {true, false}) {
      try (var context = new org.springframework.context.annotation.AnnotationConfigApplicationContext()) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (configured) {
          settings.put("sync.shopify.admin-base-url", base());
        }
        settings.put("sync.order-feeds.enabled", "true");
        settings.put("sync.shopify.shops[0].domain", SHOP);
        settings.put("sync.shopify.shops[0].admin-token", TOKEN);
        settings.put("sync.shopify.reconcile-interval", "30s");
        context.getEnvironment().getPropertySources()
            .addFirst(new org.springframework.core.env.MapPropertySource("test", settings));
        context.register(io.retailsync.connectors.ConnectorsAutoConfiguration.class, ShopifyConnectorConfiguration.class);
        context.refresh();
        if (configured) {
          assertThat(context.getBean(ShopifyReconcileFeeds.class).feeds()).singleElement().satisfies(feed -> {
            assertThat(feed.account()).isEqualTo(SHOP);
            assertThat(feed.pollInterval()).isEqualTo(Duration.ofSeconds(30));
          });
        } else {
          assertThat(context.getBeansOfType(ShopifyReconcileFeeds.class)).isEmpty();
          assertThat(context.getBean(ShopifyProperties.class).shops()).hasSize(1);
        }
      }
    }
  }

  @Test
  void oneFeedPerShopWithAnAdminToken() {
    ShopifyProperties properties = new ShopifyProperties(base(), List.of(
        new ShopifyProperties.Shop("a.myshopify.com", "s1", TOKEN),
        new ShopifyProperties.Shop("b.myshopify.com", "s2", null)));
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    ShopifyReconcileFeeds feeds = new ShopifyConnectorConfiguration().shopifyReconcileFeeds(properties,
        beans.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class), beans.getBeanProvider(Clock.class));
    assertThat(feeds.feeds()).singleElement().satisfies(feed -> {
      assertThat(feed.channel()).isEqualTo("shopify");
      assertThat(feed.account()).isEqualTo("a.myshopify.com");
      assertThat(feed.pollInterval()).isEqualTo(Duration.ofMinutes(10));
      assertThat(feed.overlap()).isEqualTo(Duration.ofMinutes(2));
      assertThat(feed.initialLookback()).isEqualTo(Duration.ofDays(1));
    });
  }
}
