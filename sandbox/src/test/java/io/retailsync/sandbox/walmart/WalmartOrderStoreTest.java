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
