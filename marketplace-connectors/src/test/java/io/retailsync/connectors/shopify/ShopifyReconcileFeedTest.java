package io.retailsync.connectors.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.model.CanonicalValidator;
import io.retailsync.model.OrderConsistency;
import io.retailsync.model.json.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Admin API's {@code orders.json} page, order by order, against its golden canonical orders. */
class ShopifyReconcileFeedTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = ShopifyReconcileFeedTest.class.getResourceAsStream("/fixtures/shopify/admin-orders/" + name)) {
      if (in == null) {
        throw new IOException("no fixture " + name);
      }
      return in.readAllBytes();
    }
  }

  @Test
  void mapsEachOrderOfTheAdminApiPageToItsGoldenCanonicalOrder() throws IOException {
    List<PolledOrder> orders = ShopifyReconcileFeed.orders(fixture("orders-page.json")).stream()
        .map(ShopifyReconcileFeed::toPolled).toList();
    JsonNode golden = JSON.readTree(fixture("orders-page.canonical.json"));

    assertThat(orders).hasSize(3).allMatch(PolledOrder::isValid);
    for (int i = 0; i < orders.size(); i++) {
      PolledOrder polled = orders.get(i);
      assertThat(CanonicalJson.tree(CanonicalJson.toBytes(polled.order())))
          .as(polled.orderId()).isEqualTo(CanonicalJson.tree(JSON.writeValueAsBytes(golden.get(i))));
      assertThat(new CanonicalValidator().violations(polled.order())).isEmpty();
      assertThat(OrderConsistency.check(polled.order())).isEmpty();
      assertThat(polled.lastModified()).isEqualTo(polled.order().updatedAt());
    }
    assertThat(orders).extracting(PolledOrder::orderId)
        .containsExactly("5810000001001", "5810000001002", "5810000001003");
    assertThat(orders).extracting(PolledOrder::state)
        .containsExactly(PolledOrder.State.OPEN, PolledOrder.State.CANCELLED, PolledOrder.State.OPEN);
    assertThat(orders).extracting(PolledOrder::marketplaceStatus)
        .containsExactly("paid/unfulfilled", "voided/unfulfilled", "paid/partial");
    assertThat(orders.get(1).lastModified()).isEqualTo(Instant.parse("2026-11-30T10:30:00Z"));
  }

  @Test
  void rawIsTheOrderObjectExactlySoTheIngestionServiceReadsItsLifecycle() throws IOException {
    byte[] page = fixture("orders-page.json");
    List<byte[]> raws = ShopifyReconcileFeed.orders(page);
    JsonNode tree = JSON.readTree(page).get("orders");
    String text = new String(page, StandardCharsets.UTF_8);
    for (int i = 0; i < raws.size(); i++) {
      String raw = new String(raws.get(i), StandardCharsets.UTF_8);
      assertThat(text).contains(raw);
      assertThat(raw).startsWith("{").endsWith("}");
      assertThat(JSON.readTree(raws.get(i))).isEqualTo(tree.get(i));
    }
    ShopifyOrderLifecycle cancelled = ShopifyOrderMapper.lifecycle(ShopifyOrderMapper.parse(raws.get(1)));
    assertThat(cancelled.cancelled()).isTrue();
    assertThat(cancelled.cancelReason()).isEqualTo("customer");
    assertThat(cancelled.fulfilmentStarted()).isFalse();
    ShopifyOrderLifecycle partial = ShopifyOrderMapper.lifecycle(ShopifyOrderMapper.parse(raws.get(2)));
    assertThat(partial.cancelled()).isFalse();
    assertThat(partial.fulfilmentStarted()).isTrue();
  }

  @Test
  void anOrderThatCannotBeMappedIsInvalidAndTheRestOfThePageStands() {
    String page = """
        {"orders":[
          {"id": 11, "updated_at": "2026-11-30T09:00:00-05:00", "financial_status": "paid",
           "line_items": [{"id": 2, "price": "abc"}]},
          {"id": 12, "created_at": "2026-11-30T09:00:00-05:00", "updated_at": "2026-11-30T09:00:00-05:00",
           "currency": "USD", "line_items": [{"id": 3, "sku": "SKU-0001", "title": "Tee\\u0000Shirt", "quantity": 1, "price": "1.00"}]},
          {"updated_at": "2026-11-30T09:00:00-05:00", "line_items": []},
          {"id": 14, "created_at": "2026-11-30T09:00:00-05:00", "updated_at": "yesterday", "line_items": []},
          {"id": 15, "created_at": "2026-11-30T09:00:00-05:00", "updated_at": "2026-11-30T09:00:00-05:00",
           "currency": "USD", "total_price": "1.00", "shipping_lines": [],
           "line_items": [{"id": 4, "sku": "SKU-0001", "quantity": 1, "price": "1.00", "tax_lines": []}]}
        ]}""";
    List<PolledOrder> orders = ShopifyReconcileFeed.orders(page.getBytes(StandardCharsets.UTF_8)).stream()
        .map(ShopifyReconcileFeed::toPolled).toList();

    assertThat(orders).hasSize(5);
    assertThat(orders.get(0).isValid()).isFalse();
    assertThat(orders.get(0).orderId()).isEqualTo("11");
    assertThat(orders.get(0).invalidReason()).contains("line_items[0].price");
    assertThat(orders.get(0).lastModified()).isEqualTo(Instant.parse("2026-11-30T14:00:00Z"));
    assertThat(orders.get(0).marketplaceStatus()).isEqualTo("paid/unfulfilled");
    assertThat(orders.get(1).isValid()).isFalse();
    assertThat(orders.get(1).orderId()).isEqualTo("12");
    assertThat(orders.get(1).invalidReason()).contains("lines[0].title", "NUL");
    assertThat(orders.get(2).isValid()).isFalse();
    assertThat(orders.get(2).orderId()).isEqualTo("unknown");
    assertThat(orders.get(2).invalidReason()).contains("no id");
    assertThat(orders.get(3).isValid()).isFalse();
    assertThat(orders.get(3).invalidReason()).contains("updated_at");
    assertThat(orders.get(4).isValid()).isTrue();
    assertThat(orders).allSatisfy(order -> assertThat(order.raw()).isNotEmpty());
  }

  @Test
  void aBodyThatIsNoOrderListIsTransientNotAnEmptyPage() {
    for (String body : List.of("<html>busy</html>", "{\"errors\":\"oops\"}", "[]", "{\"orders\": {}}",
        "{\"orders\": [{\"id\": 1}")) {
      assertThatThrownBy(() -> ShopifyReconcileFeed.orders(body.getBytes(StandardCharsets.UTF_8)))
          .as(body).isInstanceOf(MarketplaceUnavailableException.class);
    }
    assertThat(ShopifyReconcileFeed.orders("{\"orders\": []}".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }
}
