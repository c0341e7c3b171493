package io.retailsync.sandbox.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ShopifyOrderEditorTest {

  private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-27T10:30:00-05:00");

  private static ObjectNode order(List<String> skus, int quantity, boolean discount) {
    ShopifyOrder order = new ShopifyOrderFactory(42).next(
        ShopifyOrderFactory.OrderOptions.of(skus, quantity).withDiscount(discount));
    return ShopifyOrderEditor.read(order.bodyText());
  }

  private static long lineId(JsonNode order, int index) {
    return order.get("line_items").get(index).get("id").asLong();
  }

  private static BigDecimal amount(JsonNode node, String field) {
    return new BigDecimal(node.get(field).asString());
  }

  @Test
  void recomputingAnUnchangedOrderChangesNothing() {
    for (boolean discount : List.of(true, false)) {
      ShopifyOrder generated = new ShopifyOrderFactory(42).next(
          ShopifyOrderFactory.OrderOptions.of(List.of("SKU-0001", "SKU-0002", "SKU-0003"), 2).withDiscount(discount));
      ObjectNode copy = ShopifyOrderEditor.read(generated.bodyText());
      ShopifyOrderEditor.recompute(copy);
      assertThat(ShopifyOrderEditor.write(copy)).as("byte for byte").isEqualTo(generated.bodyText());
    }
  }

  @Test
  void editingQuantitiesAndAddingLinesKeepsTheArithmeticAndMovesUpdatedAt() {
    ObjectNode order = order(List.of("SKU-0001", "SKU-0002"), 1, true);
    ObjectNode edited = ShopifyOrderEditor.edit(order,
        List.of(new ShopifyOrderEditor.LineQuantity(lineId(order, 0), 3)),
        List.of(new ShopifyOrderEditor.NewLine("SKU-0005", 2, null)), NOW);

    ShopifyOrderFactoryTest.assertArithmetic(edited);
    assertThat(edited.get("line_items")).hasSize(3);
    assertThat(edited.get("line_items").get(0).get("quantity").asInt()).isEqualTo(3);
    assertThat(edited.get("line_items").get(2).get("sku").asString()).isEqualTo("SKU-0005");
    assertThat(edited.get("line_items").get(2).get("price").asString())
        .isEqualTo(ShopifyCatalog.item("SKU-0005").price().toPlainString());
    assertThat(amount(edited, "total_price")).isGreaterThan(amount(order, "total_price"));
    assertThat(OffsetDateTime.parse(edited.get("updated_at").asString()))
        .isAfter(OffsetDateTime.parse(order.get("updated_at").asString()));
    assertThat(order.get("line_items")).as("the stored order is not touched").hasSize(2);

    // a second change within the same second still gets a later updated_at
    ObjectNode again = ShopifyOrderEditor.edit(edited, List.of(new ShopifyOrderEditor.LineQuantity(lineId(order, 0), 4)),
        List.of(), NOW);
    assertThat(OffsetDateTime.parse(again.get("updated_at").asString()))
        .isEqualTo(OffsetDateTime.parse(edited.get("updated_at").asString()).plusSeconds(1));
  }

  @Test
  void fulfillingPartlyThenFullyMovesTheFulfillmentStatus() {
    ObjectNode order = order(List.of("SKU-0001", "SKU-0002"), 2, false);
    ObjectNode partly = ShopifyOrderEditor.fulfil(order,
        List.of(new ShopifyOrderEditor.LineQuantity(lineId(order, 0), 1)), NOW);
    assertThat(partly.get("fulfillment_status").asString()).isEqualTo("partial");
    assertThat(partly.get("fulfillments")).hasSize(1);
    assertThat(partly.get("fulfillments").get(0).get("status").asString()).isEqualTo("success");
    assertThat(partly.get("line_items").get(0).get("fulfillable_quantity").asInt()).isEqualTo(1);
    assertThat(partly.get("line_items").get(0).get("fulfillment_status").asString()).isEqualTo("partial");

    ObjectNode fully = ShopifyOrderEditor.fulfil(partly, List.of(), NOW);
    assertThat(fully.get("fulfillment_status").asString()).isEqualTo("fulfilled");
    assertThat(fully.get("fulfillments")).hasSize(2);
    assertThat(fully.get("fulfillments").get(1).get("line_items")).hasSize(2);
    assertThatThrownBy(() -> ShopifyOrderEditor.fulfil(fully, List.of(), NOW))
        .isInstanceOf(ShopifyOrderEditor.Refused.class);
  }

  @Test
  void cancellingSetsTheCancellationFields() {
    ObjectNode order = order(List.of("SKU-0001"), 1, false);
    ObjectNode voided = ShopifyOrderEditor.cancel(order, "inventory", false, NOW);
    assertThat(voided.get("cancelled_at").asString()).isEqualTo(voided.get("updated_at").asString());
    assertThat(voided.get("cancel_reason").asString()).isEqualTo("inventory");
    assertThat(voided.get("financial_status").asString()).isEqualTo("voided");
    assertThat(ShopifyOrderEditor.cancel(order, null, true, NOW).get("financial_status").asString())
        .isEqualTo("refunded");
    assertThatThrownBy(() -> ShopifyOrderEditor.cancel(voided, null, true, NOW))
        .isInstanceOf(ShopifyOrderEditor.Refused.class);
    assertThatThrownBy(() -> ShopifyOrderEditor.cancel(order, "bored", true, NOW))
        .isInstanceOf(ShopifyOrderEditor.Refused.class);
  }

  @Test
  void refundsAddUpToWhatTheBuyerPaid() {
    ObjectNode order = order(List.of("SKU-0001", "SKU-0002"), 3, true);
    ShopifyOrderEditor.Refunded first = ShopifyOrderEditor.refund(order,
        List.of(new ShopifyOrderEditor.RefundLine(lineId(order, 0), 1, "return")), true, "wrong size", 7001, NOW);
    ShopifyOrderEditor.Refunded second = ShopifyOrderEditor.refund(first.order(),
        List.of(new ShopifyOrderEditor.RefundLine(lineId(order, 0), 2, "no_restock"),
            new ShopifyOrderEditor.RefundLine(lineId(order, 1), 3, "cancel")), false, null, 7002, NOW);

    assertThat(first.order().get("financial_status").asString()).isEqualTo("partially_refunded");
    assertThat(second.order().get("financial_status").asString()).isEqualTo("refunded");
    assertThat(second.order().get("refunds")).hasSize(2);
    BigDecimal paidBack = BigDecimal.ZERO;
    for (ShopifyOrderEditor.Refunded refunded : List.of(first, second)) {
      JsonNode refund = refunded.refund();
      BigDecimal computed = BigDecimal.ZERO;
      for (JsonNode item : refund.get("refund_line_items")) {
        assertThat(item.get("subtotal").isNumber()).isTrue();
        assertThat(item.get("subtotal_set").get("shop_money").get("amount").asString())
            .isEqualTo(item.get("subtotal").decimalValue().setScale(2).toPlainString());
        assertThat(item.get("line_item").get("sku").asString()).matches("SKU-\\d{4}");
        computed = computed.add(item.get("subtotal").decimalValue()).add(item.get("total_tax").decimalValue());
      }
      for (JsonNode adjustment : refund.get("order_adjustments")) {
        assertThat(adjustment.get("kind").asString()).isEqualTo("shipping_refund");
        assertThat(amount(adjustment, "amount").signum()).isLessThanOrEqualTo(0);
        computed = computed.subtract(amount(adjustment, "amount")).subtract(amount(adjustment, "tax_amount"));
      }
      JsonNode transaction = refund.get("transactions").get(0);
      assertThat(transaction.get("kind").asString()).isEqualTo("refund");
      assertThat(transaction.get("status").asString()).isEqualTo("success");
      assertThat(amount(transaction, "amount")).isEqualByComparingTo(computed);
      paidBack = paidBack.add(computed);
    }
    assertThat(first.refund().get("order_id").asLong()).isEqualTo(order.get("id").asLong());
    assertThat(first.refund().get("note").asString()).isEqualTo("wrong size");
    assertThat(paidBack).isEqualByComparingTo(amount(order, "total_price"));

    assertThatThrownBy(() -> ShopifyOrderEditor.refund(second.order(),
        List.of(new ShopifyOrderEditor.RefundLine(lineId(order, 0), 1, null)), false, null, 7003, NOW))
        .isInstanceOf(ShopifyOrderEditor.Refused.class).hasMessageContaining("0 units left");
    assertThatThrownBy(() -> ShopifyOrderEditor.refund(first.order(), List.of(), true, null, 7003, NOW))
        .isInstanceOf(ShopifyOrderEditor.Refused.class).hasMessageContaining("shipping");
    assertThatThrownBy(() -> ShopifyOrderEditor.refund(order,
        List.of(new ShopifyOrderEditor.RefundLine(1, 1, null)), false, null, 7003, NOW))
        .isInstanceOf(ShopifyOrderEditor.Refused.class).hasMessageContaining("no line item");
  }
}
