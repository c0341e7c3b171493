package io.retailsync.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Canonical records for tests, built with intention-revealing factories. */
public final class CanonicalFixtures {

  private CanonicalFixtures() {}

  public static Order anOrder() {
    return anOrder("shopify", "820982911946154508");
  }

  public static Order anOrder(String channel, String orderId) {
    return new Order(channel, orderId, "#1001", Instant.parse("2026-11-27T15:00:00Z"),
        Instant.parse("2026-11-27T15:00:05Z"), "USD", new Address("Ottawa", "ON", "K2P 1L4", "CA"),
        List.of(
            new OrderLine("466157049", "SKU-0001", 2, new BigDecimal("19.99"), new BigDecimal("2.00"),
                new BigDecimal("2.72"), "Ipod Nano - 8gb"),
            new OrderLine("518995019", "SKU-0002", 1, new BigDecimal("5"), BigDecimal.ZERO,
                new BigDecimal("0.40"), "Cable")),
        new BigDecimal("4.99"), new BigDecimal("0.00"), new BigDecimal("51.09"), null);
  }

  public static Refund aRefund() {
    return new Refund("shopify", "820982911946154508", "509562969", Instant.parse("2026-11-28T09:30:00Z"),
        "USD", List.of(new Refund.Line("466157049", "SKU-0001", 1, new BigDecimal("18.99"),
            new BigDecimal("1.36"), Refund.RestockType.RETURN)),
        BigDecimal.ZERO, new BigDecimal("20.35"), "customer");
  }
}
