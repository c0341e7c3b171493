package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.OPS_TOKEN;
import static io.retailsync.ingestion.IngestionTestStack.SECRET;
import static io.retailsync.ingestion.IngestionTestStack.SHOP;
import static io.retailsync.ingestion.IngestionTestStack.salesOrders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sandbox.shopify.ShopifyOrderFactory;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookDelivery;
import io.retailsync.sandbox.shopify.WebhookEvent;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * End to end through the real order-ingestion service, Kafka, PostgreSQL and the sandbox ERP: signed
 * Shopify webhooks in, sales orders out, each exactly once however often and however concurrently the
 * webhook is delivered.
 */
@SyncIntegrationTest
class ShopifyOrderFlowIT {

  private static ConfigurableApplicationContext ingestion;
  private static String ingestionUrl;
  private static ShopifyWebhookSender sender;
  private static ShopifyOrderFactory orders;

  @BeforeAll
  static void start() {
    ingestion = IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of());
    ingestionUrl = "http://127.0.0.1:" + IngestionTestStack.port(ingestion);
    sender = new ShopifyWebhookSender(URI.create(ingestionUrl + "/webhooks/shopify"), SHOP, SECRET);
    orders = new ShopifyOrderFactory(ShopifyOrderFactory.Settings.seeded(System.nanoTime())
        .withFirstOrderId(5_000_000_000_000L + (System.currentTimeMillis() % 1_000_000_000L) * 1000));
  }

  @AfterAll
  static void stop() {
    ingestion.close();
  }

  @Test
  void twoHundredOrdersDeliveredThriceSomeConcurrentlyBecomeExactlyTwoHundredSalesOrders() throws Exception {
    List<ShopifyOrder> created = new ArrayList<>();
    List<WebhookEvent> deliveries = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ShopifyOrder order = orders.next();
      created.add(order);
      WebhookEvent event = WebhookEvent.ordersCreate(order);
      deliveries.add(event);
      deliveries.add(event);
      // the same order again under another event id (a second subscription, an app re-sending it): only
      // order-level deduplication by external reference catches this one
      deliveries.add(WebhookEvent.ordersCreate(order));
    }
    Collections.shuffle(deliveries.subList(150, 600));
    List<WebhookDelivery> answers = sender.sendAll(deliveries, 8);
    assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> created.stream().allMatch(order -> !salesOrders(order.orderId()).isEmpty()));
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(120));
    for (ShopifyOrder order : created) {
      JsonNode salesOrders = salesOrders(order.orderId());
      assertThat(salesOrders).hasSize(1);
      assertThat(salesOrders.get(0).get("externalReference").asString()).isEqualTo("shopify:" + order.orderId());
      assertThat(salesOrders.get(0).get("lines")).hasSize(order.lines().size());
    }
    JsonNode stats = stats();
    for (ShopifyOrder order : created) {
      assertThat(stats.get("salesOrders").get("shopify:" + order.orderId()).asInt())
          .as("posts the ERP received for %s", order.orderId()).isEqualTo(1);
    }
    String metrics = IngestionTestStack.get(ingestionUrl + "/actuator/prometheus", null).body();
    assertThat(metrics).contains("sync_orders_ingested_total{channel=\"shopify\",outcome=\"accepted\"}")
        .contains("sync_duplicates_suppressed_total{channel=\"shopify\",kind=\"delivery\"}")
        .contains("sync_duplicates_suppressed_total{channel=\"shopify\",kind=\"order\"}")
        .contains("sync_orders_unposted").contains("sync_outbox_pending")
        .contains("sync_external_call_seconds_bucket").contains("system=\"erp\"")
        .contains("sync_exceptions_open{service=\"ingestion\",type=\"INVALID_PAYLOAD\"}")
        .contains("kafka_consumer_fetch_manager_records_lag");

    ShopifyOrder first = created.get(0);
    HttpResponse<String> lineage = IngestionTestStack.get(
        ingestionUrl + "/api/lineage/shopify/" + first.orderId(), OPS_TOKEN);
    assertThat(lineage.statusCode()).isEqualTo(200);
    JsonNode body = CanonicalJson.tree(lineage.body().getBytes());
    assertThat(body.get("correlationId").asString()).isNotBlank();
    assertThat(body.get("erpDocuments").get(0).get("kind").asString()).isEqualTo("SALES_ORDER");
    assertThat(body.get("erpDocuments").get(0).get("documentNumber").asString())
        .isEqualTo(salesOrders(first.orderId()).get(0).get("documentNumber").asString());
    assertThat(lineage.body()).contains("OrderReceived").contains("OrderAccepted");
    assertThat(IngestionTestStack.get(ingestionUrl + "/api/lineage/shopify/404404", OPS_TOKEN).statusCode())
        .isEqualTo(404);
  }

  static JsonNode stats() {
    return IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats");
  }
}
