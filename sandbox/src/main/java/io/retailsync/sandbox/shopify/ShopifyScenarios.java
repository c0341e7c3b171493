package io.retailsync.sandbox.shopify;

import io.retailsync.sandbox.support.SandboxProblem;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the Shopify control API's scenarios: generate orders, deliver their webhooks, record it all. */
@Service
class ShopifyScenarios {

  static final int MAX_ORDERS = 1000;
  static final int MAX_DELIVERIES_PER_ORDER = 10;
  static final int MAX_CONCURRENCY = 32;

  /** The shop's offset, as in its timestamps; the sandbox shop is on US Eastern standard time. */
  private static final ZoneOffset SHOP_OFFSET = ZoneOffset.ofHours(-5);

  record OrderScenario(Integer count, Integer deliveriesPerOrder, Integer concurrency, List<String> skus,
      Integer quantity, Boolean discount) {}

  record OrderResult(String orderId, String name, String eventId, List<Integer> statuses) {}

  record ScenarioResult(List<OrderResult> orders, int sent, int failed) {}

  record RawWebhook(String topic, JsonNode body, Boolean forgeSignature, Boolean omitSignature,
      String shopDomain, String eventId) {}

  record RawResult(String topic, String eventId, String webhookId, int status, long latencyMs, String responseBody,
      String error) {}

  private final ShopifyWebhookSender sender;
  private final ShopifyOrderLog log;
  private final JsonMapper mapper;
  private ShopifyOrderFactory factory;

  ShopifyScenarios(ShopifyWebhookSender sender, ShopifyOrderLog log, JsonMapper mapper) {
    this.sender = sender;
    this.log = log;
    this.mapper = mapper;
  }

  ScenarioResult sendOrders(OrderScenario scenario) {
    int count = bounded("count", scenario.count(), 1, 1, MAX_ORDERS);
    int deliveriesPerOrder = bounded("deliveriesPerOrder", scenario.deliveriesPerOrder(), 1, 1,
        MAX_DELIVERIES_PER_ORDER);
    int concurrency = bounded("concurrency", scenario.concurrency(), 4, 1, MAX_CONCURRENCY);
    ShopifyOrderFactory.OrderOptions options;
    try {
      options = new ShopifyOrderFactory.OrderOptions(scenario.skus(), scenario.quantity(), scenario.discount(), null);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw SandboxProblem.unprocessable("invalid order options: " + e.getMessage());
    }
    if (options.skus() != null && options.skus().stream().anyMatch(sku -> sku == null || sku.isBlank())) {
      throw SandboxProblem.unprocessable("skus must not contain blank entries");
    }

    List<ShopifyOrder> orders = new ArrayList<>(count);
    List<WebhookEvent> events = new ArrayList<>(count);
    List<WebhookEvent> deliveries = new ArrayList<>(count * deliveriesPerOrder);
    ShopifyOrderFactory orderFactory = factory();
    for (int i = 0; i < count; i++) {
      ShopifyOrder order = orderFactory.next(options.withCreatedAt(OffsetDateTime.now(SHOP_OFFSET)));
      WebhookEvent event = WebhookEvent.ordersCreate(order);
      log.recordOrder(order, event.eventId(), deliveriesPerOrder, event.triggeredAt());
      orders.add(order);
      events.add(event);
      for (int d = 0; d < deliveriesPerOrder; d++) {
        deliveries.add(event);
      }
    }
    List<WebhookDelivery> outcomes = sender.sendAll(deliveries, concurrency);

    List<OrderResult> results = new ArrayList<>(count);
    int failed = 0;
    for (int i = 0; i < count; i++) {
      List<Integer> statuses = new ArrayList<>(deliveriesPerOrder);
      for (int d = 0; d < deliveriesPerOrder; d++) {
        WebhookDelivery delivery = outcomes.get(i * deliveriesPerOrder + d);
        log.recordDelivery(orders.get(i).id(), delivery);
        statuses.add(delivery.status());
        if (!delivery.delivered()) {
          failed++;
        }
      }
      results.add(new OrderResult(orders.get(i).orderId(), orders.get(i).name(), events.get(i).eventId(), statuses));
    }
    return new ScenarioResult(results, outcomes.size(), failed);
  }

  RawResult sendRaw(RawWebhook raw) {
    if (raw.body() == null || raw.body().isMissingNode() || raw.body().isNull()) {
      throw SandboxProblem.unprocessable("body is missing: give a JSON value, or a string to send as is");
    }
    if (Boolean.TRUE.equals(raw.forgeSignature()) && Boolean.TRUE.equals(raw.omitSignature())) {
      throw SandboxProblem.unprocessable("forgeSignature and omitSignature exclude each other");
    }
    byte[] body = raw.body().isString()
        ? raw.body().stringValue().getBytes(StandardCharsets.UTF_8)
        : mapper.writeValueAsBytes(raw.body());
    String topic = raw.topic() == null || raw.topic().isBlank() ? WebhookEvent.ORDERS_CREATE : raw.topic();
    String eventId = raw.eventId() == null || raw.eventId().isBlank() ? UUID.randomUUID().toString() : raw.eventId();
    WebhookEvent event = new WebhookEvent(topic, eventId, java.time.Instant.now(), body);
    ShopifyWebhookSender.Signature signature = Boolean.TRUE.equals(raw.forgeSignature())
        ? ShopifyWebhookSender.Signature.FORGED
        : Boolean.TRUE.equals(raw.omitSignature()) ? ShopifyWebhookSender.Signature.MISSING
        : ShopifyWebhookSender.Signature.VALID;
    ShopifyWebhookSender target = raw.shopDomain() == null || raw.shopDomain().isBlank()
        ? sender : sender.withShopDomain(raw.shopDomain());
    WebhookDelivery delivery = target.send(event, signature);
    return new RawResult(topic, eventId, delivery.webhookId(), delivery.status(), delivery.latency().toMillis(),
        delivery.responseBody(), delivery.error());
  }

  /**
   * One order sequence per application context, so ids never repeat within a run. Across restarts the
   * first id is above both the last stored one and a clock-derived floor, and order numbers continue.
   */
  private synchronized ShopifyOrderFactory factory() {
    if (factory == null) {
      ShopifyOrderLog.Last last = log.last();
      long firstOrderId = Math.max(last.orderId() + 1, System.currentTimeMillis() * 1000);
      factory = new ShopifyOrderFactory(ShopifyOrderFactory.Settings.seeded(ThreadLocalRandom.current().nextLong())
          .withFirstOrderId(firstOrderId)
          .withFirstLineItemId(firstOrderId * 2)
          .withFirstOrderNumber(last.orderNumber() + 1)
          .withStart(OffsetDateTime.now(SHOP_OFFSET)));
    }
    return factory;
  }

  private static int bounded(String name, Integer value, int fallback, int min, int max) {
    int actual = value == null ? fallback : value;
    if (actual < min || actual > max) {
      throw SandboxProblem.unprocessable(name + " must be between " + min + " and " + max + ", got " + actual);
    }
    return actual;
  }
}
