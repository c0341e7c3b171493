package io.retailsync.sandbox.shopify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

  /** One event the stand-in raised for an order: its webhook sent ({@code send}) or not ({@code skip}). */
  record Event(String eventId, String topic, String webhook, int deliveries, String orderUpdatedAt,
      String triggeredAt, String body) {}

  /** An order's current version, as the Admin API serves it. */
  record Current(long orderId, String body, Instant updatedAt, Instant createdAt) {}

  /**
   * One Admin API list query; {@code column} and {@code ascending} come from a whitelist, never from the
   * request's text. {@code after} is the keyset of the last row already served ({@code null}: from the
   * start), read in {@code ascending} order.
   */
  record PageQuery(String status, Instant updatedAtMin, Instant createdAtMin, String column, boolean ascending,
      Instant afterValue, Long afterId, int limit) {}

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
    recordOrder(order, eventId, 1, Instant.now());
  }

  /** A new order and its {@code orders/create} event (delivered {@code deliveries} times). */
  void recordOrder(ShopifyOrder order, String eventId, int deliveries, Instant triggeredAt) {
    String body = new String(order.body(), StandardCharsets.UTF_8);
    int inserted = jdbc.sql("""
        insert into sandbox.shopify_order (order_id, name, order_number, event_id, body, updated_at, order_created_at,
          cancelled_at)
        values (:id, :name, :number, :eventId, :body, (cast(:body as jsonb) ->> 'updated_at')::timestamptz,
          (cast(:body as jsonb) ->> 'created_at')::timestamptz, (cast(:body as jsonb) ->> 'cancelled_at')::timestamptz)
        on conflict (order_id) do nothing
        """)
        .param("id", order.id())
        .param("name", order.name())
        .param("number", order.orderNumber())
        .param("eventId", eventId)
        .param("body", body)
        .update();
    if (inserted == 1) {
      recordEvent(order.id(), new Event(eventId, WebhookEvent.ORDERS_CREATE, "send", deliveries, null,
          triggeredAt.toString(), body));
    }
  }

  /** The order's current body, its row locked until the surrounding transaction ends. */
  Optional<String> lockBody(long orderId) {
    return jdbc.sql("select body from sandbox.shopify_order where order_id = :id for update")
        .param("id", orderId)
        .query(String.class)
        .optional();
  }

  /** Replaces the order's current version (its timestamps are read from the body). */
  void updateBody(long orderId, String body) {
    jdbc.sql("""
        update sandbox.shopify_order set body = :body,
          updated_at = (cast(:body as jsonb) ->> 'updated_at')::timestamptz,
          cancelled_at = (cast(:body as jsonb) ->> 'cancelled_at')::timestamptz
        where order_id = :id
        """)
        .param("id", orderId)
        .param("body", body)
        .update();
  }

  void recordEvent(long orderId, Event event) {
    jdbc.sql("""
        insert into sandbox.shopify_event (event_id, order_id, topic, webhook, deliveries, order_updated_at,
          triggered_at, body)
        values (:eventId, :orderId, :topic, :webhook, :deliveries, cast(:updatedAt as timestamptz),
          cast(:triggeredAt as timestamptz), :body)
        """)
        .param("eventId", event.eventId())
        .param("orderId", orderId)
        .param("topic", event.topic())
        .param("webhook", event.webhook())
        .param("deliveries", event.deliveries())
        .param("updatedAt", event.orderUpdatedAt())
        .param("triggeredAt", event.triggeredAt())
        .param("body", event.body())
        .update();
  }

  /** Every event raised for the order, oldest first: the versions a test can list. */
  List<Event> events(long orderId) {
    return jdbc.sql("""
        select event_id, topic, webhook, deliveries, order_updated_at, triggered_at, body from sandbox.shopify_event
        where order_id = :id order by recorded_at, event_id
        """)
        .param("id", orderId)
        .query((rs, n) -> {
          OffsetDateTime updated = rs.getObject("order_updated_at", OffsetDateTime.class);
          return new Event(rs.getString("event_id"), rs.getString("topic"), rs.getString("webhook"),
              rs.getInt("deliveries"), updated == null ? null : updated.toInstant().toString(),
              rs.getObject("triggered_at", OffsetDateTime.class).toInstant().toString(), rs.getString("body"));
        })
        .list();
  }

  /** One page of the Admin API's order list: up to {@code limit} rows, in the query's order. */
  List<Current> page(PageQuery query) {
    String column = switch (query.column()) {
      case "updated_at" -> "updated_at";
      case "created_at" -> "order_created_at";
      default -> throw new IllegalArgumentException("not a sortable column: " + query.column());
    };
    String direction = query.ascending() ? "asc" : "desc";
    StringBuilder sql = new StringBuilder(
        "select order_id, body, updated_at, order_created_at from sandbox.shopify_order where true");
    List<Object> params = new ArrayList<>();
    switch (query.status()) {
      case "open" -> sql.append(" and cancelled_at is null");
      case "cancelled" -> sql.append(" and cancelled_at is not null");
      case "closed" -> sql.append(" and false");
      default -> { }
    }
    if (query.updatedAtMin() != null) {
      sql.append(" and updated_at >= ?");
      params.add(OffsetDateTime.ofInstant(query.updatedAtMin(), ZoneOffset.UTC));
    }
    if (query.createdAtMin() != null) {
      sql.append(" and order_created_at >= ?");
      params.add(OffsetDateTime.ofInstant(query.createdAtMin(), ZoneOffset.UTC));
    }
    if (query.afterValue() != null && query.afterId() != null) {
      sql.append(" and (").append(column).append(", order_id) ").append(query.ascending() ? ">" : "<")
          .append(" (?, ?)");
      params.add(OffsetDateTime.ofInstant(query.afterValue(), ZoneOffset.UTC));
      params.add(query.afterId());
    }
    sql.append(" order by ").append(column).append(' ').append(direction).append(", order_id ").append(direction)
        .append(" limit ").append(query.limit());
    JdbcClient.StatementSpec statement = jdbc.sql(sql.toString());
    for (Object param : params) {
      statement = statement.param(param);
    }
    return statement.query((rs, n) -> new Current(rs.getLong("order_id"), rs.getString("body"),
            rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
            rs.getObject("order_created_at", OffsetDateTime.class).toInstant()))
        .list();
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
