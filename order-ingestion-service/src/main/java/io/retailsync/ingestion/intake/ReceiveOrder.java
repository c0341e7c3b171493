package io.retailsync.ingestion.intake;

import io.retailsync.sync.tx.AfterCommit;
import io.retailsync.ingestion.config.IngestionProperties;
import io.retailsync.connectors.shopify.ShopifyOrderMapper;
import io.retailsync.model.CanonicalValidator;
import io.retailsync.model.Order;
import io.retailsync.model.OrderConsistency;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.lineage.LineageStore;
import io.retailsync.sync.metrics.SyncMetrics;
import io.retailsync.sync.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Receives one canonical order from any channel: validates it, deduplicates it by its external
 * reference ({@code {channel}:{orderId}}) and content, and writes it with its {@code OrderCreated} event
 * through the outbox, in one transaction.
 */
@Service
public class ReceiveOrder {

  /** Where an order came from: a connector's webhook or poll, or the generic canonical API. */
  public enum Source { WEBHOOK, POLL, API }

  private static final String SERVICE = "order-ingestion-service";

  private final JdbcClient jdbc;
  private final CanonicalValidator validator;
  private final Outbox outbox;
  private final EventFactory events;
  private final LineageStore lineage;
  private final ExceptionQueue exceptions;
  private final SyncMetrics metrics;
  private final IngestionProperties properties;
  private final Clock clock;

  ReceiveOrder(JdbcClient jdbc, CanonicalValidator validator, Outbox outbox, EventFactory events,
      LineageStore lineage, ExceptionQueue exceptions, SyncMetrics metrics, IngestionProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.validator = validator;
    this.outbox = outbox;
    this.events = events;
    this.lineage = lineage;
    this.exceptions = exceptions;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
  }

  /** Validation, channel and consistency checks every order passes before it is stored. */
  private java.util.Optional<ReceiveOrderResult.Rejected> check(Order order, Source source) {
    String channel = order.channel() == null ? "unknown" : order.channel();
    List<String> violations = validator.violations(order);
    if (!violations.isEmpty()) {
      String reason = String.join("; ", violations);
      UUID filed = source == Source.API ? null : file("INVALID_PAYLOAD", reason, order, source);
      return java.util.Optional.of(rejected(channel, new ReceiveOrderResult.Rejected("INVALID_PAYLOAD", reason, filed)));
    }
    if (!knownChannel(order.channel(), source)) {
      String reason = "channel '" + order.channel() + "' has no channel account";
      return java.util.Optional.of(rejected(channel, new ReceiveOrderResult.Rejected("UNKNOWN_CHANNEL", reason,
          file("UNKNOWN_CHANNEL", reason, order, source))));
    }
    var inconsistency = OrderConsistency.check(order);
    if (inconsistency.isPresent()) {
      String type = inconsistency.get().problem().name();
      String reason = inconsistency.get().reason();
      return java.util.Optional.of(rejected(channel, new ReceiveOrderResult.Rejected(type, reason,
          file(type, reason, order, source))));
    }
    return java.util.Optional.empty();
  }

