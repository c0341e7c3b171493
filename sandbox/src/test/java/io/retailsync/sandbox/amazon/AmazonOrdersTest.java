package io.retailsync.sandbox.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmazonOrdersTest {

  final AmazonOrders orders = new AmazonOrders(Clock.fixed(Instant.parse("2026-12-01T12:00:00.600Z"), ZoneOffset.UTC));

  @Test
  void aUsOrderAddsTaxOnTopAndAVatOrderIncludesIt() {
    AmazonOrders.StoredOrder us = orders.create(spec("USD", "0.08")).get(0);
    assertThat(us.amazonOrderId).matches("\\d{3}-\\d{7}-\\d{7}");
    assertThat(us.purchaseDate).isEqualTo(Instant.parse("2026-12-01T12:00:00Z"));
    // 2 × 10.00 − 1.00 promotion + 4.99 shipping; tax 8 % of each: 1.60 − 0.08 + 0.40
    assertThat(AmazonOrders.total(us)).isEqualByComparingTo("25.91");
    AmazonOrders.StoredOrder de = orders.create(spec("EUR", "0.19")).get(0);
    assertThat(de.marketplaceId).isEqualTo("A1PA6795UKMFR9");
    assertThat(AmazonOrders.total(de)).isEqualByComparingTo("23.99");
    assertThat(de.items.get(0).itemTax).isEqualByComparingTo("3.19");
    assertThat(AmazonOrders.renderItem(de, de.items.get(0))).doesNotContainKey("TaxCollection");
  }

  @Test
  void everyChangeMovesLastUpdateDateForwardAndTheLastCancelledLineCancelsTheOrder() {
    AmazonOrders.StoredOrder order = orders.create(spec("USD", "0.08")).get(0);
    Instant created = order.lastUpdateDate;
    orders.setStatus(order.amazonOrderId, "Shipped");
    assertThat(order.lastUpdateDate).isEqualTo(created.plusSeconds(1));
    assertThatThrownBy(() -> orders.cancel(order.amazonOrderId)).isInstanceOf(IllegalStateException.class);
    AmazonOrders.StoredOrder other = orders.create(spec("USD", "0.08")).get(0);
    orders.cancelItem(other.amazonOrderId, other.items.get(0).orderItemId);
    assertThat(other.status).isEqualTo("Unshipped");
    assertThat(AmazonOrders.renderItem(other, other.items.get(0))).containsEntry("QuantityOrdered", 0);
    assertThat(AmazonOrders.render(other)).containsKey("OrderTotal");
    assertThat(AmazonOrders.render(orders.setStatus(other.amazonOrderId, "Canceled"))).doesNotContainKey("OrderTotal");
  }

  @Test
  void nextTokensRoundTripAndNeedUrlEncoding() {
    AmazonNextToken token = new AmazonNextToken(false, List.of("ATVPDKIKX0DER"), Instant.parse("2026-11-30T00:00:00Z"),
        Instant.parse("2026-12-01T12:00:00Z"), List.of(), List.of("MFN"), 2, Instant.parse("2026-12-01T11:00:00Z"),
        "113-1234567-1234567");
    assertThat(AmazonNextToken.decode(token.encode())).isEqualTo(token);
    assertThatThrownBy(() -> AmazonNextToken.decode("bm90LWEtdG9rZW4=")).isInstanceOf(IllegalArgumentException.class);
  }

  private static AmazonOrders.OrderSpec spec(String currency, String rate) {
    return new AmazonOrders.OrderSpec(List.of(new AmazonOrders.LineSpec("SKU-0007", 2, new BigDecimal("10.00"),
        new BigDecimal("1.00"), null), new AmazonOrders.LineSpec("SKU-0008", 1, new BigDecimal("0.00"), null, "Free")),
        null, null, null, currency, null, new BigDecimal("4.99"), new BigDecimal(rate), null, null);
  }
}
