package io.retailsync.erp;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A sales order to post, keyed by its external reference {@code {channel}:{orderId}}.
 * {@code marketplaceCollectsTax}: the order's tax is collected and remitted by the marketplace as
 * facilitator, so the ERP books it as a pass-through, never as the seller's liability.
 * {@code fulfilledByMarketplace}: the marketplace ships it from its own stock (Amazon AFN); no warehouse of
 * the retailer picks it.
 */
public record SalesOrderDocument(
    String externalReference,
    String channel,
    String orderId,
    Instant orderDate,
    String currency,
    List<Line> lines,
    BigDecimal shippingAmount,
    BigDecimal shippingTax,
    BigDecimal total,
    boolean marketplaceCollectsTax,
    boolean fulfilledByMarketplace) {

  public SalesOrderDocument {
    Objects.requireNonNull(externalReference, "externalReference");
    Objects.requireNonNull(currency, "currency");
    lines = List.copyOf(lines);
  }

  /** A sales order whose tax is the seller's and which the retailer fulfils. */
  public SalesOrderDocument(String externalReference, String channel, String orderId, Instant orderDate,
      String currency, List<Line> lines, BigDecimal shippingAmount, BigDecimal shippingTax, BigDecimal total) {
    this(externalReference, channel, orderId, orderDate, currency, lines, shippingAmount, shippingTax, total, false,
        false);
  }

  public record Line(String lineId, String sku, int quantity, BigDecimal unitPrice, BigDecimal discount,
      BigDecimal tax, String location) {}
}
