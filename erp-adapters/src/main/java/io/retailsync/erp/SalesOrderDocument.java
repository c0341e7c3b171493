package io.retailsync.erp;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A sales order to post, keyed by its external reference {@code {channel}:{orderId}}. */
public record SalesOrderDocument(
    String externalReference,
    String channel,
    String orderId,
    Instant orderDate,
    String currency,
    List<Line> lines,
    BigDecimal shippingAmount,
    BigDecimal shippingTax,
    BigDecimal total) {

  public SalesOrderDocument {
    Objects.requireNonNull(externalReference, "externalReference");
    Objects.requireNonNull(currency, "currency");
    lines = List.copyOf(lines);
  }

  public record Line(String lineId, String sku, int quantity, BigDecimal unitPrice, BigDecimal discount,
      BigDecimal tax, String location) {}
}
