package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.SECRET;
import static io.retailsync.ingestion.IngestionTestStack.SHOP;
import static io.retailsync.ingestion.IngestionTestStack.salesOrders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sandbox.shopify.ShopifyOrderFactory;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookDelivery;
import io.retailsync.sandbox.shopify.WebhookEvent;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A B2B order near the intake's 5 MiB limit, valid in every way, travels as one event far larger than
 * Kafka's 1 MB default (the canonical form of its tens of thousands of lines is several MiB), reaches the
 * ERP once, and the orders sent after it are not held up.
 */
@SyncIntegrationTest
class LargeOrderIT {

  private static final int LINES = 35_000;

  @Test
  void aSeveralMibOrderReachesTheErpOnceAndTheOrdersAfterItAreNotHeldUp() throws Exception {
    ConfigurableApplicationContext ingestion = IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of(
        "sync.erp.read-timeout", "60s", "sync.ingestion.claim-lease", "5m", "sync.ingestion.stuck-after", "5m"));
    try {
      ShopifyWebhookSender sender = new ShopifyWebhookSender(ShopifyWebhookSender.defaultClient(),
          URI.create("http://127.0.0.1:" + IngestionTestStack.port(ingestion) + "/webhooks/shopify"), SHOP, SECRET,
          ShopifyWebhookSender.DEFAULT_API_VERSION, Duration.ofSeconds(60));
      long orderId = 7_700_000_000_000L + System.currentTimeMillis() % 1_000_000_000L;
      byte[] body = b2bOrder(orderId, LINES);
      assertThat(body.length).as("a body near the intake's limit").isBetween(3 * 1024 * 1024, 5 * 1024 * 1024);

      WebhookDelivery answer = sender.send(WebhookEvent.of("orders/create", body));
      assertThat(answer.status()).as(answer.responseBody()).isEqualTo(200);
      ShopifyOrderFactory factory = new ShopifyOrderFactory(ShopifyOrderFactory.Settings.seeded(orderId)
          .withFirstOrderId(orderId + 1));
      List<ShopifyOrder> after = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ShopifyOrder order = factory.next();
        after.add(order);
        assertThat(sender.send(WebhookEvent.ordersCreate(order)).status()).isEqualTo(200);
      }

      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> after.stream().allMatch(order -> !salesOrders(order.orderId()).isEmpty()));
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> stats().has("shopify:" + orderId));
      IngestionTestStack.awaitQuiet(Duration.ofSeconds(120));

      JsonNode large = salesOrders(Long.toString(orderId));
      assertThat(large).hasSize(1);
      assertThat(large.get(0).get("lines")).hasSize(LINES);
      assertThat(large.get(0).get("total").asString()).isEqualTo(LINES + ".00");
      assertThat(stats().get("shopify:" + orderId).asInt()).isEqualTo(1);
      for (ShopifyOrder order : after) {
        assertThat(salesOrders(order.orderId())).hasSize(1);
        assertThat(stats().get("shopify:" + order.orderId()).asInt()).isEqualTo(1);
      }
    } finally {
      ingestion.close();
    }
  }

  /** A Shopify order in the compact shape many B2B apps send: {@code lines} lines of one unit at 1.00, no tax. */
  static byte[] b2bOrder(long orderId, int lines) {
    StringBuilder json = new StringBuilder(lines * 100);
    json.append("{\"id\":").append(orderId).append(",\"name\":\"#B2B-").append(orderId % 100000)
        .append("\",\"currency\":\"USD\",\"created_at\":\"2026-11-30T08:00:00-05:00\",\"taxes_included\":false,")
        .append("\"total_tax\":\"0.00\",\"total_price\":\"").append(lines).append(".00\",\"line_items\":[");
    for (int i = 0; i < lines; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"id\":").append(90_000_000_000L + i).append(",\"sku\":\"SKU-")
          .append(String.format("%04d", 1 + i % 990)).append("\",\"quantity\":1,\"price\":\"1.00\",")
          .append("\"title\":\"Pallet item ").append(i).append("\",\"tax_lines\":[]}");
    }
    json.append("],\"shipping_lines\":[]}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode stats() {
    return IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats").get("salesOrders");
  }
}
