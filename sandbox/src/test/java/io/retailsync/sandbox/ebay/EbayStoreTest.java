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
