package io.retailsync.connectors.amazon;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.model.CanonicalValidator;
import io.retailsync.model.OrderConsistency;
import io.retailsync.model.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AmazonOrderMapperTest {

  @ParameterizedTest
  @ValueSource(strings = {"us-mfn-promotions", "de-afn-vat-included", "us-partially-canceled", "jp-uneven-split",
      "us-canceled"})
  void ordersAsAmazonSendsThemMatchTheirGoldenCanonicalOrder(String name) {
    PolledOrder polled = AmazonOrderMapper.map(AmazonFixtures.order(name), AmazonFixtures.items(name));

    assertThat(polled.invalidReason()).isNull();
    assertThat(CanonicalJson.tree(CanonicalJson.toBytes(polled.order())))
        .isEqualTo(CanonicalJson.tree(AmazonFixtures.bytes(name + ".canonical.json")));
    assertThat(new CanonicalValidator().violations(polled.order())).isEmpty();
    assertThat(OrderConsistency.check(polled.order())).isEmpty();
    assertThat(polled.orderId()).isEqualTo(AmazonFixtures.order(name).get("AmazonOrderId").stringValue());
    assertThat(polled.lastModified())
        .isEqualTo(Instant.parse(AmazonFixtures.order(name).get("LastUpdateDate").stringValue()));
    assertThat(polled.marketplaceStatus()).isEqualTo(AmazonFixtures.order(name).get("OrderStatus").stringValue());
  }

  @Test
  void statesFollowAmazonsStatusModel() {
    assertThat(state("us-mfn-promotions")).isEqualTo(PolledOrder.State.OPEN);
    assertThat(state("de-afn-vat-included")).isEqualTo(PolledOrder.State.OPEN);
    assertThat(state("us-partially-canceled")).isEqualTo(PolledOrder.State.OPEN);
    assertThat(state("us-canceled")).isEqualTo(PolledOrder.State.CANCELLED);
    assertThat(AmazonOrderMapper.state("Pending")).isEqualTo(PolledOrder.State.WAITING);
    assertThat(AmazonOrderMapper.state("PendingAvailability")).isEqualTo(PolledOrder.State.WAITING);
    assertThat(AmazonOrderMapper.state("InvoiceUnconfirmed")).isEqualTo(PolledOrder.State.OPEN);
    assertThat(AmazonOrderMapper.state("Unfulfillable")).isEqualTo(PolledOrder.State.CANCELLED);
    assertThat(AmazonOrderMapper.state("Lost")).isNull();
  }

  @Test
  void aPendingOrderWithoutPricesWaitsWithAnOrderAndIsNotInvalid() {
    ObjectNode order = (ObjectNode) AmazonFixtures.order("us-mfn-promotions");
    order.put("OrderStatus", "Pending");
    order.remove("OrderTotal");
    List<JsonNode> items = AmazonFixtures.items("us-mfn-promotions");
    items.forEach(item -> ((ObjectNode) item)
        .remove(List.of("ItemPrice", "ItemTax", "PromotionDiscount", "PromotionDiscountTax")));

    PolledOrder polled = AmazonOrderMapper.map(order, items);

    assertThat(polled.state()).isEqualTo(PolledOrder.State.WAITING);
    assertThat(polled.isValid()).isTrue();
    assertThat(polled.order().total()).isNull();
    assertThat(polled.order().currency()).isEqualTo("USD");
  }

  @Test
  void anOpenOrderWithoutAPriceIsInvalidNamingTheField() {
    JsonNode order = AmazonFixtures.order("us-mfn-promotions");
    List<JsonNode> items = AmazonFixtures.items("us-mfn-promotions");
    ((ObjectNode) items.get(1)).remove("ItemPrice");

    PolledOrder polled = AmazonOrderMapper.map(order, items);

    assertThat(polled.isValid()).isFalse();
    assertThat(polled.order()).isNull();
    assertThat(polled.orderId()).isEqualTo("113-4567890-1234567");
    assertThat(polled.invalidReason()).contains("OrderItems[1].ItemPrice is missing");
    assertThat(new String(polled.raw(), StandardCharsets.UTF_8)).contains("\"OrderItems\"", "SKU-0012");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/AmazonOrderId|remove||AmazonOrderId is missing",
      "/AmazonOrderId|set|113-\u0000567890-1234567|AmazonOrderId contains a NUL character",
      "/PurchaseDate|remove||PurchaseDate is missing",
      "/PurchaseDate|set|yesterday|PurchaseDate is not an ISO-8601 timestamp",
      "/LastUpdateDate|set|2026-13-45|LastUpdateDate is not an ISO-8601 timestamp",
      "/OrderStatus|set|Teleported|OrderStatus is not one of Amazon's values",
      "/OrderStatus|remove||OrderStatus is missing",
      "/OrderTotal/Amount|set|eighty-one|OrderTotal.Amount is not a decimal amount",
      "/OrderTotal/Amount|set|81.515|OrderTotal.Amount 81.515 has more decimals than USD allows",
      "/OrderTotal/Amount|set|1e999999999|OrderTotal.Amount",
      "/OrderTotal/CurrencyCode|set|XYZ|OrderTotal.CurrencyCode is not an ISO 4217 currency",
      "/0/SellerSKU|remove||OrderItems[0].SellerSKU is missing",
      "/0/SellerSKU|set|SKU-\u00007|OrderItems[0].SellerSKU contains a NUL character",
      "/1/SellerSKU|set|SKU-\t12|OrderItems[1].SellerSKU contains control characters",
      "/0/OrderItemId|remove||OrderItems[0].OrderItemId is missing",
      "/0/Title|set|T\u0000ee|OrderItems[0].Title contains a NUL character",
      "/0/QuantityOrdered|set|two|OrderItems[0].QuantityOrdered",
      "/0/QuantityOrdered|set|-1|OrderItems[0].QuantityOrdered must not be negative",
      "/0/QuantityOrdered|remove||OrderItems[0].QuantityOrdered is missing",
      "/1/ItemPrice/Amount|set|NaN|OrderItems[1].ItemPrice.Amount is not a decimal amount",
      "/1/ItemPrice/Amount|set|-10.00|OrderItems[1].ItemPrice.Amount must not be negative",
      "/1/ItemPrice/CurrencyCode|set|EUR|OrderItems[1].ItemPrice.CurrencyCode 'EUR' differs from the order's currency USD",
      "/0/PromotionDiscountTax/Amount|set|9.99|OrderItems[0].PromotionDiscountTax 9.99 exceeds ItemTax 3.20",
      "/0/ShippingDiscount/Amount|set|6.00|OrderItems[0].ShippingDiscount 6.00 exceeds ShippingPrice 4.99"})
  void invalidInputIsAnInvalidPolledOrderNamingTheFieldNeverAnException(String pointer, String action, String value,
      String expected) {
    JsonNode order = AmazonFixtures.order("us-mfn-promotions");
    List<JsonNode> items = AmazonFixtures.items("us-mfn-promotions");
    JsonNode target;
    String path;
    if (Character.isDigit(pointer.charAt(1))) {
      int slash = pointer.indexOf('/', 1);
      target = items.get(Integer.parseInt(pointer.substring(1, slash)));
      path = pointer.substring(slash);
    } else {
      target = order;
      path = pointer;
    }
    int last = path.lastIndexOf('/');
    ObjectNode parent = (ObjectNode) (last == 0 ? target : target.at(path.substring(0, last)));
    String field = path.substring(last + 1);
    if (action.equals("remove")) {
      parent.remove(field);
    } else if (field.equals("QuantityOrdered") && value.matches("-?\\d+")) {
      parent.put(field, Integer.parseInt(value));
    } else {
      parent.put(field, value);
    }

    PolledOrder polled = AmazonOrderMapper.map(order, items);

    assertThat(polled.isValid()).isFalse();
    assertThat(polled.order()).isNull();
    assertThat(polled.invalidReason()).contains(expected);
    assertThat(polled.orderId()).isNotBlank().doesNotContain("\u0000");
    assertThat(polled.raw()).isNotEmpty();
  }

  @Test
  void anOrderWithoutIdGetsAStableStandInId() {
    ObjectNode order = (ObjectNode) AmazonFixtures.order("us-mfn-promotions");
    order.remove("AmazonOrderId");
    PolledOrder first = AmazonOrderMapper.map(order, List.of());
    PolledOrder again = AmazonOrderMapper.map(order.deepCopy(), List.of());
    assertThat(first.orderId()).startsWith("unknown-").isEqualTo(again.orderId());
    assertThat(AmazonOrderMapper.map(AmazonFixtures.JSON.readTree("[1]"), null).isValid()).isFalse();
    assertThat(AmazonOrderMapper.map(null, null).isValid()).isFalse();
  }

  @Test
  void itemsThatAreNotObjectsOrAnEmptyOpenOrderAreInvalid() {
    JsonNode order = AmazonFixtures.order("us-mfn-promotions");
    assertThat(AmazonOrderMapper.map(order, List.of()).invalidReason()).contains("OrderItems is empty");
    assertThat(AmazonOrderMapper.map(order, List.of(AmazonFixtures.JSON.readTree("\"x\""))).invalidReason())
        .contains("OrderItems[0] is not an object");
  }

  @Test
  void aCancelledOrderThatCannotBeMappedStaysCancelled() {
    ObjectNode order = (ObjectNode) AmazonFixtures.order("us-canceled");
    order.put("PurchaseDate", "soon");
    PolledOrder polled = AmazonOrderMapper.map(order, AmazonFixtures.items("us-canceled"));
    assertThat(polled.state()).isEqualTo(PolledOrder.State.CANCELLED);
    assertThat(polled.isValid()).isFalse();
    assertThat(polled.invalidReason()).contains("PurchaseDate");
  }

  @Test
  void doesNotCarryBuyerDataAndKeepsLongTitlesWithinTheModel() {
    List<JsonNode> items = AmazonFixtures.items("us-mfn-promotions");
    ((ObjectNode) items.get(0)).put("Title", "T".repeat(500));
    PolledOrder polled = AmazonOrderMapper.map(AmazonFixtures.order("us-mfn-promotions"), items);
    String canonical = CanonicalJson.toJson(polled.order());
    assertThat(canonical).doesNotContain("marketplace.amazon.com", "BuyerInfo");
    assertThat(polled.order().lines().get(0).title()).hasSize(255).endsWith("…");
    assertThat(new CanonicalValidator().violations(polled.order())).isEmpty();
  }

  private static PolledOrder.State state(String name) {
    return AmazonOrderMapper.map(AmazonFixtures.order(name), AmazonFixtures.items(name)).state();
  }
}
