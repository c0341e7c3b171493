package io.retailsync.ingestion.intake;

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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
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

  @Transactional
  public ReceiveOrderResult receive(Order order, Source source) {
    String channel = order.channel() == null ? "unknown" : order.channel();
    List<String> violations = validator.violations(order);
    if (!violations.isEmpty()) {
      String reason = String.join("; ", violations);
      UUID filed = source == Source.API ? null : file("INVALID_PAYLOAD", reason, order, source);
      return rejected(channel, new ReceiveOrderResult.Rejected("INVALID_PAYLOAD", reason, filed));
    }
    if (!knownChannel(order.channel(), source)) {
      String reason = "channel '" + order.channel() + "' has no channel account";
      return rejected(channel, new ReceiveOrderResult.Rejected("UNKNOWN_CHANNEL", reason,
          file("UNKNOWN_CHANNEL", reason, order, source)));
    }
    var inconsistency = OrderConsistency.check(order);
    if (inconsistency.isPresent()) {
      String type = inconsistency.get().problem().name();
      String reason = inconsistency.get().reason();
      return rejected(channel, new ReceiveOrderResult.Rejected(type, reason, file(type, reason, order, source)));
    }

    byte[] payload = CanonicalJson.toBytes(order);
    String hash = sha256(payload);
    String correlationId = lineage.correlationIdFor(order.channel(), order.orderId());
    int inserted = jdbc.sql("""
            INSERT INTO received_orders (channel, order_id, content_hash, correlation_id, status, payload)
            VALUES (:channel, :orderId, :hash, :correlationId, 'RECEIVED', :payload)
            ON CONFLICT (channel, order_id) DO NOTHING""")
        .param("channel", order.channel()).param("orderId", order.orderId()).param("hash", hash)
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

  private ReceiveOrderResult rejected(String channel, ReceiveOrderResult.Rejected result) {
    AfterCommit.run(() -> metrics.orderIngested(channel, SyncMetrics.OUTCOME_REJECTED));
    return result;
  }

  private UUID file(String type, String reason, Order order, Source source) {
    String payload = CanonicalJson.toJson(order);
    return exceptions.record(NewException.builder(type, reason)
        .channel(order.channel()).orderId(order.orderId())
        .sku(order.lines().isEmpty() || order.lines().get(0) == null ? null : order.lines().get(0).sku())
        .sourceKey(type + ":" + source.name() + ":" + sha256(payload))
        .replay(ReplayCanonicalOrder.KIND, null)
        .payload(payload, null).build());
  }

  static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
