package io.retailsync.sandbox.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ShopifyOrderFactoryTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String GOLDEN = "fixtures/shopify/orders-create/basic.json";

  /** The order pinned by the golden fixture: NY taxes (shipping taxed), a discount code, paid shipping. */
  static ShopifyOrder basicOrder() {
    return new ShopifyOrderFactory(2)
        .next(ShopifyOrderFactory.OrderOptions.of(List.of("SKU-0003", "SKU-0021"), 1).withDiscount(true));
  }

  @Test
  void matchesTheGoldenFixture() throws IOException {
    ShopifyOrder order = basicOrder();
    JsonNode actual = JSON.readTree(order.body());
    if (Boolean.getBoolean("fixtures.update")) {
      Files.writeString(Path.of("src/test/resources", GOLDEN),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
    }
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(GOLDEN)) {
      assertThat(in).as(GOLDEN).isNotNull();
      assertThat(actual).isEqualTo(JSON.readTree(in));
    }
  }

  @Test
  void goldenOrderHasTheExpectedFigures() {
    JsonNode order = JSON.readTree(basicOrder().body());
    assertThat(order.get("name").stringValue()).isEqualTo("#1001");
    assertThat(order.get("order_number").intValue()).isEqualTo(1001);
    assertThat(order.get("id").isIntegralNumber()).isTrue();
    assertThat(order.get("admin_graphql_api_id").stringValue()).isEqualTo("gid://shopify/Order/" + order.get("id").longValue());
    assertThat(order.get("created_at").stringValue()).isEqualTo("2026-11-27T10:00:00-05:00");
    // 49.95 + 15.00; 10 % of 49.95 is 4.995, rounded half up per line.
    assertThat(order.get("total_line_items_price").stringValue()).isEqualTo("64.95");
    assertThat(order.get("total_discounts").stringValue()).isEqualTo("6.50");
    assertThat(order.get("subtotal_price").stringValue()).isEqualTo("58.45");
    assertThat(order.get("shipping_lines").get(0).get("price").stringValue()).isEqualTo("5.99");
    assertThat(order.get("total_tax").stringValue()).isEqualTo("5.48");
    assertThat(order.get("total_price").stringValue()).isEqualTo("69.92");
    assertThat(order.get("line_items").get(0).get("discount_allocations").get(0).get("amount").stringValue())
        .isEqualTo("5.00");
    assertArithmetic(order);
  }

  @Test
  void arithmeticHoldsForManyRandomOrders() {
    ShopifyOrderFactory factory = new ShopifyOrderFactory(20261127);
    for (int i = 0; i < 500; i++) {
      assertArithmetic(JSON.readTree(factory.next().body()));
    }
  }

  @Test
  void sameSeedGivesSameBytesAndIdsAreUnique() {
    ShopifyOrderFactory first = new ShopifyOrderFactory(7);
    ShopifyOrderFactory second = new ShopifyOrderFactory(7);
    Set<Long> orderIds = new HashSet<>();
    Set<Long> lineIds = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      ShopifyOrder a = first.next();
      ShopifyOrder b = second.next();
      assertThat(a.body()).isEqualTo(b.body());
      assertThat(orderIds.add(a.id())).isTrue();
      a.lines().forEach(line -> assertThat(lineIds.add(line.lineItemId())).isTrue());
      assertThat(a.orderNumber()).isEqualTo(1001 + i);
    }
    assertThat(new ShopifyOrderFactory(8).next().id()).isNotEqualTo(new ShopifyOrderFactory(7).next().id());
  }

  @Test
  void randomOrdersAvoidTheLastUnitSkus() {
    ShopifyOrderFactory factory = new ShopifyOrderFactory(3);
    for (int i = 0; i < 300; i++) {
      factory.next().lines().forEach(line -> {
        int number = Integer.parseInt(line.sku().substring(4));
        assertThat(number).isBetween(1, ShopifyCatalog.LAST_UNIT_SKUS_FROM - 1);
        assertThat(line.quantity()).isBetween(1, 3);
      });
    }
  }

  @Test
  void honoursSkusAndQuantity() {
    ShopifyOrder order = new ShopifyOrderFactory(5)
        .next(ShopifyOrderFactory.OrderOptions.of(List.of("SKU-1000", "SKU-0001"), 4));
    assertThat(order.lines()).extracting(ShopifyOrder.Line::sku).containsExactly("SKU-1000", "SKU-0001");
    assertThat(order.lines()).extracting(ShopifyOrder.Line::quantity).containsExactly(4, 4);
    JsonNode json = JSON.readTree(order.body());
    assertThat(json.get("line_items").get(0).get("variant_id").longValue())
        .isEqualTo(ShopifyCatalog.item("SKU-1000").variantId());
    assertThat(new BigDecimal(json.get("total_price").stringValue())).isEqualByComparingTo(order.totalPrice());
    assertArithmetic(json);
  }

  @Test
  void bodyIsCompactJsonWithShopLocalTimestamps() {
    ShopifyOrder order = new ShopifyOrderFactory(11).next();
    assertThat(order.bodyText()).doesNotContain("\n").startsWith("{\"id\":");
    JsonNode json = JSON.readTree(order.body());
    assertThat(json.get("created_at").stringValue()).endsWith("-05:00");
    assertThat(json.get("taxes_included").booleanValue()).isFalse();
    assertThat(json.get("fulfillment_status").isNull()).isTrue();
    assertThat(json.get("line_items").get(0).get("fulfillment_status").isNull()).isTrue();
  }

  @Test
  void refusesNonsenseOptions() {
    assertThatThrownBy(() -> ShopifyOrderFactory.OrderOptions.of(List.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShopifyOrderFactory.OrderOptions.of(null, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShopifyOrderFactory.Settings.seeded(1).withCurrency("JPY"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Shopify's arithmetic with taxes_included = false, plus the money sets mirroring each amount. */
  static void assertArithmetic(JsonNode order) {
    assertThat(order.get("taxes_included").booleanValue()).isFalse();
    BigDecimal lineItems = BigDecimal.ZERO;
    BigDecimal allocations = BigDecimal.ZERO;
    BigDecimal tax = BigDecimal.ZERO;
    for (JsonNode line : order.get("line_items")) {
      BigDecimal price = amount(line, "price");
      lineItems = lineItems.add(price.multiply(BigDecimal.valueOf(line.get("quantity").intValue())));
      for (JsonNode allocation : line.get("discount_allocations")) {
        allocations = allocations.add(amount(allocation, "amount"));
        assertThat(allocation.get("discount_application_index").intValue()).isZero();
      }
      for (JsonNode taxLine : line.get("tax_lines")) {
        tax = tax.add(amount(taxLine, "price"));
        assertThat(taxLine.get("rate").isNumber()).isTrue();
      }
      assertThat(line.get("sku").stringValue()).matches("SKU-\\d{4}");
    }
    BigDecimal shipping = BigDecimal.ZERO;
    for (JsonNode shippingLine : order.get("shipping_lines")) {
      shipping = shipping.add(amount(shippingLine, "price"));
      for (JsonNode taxLine : shippingLine.get("tax_lines")) {
        tax = tax.add(amount(taxLine, "price"));
      }
    }
    BigDecimal orderTaxLines = BigDecimal.ZERO;
    for (JsonNode taxLine : order.get("tax_lines")) {
      orderTaxLines = orderTaxLines.add(amount(taxLine, "price"));
    }
    assertThat(amount(order, "total_line_items_price")).isEqualByComparingTo(lineItems);
    assertThat(amount(order, "total_discounts")).isEqualByComparingTo(allocations);
    assertThat(amount(order, "subtotal_price")).isEqualByComparingTo(lineItems.subtract(allocations));
    assertThat(amount(order, "total_tax")).isEqualByComparingTo(tax);
    assertThat(orderTaxLines).isEqualByComparingTo(tax);
    assertThat(amount(order, "total_price"))
        .isEqualByComparingTo(amount(order, "subtotal_price").add(shipping).add(amount(order, "total_tax")));
    assertThat(amount(order.get("total_shipping_price_set").get("shop_money"), "amount"))
        .isEqualByComparingTo(shipping);
    if (order.get("discount_codes").size() > 0) {
      assertThat(amount(order.get("discount_codes").get(0), "amount")).isEqualByComparingTo(allocations);
    }
  }

  /** An amount string with exactly two decimals, and its {@code _set} twin when the object has one. */
  private static BigDecimal amount(JsonNode node, String field) {
    JsonNode value = node.get(field);
    assertThat(value.isString()).as(field + " is a string").isTrue();
    assertThat(value.stringValue()).as(field).matches("\\d+\\.\\d{2}");
    JsonNode set = node.get(field + "_set");
    if (set != null) {
      for (String side : List.of("shop_money", "presentment_money")) {
        assertThat(set.get(side).get("amount").stringValue()).as(field + "_set." + side).isEqualTo(value.stringValue());
        assertThat(set.get(side).get("currency_code").stringValue()).isEqualTo("USD");
      }
    }
    return new BigDecimal(value.stringValue());
  }
}
