package io.retailsync.sandbox.ebay;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /sandbox/ebay}: make the eBay stand-in sell, change, cancel and refund its orders, and inject faults. */
@RestController
@RequestMapping("/sandbox/ebay")
class EbayControlController {

  /** {@code POST /orders/{id}/fulfillment-status}: a line's (or every line's) status and/or the payment status. */
  record StatusChange(String status, String lineItemId, String paymentStatus) {}

  private final EbayStore store;

  EbayControlController(EbayStore store) {
    this.store = store;
  }

  @PostMapping("/orders")
  ResponseEntity<Map<String, Object>> create(@RequestBody EbayStore.OrderSpec spec) {
    EbaySandboxOrder order = store.create(spec);
    return ResponseEntity.status(HttpStatus.CREATED).body(store.json(order.orderId));
  }

  @GetMapping("/orders")
  List<Map<String, Object>> list() {
    return store.summaries();
  }

  /** Forgets every order (tests start clean; the order numbers go on). */
  @DeleteMapping("/orders")
  ResponseEntity<Void> clear() {
    store.clearOrders();
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/orders/{orderId}/fulfillment-status")
  Map<String, Object> status(@PathVariable String orderId, @RequestBody StatusChange change) {
    return store.changeStatus(orderId, change.status(), change.lineItemId(), change.paymentStatus());
  }

  @PostMapping("/orders/{orderId}/cancel")
  Map<String, Object> cancel(@PathVariable String orderId) {
    return store.cancel(orderId);
  }

  @PostMapping("/orders/{orderId}/lines/{lineItemId}/refund")
  Map<String, Object> refundLine(@PathVariable String orderId, @PathVariable String lineItemId) {
    return store.refundLine(orderId, lineItemId);
  }

  @PostMapping("/orders/{orderId}/refund")
  Map<String, Object> refund(@PathVariable String orderId,
      @RequestBody(required = false) EbayStore.RefundSpec spec) {
    return store.refundOrder(orderId, spec);
  }

  /** {@code {"status": "REFUNDED" | "FAILED"}} for a refund still {@code PENDING}. */
  @PostMapping("/orders/{orderId}/refunds/{refundId}/status")
  Map<String, Object> refundStatus(@PathVariable String orderId, @PathVariable String refundId,
      @RequestBody EbayStore.RefundSpec spec) {
    return store.refundStatus(orderId, refundId, spec == null ? null : spec.status());
  }

  @GetMapping("/faults")
  Map<String, Object> faults() {
    return store.faults();
  }

  @PutMapping("/faults")
  Map<String, Object> putFaults(@RequestBody EbayStore.Faults faults) {
    store.faults(faults);
    return store.faults();
  }

  @DeleteMapping("/faults")
  ResponseEntity<Void> clearFaults() {
    store.faults(null);
    return ResponseEntity.noContent().build();
  }

  /** The calls the connector made to {@code /ebay/...} (newest last, at most 1,000; tokens never kept). */
  @GetMapping("/calls")
  List<EbayStore.Call> calls() {
    return store.calls();
  }

  @DeleteMapping("/calls")
  ResponseEntity<Void> clearCalls() {
    store.clearCalls();
    return ResponseEntity.noContent().build();
  }
}