  /**
   * Receives one version of a connector's order (a webhook or a poll): the first version is stored and
   * published as {@code OrderCreated} (or stored as cancelled, never to be posted, when the first thing
   * heard of it is its cancellation); a later version is applied only when it is newer than the one
   * applied, by the marketplace's last-modified time, and is published as {@code OrderUpdated} when its
   * content changed or {@code OrderCancelled} when it cancels the order. An older or equal version changes
   * nothing: redeliveries, out-of-order webhooks and a poll re-reading what a webhook brought are all
   * harmless.
   */
  @Transactional
  public ReceiveOrderResult receiveVersion(OrderVersion version, Source source) {
    Order order = version.order();
    var refused = check(order, source);
    if (refused.isPresent()) {
      return refused.get();
    }
    String channel = order.channel();
    byte[] payload = CanonicalJson.toBytes(order);
    // versions are told apart by content: a new last-modified time alone (a payment captured, a status
    // moved on) changes nothing the ERP holds
    String hash = contentHash(order);
    var current = currentVersion(order);
    if (current.isEmpty()) {
      String correlationId = lineage.correlationIdFor(order.channel(), order.orderId());
      int inserted = jdbc.sql("""
              INSERT INTO received_orders (channel, order_id, content_hash, correlation_id, status, payload, version,
                                           cancelled_at, fulfilment_started)
              VALUES (:channel, :orderId, :hash, :correlationId, :status, :payload, :version, :cancelledAt, :started)
              ON CONFLICT (channel, order_id) DO NOTHING""")
          .param("channel", channel).param("orderId", order.orderId()).param("hash", hash)
          .param("correlationId", correlationId).param("status", version.cancelled() ? "CANCELLED" : "RECEIVED")
          .param("payload", payload).param("version", timestamp(version.version()))
          .param("cancelledAt", timestamp(version.cancelledAt())).param("started", version.fulfilmentStarted())
          .update();
      if (inserted == 1) {
        lineage.recordEvent(channel, order.orderId(), "OrderReceived", clock.instant(), SERVICE,
            source.name().toLowerCase(), "received:" + order.externalReference());
        if (version.cancelled()) {
          // nothing was posted or reserved: the order is kept, cancelled, and never posted
          lineage.recordEvent(channel, order.orderId(), "OrderCancelled", clock.instant(), SERVICE,
              "cancelled before it was posted", "cancelled:" + order.externalReference());
        } else {
          outbox.append(events.create(EventType.ORDER_CREATED, Topics.orderKey(channel, order.orderId()),
              channel, order.externalReference(), correlationId, order));
        }
        AfterCommit.run(() -> metrics.orderIngested(channel, SyncMetrics.OUTCOME_ACCEPTED));
        return new ReceiveOrderResult.Accepted(correlationId);
      }
      current = currentVersion(order);
    }
    StoredVersion stored = current.orElseThrow();
    boolean newer = stored.version() == null || version.version() == null
        ? !hash.equals(stored.hash()) || (version.cancelled() && !stored.cancelled())
        : version.version().isAfter(stored.version())
            // two edits within the marketplace's time resolution (Shopify's whole seconds): the later to arrive
            || (version.version().equals(stored.version()) && !hash.equals(stored.hash()));
    if (!newer || stored.cancelled()) {
      if (newer) {
        setVersion(order, version);
      }
      AfterCommit.run(() -> {
        metrics.duplicateSuppressed(channel, SyncMetrics.KIND_ORDER);
        metrics.orderIngested(channel, SyncMetrics.OUTCOME_DUPLICATE);
      });
      return new ReceiveOrderResult.Duplicate(stored.correlationId());
    }
    String key = Topics.orderKey(channel, order.orderId());
    Instant now = clock.instant();
    if (version.cancelled()) {
      jdbc.sql("""
              UPDATE received_orders SET version = :version, cancelled_at = :cancelledAt,
                     fulfilment_started = fulfilment_started OR :started
               WHERE channel = :channel AND order_id = :orderId""")
          .param("version", timestamp(version.version())).param("cancelledAt", timestamp(version.cancelledAt()))
          .param("started", version.fulfilmentStarted())
          .param("channel", channel).param("orderId", order.orderId()).update();
      lineage.recordEvent(channel, order.orderId(), "OrderCancelRequested", now, SERVICE,
          version.cancelReason() == null ? "cancelled" : version.cancelReason(), "cancel:" + order.externalReference());
      outbox.append(events.create(EventType.ORDER_CANCELLED, key, channel, OrderVersion.cancelKey(order.externalReference()),
          stored.correlationId(), new io.retailsync.model.OrderCancellation(channel, order.orderId(),
              version.cancelledAt(), version.cancelReason(), version.fulfilmentStarted() || stored.fulfilmentStarted())));
      return new ReceiveOrderResult.Accepted(stored.correlationId());
    }
    if (hash.equals(stored.hash())) {
      setVersion(order, version);
      AfterCommit.run(() -> metrics.duplicateSuppressed(channel, SyncMetrics.KIND_ORDER));
      return new ReceiveOrderResult.Duplicate(stored.correlationId());
    }
    long revision = jdbc.sql("""
            UPDATE received_orders SET version = :version, content_hash = :hash, payload = :payload,
                   fulfilment_started = fulfilment_started OR :started, revision = revision + 1
             WHERE channel = :channel AND order_id = :orderId
            RETURNING revision""")
        .param("version", timestamp(version.version())).param("hash", hash).param("payload", payload)
        .param("started", version.fulfilmentStarted())
        .param("channel", channel).param("orderId", order.orderId()).query(Long.class).single();
    String versionKey = OrderVersion.updateKey(order, revision);
    lineage.recordEvent(channel, order.orderId(), "OrderUpdated", now, SERVICE, versionKey, "updated:" + versionKey);
    outbox.append(events.create(EventType.ORDER_UPDATED, key, channel, versionKey, stored.correlationId(), order));
    return new ReceiveOrderResult.Accepted(stored.correlationId());
  }

