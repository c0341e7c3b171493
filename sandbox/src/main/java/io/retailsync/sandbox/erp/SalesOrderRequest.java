package io.retailsync.sandbox.erp;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** A sales order as posted; every field nullable here, checked by {@link SalesOrders}. */
record SalesOrderRequest(
    String externalReference,
    String channel,
    String orderId,
    OffsetDateTime orderDate,
    String currency,
    List<Line> lines,
    BigDecimal shippingAmount,
    BigDecimal shippingTax,
    BigDecimal total,
    Boolean marketplaceCollectsTax,
    Boolean fulfilledByMarketplace) {

  record Line(String lineId, String sku, Integer quantity, BigDecimal unitPrice, BigDecimal discount,
      BigDecimal tax, String location) {}
}
