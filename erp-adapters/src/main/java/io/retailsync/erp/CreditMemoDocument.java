package io.retailsync.erp;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** A credit memo to post, keyed by {@code {channel}:{orderId}:refund:{refundId}}. */
public record CreditMemoDocument(
    String externalReference,
    String salesOrderReference,
    String currency,
    List<Line> lines,
    BigDecimal shippingAmount,
    BigDecimal total,
    String reason) {

  public CreditMemoDocument {
    Objects.requireNonNull(externalReference, "externalReference");
    Objects.requireNonNull(currency, "currency");
    lines = List.copyOf(lines);
  }

  public record Line(String sku, int quantity, BigDecimal amount, BigDecimal tax) {}
}
