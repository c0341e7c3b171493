package io.retailsync.sandbox.amazon;

import io.retailsync.sandbox.support.SandboxProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /sandbox/amazon}: make the SP-API stand-in sell, move its orders through Amazon's statuses, read
 * what it holds and what the connector called, and inject faults. Errors are problem details.
 */
@RestController
@RequestMapping("/sandbox/amazon")
class AmazonControlController {

  record StatusChange(String status) {}

  private final AmazonOrders orders;
  private final AmazonGate gate;

  AmazonControlController(AmazonOrders orders, AmazonGate gate) {
    this.orders = orders;
    this.gate = gate;
  }

  /** Creates one order (or {@code count}) and answers them as getOrder and getOrderItems would show them. */
  @PostMapping("/orders")
  Map<String, Object> create(@RequestBody AmazonOrders.OrderSpec spec) {
    try {
      synchronized (orders) {
        List<Map<String, Object>> created = new ArrayList<>();
        for (AmazonOrders.StoredOrder order : orders.create(spec)) {
          created.add(view(order));
        }
        return Map.of("orders", created);
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw SandboxProblem.unprocessable(e.getMessage());
    }
  }

  @GetMapping("/orders")
  List<Map<String, Object>> list() {
    synchronized (orders) {
      return orders.all().stream().map(AmazonControlController::view).toList();
    }
  }

  @GetMapping("/orders/{orderId}")
  Map<String, Object> one(@PathVariable String orderId) {
    synchronized (orders) {
      return view(orders.find(orderId)
          .orElseThrow(() -> SandboxProblem.notFound("the sandbox seller has no order " + orderId)));
    }
  }

  /** Forgets every order (a test's fresh start). */
  @DeleteMapping("/orders")
  ResponseEntity<Void> clear() {
    orders.clear();
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/orders/{orderId}/status")
  Map<String, Object> status(@PathVariable String orderId, @RequestBody StatusChange change) {
    return change(() -> orders.setStatus(orderId, change.status()));
  }

  @PostMapping("/orders/{orderId}/cancel")
  Map<String, Object> cancel(@PathVariable String orderId) {
    return change(() -> orders.cancel(orderId));
  }

  @PostMapping("/orders/{orderId}/items/{orderItemId}/cancel")
  Map<String, Object> cancelItem(@PathVariable String orderId, @PathVariable String orderItemId) {
    return change(() -> orders.cancelItem(orderId, orderItemId));
  }

  /** Every SP-API and token call the stand-in answered (the last 2000), and counts per operation. */
  @GetMapping("/calls")
  Map<String, Object> calls() {
    return Map.of("counts", gate.callCounts(), "calls", gate.calls());
  }

  @PutMapping("/faults")
  AmazonFaultSettings putFaults(@RequestBody AmazonFaultSettings settings) {
    try {
      return gate.setFaults(settings);
    } catch (IllegalArgumentException e) {
      throw SandboxProblem.unprocessable(e.getMessage());
    }
  }

  @GetMapping("/faults")
  AmazonFaultSettings faults() {
    return gate.faults();
  }

  @DeleteMapping("/faults")
  ResponseEntity<Void> clearFaults() {
    gate.clearFaults();
    return ResponseEntity.noContent().build();
  }

  private Map<String, Object> change(java.util.function.Supplier<AmazonOrders.StoredOrder> change) {
    try {
      synchronized (orders) {
        return view(change.get());
      }
    } catch (AmazonOrders.NotFound e) {
      throw SandboxProblem.notFound(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw SandboxProblem.unprocessable(e.getMessage());
    } catch (IllegalStateException e) {
      throw SandboxProblem.conflict(e.getMessage());
    }
  }

  /** The order as getOrder shows it, with its items as getOrderItems shows them. */
  private static Map<String, Object> view(AmazonOrders.StoredOrder order) {
    Map<String, Object> view = new LinkedHashMap<>(AmazonOrders.render(order));
    view.put("OrderItems", order.items.stream().map(item -> AmazonOrders.renderItem(order, item)).toList());
    return view;
  }
}
