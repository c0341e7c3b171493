package io.retailsync.sandbox.shopify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One Shopify event: what every delivery of it repeats unchanged (topic, event id, trigger time and the
 * body bytes). Each delivery adds its own webhook id.
 */
public record WebhookEvent(String topic, String eventId, Instant triggeredAt, byte[] body) {

  public static final String ORDERS_CREATE = "orders/create";

  public WebhookEvent {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(triggeredAt, "triggeredAt");
    body = body.clone();
  }

  /** A new event (random event id, triggered now). */
  public static WebhookEvent of(String topic, byte[] body) {
    return new WebhookEvent(topic, UUID.randomUUID().toString(), Instant.now(), body);
  }

  public static WebhookEvent of(String topic, String body) {
    return of(topic, body.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code orders/create} event of a generated order. */
  public static WebhookEvent ordersCreate(ShopifyOrder order) {
    return of(ORDERS_CREATE, order.body());
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  byte[] bodyUnsafe() {
    return body;
  }
}
