package io.retailsync.sandbox.erp;

import java.util.List;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Control: {@code PUT /sandbox/erp/sales-orders/status} {@code {"externalReference", "status"}} sets a sales
 * order's status, e.g. {@code FULFILLED} to stand for a warehouse that has shipped it (a cancellation or an
 * edit is then refused, as a real ERP refuses them).
 */
@RestController
@RequestMapping("/sandbox/erp/sales-orders/status")
class SalesOrderStatusController {

  record StatusChange(String externalReference, String status) {}

  private final SalesOrders salesOrders;

  SalesOrderStatusController(SalesOrders salesOrders) {
    this.salesOrders = salesOrders;
  }

  @PutMapping
  List<SalesOrder> set(@RequestBody StatusChange change) {
    return salesOrders.setStatus(change.externalReference(), change.status());
  }
}
