package io.retailsync.connectors.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailsync.connectors.amazon.AmazonListingsClient;
import io.retailsync.connectors.amazon.AmazonProperties;
import io.retailsync.connectors.ebay.EbayInventoryClient;
import io.retailsync.connectors.ebay.EbayInventoryProperties;
import io.retailsync.connectors.ebay.EbayProperties;
import io.retailsync.connectors.http.MarketplaceCallMetrics;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.shopify.ShopifyInventoryClient;
import io.retailsync.connectors.shopify.ShopifyProperties;
import io.retailsync.connectors.walmart.WalmartInventoryClient;
import io.retailsync.connectors.walmart.WalmartInventoryProperties;
import io.retailsync.connectors.walmart.WalmartProperties;
import io.retailsync.sandbox.SandboxApplication;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every inventory client against the sandbox's stand-ins over real HTTP, with the sandbox's own credentials:
 * pushes read back through {@code /sandbox/channels}, per-SKU refusals, a 429 answered and then success, a 5xx or an
 * outage as {@link MarketplaceUnavailableException}, eBay's 25 per call, Amazon's and Walmart's feeds end to end.
 */
@SyncIntegrationTest
class InventoryPortsIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static ConfigurableApplicationContext sandbox;
  private static String root;

  private final HttpClient http = HttpClient.newHttpClient();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void startSandbox() {
    sandbox = SandboxApplication.builder().properties("server.port=0", "sandbox.channels.feed-step-delay=200ms")
        .run("--server.port=0");
    root = "http://127.0.0.1:" + ((WebServerApplicationContext) sandbox).getWebServer().getPort();
  }

  @AfterAll
  static void stopSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @BeforeEach
  void reset() throws Exception {
    for (String channel : List.of("shopify", "amazon", "walmart", "ebay")) {
      send("DELETE", "/sandbox/channels/" + channel + "/faults", null);
      send("DELETE", "/sandbox/channels/" + channel + "/inventory", null);
    }
  }

  @Test
  void shopifyLooksUpItemsFindsItsOnlyLocationSetsQuantitiesAndRejectsAnUnknownSku() throws Exception {
    ShopifyInventoryClient shopify = shopify();
    PushOutcome outcome = shopify.push(List.of(update("SKU-0011", 4), update("SKU-10011", 0), update("NOPE-1", 3)));

    assertThat(outcome.accepted()).containsExactlyInAnyOrder("SKU-0011", "SKU-10011");
    assertThat(outcome.rejected()).containsOnlyKeys("NOPE-1");
    assertThat(quantity("shopify", "SKU-0011")).isEqualTo(4);
    assertThat(quantity("shopify", "SKU-10011")).isZero();
    assertThat(shopify.readQuantity("SKU-0011")).contains(4);
    assertThat(shopify.readQuantity("NOPE-1")).isEmpty();
    assertThat(registry.get(MarketplaceCallMetrics.METRIC).tag("system", "shopify")
        .tag("operation", ShopifyInventoryClient.SET_QUANTITIES).tag("outcome", "accepted").timer().count()).isEqualTo(1);
  }

  @Test
  void shopifyWaitsOutAThrottledAnswerAndFailsAsUnavailableWhileTheShopIsDown() throws Exception {
    ShopifyInventoryClient shopify = shopify();
    send("PUT", "/sandbox/channels/shopify/faults", "{\"throttleNext\": 1}");
    assertThat(shopify.push(List.of(update("SKU-0012", 2))).accepted()).containsExactly("SKU-0012");
    assertThat(stats("shopify").path("throttled").asLong()).isEqualTo(1);

    send("PUT", "/sandbox/channels/shopify/faults", "{\"down\": true}");
    assertThatThrownBy(() -> shopify.push(List.of(update("SKU-0013", 2))))
        .isInstanceOf(MarketplaceUnavailableException.class).hasMessageContaining("503");
  }

  @Test
  void amazonPatchesSmallPushesRetriesA429AndRejectsAnUnlistedSku() throws Exception {
    AmazonListingsClient amazon = amazon();
    send("PUT", "/sandbox/channels/amazon/faults", "{\"throttleNext\": 1}");
    PushOutcome outcome = amazon.push(List.of(update("SKU-0021", 9), update("UNLISTED-1", 1)));

    assertThat(outcome.accepted()).containsExactly("SKU-0021");
    assertThat(outcome.rejected().get("UNLISTED-1")).contains("INVALID").contains("4000001");
    assertThat(quantity("amazon", "SKU-0021")).isEqualTo(9);
    assertThat(stats("amazon").path("throttled").asLong()).isEqualTo(1);
    assertThat(amazon.readQuantity("SKU-0021")).contains(9);
    assertThat(amazon.readQuantity("UNLISTED-1")).isEmpty();

    send("PUT", "/sandbox/channels/amazon/faults", "{\"failureRate\": 1}");
    assertThatThrownBy(() -> amazon.push(List.of(update("SKU-0022", 1))))
        .isInstanceOf(MarketplaceUnavailableException.class).hasMessageContaining("500");
  }

  @Test
  void amazonSendsALargePushAsOneListingsFeedAndReadsItsProcessingReport() throws Exception {
    AmazonListingsClient amazon = amazon();
    List<InventoryUpdate> updates = new ArrayList<>();
    IntStream.rangeClosed(1, 59).forEach(n -> updates.add(update(String.format("SKU-1%04d", n), n)));
    updates.add(update("UNLISTED-2", 5));

    PushOutcome outcome = amazon.push(updates);

    assertThat(outcome.accepted()).hasSize(59);
    assertThat(outcome.rejected()).containsOnlyKeys("UNLISTED-2");
    assertThat(outcome.rejected().get("UNLISTED-2")).startsWith("4000001");
    assertThat(quantity("amazon", "SKU-10059")).isEqualTo(59);
    JsonNode stats = stats("amazon");
    assertThat(stats.path("calls").asLong()).isEqualTo(1);
    assertThat(stats.path("accepted").asLong()).isEqualTo(59);
    assertThat(registry.get(MarketplaceCallMetrics.METRIC).tag("operation", AmazonListingsClient.GET_FEED)
        .tag("outcome", "accepted").timer().count()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void walmartUpdatesSingleSkusSendsAFeedAboveItsThresholdAndTellsAFailureFromARefusal() throws Exception {
    WalmartInventoryClient walmart = walmart();
    send("PUT", "/sandbox/channels/walmart/faults", "{\"throttleNext\": 1}");
    PushOutcome single = walmart.push(List.of(update("SKU-0031", 3), update("UNLISTED-3", 3)));
    assertThat(single.accepted()).containsExactly("SKU-0031");
    assertThat(single.rejected().get("UNLISTED-3")).contains("404");
    assertThat(stats("walmart").path("throttled").asLong()).isEqualTo(1);

    List<InventoryUpdate> many = new ArrayList<>();
    IntStream.rangeClosed(40, 47).forEach(n -> many.add(update(String.format("SKU-%04d", n), n)));
    many.add(update("UNLISTED-4", 1));
    PushOutcome feed = walmart.push(many);
    assertThat(feed.accepted()).hasSize(8);
    assertThat(feed.rejected().get("UNLISTED-4")).contains("DATA_ERROR");
    assertThat(quantity("walmart", "SKU-0047")).isEqualTo(47);
    assertThat(walmart.readQuantity("SKU-0047")).contains(47);
    assertThat(walmart.readQuantity("UNLISTED-4")).isEmpty();

    send("PUT", "/sandbox/channels/walmart/faults", "{\"failNext\": 1}");
    assertThatThrownBy(() -> walmart.push(List.of(update("SKU-0032", 1))))
        .isInstanceOf(MarketplaceUnavailableException.class).hasMessageContaining("500");
  }

  @Test
  void ebaySendsSixtySkusAsThreeCallsAndRejectsAnUnknownOnePerSku() throws Exception {
    EbayInventoryClient ebay = ebay();
    List<InventoryUpdate> updates = new ArrayList<>();
    IntStream.rangeClosed(1, 59).forEach(n -> updates.add(update(String.format("SKU-0%03d", 100 + n), n % 7)));
    updates.add(update("UNLISTED-5", 1));
    send("PUT", "/sandbox/channels/ebay/faults", "{\"throttleNext\": 1}");

    PushOutcome outcome = ebay.push(updates);

    assertThat(outcome.accepted()).hasSize(59);
    assertThat(outcome.rejected().get("UNLISTED-5")).contains("25702");
    JsonNode stats = stats("ebay");
    assertThat(stats.path("calls").asLong()).isEqualTo(3);
    assertThat(stats.path("throttled").asLong()).isEqualTo(1);
    assertThat(quantity("ebay", "SKU-0105")).isEqualTo(5);
    assertThat(ebay.readQuantity("SKU-0105")).contains(5);
    assertThat(ebay.readQuantity("UNLISTED-5")).isEmpty();

    send("PUT", "/sandbox/channels/ebay/faults", "{\"down\": true}");
    assertThatThrownBy(() -> ebay.push(List.of(update("SKU-0101", 1))))
        .isInstanceOf(MarketplaceUnavailableException.class).hasMessageContaining("503");
  }

  private ShopifyInventoryClient shopify() {
    ShopifyProperties properties = new ShopifyProperties(root + "/shopify", List.of(new ShopifyProperties.Shop(
        "sandbox-shop.myshopify.com", "sandbox-shopify-secret", "sandbox-shopify-admin-token")), "2026-01", null, null,
        null, 0, null, null, Duration.ofSeconds(10), 0, 0, null);
    return new ShopifyInventoryClient(properties, new MarketplaceCallMetrics(registry, "shopify",
        ShopifyInventoryClient.operations()), Clock.systemUTC());
  }

  private AmazonListingsClient amazon() {
    AmazonProperties properties = new AmazonProperties(URI.create(root + "/amazon"),
        URI.create(root + "/amazon/auth/o2/token"), List.of("ATVPDKIKX0DER"), "amzn1.application-oa2-client.sandbox",
        "sandbox-amazon-client-secret", "Atzr|sandbox-amazon-refresh-token", null, null, null, 100, null, null,
        Duration.ofSeconds(10), null, null, "A1SANDBOXSELLER", new AmazonProperties.Inventory(null, 50, null,
            Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(10), null));
    return new AmazonListingsClient(properties, registry, Clock.systemUTC());
  }

  private WalmartInventoryClient walmart() {
    WalmartInventoryProperties settings = new WalmartInventoryProperties(5, null, null, Duration.ofMillis(200),
        Duration.ofSeconds(30), null, null, null, null, null);
    return new WalmartInventoryClient(WalmartProperties.of(URI.create(root + "/walmart"), "sandbox-walmart-client",
        "sandbox-walmart-secret"), settings, registry, Clock.systemUTC());
  }

  private EbayInventoryClient ebay() {
    EbayProperties properties = new EbayProperties(URI.create(root + "/ebay"),
        URI.create(root + "/ebay/identity/v1/oauth2/token"), "sandbox-ebay-client-id", "sandbox-ebay-client-secret",
        "sandbox-ebay-refresh-token", null, null, null, null, null, 200, null, null, Duration.ofSeconds(10), null, null);
    return new EbayInventoryClient(properties, EbayInventoryProperties.defaults(), registry, Clock.systemUTC());
  }

  private static InventoryUpdate update(String sku, int quantity) {
    return new InventoryUpdate(sku, quantity, sku + "@" + quantity);
  }

  private int quantity(String channel, String sku) throws Exception {
    HttpResponse<String> response = send("GET", "/sandbox/channels/" + channel + "/inventory?sku=" + sku, null);
    assertThat(response.statusCode()).as(channel + " " + sku).isEqualTo(200);
    return JSON.readTree(response.body()).path("quantity").asInt();
  }

  private JsonNode stats(String channel) throws Exception {
    return JSON.readTree(send("GET", "/sandbox/channels/stats", null).body()).path(channel);
  }

  private HttpResponse<String> send(String method, String path, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).header("Content-Type",
        "application/json");
    request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

}
