package io.retailsync.sandbox.ebay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.sandbox.support.SandboxProblem;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EbayStoreTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  final EbayStore store = new EbayStore(new EbaySandboxProperties("id", "secret", "refresh", Duration.ofHours(2), 100));

  @Test
  void anOrderAddsUpAsEbaysDoesWithCollectAndRemitTaxRepeatedInTaxes() {
    EbaySandboxOrder order = store.create(new EbayStore.OrderSpec("USD", List.of(
        new EbayStore.LineSpec("SKU-0001", 3, new BigDecimal("10.00"), new BigDecimal("2.50"), null),
        new EbayStore.LineSpec("SKU-0002", 1, null, null, true)), true, null, "5.00", null, null));
    JsonNode json = JSON.valueToTree(store.json(order.orderId));

    EbayStandInIT.assertArithmetic(json);
    JsonNode first = json.get("lineItems").get(0);
    assertThat(first.get("lineItemCost").get("value").stringValue()).isEqualTo("30.00");
    assertThat(first.get("discountedLineItemCost").get("value").stringValue()).isEqualTo("27.50");
    assertThat(first.get("ebayCollectAndRemitTaxes").get(0).get("amount").get("value").stringValue()).isEqualTo("2.68");
    assertThat(first.get("taxes").get(0).get("amount").get("value").stringValue()).isEqualTo("2.68");
    JsonNode second = json.get("lineItems").get(1);
    assertThat(second.has("sku")).isFalse();
    assertThat(second.get("lineItemCost").get("value").stringValue())
        .isEqualTo(io.retailsync.sandbox.shopify.ShopifyCatalog.item("SKU-0002").price().toPlainString());
    assertThat(json.get("ebayCollectAndRemitTax").booleanValue()).isTrue();
    assertThat(json.get("orderId").stringValue()).matches("\\d{2}-\\d{5}-\\d{5}");
  }

  @Test
  void everyChangeMovesLastModifiedOnAndCancellationRefundsAll() {
    EbaySandboxOrder order = store.create(new EbayStore.OrderSpec(null, List.of(
        new EbayStore.LineSpec("SKU-0003", 1, null, null, null)), null, "0.10", null, "PENDING", null));
    Instant created = order.lastModified;
    store.changeStatus(order.orderId, null, null, "PAID");
    Instant paid = order.lastModified;
    store.cancel(order.orderId);
    assertThat(paid).isAfter(created);
    assertThat(order.lastModified).isAfter(paid);
    Map<String, Object> json = store.json(order.orderId);
    assertThat(json.get("orderPaymentStatus")).isEqualTo("FULLY_REFUNDED");
    assertThat(JSON.valueToTree(json).get("paymentSummary").get("totalDueSeller").get("value").stringValue())
        .isEqualTo("0.00");
    assertThatThrownBy(() -> store.changeStatus(order.orderId, "FULFILLED", null, null))
        .isInstanceOf(SandboxProblem.class);
  }

  @Test
  void aLineRefundIsListedOnTheLineAndInThePaymentSummaryUnderOneIdForWhatTheSellerGot() {
    EbaySandboxOrder order = store.create(new EbayStore.OrderSpec("USD", List.of(
        new EbayStore.LineSpec("SKU-0001", 1, new BigDecimal("20.00"), null, null),
        new EbayStore.LineSpec("SKU-0002", 1, new BigDecimal("10.00"), null, null)), true, "0.05", null, null, null));
    Instant before = order.lastModified;
    String lineItemId = order.lines.get(1).lineItemId;

    store.refundLine(order.orderId, lineItemId);
    store.refundLine(order.orderId, lineItemId);

    JsonNode json = JSON.valueToTree(store.json(order.orderId));
    assertThat(order.lastModified).isAfter(before);
    assertThat(json.get("orderPaymentStatus").stringValue()).isEqualTo("PARTIALLY_REFUNDED");
    JsonNode lineRefunds = json.get("lineItems").get(1).get("refunds");
    JsonNode summaryRefunds = json.get("paymentSummary").get("refunds");
    assertThat(lineRefunds).hasSize(1);
    assertThat(summaryRefunds).hasSize(1);
    assertThat(lineRefunds.get(0).get("refundId").stringValue()).isEqualTo(summaryRefunds.get(0).get("refundId").stringValue());
    assertThat(summaryRefunds.get(0).get("refundStatus").stringValue()).isEqualTo("REFUNDED");
    assertThat(summaryRefunds.get(0).get("refundReferenceId").stringValue()).isNotBlank();
    assertThat(lineRefunds.get(0).get("refundDate").stringValue()).isEqualTo(summaryRefunds.get(0).get("refundDate").stringValue());
    // 10.00 + 5 % seller tax; eBay's collected 8.25 % is not the seller's, so not in the refund amount
    assertThat(lineRefunds.get(0).get("amount").get("value").stringValue()).isEqualTo("10.50");
    assertThat(json.get("lineItems").get(1).get("total").get("value").stringValue()).isEqualTo("11.33");
    assertThat(json.get("lineItems").get(0).get("refunds")).isEmpty();
    assertThat(json.get("paymentSummary").get("totalDueSeller").get("value").stringValue()).isEqualTo("22.65");
  }

  @Test
  void anOrderRefundIsMoneyOnlyInThePaymentSummaryAndAPendingOneIsDatedWhenItCompletes() {
    EbaySandboxOrder order = store.create(new EbayStore.OrderSpec("EUR", List.of(
        new EbayStore.LineSpec("SKU-0003", 2, new BigDecimal("15.00"), null, null)), null, null, "4.90", null, null));

    store.refundOrder(order.orderId, new EbayStore.RefundSpec("5.00", null));
    Map<String, Object> pending = store.refundOrder(order.orderId, new EbayStore.RefundSpec("2.50", "PENDING"));

    JsonNode refunds = JSON.valueToTree(store.json(order.orderId)).get("paymentSummary").get("refunds");
    assertThat(refunds).hasSize(2);
    assertThat(refunds.get(0).get("amount").get("value").stringValue()).isEqualTo("5.00");
    assertThat(refunds.get(0).get("refundStatus").stringValue()).isEqualTo("REFUNDED");
    assertThat(refunds.get(1).get("refundStatus").stringValue()).isEqualTo("PENDING");
    assertThat(refunds.get(1).has("refundDate")).isFalse();
    assertThat(refunds.get(1).has("refundReferenceId")).isFalse();
    assertThat(JSON.valueToTree(store.json(order.orderId)).get("lineItems").get(0).get("refunds")).isEmpty();

    String pendingId = JSON.valueToTree(pending).get("refunds").get(1).get("refundId").stringValue();
    Instant before = order.lastModified;
    store.refundStatus(order.orderId, pendingId, "REFUNDED");
    JsonNode completed = JSON.valueToTree(store.json(order.orderId)).get("paymentSummary").get("refunds").get(1);
    assertThat(completed.get("refundStatus").stringValue()).isEqualTo("REFUNDED");
    assertThat(Instant.parse(completed.get("refundDate").stringValue())).isEqualTo(order.lastModified).isAfter(before);
    assertThatThrownBy(() -> store.refundStatus(order.orderId, pendingId, "FAILED")).isInstanceOf(SandboxProblem.class);

    Map<String, Object> rest = store.refundOrder(order.orderId, null);
    assertThat(rest.get("orderPaymentStatus")).isEqualTo("FULLY_REFUNDED");
    assertThat(JSON.valueToTree(rest).get("refunds").get(2).get("amount").stringValue()).isEqualTo("27.40");
    assertThatThrownBy(() -> store.refundOrder(order.orderId, new EbayStore.RefundSpec("0.01", null)))
        .isInstanceOf(SandboxProblem.class).hasMessageContaining("left to refund");
  }

  @Test
  void badRefundsAreRefusedAsProblems() {
    EbaySandboxOrder order = store.create(new EbayStore.OrderSpec("USD", List.of(
        new EbayStore.LineSpec("SKU-0001", 1, new BigDecimal("10.00"), null, null)), null, null, null, null, null));

    assertThatThrownBy(() -> store.refundOrder(order.orderId, new EbayStore.RefundSpec("10.01", null)))
        .isInstanceOf(SandboxProblem.class);
    assertThatThrownBy(() -> store.refundOrder(order.orderId, new EbayStore.RefundSpec("1.001", null)))
        .isInstanceOf(SandboxProblem.class).hasMessageContaining("decimals");
    assertThatThrownBy(() -> store.refundOrder(order.orderId, new EbayStore.RefundSpec("ten", null)))
        .isInstanceOf(SandboxProblem.class);
    assertThatThrownBy(() -> store.refundOrder(order.orderId, new EbayStore.RefundSpec(null, "DONE")))
        .isInstanceOf(SandboxProblem.class);
    assertThatThrownBy(() -> store.refundOrder("00-00000-00000", null)).isInstanceOf(SandboxProblem.class);
    store.cancel(order.orderId);
    assertThatThrownBy(() -> store.refundOrder(order.orderId, null)).isInstanceOf(SandboxProblem.class);
  }

  @Test
  void cancellingRefundsWhatIsLeftAsOneOrderRefund() {
    EbaySandboxOrder order = store.create(new EbayStore.OrderSpec("USD", List.of(
        new EbayStore.LineSpec("SKU-0001", 1, new BigDecimal("10.00"), null, null),
        new EbayStore.LineSpec("SKU-0002", 1, new BigDecimal("6.00"), null, null)), null, null, null, null, null));
    store.refundLine(order.orderId, order.lines.get(0).lineItemId);
    store.cancel(order.orderId);

    JsonNode refunds = JSON.valueToTree(store.json(order.orderId)).get("paymentSummary").get("refunds");
    assertThat(refunds).extracting(refund -> refund.get("amount").get("value").stringValue())
        .containsExactly("10.00", "6.00");
  }

  @Test
  void printsARefundedOrderForTheConnectorsFixtures() {
    EbaySandboxOrder order = store.create(new EbayStore.OrderSpec("USD", List.of(
        new EbayStore.LineSpec("SKU-0001", 1, new BigDecimal("20.00"), null, null),
        new EbayStore.LineSpec("SKU-0002", 2, new BigDecimal("7.50"), null, null)), true, "0.05", "4.00", null, null));
    store.refundLine(order.orderId, order.lines.get(1).lineItemId);
    store.refundOrder(order.orderId, new EbayStore.RefundSpec("3.00", null));
    store.refundOrder(order.orderId, new EbayStore.RefundSpec("1.00", "PENDING"));
    if (System.getProperty("ebay.print") != null) {
      System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(store.json(order.orderId)));
    }
    assertThat(store.json(order.orderId)).isNotNull();
  }

  @Test
  void badSpecsAreRefusedAsProblems() {
    assertThatThrownBy(() -> store.create(new EbayStore.OrderSpec("USD", List.of(), null, null, null, null, null)))
        .isInstanceOf(SandboxProblem.class);
    assertThatThrownBy(() -> store.create(new EbayStore.OrderSpec("USD", List.of(
        new EbayStore.LineSpec("SKU-0001", 1, new BigDecimal("1.001"), null, null)), null, null, null, null, null)))
        .isInstanceOf(SandboxProblem.class).hasMessageContaining("decimals");
    assertThatThrownBy(() -> store.create(new EbayStore.OrderSpec("XYZ", List.of(
        new EbayStore.LineSpec("SKU-0001", 1, null, null, null)), null, null, null, null, null)))
        .isInstanceOf(SandboxProblem.class);
  }

  @Test
  void printsAnOrderForTheConnectorsFixtures() {
    EbaySandboxOrder order = store.create(new EbayStore.OrderSpec("USD", List.of(
        new EbayStore.LineSpec("SKU-0001", 3, new BigDecimal("10.00"), new BigDecimal("2.50"), null),
        new EbayStore.LineSpec("SKU-0002", 1, null, null, true)), true, null, "5.00", null, null));
    if (System.getProperty("ebay.print") != null) {
      System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(store.json(order.orderId)));
    }
    assertThat(store.json(order.orderId)).isNotNull();
  }
}
