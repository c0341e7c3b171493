package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.OPS_TOKEN;
import static io.retailsync.ingestion.IngestionTestStack.SECRET;
import static io.retailsync.ingestion.IngestionTestStack.SHOP;
import static io.retailsync.ingestion.IngestionTestStack.salesOrders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookEvent;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Every Shopify order topic end to end, against an ERP that does not deduplicate: edits in and out of
 * order, cancellations before and after the sales order exists and after fulfilment started, and refunds
 * as credit memos. Counts are read once the pipeline is quiet.
 */
@SyncIntegrationTest
class ShopifyOrderChangesIT {

  private static final AtomicLong IDS = new AtomicLong(7_000_000_000_000L + (System.currentTimeMillis() % 1_000_000_000L) * 1000);
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

  private static ConfigurableApplicationContext ingestion;
  private static String ingestionUrl;
  private static ShopifyWebhookSender sender;

  @BeforeAll
  static void start() {
    ingestion = IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of());
    ingestionUrl = "http://127.0.0.1:" + IngestionTestStack.port(ingestion);
    sender = new ShopifyWebhookSender(URI.create(ingestionUrl + "/webhooks/shopify"), SHOP, SECRET);
  }

  @AfterAll
  static void stop() {
    ingestion.close();
  }

  @Test
  void anEditUpdatesTheSalesOrderOnceAndAStaleOneArrivingLaterChangesNothing() throws Exception {
    long id = IDS.incrementAndGet();
    send("orders/create", order(id, T0, null, null, line(1, "SKU-0101", 1, "10.00")), 2);
    awaitSalesOrder(id);
    String edited = order(id, T0.plusSeconds(60), null, null, line(1, "SKU-0101", 3, "10.00"), line(2, "SKU-0102", 1, "5.50"));
    send("orders/updated", edited, 2);
    // an older version of the order, delivered late (Shopify retries carry the payload of their time)
    send("orders/updated", order(id, T0.plusSeconds(30), null, null, line(1, "SKU-0101", 2, "10.00")), 1);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));

    JsonNode salesOrders = salesOrders(String.valueOf(id));
    assertThat(salesOrders).hasSize(1);
    assertThat(salesOrders.get(0).get("lines")).hasSize(2);
    assertThat(salesOrders.get(0).get("lines").get(0).get("quantity").asInt()).isEqualTo(3);
    assertThat(new BigDecimal(salesOrders.get(0).get("total").asString())).isEqualByComparingTo("35.50");
    assertThat(count("salesOrders", id)).isEqualTo(1);
    assertThat(count("salesOrderUpdates", id)).isEqualTo(1);
  }

  @Test
  void twoEditsWithinOneSecondAndBackLeaveTheSalesOrderOnTheContentThatArrivedLast() throws Exception {
    long id = IDS.incrementAndGet();
    send("orders/create", order(id, T0, null, null, line(1, "SKU-0105", 1, "10.00")), 1);
    awaitSalesOrder(id);
    // Shopify's updated_at has whole seconds: A, B and A again share one
    Instant second = T0.plusSeconds(120);
    String a = order(id, second, null, null, line(1, "SKU-0105", 2, "10.00"));
    String b = order(id, second, null, null, line(1, "SKU-0105", 5, "10.00"));
    send("orders/updated", a, 1);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    send("orders/updated", b, 1);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    send("orders/updated", a, 1);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));

    JsonNode salesOrders = salesOrders(String.valueOf(id));
    assertThat(salesOrders).hasSize(1);
    assertThat(salesOrders.get(0).get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
    assertThat(count("salesOrders", id)).isEqualTo(1);
    assertThat(count("salesOrderUpdates", id)).isEqualTo(3);
  }

  @Test
  void anEditThatArrivesBeforeTheCreationIsTheOrderPostedAndTheCreationIsStale() throws Exception {
    long id = IDS.incrementAndGet();
    send("orders/updated", order(id, T0.plusSeconds(90), null, null, line(1, "SKU-0111", 4, "2.25")), 1);
    send("orders/create", order(id, T0, null, null, line(1, "SKU-0111", 1, "2.25")), 1);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    JsonNode salesOrders = salesOrders(String.valueOf(id));
    assertThat(salesOrders).hasSize(1);
    assertThat(salesOrders.get(0).get("lines").get(0).get("quantity").asInt()).isEqualTo(4);
    assertThat(count("salesOrders", id)).isEqualTo(1);
    assertThat(count("salesOrderUpdates", id)).isZero();
  }

  @Test
  void aCancellationCancelsThePostedSalesOrderOnceHoweverOftenItIsDelivered() throws Exception {
    long id = IDS.incrementAndGet();
    send("orders/create", order(id, T0, null, null, line(1, "SKU-0121", 1, "19.99")), 1);
    awaitSalesOrder(id);
    String cancelled = order(id, T0.plusSeconds(120), T0.plusSeconds(120), null, line(1, "SKU-0121", 1, "19.99"));
    send("orders/cancelled", cancelled, 3);
    send("orders/cancelled", cancelled, 1);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    JsonNode salesOrders = salesOrders(String.valueOf(id));
    assertThat(salesOrders).hasSize(1);
    assertThat(salesOrders.get(0).get("status").asString()).isEqualTo("CANCELLED");
    assertThat(count("cancellations", id)).isEqualTo(1);
    assertThat(IngestionTestStack.receivedStatus(String.valueOf(id))).isEqualTo("CANCELLED");
  }

  @Test
  void anOrderCancelledBeforeItReachedTheErpIsNeverPosted() throws Exception {
    long id = IDS.incrementAndGet();
    send("orders/cancelled", order(id, T0.plusSeconds(10), T0.plusSeconds(10), null, line(1, "SKU-0131", 1, "9.00")), 1);
    send("orders/create", order(id, T0, null, null, line(1, "SKU-0131", 1, "9.00")), 1);
    long other = IDS.incrementAndGet();
    send("orders/create", order(other, T0, null, null, line(1, "SKU-0132", 1, "9.00")), 1);
    awaitSalesOrder(other);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    assertThat(salesOrders(String.valueOf(id))).isEmpty();
    assertThat(count("salesOrders", id)).isZero();
  }

  @Test
  void anOrderCancelledWhileItsCreationWaitsInKafkaIsNeverPostedAndItsRefundCreditsNothing() throws Exception {
    var posting = ingestion.getBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class)
        .getListenerContainer("erp-posting");
    var memos = ingestion.getBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class)
        .getListenerContainer("erp-credit-memos");
    long id = IDS.incrementAndGet();
    posting.pause();
    memos.pause();
    try {
      send("orders/create", order(id, T0, null, null, line(1, "SKU-0135", 1, "9.00")), 1);
      send("orders/cancelled", order(id, T0.plusSeconds(30), T0.plusSeconds(30), null, line(1, "SKU-0135", 1, "9.00")), 1);
      send("refunds/create", """
          {"id": %d, "order_id": %d, "created_at": "%s", "refund_line_items": [],
           "transactions": [{"id": 1, "kind": "refund", "status": "success", "amount": "9.00", "currency": "USD"}]}"""
          .formatted(id + 900, id, T0.plusSeconds(31)), 1);
    } finally {
      posting.resume();
      memos.resume();
    }
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    assertThat(salesOrders(String.valueOf(id))).isEmpty();
    assertThat(count("salesOrders", id)).isZero();
    assertThat(IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/erp/credit-memos?salesOrderReference=shopify:" + id))
        .isEmpty();
    assertThat(IngestionTestStack.receivedStatus(String.valueOf(id))).isEqualTo("CANCELLED");
  }

  @Test
  void aCancellationRefusedBeforeTheOrderWasPostedLetsTheOrderBePostedAfterAll() throws Exception {
    var posting = ingestion.getBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class)
        .getListenerContainer("erp-posting");
    long id = IDS.incrementAndGet();
    posting.pause();
    try {
      send("orders/create", order(id, T0, null, null, line(1, "SKU-0136", 1, "9.00")), 1);
      // the marketplace cancels, but its fulfilment has started: not a cancellation the middleware carries out
      send("orders/cancelled", order(id, T0.plusSeconds(30), T0.plusSeconds(30), "partial",
          line(1, "SKU-0136", 1, "9.00")), 1);
    } finally {
      posting.resume();
    }
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    assertThat(exceptions(id, "CANCEL_AFTER_FULFILMENT")).hasSize(1);
    assertThat(salesOrders(String.valueOf(id))).hasSize(1);
    assertThat(count("salesOrders", id)).isEqualTo(1);
  }

  @Test
  void aCancellationAfterFulfilmentStartedIsAnExceptionNotASilentCancel() throws Exception {
    long marketplaceFulfilled = IDS.incrementAndGet();
    send("orders/create", order(marketplaceFulfilled, T0, null, null, line(1, "SKU-0141", 2, "4.00")), 1);
    awaitSalesOrder(marketplaceFulfilled);
    send("orders/cancelled", order(marketplaceFulfilled, T0.plusSeconds(300), T0.plusSeconds(300), "partial",
        line(1, "SKU-0141", 2, "4.00")), 1);

    long erpFulfilled = IDS.incrementAndGet();
    send("orders/create", order(erpFulfilled, T0, null, null, line(1, "SKU-0142", 1, "4.00")), 1);
    awaitSalesOrder(erpFulfilled);
    assertThat(IngestionTestStack.send("PUT", IngestionTestStack.sandboxUrl() + "/sandbox/erp/sales-orders/status", null,
        "{\"externalReference\": \"shopify:" + erpFulfilled + "\", \"status\": \"FULFILLED\"}").statusCode()).isEqualTo(200);
    send("orders/cancelled", order(erpFulfilled, T0.plusSeconds(300), T0.plusSeconds(300), null,
        line(1, "SKU-0142", 1, "4.00")), 1);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));

    assertThat(salesOrders(String.valueOf(marketplaceFulfilled)).get(0).get("status").asString()).isEqualTo("OPEN");
    assertThat(count("cancellations", marketplaceFulfilled)).isZero();
    assertThat(exceptions(marketplaceFulfilled, "CANCEL_AFTER_FULFILMENT")).hasSize(1);
    assertThat(salesOrders(String.valueOf(erpFulfilled)).get(0).get("status").asString()).isEqualTo("FULFILLED");
    JsonNode refused = exceptions(erpFulfilled, "CANCEL_AFTER_FULFILMENT");
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0).get("reason").asString()).contains("fulfilled");
  }

  @Test
  void aRefundBecomesOneCreditMemoWithItsLinesTaxAndShipping() throws Exception {
    long id = IDS.incrementAndGet();
    send("orders/create", order(id, T0, null, null, line(11, "SKU-0151", 2, "30.00"), line(12, "SKU-0152", 1, "5.00")), 1);
    String refund = """
        {"id": %d, "order_id": %d, "created_at": "%s", "note": "damaged",
         "refund_line_items": [{"id": 1, "line_item_id": 11, "quantity": 1, "restock_type": "return",
             "subtotal": "30.00", "total_tax": "0.00", "line_item": {"id": 11, "sku": "SKU-0151"}}],
         "transactions": [{"id": 9, "kind": "refund", "status": "success", "amount": "34.00", "currency": "USD"}],
         "order_adjustments": [{"id": 3, "kind": "shipping_refund", "amount": "-4.00", "tax_amount": "0.00",
             "amount_set": {"shop_money": {"amount": "-4.00", "currency_code": "USD"}}}]}"""
        .formatted(id + 500, id, T0.plusSeconds(600));
    // the refund may arrive before the order is in the ERP: it waits for it
    send("refunds/create", refund, 2);
    send("refunds/create", refund, 1);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    String reference = "shopify:" + id + ":refund:" + (id + 500);
    JsonNode memos = IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/erp/credit-memos?reference=" + reference);
    assertThat(memos).hasSize(1);
    assertThat(memos.get(0).get("salesOrderReference").asString()).isEqualTo("shopify:" + id);
    assertThat(new BigDecimal(memos.get(0).get("total").asString())).isEqualByComparingTo("34.00");
    assertThat(memos.get(0).get("lines")).hasSize(1);
    assertThat(memos.get(0).get("shippingAmount").asString()).isEqualTo("4.00");
    assertThat(memos.get(0).get("lines").get(0).get("sku").asString()).isEqualTo("SKU-0151");
    assertThat(memos.get(0).get("lines").get(0).get("amount").asString()).isEqualTo("30.00");
    assertThat(IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats").get("creditMemos")
        .get(reference).asInt()).isEqualTo(1);
    String lineage = IngestionTestStack.get(ingestionUrl + "/api/lineage/shopify/" + id, OPS_TOKEN).body();
    assertThat(lineage).contains("CREDIT_MEMO").contains("CreditMemoPosted");
  }

  private static void send(String topic, String body, int deliveries) {
    WebhookEvent event = WebhookEvent.of(topic, body);
    for (int i = 0; i < deliveries; i++) {
      assertThat(sender.send(event).status()).as("answer to %s", topic).isEqualTo(200);
    }
  }

  private static void awaitSalesOrder(long id) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> !salesOrders(String.valueOf(id)).isEmpty());
  }

  private static int count(String kind, long id) {
    JsonNode count = IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats").get(kind)
        .get("shopify:" + id);
    return count == null ? 0 : count.asInt();
  }

  private static JsonNode exceptions(long id, String type) throws Exception {
    return CanonicalJson.tree(IngestionTestStack.get(ingestionUrl + "/api/exceptions?channel=shopify&orderId=" + id
        + "&type=" + type, OPS_TOKEN).body().getBytes()).get("items");
  }

  record Line(long id, String sku, int quantity, String price) {}

  static Line line(long id, String sku, int quantity, String price) {
    return new Line(id, sku, quantity, price);
  }

  /** A Shopify order body without tax or shipping: total = Σ price × quantity. */
  static String order(long id, Instant updatedAt, Instant cancelledAt, String fulfillmentStatus, Line... lines) {
    BigDecimal total = BigDecimal.ZERO;
    StringBuilder items = new StringBuilder();
    for (Line line : lines) {
      total = total.add(new BigDecimal(line.price()).multiply(BigDecimal.valueOf(line.quantity())));
      items.append(items.isEmpty() ? "" : ",").append("""
          {"id": %d, "sku": "%s", "title": "Item %s", "quantity": %d, "price": "%s", "tax_lines": [], "discount_allocations": []}"""
          .formatted(line.id(), line.sku(), line.sku(), line.quantity(), line.price()));
    }
    return """
        {"id": %d, "name": "#%d", "currency": "USD", "created_at": "%s", "updated_at": "%s", "cancelled_at": %s,
         "cancel_reason": %s, "financial_status": "paid", "fulfillment_status": %s, "taxes_included": false,
         "total_price": "%s", "total_tax": "0.00", "tax_lines": [], "shipping_lines": [], "line_items": [%s]}"""
        .formatted(id, id % 100000, T0, updatedAt, cancelledAt == null ? "null" : "\"" + cancelledAt + "\"",
            cancelledAt == null ? "null" : "\"customer\"", fulfillmentStatus == null ? "null" : "\"" + fulfillmentStatus + "\"",
            total.setScale(2), items);
  }
}
