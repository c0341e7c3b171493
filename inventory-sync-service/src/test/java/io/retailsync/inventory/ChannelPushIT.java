package io.retailsync.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.model.Order;
import io.retailsync.model.OrderLine;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sandbox.SandboxApplication;
import io.retailsync.sync.events.CloudEventCodec;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.testsupport.SyncInfrastructure;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The inventory service against the sandbox's channel stand-ins over real HTTP: the baseline from the
 * sandbox ERP's stock reaches every channel; the last unit sold on one channel shows zero on every other;
 * a burst of changes of one SKU is coalesced into a few pushes with the last value; a channel that is down
 * holds up no other and catches up with the latest value once back.
 */
@SyncIntegrationTest
class ChannelPushIT {

  private static final String OPS = InventoryTestStack.OPS;
  private static final String INGEST = InventoryTestStack.INGEST;
  private static final List<String> CHANNELS = InventoryTestStack.CHANNELS;

  private static ConfigurableApplicationContext sandbox;
  private static ConfigurableApplicationContext inventory;
  private static String sandboxUrl;
  private static String inventoryUrl;
  private final EventFactory upstream = new EventFactory("order-ingestion-service", Clock.systemUTC());

  @BeforeAll
  static void start() {
    sandbox = InventoryTestStack.startSandbox();
    sandboxUrl = InventoryTestStack.url(sandbox);
    Map<String, String> properties = InventoryTestStack.serviceProperties(sandboxUrl);
    properties.put("sync.erp.base-url", sandboxUrl + "/erp");
    properties.put("sync.inventory.erp-stock-poll", "24h");
    properties.put("sync.inventory.drift.window", "1000");
    properties.put("sync.inventory.drift.interval", "0s");
    inventory = InventorySyncApplication.builder()
        .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    inventoryUrl = InventoryTestStack.url(inventory);
  }

