package io.retailsync.sandbox.walmart;

import io.retailsync.sandbox.support.SandboxProblem;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /sandbox/walmart}: sell on the Walmart stand-in (create purchase orders, move their lines, cancel and refund them),
 * read what it holds and which acknowledgements it received, and inject faults. Errors are problem details.
 */
@RestController
@RequestMapping("/sandbox/walmart")
class WalmartControlController {

  /** {@code POST .../status}: the status for every line, or for {@code lineNumber} only. */
  record StatusChange(String status, String lineNumber) {}

  /** {@code POST .../cancel}: an optional Walmart cancellation reason. */
  record Cancellation(String reason) {}

  /**
   * {@code POST .../refund}: the lines refunded (all shipped ones when left out), whether their shipping is
   * refunded too, Walmart's {@code refundReason} and the seller's {@code refundComments}.
   */
  record RefundRequest(List<WalmartOrderStore.RefundLineSpec> lines, Boolean shipping, String reason,
      String comments) {}

  /** {@code POST .../lines/{lineNumber}/refund}: {@code amount} for part of the line's price, else all of it. */
  record LineRefundRequest(BigDecimal amount, Boolean shipping, String reason, String comments) {}

  private final WalmartOrderStore store;
  private final WalmartFaults faults;

  WalmartControlController(WalmartOrderStore store, WalmartFaults faults) {
    this.store = store;
    this.faults = faults;
  }

  @PostMapping("/orders")
  ResponseEntity<Map<String, Object>> create(@RequestBody WalmartOrderStore.OrderSpec spec) {
    WalmartOrderStore.PurchaseOrder order;
    try {
      order = store.create(spec);
    } catch (IllegalArgumentException e) {
      throw SandboxProblem.unprocessable(e.getMessage());
    } catch (IllegalStateException e) {
      throw SandboxProblem.conflict(e.getMessage());
    }
    return ResponseEntity.status(201).body(store.render(order));
  }

  @GetMapping("/orders")
  List<Map<String, Object>> orders() {
    return store.all().stream().map(store::render).toList();
  }

  @GetMapping("/orders/{purchaseOrderId}")
  Map<String, Object> order(@PathVariable String purchaseOrderId) {
    return store.render(find(purchaseOrderId));
  }

  @PostMapping("/orders/{purchaseOrderId}/status")
  Map<String, Object> status(@PathVariable String purchaseOrderId, @RequestBody StatusChange change) {
    WalmartOrderStore.PurchaseOrder order = find(purchaseOrderId);
    if (change == null || change.status() == null) {
      throw SandboxProblem.unprocessable("status is missing");
    }
    requireLine(order, change.lineNumber());
    try {
      if (!store.setStatus(order, change.lineNumber(), change.status())) {
        throw SandboxProblem.conflict("nothing of purchase order " + purchaseOrderId + " can move to "
            + change.status());
      }
    } catch (IllegalArgumentException e) {
      throw SandboxProblem.unprocessable(e.getMessage());
    }
    return store.render(order);
  }

  @PostMapping("/orders/{purchaseOrderId}/cancel")
  Map<String, Object> cancel(@PathVariable String purchaseOrderId,
      @RequestBody(required = false) Cancellation cancellation) {
    return cancel(purchaseOrderId, null, cancellation);
  }

  @PostMapping("/orders/{purchaseOrderId}/lines/{lineNumber}/cancel")
  Map<String, Object> cancelLine(@PathVariable String purchaseOrderId, @PathVariable String lineNumber,
      @RequestBody(required = false) Cancellation cancellation) {
    return cancel(purchaseOrderId, lineNumber, cancellation);
  }

  private Map<String, Object> cancel(String purchaseOrderId, String lineNumber, Cancellation cancellation) {
    WalmartOrderStore.PurchaseOrder order = find(purchaseOrderId);
    requireLine(order, lineNumber);
    if (!store.cancel(order, lineNumber, cancellation == null ? null : cancellation.reason())) {
      throw SandboxProblem.conflict("nothing of purchase order " + purchaseOrderId
          + (lineNumber == null ? "" : " line " + lineNumber) + " can be cancelled (shipped or cancelled already)");
    }
    return store.render(order);
  }

  @PostMapping("/orders/{purchaseOrderId}/refund")
  Map<String, Object> refund(@PathVariable String purchaseOrderId,
      @RequestBody(required = false) RefundRequest request) {
    RefundRequest given = request == null ? new RefundRequest(null, null, null, null) : request;
    return refund(find(purchaseOrderId), given.lines(), given.shipping(), given.reason(), given.comments());
  }

  @PostMapping("/orders/{purchaseOrderId}/lines/{lineNumber}/refund")
  Map<String, Object> refundLine(@PathVariable String purchaseOrderId, @PathVariable String lineNumber,
      @RequestBody(required = false) LineRefundRequest request) {
    WalmartOrderStore.PurchaseOrder order = find(purchaseOrderId);
    requireLine(order, lineNumber);
    LineRefundRequest given = request == null ? new LineRefundRequest(null, null, null, null) : request;
    return refund(order, List.of(new WalmartOrderStore.RefundLineSpec(lineNumber, given.amount())), given.shipping(),
        given.reason(), given.comments());
  }

  private Map<String, Object> refund(WalmartOrderStore.PurchaseOrder order,
      List<WalmartOrderStore.RefundLineSpec> lines, Boolean shipping, String reason, String comments) {
    try {
      store.refund(order, lines, shipping, reason, comments);
    } catch (IllegalArgumentException e) {
      throw SandboxProblem.unprocessable(e.getMessage());
    } catch (IllegalStateException e) {
      throw SandboxProblem.conflict(e.getMessage());
    }
    return store.render(order);
  }

  /** Every acknowledge call received (refused ones included), and how many per order. */
  @GetMapping("/acknowledgements")
  Map<String, Object> acknowledgements(@RequestParam(required = false) String purchaseOrderId) {
    List<WalmartOrderStore.Acknowledgement> calls = store.acknowledgements().stream()
        .filter(call -> purchaseOrderId == null || call.purchaseOrderId().equals(purchaseOrderId)).toList();
    Map<String, Integer> perOrder = new TreeMap<>();
    calls.forEach(call -> perOrder.merge(call.purchaseOrderId(), 1, Integer::sum));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("calls", calls);
    answer.put("perOrder", perOrder);
    return answer;
  }

  /** Replaces all faults: a field left out is switched off. */
  @PutMapping("/faults")
  WalmartFaults.Settings putFaults(@RequestBody WalmartFaults.Settings settings) {
    try {
      return faults.set(settings);
    } catch (IllegalArgumentException e) {
      throw SandboxProblem.unprocessable(e.getMessage());
    }
  }

  @GetMapping("/faults")
  WalmartFaults.Settings faults() {
    return faults.current();
  }

  @DeleteMapping("/faults")
  ResponseEntity<Void> clearFaults() {
    faults.clear();
    return ResponseEntity.noContent().build();
  }

  private WalmartOrderStore.PurchaseOrder find(String purchaseOrderId) {
    return store.find(purchaseOrderId).orElseThrow(() -> SandboxProblem.notFound(
        "the Walmart stand-in has no purchase order " + purchaseOrderId));
  }

  private void requireLine(WalmartOrderStore.PurchaseOrder order, String lineNumber) {
    if (lineNumber != null && !store.hasLine(order, lineNumber)) {
      throw SandboxProblem.notFound("purchase order " + order.purchaseOrderId + " has no line " + lineNumber);
    }
  }
}