  /** What is stored of an order: its content hash, version, and whether it is cancelled. */
  private record StoredVersion(String hash, Instant version, boolean cancelled, boolean fulfilmentStarted,
      String correlationId) {}

  private java.util.Optional<StoredVersion> currentVersion(Order order) {
    return jdbc.sql("""
            SELECT content_hash, version, status = 'CANCELLED' OR cancelled_at IS NOT NULL AS cancelled,
                   fulfilment_started, correlation_id
              FROM received_orders WHERE channel = :channel AND order_id = :orderId FOR UPDATE""")
        .param("channel", order.channel()).param("orderId", order.orderId())
        .query((rs, row) -> new StoredVersion(rs.getString(1),
            rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(), rs.getBoolean(3), rs.getBoolean(4),
            rs.getString(5)))
        .optional();
  }

  private void setVersion(Order order, OrderVersion version) {
    jdbc.sql("""
            UPDATE received_orders SET version = greatest(version, :version),
                   fulfilment_started = fulfilment_started OR :started
             WHERE channel = :channel AND order_id = :orderId""")
        .param("version", timestamp(version.version())).param("started", version.fulfilmentStarted())
        .param("channel", order.channel()).param("orderId", order.orderId()).update();
  }

  /** The version of an order stored last, if it was taken in. */
  public java.util.Optional<Order> storedOrder(String channel, String orderId) {
    return jdbc.sql("SELECT payload FROM received_orders WHERE channel = :channel AND order_id = :orderId")
        .param("channel", channel).param("orderId", orderId).query((rs, row) -> rs.getBytes(1)).optional()
        .filter(java.util.Objects::nonNull).map(payload -> CanonicalJson.read(payload, Order.class));
  }

  /** The version of an order stored last with its revision, if it was taken in. */
  public java.util.Optional<Revision> storedRevision(String channel, String orderId) {
    return jdbc.sql("SELECT payload, revision FROM received_orders WHERE channel = :channel AND order_id = :orderId")
        .param("channel", channel).param("orderId", orderId)
        .query((rs, row) -> rs.getBytes(1) == null ? null : new Revision(CanonicalJson.read(rs.getBytes(1), Order.class),
            rs.getLong(2)))
        .optional();
  }

  /** A stored order and the revision of its content. */
  public record Revision(Order order, long revision) {}

  private static java.sql.Timestamp timestamp(Instant instant) {
    return instant == null ? null : java.sql.Timestamp.from(instant);
  }

