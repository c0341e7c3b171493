package io.retailsync.sandbox.erp;

import java.math.BigDecimal;
import java.util.List;

/** A credit memo as posted; {@code amount} is the line's refunded net amount (quantity applied). */
record CreditMemoRequest(
    String externalReference,
    String salesOrderReference,
    String currency,
    List<Line> lines,
    BigDecimal shippingAmount,
    BigDecimal total,
    String reason) {

  record Line(String sku, Integer quantity, BigDecimal amount, BigDecimal tax) {}
}
