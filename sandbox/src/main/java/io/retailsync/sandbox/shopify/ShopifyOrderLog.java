package io.retailsync.sandbox.shopify;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The orders the Shopify stand-in holds (what the channel believes it sold) and every delivery of their
 * webhooks. Kept in PostgreSQL so the shop's order numbers continue across restarts of the local stack.
 */
@Repository
class ShopifyOrderLog {

  record Last(long orderId, int orderNumber) {}

  record Delivery(String webhookId, int status, long latencyMs, String error, String sentAt) {}

  record StoredOrder(long orderId, String name, int orderNumber, String eventId, String body, String createdAt) {}

  private final JdbcClient jdbc;

  ShopifyOrderLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The highest order id and order number so far (0 and 1000 for a new shop, whose first order is #1001). */
  Last last() {
    return jdbc.sql("""
        select coalesce(max(order_id), 0) as id, coalesce(max(order_number), 1000) as number
        from sandbox.shopify_order
        """)
        .query((rs, n) -> new Last(rs.getLong("id"), rs.getInt("number")))
        .single();
  }

  void recordOrder(ShopifyOrder order, String eventId) {
    jdbc.sql("""
        insert into sandbox.shopify_order (order_id, name, order_number, event_id, body)
        values (:id, :name, :number, :eventId, :body)
        on conflict (order_id) do nothing
        """)
        .param("id", order.id())
        .param("name", order.name())
        .param("number", order.orderNumber())
        .param("eventId", eventId)
        .param("body", new String(order.body(), StandardCharsets.UTF_8))
        .update();
  }

  void recordDelivery(long orderId, WebhookDelivery delivery) {
    jdbc.sql("""
        insert into sandbox.shopify_delivery (webhook_id, order_id, topic, status, latency_ms, error)
        values (:webhookId, :orderId, :topic, :status, :latencyMs, :error)
        """)
        .param("webhookId", delivery.webhookId())
        .param("orderId", orderId)
        .param("topic", delivery.topic())
        .param("status", delivery.status())
        .param("latencyMs", delivery.latency().toMillis())
        .param("error", delivery.error())
        .update();
  }

  Optional<StoredOrder> find(long orderId) {
    return jdbc.sql("""
        select order_id, name, order_number, event_id, body, created_at from sandbox.shopify_order
        where order_id = :id
        """)
        .param("id", orderId)
        .query((rs, n) -> new StoredOrder(rs.getLong("order_id"), rs.getString("name"), rs.getInt("order_number"),
            rs.getString("event_id"), rs.getString("body"),
            rs.getObject("created_at", OffsetDateTime.class).toInstant().toString()))
        .optional();
  }

  List<Delivery> deliveries(long orderId) {
    return jdbc.sql("""
        select webhook_id, status, latency_ms, error, sent_at from sandbox.shopify_delivery
        where order_id = :id order by sent_at, webhook_id
        """)
        .param("id", orderId)
        .query((rs, n) -> new Delivery(rs.getString("webhook_id"), rs.getInt("status"), rs.getLong("latency_ms"),
            rs.getString("error"), rs.getObject("sent_at", OffsetDateTime.class).toInstant().toString()))
        .list();
  }
}
