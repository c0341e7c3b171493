package io.retailsync.connectors.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.model.Refund;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.model.json.InvalidPayloadException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShopifyRefundMapperTest {

  @Test
  void mapsARefundWithLinesTaxAndShippingToItsGoldenCanonicalRefund() throws IOException {
    Refund refund = ShopifyRefundMapper.toCanonical(fixture("partial-with-shipping.json"));
    assertThat(CanonicalJson.tree(CanonicalJson.toBytes(refund)))
        .isEqualTo(CanonicalJson.tree(fixture("partial-with-shipping.canonical.json")));
    assertThat(refund.externalReference()).isEqualTo("shopify:450789469:refund:929361464");
  }

  @Test
  void withoutTransactionsTheTotalIsLinesTaxAndShipping() {
    Refund refund = ShopifyRefundMapper.toCanonical(bytes("""
        {"id": 5, "order_id": 9, "created_at": "2026-11-30T10:00:00Z",
         "refund_line_items": [{"line_item_id": 1, "quantity": 1, "subtotal": "12.50", "total_tax": "1.00",
                                "line_item": {"sku": "SKU-0001"}}],
         "order_adjustments": [{"kind": "shipping_refund", "amount_set": {"shop_money": {"amount": "-4.00", "currency_code": "EUR"}},
                                "tax_amount_set": {"shop_money": {"amount": "-0.76", "currency_code": "EUR"}}}]}"""));
    assertThat(refund.currency()).isEqualTo("EUR");
    assertThat(refund.shippingAmount()).isEqualByComparingTo(new BigDecimal("4.76"));
    assertThat(refund.total()).isEqualByComparingTo(new BigDecimal("18.26"));
  }

  @Test
  void aRefundThatCannotBeMappedIsAnInvalidPayloadNamingWhy() {
    assertThatThrownBy(() -> ShopifyRefundMapper.toCanonical(bytes("nonsense")))
        .isInstanceOf(InvalidPayloadException.class);
    assertThatThrownBy(() -> ShopifyRefundMapper.toCanonical(bytes("{\"id\": 1, \"created_at\": \"2026-11-30T10:00:00Z\"}")))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("order_id");
    assertThatThrownBy(() -> ShopifyRefundMapper.toCanonical(bytes(
        "{\"id\": 1, \"order_id\": 2, \"created_at\": \"2026-11-30T10:00:00Z\", \"refund_line_items\": [{\"line_item_id\": 3, \"subtotal\": \"x\"}]}")))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("refund_line_items[0].subtotal");
    assertThatThrownBy(() -> ShopifyRefundMapper.toCanonical(bytes(
        "{\"id\": 1, \"order_id\": 2, \"created_at\": \"2026-11-30T10:00:00Z\", \"transactions\": [{\"kind\": \"refund\", \"status\": \"success\", \"amount\": \"1e999999\", \"currency\": \"USD\"}]}")))
        .isInstanceOf(InvalidPayloadException.class);
    assertThatThrownBy(() -> ShopifyRefundMapper.toCanonical(bytes("{\"id\": 1, \"order_id\": 2, \"created_at\": \"2026-11-30T10:00:00Z\"}")))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("currency");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = ShopifyRefundMapperTest.class.getResourceAsStream("/fixtures/shopify/refunds-create/" + name)) {
      return in.readAllBytes();
    }
  }
}