  @AfterAll
  static void stop() {
    if (inventory != null) {
      inventory.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void theBaselineFromTheErpReachesEveryChannelAndTheLastUnitSoldOnOneShowsZeroOnEveryOther() throws Exception {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      assertThat(shown("shopify", "SKU-0001")).isEqualTo(250);
      assertThat(shown("amazon", "SKU-0001")).isEqualTo(200);
      assertThat(shown("walmart", "SKU-1000")).isEqualTo(1);
      assertThat(shown("ebay", "SKU-0999")).isEqualTo(1);
    });
    publish(order("shopify", "SKU-0998", 1));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      for (String channel : CHANNELS) {
        assertThat(shown(channel, "SKU-0998")).as(channel).isZero();
      }
    });
    assertThat(inventoryMetric("sync_inventory_propagation_seconds_count{channel=\"amazon\"")).isPositive();
  }

  @Test
  void aHundredChangesOfOneSkuWithinASecondArePushedAFewTimesWithTheLastValue() throws Exception {
    awaitBaseline("SKU-0500");
    // the baseline's other SKUs pushed first, so what is counted below is this SKU's pushes alone
    var jdbc = inventory.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> jdbc
        .sql("SELECT count(*) FROM push_queue WHERE channel = 'walmart'").query(Long.class).single() == 0);
    double before = pushesSent("walmart");
    Instant at = Instant.now();
    for (int i = 1; i <= 100; i++) {
      HttpResponse<String> answer = send("POST", inventoryUrl + "/api/inventory/snapshots", INGEST, """
          {"snapshotId": "burst-%s-%d", "location": "3PL-CENTRAL", "takenAt": "%s", "items": [{"sku": "SKU-0500", "onHand": %d}]}"""
          .formatted(UUID.randomUUID(), i, at.plusMillis(i * 10L), 10 + i));
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(shown("walmart", "SKU-0500")).isEqualTo(200 + 110));
    double pushes = pushesSent("walmart") - before;
    assertThat(pushes).as("walmart pushes of SKU-0500 for 100 changes").isGreaterThanOrEqualTo(1).isLessThan(30);
  }

  @Test
  void aChannelDownForAWhileHoldsUpNoOtherAndThenShowsTheLatestValue() throws Exception {
    awaitBaseline("SKU-0997");
    send("PUT", sandboxUrl + "/sandbox/channels/ebay/faults", null, "{\"down\": true}");
    try {
      publish(order("walmart", "SKU-0997", 1));
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
        assertThat(shown("shopify", "SKU-0997")).isZero();
        assertThat(shown("amazon", "SKU-0997")).isZero();
        assertThat(shown("walmart", "SKU-0997")).isZero();
      });
      assertThat(shown("ebay", "SKU-0997")).isEqualTo(1);
    } finally {
      send("DELETE", sandboxUrl + "/sandbox/channels/ebay/faults", null, null);
    }
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(shown("ebay", "SKU-0997")).isZero());
  }

  @Test
  void aChannelShowingAnotherQuantityIsDriftAndIsRepaired() throws Exception {
    awaitBaseline("SKU-0700");
    // eBay is told another quantity behind the suite's back (a seller edit in Seller Hub, say)
    var ebay = inventory.getBeanProvider(io.retailsync.connectors.inventory.ChannelInventoryPort.class).orderedStream()
        .filter(port -> port.channel().equals("ebay")).findFirst().orElseThrow();
    ebay.push(List.of(new io.retailsync.connectors.inventory.InventoryUpdate("SKU-0700", 3, "seller-edit-" + UUID.randomUUID())));
    assertThat(shown("ebay", "SKU-0700")).isEqualTo(3);
    var jdbc = inventory.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
    // outside the settle window of the baseline's push
    jdbc.sql("UPDATE channel_quantities SET pushed_at = now() - interval '10 minutes' WHERE channel = 'ebay' AND sku = 'SKU-0700'")
        .update();
    inventory.getBean(io.retailsync.inventory.drift.DriftCheck.class).checkOnce();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(shown("ebay", "SKU-0700")).isEqualTo(250));
    JsonNode entries = CanonicalJson.tree(send("GET", inventoryUrl + "/api/exceptions?type=DRIFT&limit=500", OPS, null)
        .body().getBytes()).get("items");
    boolean named = false;
    for (JsonNode entry : entries) {
      named |= "SKU-0700".equals(entry.path("sku").asString(null)) && "ebay".equals(entry.path("channel").asString(null));
    }
    assertThat(named).as("a DRIFT entry for ebay SKU-0700").isTrue();
    assertThat(inventoryMetric("sync_inventory_drift_total{channel=\"ebay\"")).isPositive();
  }

  @Test
  void aChannelAnswering429And500IsTriedAgainUntilItTakesTheValue() throws Exception {
    awaitBaseline("SKU-0996");
    send("PUT", sandboxUrl + "/sandbox/channels/shopify/faults", null, "{\"throttleNext\": 2, \"failNext\": 1}");
    try {
      publish(order("ebay", "SKU-0996", 1));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(shown("shopify", "SKU-0996")).isZero());
      JsonNode stats = CanonicalJson.tree(send("GET", sandboxUrl + "/sandbox/channels/stats", null, null).body().getBytes());
      assertThat(stats.get("shopify").get("throttled").asInt()).isGreaterThanOrEqualTo(2);
    } finally {
      send("DELETE", sandboxUrl + "/sandbox/channels/shopify/faults", null, null);
    }
  }

  // --- helpers ---

  private static void awaitBaseline(String sku) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          for (String channel : CHANNELS) {
            assertThat(shown(channel, sku)).as(channel).isNotNegative();
          }
        });
  }

  private static int shown(String channel, String sku) throws Exception {
    HttpResponse<String> answer = send("GET", sandboxUrl + "/sandbox/channels/" + channel + "/inventory?sku=" + sku, null, null);
    if (answer.statusCode() == 404) {
      return -1;
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return CanonicalJson.tree(answer.body().getBytes()).get("quantity").asInt();
  }

  private static double pushesSent(String channel) {
    var counter = inventory.getBean(MeterRegistry.class).find("sync.inventory.pushes")
        .tags("channel", channel, "outcome", "sent").counter();
    return counter == null ? 0 : counter.count();
  }

  private static double inventoryMetric(String prefix) throws Exception {
    for (String line : send("GET", inventoryUrl + "/actuator/prometheus", null, null).body().split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  private void publish(Order order) throws Exception {
    @SuppressWarnings("unchecked")
    KafkaTemplate<String, byte[]> kafka = inventory.getBean(KafkaTemplate.class);
    kafka.send(CloudEventCodec.toRecord(upstream.create(EventType.ORDER_CREATED, Topics.orderKey(order.channel(),
        order.orderId()), order.channel(), order.externalReference(), UUID.randomUUID().toString(), order)))
        .get(10, TimeUnit.SECONDS);
  }

  private static Order order(String channel, String sku, int quantity) {
    BigDecimal price = new BigDecimal("5.00");
    return new Order(channel, "push-" + UUID.randomUUID(), null, Instant.now(), Instant.now(), "USD", null,
        List.of(new OrderLine("1", sku, quantity, price, BigDecimal.ZERO, BigDecimal.ZERO, "Item")),
        BigDecimal.ZERO, BigDecimal.ZERO, price.multiply(BigDecimal.valueOf(quantity)), null);
  }

  private static HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
    return InventoryTestStack.send(method, url, token, body);
  }
}
