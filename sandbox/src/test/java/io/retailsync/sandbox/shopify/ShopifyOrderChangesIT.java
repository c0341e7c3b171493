package io.retailsync.sandbox.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.sandbox.SandboxHttp;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The order controls over HTTP: each change's webhook as order-ingestion receives it, signed. */
@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=sandbox")
class ShopifyOrderChangesIT {

  static final WebhookReceiver RECEIVER = new WebhookReceiver("sandbox-shopify-secret");

  @DynamicPropertySource
  static void webhookTarget(DynamicPropertyRegistry registry) {
    registry.add("sandbox.shopify.webhook-url", RECEIVER::url);
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.stop();
  }

  @LocalServerPort
  int port;

  SandboxHttp http;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
  }

  /** A new order (its orders/create delivered), its body as sent. */
  private JsonNode newOrder(String spec) {
    JsonNode answer = http.post("/sandbox/shopify/orders", spec).json();
    String eventId = answer.get("orders").get(0).get("eventId").stringValue();
    JsonNode body = RECEIVER.ofEvent(eventId).get(0).json();
    RECEIVER.clear();
    return body;
  }

  private static long line(JsonNode order, int index) {
    return order.get("line_items").get(index).get("id").asLong();
  }

  private static BigDecimal amount(JsonNode node, String field) {
    return new BigDecimal(node.get(field).asString());
  }

  @Test
  void updateChangesQuantitiesAndAddsLinesAndSendsOrdersUpdated() {
    JsonNode order = newOrder("{\"count\": 1, \"skus\": [\"SKU-0010\", \"SKU-0011\"], \"quantity\": 1, \"discount\": true}");
    String id = order.get("id").asString();

    SandboxHttp.Response response = http.post("/sandbox/shopify/orders/" + id + "/update",
        "{\"setQuantities\": [{\"lineItemId\": " + line(order, 0) + ", \"quantity\": 3}],"
            + " \"addLines\": [{\"sku\": \"SKU-0012\", \"quantity\": 2}]}");

    assertThat(response.status()).isEqualTo(200);
    JsonNode answer = response.json();
    assertThat(answer.get("topic").stringValue()).isEqualTo("orders/updated");
    assertThat(answer.get("statuses").toString()).isEqualTo("[200]");
    List<WebhookReceiver.Received> deliveries = RECEIVER.ofEvent(answer.get("eventId").stringValue());
    assertThat(deliveries).singleElement().satisfies(delivery -> {
      assertThat(delivery.signatureValid()).isTrue();
      assertThat(delivery.topic()).isEqualTo("orders/updated");
      assertThat(delivery.triggeredAt()).isNotBlank();
      JsonNode body = delivery.json();
      assertThat(body.get("id").asString()).isEqualTo(id);
      assertThat(body.get("line_items")).hasSize(3);
      assertThat(body.get("line_items").get(0).get("quantity").intValue()).isEqualTo(3);
      assertThat(body.get("line_items").get(2).get("sku").stringValue()).isEqualTo("SKU-0012");
      assertThat(OffsetDateTime.parse(body.get("updated_at").stringValue()))
          .isAfter(OffsetDateTime.parse(order.get("updated_at").stringValue()));
      ShopifyOrderFactoryTest.assertArithmetic(body);
    });
    assertThat(http.get("/sandbox/shopify/orders/" + id).json().get("order"))
        .isEqualTo(deliveries.get(0).json());
  }

  @Test
  void deliveriesRepeatTheSameEventAndSkipSendsNothing() {
    JsonNode order = newOrder("{\"count\": 1, \"skus\": [\"SKU-0020\"], \"quantity\": 2}");
    String id = order.get("id").asString();

    JsonNode thrice = http.post("/sandbox/shopify/orders/" + id + "/update",
        "{\"setQuantities\": [{\"lineItemId\": " + line(order, 0) + ", \"quantity\": 4}], \"deliveries\": 3}").json();
    List<WebhookReceiver.Received> deliveries = RECEIVER.ofEvent(thrice.get("eventId").stringValue());
    assertThat(deliveries).hasSize(3);
    assertThat(deliveries).extracting(WebhookReceiver.Received::webhookId).doesNotHaveDuplicates();
    assertThat(deliveries).extracting(WebhookReceiver.Received::text).containsOnly(deliveries.get(0).text());
    assertThat(deliveries).extracting(WebhookReceiver.Received::triggeredAt).containsOnly(deliveries.get(0).triggeredAt());
    assertThat(thrice.get("statuses").toString()).isEqualTo("[200,200,200]");

    RECEIVER.clear();
    JsonNode skipped = http.post("/sandbox/shopify/orders/" + id + "/update",
        "{\"setQuantities\": [{\"lineItemId\": " + line(order, 0) + ", \"quantity\": 5}], \"webhook\": \"skip\"}").json();
    assertThat(skipped.get("statuses")).isEmpty();
    assertThat(skipped.get("webhook").stringValue()).isEqualTo("skip");
    assertThat(RECEIVER.all()).isEmpty();

    JsonNode stored = http.get("/sandbox/shopify/orders/" + id).json();
    assertThat(stored.get("order").get("line_items").get(0).get("quantity").intValue()).isEqualTo(5);
    JsonNode events = stored.get("events");
    assertThat(events).hasSize(3);
    assertThat(events.get(0).get("topic").stringValue()).isEqualTo("orders/create");
    assertThat(events.get(1).get("deliveries").intValue()).isEqualTo(3);
    assertThat(events.get(1).get("eventId")).isEqualTo(thrice.get("eventId"));
    assertThat(events.get(2).get("webhook").stringValue()).isEqualTo("skip");
    assertThat(events.get(2).get("body").get("line_items").get(0).get("quantity").intValue()).isEqualTo(5);
    assertThat(events.get(2).get("eventId").stringValue()).isNotEqualTo(events.get(1).get("eventId").stringValue());
    assertThat(stored.get("deliveries")).hasSize(4);
  }

  @Test
  void cancelSendsOrdersCancelledAndTheOrderCannotChangeAfterwards() {
    JsonNode order = newOrder("{\"count\": 1, \"skus\": [\"SKU-0030\"], \"quantity\": 1}");
    String id = order.get("id").asString();

    JsonNode answer = http.post("/sandbox/shopify/orders/" + id + "/cancel",
        "{\"reason\": \"inventory\", \"refund\": false}").json();

    assertThat(answer.get("topic").stringValue()).isEqualTo("orders/cancelled");
    WebhookReceiver.Received delivery = RECEIVER.ofEvent(answer.get("eventId").stringValue()).get(0);
    assertThat(delivery.topic()).isEqualTo("orders/cancelled");
    assertThat(delivery.signatureValid()).isTrue();
    JsonNode body = delivery.json();
    assertThat(body.get("cancelled_at").stringValue()).isEqualTo(body.get("updated_at").stringValue());
    assertThat(body.get("cancel_reason").stringValue()).isEqualTo("inventory");
    assertThat(body.get("financial_status").stringValue()).isEqualTo("voided");

    assertThat(http.post("/sandbox/shopify/orders/" + id + "/cancel", "{}").status()).isEqualTo(422);
    assertThat(http.post("/sandbox/shopify/orders/" + id + "/update",
        "{\"setQuantities\": [{\"lineItemId\": " + line(order, 0) + ", \"quantity\": 2}]}").status()).isEqualTo(422);

    JsonNode refunded = newOrder("{\"count\": 1, \"skus\": [\"SKU-0031\"], \"quantity\": 1}");
    JsonNode cancelled = http.post("/sandbox/shopify/orders/" + refunded.get("id").asString() + "/cancel", "{}").json();
    assertThat(cancelled.get("order").get("financial_status").stringValue()).isEqualTo("refunded");
    assertThat(cancelled.get("order").get("cancel_reason").stringValue()).isEqualTo("customer");
  }

  @Test
  void fulfilPartlyThenFullySendsOrdersUpdatedWithFulfillments() {
    JsonNode order = newOrder("{\"count\": 1, \"skus\": [\"SKU-0040\", \"SKU-0041\"], \"quantity\": 2}");
    String id = order.get("id").asString();

    JsonNode partly = http.post("/sandbox/shopify/orders/" + id + "/fulfil",
        "{\"lines\": [{\"lineItemId\": " + line(order, 0) + ", \"quantity\": 1}]}").json();
    JsonNode partBody = RECEIVER.ofEvent(partly.get("eventId").stringValue()).get(0).json();
    assertThat(RECEIVER.ofEvent(partly.get("eventId").stringValue()).get(0).topic()).isEqualTo("orders/updated");
    assertThat(partBody.get("fulfillment_status").stringValue()).isEqualTo("partial");
    assertThat(partBody.get("fulfillments")).hasSize(1);
    assertThat(partBody.get("fulfillments").get(0).get("line_items").get(0).get("quantity").intValue()).isEqualTo(1);
    assertThat(partBody.get("line_items").get(0).get("fulfillable_quantity").intValue()).isEqualTo(1);

    JsonNode fully = http.post("/sandbox/shopify/orders/" + id + "/fulfil", "{}").json();
    JsonNode fullBody = RECEIVER.ofEvent(fully.get("eventId").stringValue()).get(0).json();
    assertThat(fullBody.get("fulfillment_status").stringValue()).isEqualTo("fulfilled");
    assertThat(fullBody.get("fulfillments")).hasSize(2);
    assertThat(http.post("/sandbox/shopify/orders/" + id + "/fulfil", "{}").status()).isEqualTo(422);
  }

  @Test
  void refundsSendRefundsCreateInShopifysFormatAndAddUpToTheOrder() {
    JsonNode order = newOrder("{\"count\": 1, \"skus\": [\"SKU-0050\", \"SKU-0051\"], \"quantity\": 2, \"discount\": true}");
    String id = order.get("id").asString();

    JsonNode first = http.post("/sandbox/shopify/orders/" + id + "/refund",
        "{\"lines\": [{\"lineItemId\": " + line(order, 0) + ", \"quantity\": 1, \"restockType\": \"return\"}],"
            + " \"shipping\": true, \"note\": \"wrong size\"}").json();
    WebhookReceiver.Received delivery = RECEIVER.ofEvent(first.get("eventId").stringValue()).get(0);
    assertThat(delivery.topic()).isEqualTo("refunds/create");
    assertThat(delivery.signatureValid()).isTrue();
    JsonNode refund = delivery.json();
    assertThat(refund.get("id").asString()).isEqualTo(first.get("refundId").stringValue());
    assertThat(refund.get("order_id").asString()).isEqualTo(id);
    assertThat(refund.get("note").stringValue()).isEqualTo("wrong size");
    assertThat(refund.get("created_at").stringValue()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}-05:00");
    JsonNode item = refund.get("refund_line_items").get(0);
    assertThat(item.get("line_item_id").asLong()).isEqualTo(line(order, 0));
    assertThat(item.get("quantity").intValue()).isEqualTo(1);
    assertThat(item.get("restock_type").stringValue()).isEqualTo("return");
    assertThat(item.get("subtotal").isNumber()).isTrue();
    assertThat(item.get("line_item").get("sku").stringValue()).isEqualTo("SKU-0050");
    assertThat(refund.get("order_adjustments").get(0).get("kind").stringValue()).isEqualTo("shipping_refund");
    assertThat(refund.get("transactions").get(0).get("kind").stringValue()).isEqualTo("refund");
    assertThat(refund.get("transactions").get(0).get("status").stringValue()).isEqualTo("success");

    JsonNode second = http.post("/sandbox/shopify/orders/" + id + "/refund",
        "{\"lines\": [{\"lineItemId\": " + line(order, 0) + ", \"quantity\": 1},"
            + " {\"lineItemId\": " + line(order, 1) + ", \"quantity\": 2, \"restockType\": \"no_restock\"}]}").json();
    BigDecimal paidBack = amount(refund.get("transactions").get(0), "amount")
        .add(amount(RECEIVER.ofEvent(second.get("eventId").stringValue()).get(0).json().get("transactions").get(0),
            "amount"));
    assertThat(paidBack).isEqualByComparingTo(amount(order, "total_price"));
    assertThat(second.get("order").get("financial_status").stringValue()).isEqualTo("refunded");
    assertThat(second.get("order").get("refunds")).hasSize(2);
    assertThat(OffsetDateTime.parse(second.get("updatedAt").stringValue()))
        .isAfter(OffsetDateTime.parse(order.get("updated_at").stringValue()));

    SandboxHttp.Response tooMany = http.post("/sandbox/shopify/orders/" + id + "/refund",
        "{\"lines\": [{\"lineItemId\": " + line(order, 1) + ", \"quantity\": 1}]}");
    assertThat(tooMany.status()).isEqualTo(422);
    assertThat(tooMany.contentType()).startsWith("application/problem+json");
  }

  @Test
  void badChangesAreProblemsNot500s() {
    JsonNode order = newOrder("{\"count\": 1, \"skus\": [\"SKU-0060\"], \"quantity\": 1}");
    String id = order.get("id").asString();
    assertThat(http.post("/sandbox/shopify/orders/1/cancel", "{}").status()).isEqualTo(404);
    for (String body : List.of("{\"webhook\": \"maybe\"}", "{\"deliveries\": 0}", "{\"deliveries\": 11}",
        "{\"reason\": \"bored\"}")) {
      SandboxHttp.Response response = http.post("/sandbox/shopify/orders/" + id + "/cancel", body);
      assertThat(response.status()).as(body).isEqualTo(422);
      assertThat(response.contentType()).startsWith("application/problem+json");
    }
    for (String body : List.of("{}", "{\"setQuantities\": [{\"lineItemId\": 1, \"quantity\": 2}]}",
        "{\"setQuantities\": [{\"lineItemId\": " + line(order, 0) + ", \"quantity\": 0}]}",
        "{\"addLines\": [{\"quantity\": 2}]}")) {
      assertThat(http.post("/sandbox/shopify/orders/" + id + "/update", body).status()).as(body).isEqualTo(422);
    }
    assertThat(http.post("/sandbox/shopify/orders/" + id + "/refund", "{}").status()).isEqualTo(422);
    assertThat(http.post("/sandbox/shopify/orders/" + id + "/refund",
        "{\"lines\": [{\"lineItemId\": " + line(order, 0) + ", \"quantity\": 1, \"restockType\": \"later\"}]}").status())
        .isEqualTo(422);
    assertThat(RECEIVER.all()).isEmpty();
    assertThat(http.get("/sandbox/shopify/orders/" + id).json().get("events")).hasSize(1);
  }
}