  @Transactional
  public ReceiveOrderResult receive(Order order, Source source) {
    String channel = order.channel() == null ? "unknown" : order.channel();
    var refused = check(order, source);
    if (refused.isPresent()) {
      return refused.get();
    }

    byte[] payload = CanonicalJson.toBytes(order);
    String hash = contentHash(order);
    String correlationId = lineage.correlationIdFor(order.channel(), order.orderId());
    int inserted = jdbc.sql("""
            INSERT INTO received_orders (channel, order_id, content_hash, correlation_id, status, payload, version)
            VALUES (:channel, :orderId, :hash, :correlationId, 'RECEIVED', :payload, :version)
            ON CONFLICT (channel, order_id) DO NOTHING""")
        .param("channel", order.channel()).param("orderId", order.orderId()).param("hash", hash)
        .param("version", timestamp(OrderVersion.versionOf(order)))
        .param("correlationId", correlationId).param("payload", payload).update();
    if (inserted == 0) {
      String previousHash = jdbc.sql("SELECT content_hash FROM received_orders WHERE channel = :channel AND order_id = :orderId")
          .param("channel", order.channel()).param("orderId", order.orderId()).query(String.class).single();
      if (previousHash.equals(hash)) {
        AfterCommit.run(() -> {
          metrics.duplicateSuppressed(channel, SyncMetrics.KIND_ORDER);
          metrics.orderIngested(channel, SyncMetrics.OUTCOME_DUPLICATE);
        });
        return new ReceiveOrderResult.Duplicate(correlationId);
      }
      String reason = "order " + order.externalReference() + " was received before with different content";
      UUID filed = exceptions.record(NewException.builder("DUPLICATE_CONFLICT", reason)
          .channel(order.channel()).orderId(order.orderId()).correlationId(correlationId)
          .sourceKey("duplicate-conflict:" + order.externalReference() + ":" + hash)
          .payload(CanonicalJson.toJson(order), null).build());
      AfterCommit.run(() -> metrics.orderIngested(channel, SyncMetrics.OUTCOME_REJECTED));
      return new ReceiveOrderResult.Conflict(filed, reason);
    }

    lineage.recordEvent(order.channel(), order.orderId(), "OrderReceived", clock.instant(), SERVICE,
        source.name().toLowerCase(), "received:" + order.externalReference());
    outbox.append(events.create(EventType.ORDER_CREATED, Topics.orderKey(order.channel(), order.orderId()),
        order.channel(), order.externalReference(), correlationId, order));
    AfterCommit.run(() -> metrics.orderIngested(channel, SyncMetrics.OUTCOME_ACCEPTED));
    return new ReceiveOrderResult.Accepted(correlationId);
  }

  private boolean knownChannel(String channel, Source source) {
    if (source == Source.API) {
      return properties.genericChannels().contains(channel);
    }
    return SyncMetrics.CONNECTOR_CHANNELS.contains(channel) || properties.genericChannels().contains(channel);
  }

  private ReceiveOrderResult.Rejected rejected(String channel, ReceiveOrderResult.Rejected result) {
    AfterCommit.run(() -> metrics.orderIngested(channel, SyncMetrics.OUTCOME_REJECTED));
    return result;
  }

  private UUID file(String type, String reason, Order order, Source source) {
    String payload = CanonicalJson.toJson(order);
    return exceptions.record(NewException.builder(type, reason)
        .channel(order.channel()).orderId(order.orderId())
        .sku(order.lines().isEmpty() || order.lines().get(0) == null ? null : order.lines().get(0).sku())
        .sourceKey(type + ":" + source.name() + ":" + sha256(payload))
        .replay(ReplayCanonicalOrder.KIND, source.name())
        .payload(payload, null).build());
  }

  /** An order's content, told apart from its last-modified time: what makes two versions differ. */
  public static String contentHash(Order order) {
    return sha256(CanonicalJson.toBytes(order.withUpdatedAt(null)));
  }

  public static String sha256(String text) {
    return io.retailsync.model.json.Sha256.hex(text);
  }

  static String sha256(byte[] bytes) {
    return io.retailsync.model.json.Sha256.hex(bytes);
  }
}
