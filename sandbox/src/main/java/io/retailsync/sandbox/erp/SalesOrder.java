package io.retailsync.sandbox.erp;

import java.util.List;

/** A sales order as the ERP holds it; amounts are strings at the currency's scale. */
record SalesOrder(
    String documentNumber,
    String externalReference,
    String channel,
    String orderId,
    String status,
    String orderDate,
    String currency,
    String shippingAmount,
    String shippingTax,
    String total,
    String cancelReason,
    String createdAt,
    boolean marketplaceCollectsTax,
    boolean fulfilledByMarketplace,
    List<Line> lines) {

  record Line(String lineId, String sku, int quantity, String unitPrice, String discount, String tax,
      String currency, String location) {}
}
