package io.retailsync.sandbox.shopify;

import io.retailsync.sandbox.support.SandboxProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /sandbox/shopify}: make the Shopify stand-in sell, change what it sold (edit, cancel, fulfil,
 * refund; with or without the webhook, once or several times), read it back, and set the Admin API's rate
 * limit.
 */
@RestController
@RequestMapping("/sandbox/shopify")
class ShopifyControlController {

  /** The Admin API's leaky bucket: its size and leak rate (both optional), and whether to empty it. */
  record RateLimit(Integer bucketSize, Double leakPerSecond, Boolean empty) {}

  private final ShopifyScenarios scenarios;
  private final ShopifyOrderLog log;
  private final JsonMapper mapper;
  private final ShopifyOrderChanges changes;
  private final ShopifyLeakyBucket bucket;
  private final ShopifyProperties properties;

  ShopifyControlController(ShopifyScenarios scenarios, ShopifyOrderLog log, JsonMapper mapper,
      ShopifyOrderChanges changes, ShopifyLeakyBucket bucket, ShopifyProperties properties) {
    this.scenarios = scenarios;
    this.log = log;
    this.mapper = mapper;
    this.changes = changes;
    this.bucket = bucket;
    this.properties = properties;
  }

  /** Changes lines (quantity) or adds lines; sends {@code orders/updated}. */
  @PostMapping("/orders/{orderId}/update")
  ShopifyOrderChanges.ChangeResult update(@PathVariable long orderId,
      @RequestBody ShopifyOrderChanges.UpdateRequest request) {
    return changes.update(orderId, request);
  }

  /** Cancels the order; sends {@code orders/cancelled}. */
  @PostMapping("/orders/{orderId}/cancel")
  ShopifyOrderChanges.ChangeResult cancel(@PathVariable long orderId,
      @RequestBody(required = false) ShopifyOrderChanges.CancelRequest request) {
    return changes.cancel(orderId, request == null ? new ShopifyOrderChanges.CancelRequest(null, null, null, null)
        : request);
  }

  /** Fulfils the given units (all that remain without {@code lines}); sends {@code orders/updated}. */
  @PostMapping({"/orders/{orderId}/fulfil", "/orders/{orderId}/fulfill"})
  ShopifyOrderChanges.ChangeResult fulfil(@PathVariable long orderId,
      @RequestBody(required = false) ShopifyOrderChanges.FulfilRequest request) {
    return changes.fulfil(orderId, request == null ? new ShopifyOrderChanges.FulfilRequest(null, null, null) : request);
  }

  /** Refunds units and, optionally, the shipping; sends {@code refunds/create}. */
  @PostMapping("/orders/{orderId}/refund")
  ShopifyOrderChanges.ChangeResult refund(@PathVariable long orderId,
      @RequestBody ShopifyOrderChanges.RefundRequest request) {
    return changes.refund(orderId, request);
  }

  @GetMapping("/rate-limit")
  Map<String, Object> rateLimit() {
    ShopifyLeakyBucket.Result now = bucket.peek();
    return Map.of("bucketSize", bucket.size(), "leakPerSecond", bucket.leakPerSecond(), "used", now.used());
  }

  @PutMapping("/rate-limit")
  Map<String, Object> setRateLimit(@RequestBody RateLimit limit) {
    int size = limit.bucketSize() == null ? bucket.size() : limit.bucketSize();
    double leak = limit.leakPerSecond() == null ? bucket.leakPerSecond() : limit.leakPerSecond();
    if (size < 1 || size > 100_000 || !(leak > 0) || leak > 100_000) {
      throw SandboxProblem.unprocessable("bucketSize must be 1..100000 and leakPerSecond positive, at most 100000");
    }
    bucket.configure(size, leak);
    if (Boolean.TRUE.equals(limit.empty())) {
      bucket.empty();
    }
    return rateLimit();
  }

  /** Back to the configured bucket, emptied. */
  @DeleteMapping("/rate-limit")
  Map<String, Object> resetRateLimit() {
    bucket.configure(properties.adminBucketSize(), properties.adminLeakRate());
    bucket.empty();
    return rateLimit();
  }

  @PostMapping("/orders")
  ShopifyScenarios.ScenarioResult orders(@RequestBody ShopifyScenarios.OrderScenario scenario) {
    return scenarios.sendOrders(scenario);
  }

  @PostMapping("/raw")
  ShopifyScenarios.RawResult raw(@RequestBody ShopifyScenarios.RawWebhook raw) {
    return scenarios.sendRaw(raw);
  }

  /** The order as the channel holds it (the exact body it sent) and every delivery of its webhook. */
  @GetMapping("/orders/{orderId}")
  Map<String, Object> order(@PathVariable long orderId) {
    ShopifyOrderLog.StoredOrder order = log.find(orderId)
        .orElseThrow(() -> SandboxProblem.notFound("the sandbox shop has no order " + orderId));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("orderId", Long.toString(order.orderId()));
    answer.put("name", order.name());
    answer.put("orderNumber", order.orderNumber());
    answer.put("eventId", order.eventId());
    answer.put("createdAt", order.createdAt());
    answer.put("order", mapper.readTree(order.body()));
    answer.put("deliveries", log.deliveries(orderId));
    answer.put("events", log.events(orderId).stream().map(event -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("eventId", event.eventId());
      entry.put("topic", event.topic());
      entry.put("webhook", event.webhook());
      entry.put("deliveries", event.deliveries());
      entry.put("orderUpdatedAt", event.orderUpdatedAt());
      entry.put("triggeredAt", event.triggeredAt());
      entry.put("body", mapper.readTree(event.body()));
      return entry;
    }).toList());
    return answer;
  }
}
