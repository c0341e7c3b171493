package io.retailsync.ingestion.erpposting;

import io.retailsync.erp.SalesOrderDocument;
import io.retailsync.model.Order;
import io.retailsync.model.OrderLine;

/** A canonical order as the ERP's sales order document, keyed by its external reference. */
final class SalesOrderMapping {

  private SalesOrderMapping() {}

  static SalesOrderDocument toDocument(Order order) {
    return new SalesOrderDocument(order.externalReference(), order.channel(), order.orderId(), order.createdAt(),
        order.currency(), order.lines().stream().map(SalesOrderMapping::line).toList(), order.shippingAmount(),
        order.shippingTax(), order.total() != null ? order.total() : order.computedTotal());
  }

  private static SalesOrderDocument.Line line(OrderLine line) {
    return new SalesOrderDocument.Line(line.lineId(), line.sku(), line.quantity(), line.unitPrice(), line.discount(),
        line.tax(), null);
  }
}
