package io.retailsync.connectors.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.model.OrderConsistency;
import io.retailsync.model.Refund;
import io.retailsync.model.json.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * What the sandbox's Shopify stand-in sends after its controls (an order edited, part-fulfilled and
 * part-refunded; the refund's {@code refunds/create} body), copied here byte for byte: the connector must
 * read the stand-in exactly as it reads Shopify.
 */
class ShopifySandboxPayloadsTest {

  private static byte[] fixture(String path) throws IOException {
    try (InputStream in = ShopifySandboxPayloadsTest.class.getResourceAsStream("/fixtures/shopify/" + path)) {
      return in.readAllBytes();
    }
  }

  @Test
  void theStandInsRefundMapsToItsGoldenCanonicalRefund() throws IOException {
    Refund refund = ShopifyRefundMapper.toCanonical(fixture("refunds-create/sandbox-generated.json"));
    assertThat(CanonicalJson.tree(CanonicalJson.toBytes(refund)))
        .isEqualTo(CanonicalJson.tree(fixture("refunds-create/sandbox-generated.canonical.json")));
    BigDecimal computed = refund.shippingAmount();
    for (Refund.Line line : refund.lines()) {
      computed = computed.add(line.amount()).add(line.tax());
    }
    assertThat(refund.total()).isEqualByComparingTo(computed);
  }

  @Test
  void theStandInsEditedOrderStillAddsUpAndShowsItsFulfilment() throws IOException {
    PolledOrder polled = ShopifyReconcileFeed.toPolled(fixture("admin-orders/sandbox-edited-order.json"));
    assertThat(polled.isValid()).as(polled.invalidReason()).isTrue();
    assertThat(OrderConsistency.check(polled.order())).isEmpty();
    assertThat(polled.order().lines()).extracting(line -> line.quantity()).containsExactly(1, 2);
    assertThat(polled.state()).isEqualTo(PolledOrder.State.OPEN);
    assertThat(polled.marketplaceStatus()).isEqualTo("partially_refunded/partial");
    assertThat(ShopifyOrderMapper.lifecycle(ShopifyOrderMapper.parse(polled.raw())).fulfilmentStarted()).isTrue();
  }
}
