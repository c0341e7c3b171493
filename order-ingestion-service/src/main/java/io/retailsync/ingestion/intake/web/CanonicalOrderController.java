package io.retailsync.ingestion.intake.web;

import io.retailsync.ingestion.intake.ReceiveOrder;
import io.retailsync.ingestion.intake.ReceiveOrderResult;
import io.retailsync.model.Order;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.model.json.InvalidPayloadException;
import io.retailsync.sync.web.ProblemDetailsAdvice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The generic endpoint for marketplaces without a connector: a canonical order, answered synchronously:
 * 202 new, 200 duplicate (same content), 409 same id with different content, 400/422 invalid.
 */
@RestController
@Tag(name = "orders")
class CanonicalOrderController {

  private final ReceiveOrder receiveOrder;

  CanonicalOrderController(ReceiveOrder receiveOrder) {
    this.receiveOrder = receiveOrder;
  }

  @PostMapping(path = "/api/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Submit a canonical order (INGEST role)")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(implementation = Order.class)))
  ResponseEntity<?> submit(@RequestBody byte[] body) {
    Order order;
    try {
      order = CanonicalJson.read(body, Order.class);
    } catch (InvalidPayloadException e) {
      return ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "invalid-payload", e.getMessage());
    }
    if (order == null) {
      return ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "invalid-payload", "the body is empty");
    }
    ReceiveOrderResult result = receiveOrder.receive(order, ReceiveOrder.Source.API);
    if (result instanceof ReceiveOrderResult.Accepted accepted) {
      return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer(order, accepted.correlationId(), "accepted"));
    }
    if (result instanceof ReceiveOrderResult.Duplicate duplicate) {
      return ResponseEntity.ok(answer(order, duplicate.correlationId(), "duplicate"));
    }
    if (result instanceof ReceiveOrderResult.Conflict conflict) {
      return ProblemDetailsAdvice.problem(HttpStatus.CONFLICT, "duplicate-conflict", conflict.reason());
    }
    ReceiveOrderResult.Rejected rejected = (ReceiveOrderResult.Rejected) result;
    return ProblemDetailsAdvice.problem(HttpStatus.UNPROCESSABLE_CONTENT,
        rejected.type().toLowerCase().replace('_', '-'), rejected.reason());
  }

  private static Map<String, Object> answer(Order order, String correlationId, String status) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("channel", order.channel());
    answer.put("orderId", order.orderId());
    answer.put("externalReference", order.externalReference());
    answer.put("correlationId", correlationId);
    answer.put("status", status);
    return answer;
  }
}
