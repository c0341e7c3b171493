package io.retailsync.sandbox.erp;

import io.retailsync.sandbox.support.SandboxProblem;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/erp/sales-orders")
class SalesOrderController {

  record CancelRequest(String externalReference, String reason) {}

  private final SalesOrders salesOrders;

  SalesOrderController(SalesOrders salesOrders) {
    this.salesOrders = salesOrders;
  }

  @PostMapping
  ResponseEntity<SalesOrder> post(@RequestBody JsonNode document) {
    return salesOrders.post(document).toResponse();
  }

  @PostMapping("/batch")
  BatchResult.Response batch(@RequestBody BatchRequest request) {
    return new BatchResult.Response(salesOrders.postBatch(request.checked()));
  }

  @org.springframework.web.bind.annotation.PutMapping
  SalesOrder update(@RequestBody JsonNode document) {
    return salesOrders.update(document);
  }

  @PostMapping("/cancel")
  SalesOrder cancel(@RequestBody CancelRequest request) {
    return salesOrders.cancel(request.externalReference(), request.reason());
  }

  @GetMapping
  List<SalesOrder> find(@RequestParam(required = false) String channel,
      @RequestParam(required = false) String orderId,
      @RequestParam(required = false) String externalReference) {
    if (externalReference != null) {
      return salesOrders.byReference(externalReference);
    }
    if (channel == null || channel.isBlank()) {
      throw SandboxProblem.badRequest("give channel (and optionally orderId) or externalReference");
    }
    return salesOrders.byChannel(channel, orderId);
  }
}
