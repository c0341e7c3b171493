package io.retailsync.sandbox.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.sandbox.shopify.ShopifyCatalog;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WalmartOrderStoreTest {

  private final WalmartOrderStore store = new WalmartOrderStore(new WalmartSandboxProperties("id", "secret",
      Duration.ofMinutes(15), "10001234", new BigDecimal("0.08")));

  private WalmartOrderStore.PurchaseOrder create(String status, WalmartOrderStore.LineSpec... lines) {
    return store.create(new WalmartOrderStore.OrderSpec(List.of(lines), status, null, null, null, new BigDecimal("4.99"),
        null, null, null));
  }

  @Test
  void pricesComeFromTheCatalogAndAmountsAreWalmartsNumbers() {
    WalmartOrderStore.PurchaseOrder order = create(null, new WalmartOrderStore.LineSpec("SKU-0001", 2, null, null),
        new WalmartOrderStore.LineSpec("SKU-0002", 1, new BigDecimal("10.00"), "Named"));

    Map<String, Object> json = store.render(order);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> lines = (List<Map<String, Object>>) ((Map<String, Object>) json.get("orderLines"))
        .get("orderLine");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> charges = (List<Map<String, Object>>) ((Map<String, Object>) lines.get(0)
        .get("charges")).get("charge");
    @SuppressWarnings("unchecked")
    Map<String, Object> amount = (Map<String, Object>) charges.get(0).get("chargeAmount");

    BigDecimal price = ShopifyCatalog.item("SKU-0001").price();
    assertThat((BigDecimal) amount.get("amount")).isEqualByComparingTo(price.multiply(BigDecimal.valueOf(2)));
    assertThat(charges).hasSize(2);
    assertThat(charges.get(1).get("chargeType")).isEqualTo("SHIPPING");
    assertThat(((Map<?, ?>) lines.get(0).get("orderLineQuantity")).get("amount")).isEqualTo("2");
    assertThat(((Map<?, ?>) lines.get(1).get("item")).get("productName")).isEqualTo("Named");
    assertThat(json.get("orderDate")).isInstanceOf(Long.class);
  }

  @Test
  void acknowledgeMovesCreatedUnitsAndIsRefusedOnlyWhenNothingIsLeft() {
    WalmartOrderStore.PurchaseOrder order = create(null, new WalmartOrderStore.LineSpec("A", 2, BigDecimal.ONE, null));
    Instant before = order.lastModified();

    assertThat(store.acknowledge(order)).isPresent();
    assertThat(order.hasStatus("Created")).isFalse();
    assertThat(order.lastModified()).isAfter(before);
    Instant acknowledged = order.lastModified();
    assertThat(store.acknowledge(order)).isPresent();
    assertThat(order.lastModified()).isEqualTo(acknowledged);

    assertThat(store.setStatus(order, null, "Shipped")).isTrue();
    assertThat(store.acknowledge(order)).isEmpty();
  }

  @Test
  void cancellingALineCancelsWhatIsNotShippedAndBumpsTheOrder() {
    WalmartOrderStore.PurchaseOrder order = create(null, new WalmartOrderStore.LineSpec("A", 2, BigDecimal.ONE, null),
        new WalmartOrderStore.LineSpec("B", 1, BigDecimal.ONE, null));
    Instant before = order.lastModified();

    assertThat(store.cancel(order, "2", null)).isTrue();
    assertThat(order.lines.get(1).quantityIn("Cancelled")).isEqualTo(1);
    assertThat(order.lines.get(0).quantityIn("Created")).isEqualTo(2);
    assertThat(order.lastModified()).isAfter(before);
    assertThat(store.cancel(order, "2", null)).isFalse();

    store.setStatus(order, "1", "Shipped");
    assertThat(store.cancel(order, null, null)).isFalse();
    assertThat(order.lines.get(0).quantityIn("Shipped")).isEqualTo(2);
  }

  @Test
  void refundingAShippedLineWholeGivesBackItsPriceTaxAndShippingInWalmartsRefundBlock() {
    WalmartOrderStore.PurchaseOrder order = create(null, new WalmartOrderStore.LineSpec("A", 2, new BigDecimal("12.50"), null),
        new WalmartOrderStore.LineSpec("B", 1, new BigDecimal("10.00"), null));
    store.setStatus(order, null, "Shipped");
    Instant before = order.lastModified();

    String refundId = store.refund(order, List.of(new WalmartOrderStore.RefundLineSpec("1", null)), null,
        "DamagedItem", "box crushed");

    assertThat(order.lastModified()).isAfter(before);
    assertThat(order.lines.get(0).quantityIn("Refund")).isEqualTo(2);
    assertThat(order.lines.get(0).quantityIn("Shipped")).isZero();
    Map<String, Object> refund = map(lines(store.render(order)).get(0).get("refund"));
    assertThat(refund.get("refundId")).isEqualTo(refundId);
    assertThat(refund.get("refundComments")).isEqualTo("box crushed");
    List<Map<String, Object>> charges = list(map(refund.get("refundCharges")).get("refundCharge"));
    assertThat(charges).extracting(charge -> charge.get("refundReason")).containsOnly("DamagedItem");
    assertThat(charges).extracting(charge -> map(charge.get("charge")).get("chargeType"))
        .containsExactly("PRODUCT", "SHIPPING");
    Map<String, Object> product = map(charges.get(0).get("charge"));
    // the line's own charge: 25.00 with 8 % tax; its shipping 4.99 with 0.40
    assertThat((BigDecimal) map(product.get("chargeAmount")).get("amount")).isEqualByComparingTo("-25.00");
    assertThat((BigDecimal) map(map(product.get("tax")).get("taxAmount")).get("amount")).isEqualByComparingTo("-2.00");
    Map<String, Object> shipping = map(charges.get(1).get("charge"));
    assertThat((BigDecimal) map(shipping.get("chargeAmount")).get("amount")).isEqualByComparingTo("-4.99");
    assertThat((BigDecimal) map(map(shipping.get("tax")).get("taxAmount")).get("amount")).isEqualByComparingTo("-0.40");
    assertThat(lines(store.render(order)).get(1)).doesNotContainKey("refund");
  }

  @Test
  void anAmountRefundsPartOfThePriceWithItsShareOfTaxAndNoUnitBack() {
    WalmartOrderStore.PurchaseOrder order = create(null, new WalmartOrderStore.LineSpec("A", 1, new BigDecimal("20.00"), null));
    store.setStatus(order, null, "Delivered");

    store.refund(order, List.of(new WalmartOrderStore.RefundLineSpec("1", new BigDecimal("5.00"))), null, null, null);

    assertThat(order.lines.get(0).quantityIn("Delivered")).isEqualTo(1);
    WalmartOrderStore.LineRefund refund = order.lines.get(0).refund;
    assertThat(refund.product()).isEqualByComparingTo("5.00");
    assertThat(refund.productTax()).isEqualByComparingTo("0.40");
    assertThat(refund.shipping()).isEqualByComparingTo("0");
    assertThat(refund.reason()).isEqualTo("CustomerChangedMind");
  }

  @Test
  void refundingTheOrderRefundsEveryShippedLineUnderOneRefundId() {
    WalmartOrderStore.PurchaseOrder order = create(null, new WalmartOrderStore.LineSpec("A", 1, BigDecimal.TEN, null),
        new WalmartOrderStore.LineSpec("B", 1, BigDecimal.TEN, null), new WalmartOrderStore.LineSpec("C", 1, BigDecimal.TEN, null));
    store.setStatus(order, "1", "Shipped");
    store.setStatus(order, "2", "Shipped");

    String refundId = store.refund(order, null, false, null, null);

    assertThat(order.lines).extracting(line -> line.refund == null ? null : line.refund.refundId())
        .containsExactly(refundId, refundId, null);
    assertThat(order.lines.get(0).refund.shipping()).isEqualByComparingTo("0");
    assertThat(store.setStatus(order, "1", "Delivered")).isFalse();
  }

  @Test
  void aLineIsRefundedOnceOnlyAfterItShippedAndWithinItsPrice() {
    WalmartOrderStore.PurchaseOrder order = create(null, new WalmartOrderStore.LineSpec("A", 1, BigDecimal.TEN, null));
    List<WalmartOrderStore.RefundLineSpec> line = List.of(new WalmartOrderStore.RefundLineSpec("1", null));

    assertThatThrownBy(() -> store.refund(order, line, null, null, null)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nothing shipped");
    store.setStatus(order, null, "Shipped");
    assertThatThrownBy(() -> store.refund(order, List.of(new WalmartOrderStore.RefundLineSpec("1",
        new BigDecimal("10.01"))), null, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.refund(order, line, null, "Because", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
    assertThatThrownBy(() -> store.refund(order, List.of(new WalmartOrderStore.RefundLineSpec("9", null)), null,
        null, null)).isInstanceOf(IllegalArgumentException.class);
    store.refund(order, line, null, null, null);
    assertThatThrownBy(() -> store.refund(order, line, null, null, null)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refunded already");
  }

  @Test
  void printsARefundedOrderForTheConnectorsFixtures() {
    WalmartOrderStore.PurchaseOrder order = store.create(new WalmartOrderStore.OrderSpec(List.of(
        new WalmartOrderStore.LineSpec("SKU-0001", 1, new BigDecimal("24.99"), null),
        new WalmartOrderStore.LineSpec("SKU-0002", 2, new BigDecimal("15.00"), null)), "Shipped", null,
        "1817371500042", null, new BigDecimal("5.99"), null, Instant.parse("2026-11-30T15:00:00Z"), null));
    store.refund(order, List.of(new WalmartOrderStore.RefundLineSpec("1", null)), null, "DamagedItem", null);
    store.refund(order, List.of(new WalmartOrderStore.RefundLineSpec("2", new BigDecimal("3.00"))), null,
        "BillingError", null);
    if (System.getProperty("walmart.print") != null) {
      System.out.println(tools.jackson.databind.json.JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
          .writeValueAsString(store.render(order)));
    }
    assertThat(lines(store.render(order))).allSatisfy(line -> assertThat(line).containsKey("refund"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return (List<Map<String, Object>>) value;
  }

  private static List<Map<String, Object>> lines(Map<String, Object> order) {
    return list(map(order.get("orderLines")).get("orderLine"));
  }

  @Test
  void pagesAreNewestFirstAndContinueBelowTheCursor() {
    for (int i = 0; i < 5; i++) {
      create(null, new WalmartOrderStore.LineSpec("P", 1, BigDecimal.ONE, null));
    }
    WalmartOrderStore.Page first = store.page(order -> true, null, 2);
    WalmartOrderStore.Page second = store.page(order -> true, first.lastSeq(), 2);
    WalmartOrderStore.Page third = store.page(order -> true, second.lastSeq(), 2);

    assertThat(first.totalCount()).isEqualTo(5);
    assertThat(first.more()).isTrue();
    assertThat(second.returnedBefore()).isEqualTo(2);
    assertThat(third.orders()).hasSize(1);
    assertThat(third.more()).isFalse();
  }

  @Test
  void badSpecsAreRefused() {
    assertThatThrownBy(() -> create("Lost", new WalmartOrderStore.LineSpec("A", 1, null, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> create(null, new WalmartOrderStore.LineSpec("A", 0, null, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> create(null, new WalmartOrderStore.LineSpec("A", 1, new BigDecimal("-1"), null)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
