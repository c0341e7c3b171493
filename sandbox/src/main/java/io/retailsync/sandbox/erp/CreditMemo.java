package io.retailsync.sandbox.erp;

import java.util.List;

/** A credit memo as the ERP holds it. */
record CreditMemo(
    String documentNumber,
    String externalReference,
    String salesOrderReference,
    String salesOrderDocumentNumber,
    String currency,
    String shippingAmount,
    String total,
    String reason,
    String createdAt,
    List<Line> lines) {

  record Line(String sku, int quantity, String amount, String tax, String currency) {}
}
