package io.retailsync.sandbox.shopify;

import io.retailsync.sandbox.support.SandboxProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** {@code /sandbox/shopify}: make the Shopify stand-in sell, and read what it sold. */
@RestController
@RequestMapping("/sandbox/shopify")
class ShopifyControlController {

  private final ShopifyScenarios scenarios;
  private final ShopifyOrderLog log;
  private final JsonMapper mapper;

  ShopifyControlController(ShopifyScenarios scenarios, ShopifyOrderLog log, JsonMapper mapper) {
    this.scenarios = scenarios;
    this.log = log;
    this.mapper = mapper;
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
    return answer;
  }
}
