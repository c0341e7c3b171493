package io.retailsync.ingestion.intake;

import io.retailsync.sync.tx.AfterCommit;
import io.retailsync.model.CanonicalValidator;
import io.retailsync.model.Refund;
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
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Receives one marketplace refund: validates it, deduplicates it by {@code (channel, order id, refund id)}
 * and content, and writes it with its {@code RefundIssued} event (on {@code retail.returns.v1}, keyed by the
 * order) through the outbox, in one transaction. The credit memo is posted from that event.
 */
@Service
public class ReceiveRefund {

  public enum Outcome { ACCEPTED, DUPLICATE, REJECTED }

  static final String REPLAY_KIND = "canonical-refund";
  private static final String SERVICE = "order-ingestion-service";

  private final JdbcClient jdbc;
  private final CanonicalValidator validator;
  private final Outbox outbox;
  private final EventFactory events;
  private final LineageStore lineage;
  private final ExceptionQueue exceptions;
  private final SyncMetrics metrics;
  private final Clock clock;

  ReceiveRefund(JdbcClient jdbc, CanonicalValidator validator, Outbox outbox, EventFactory events,
      LineageStore lineage, ExceptionQueue exceptions, SyncMetrics metrics, Clock clock) {
    this.jdbc = jdbc;
    this.validator = validator;
    this.outbox = outbox;
    this.events = events;
    this.lineage = lineage;
    this.exceptions = exceptions;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Transactional
  public Outcome receive(Refund refund, ReceiveOrder.Source source) {
    String channel = refund.channel() == null ? "unknown" : refund.channel();
    List<String> violations = validator.violations(refund);
    if (!violations.isEmpty()) {
      file("INVALID_PAYLOAD", String.join("; ", violations), refund, "invalid-refund:" + source.name() + ":"
          + ReceiveOrder.sha256(CanonicalJson.toBytes(refund)));
      return Outcome.REJECTED;
    }
    byte[] payload = CanonicalJson.toBytes(refund);
    String hash = ReceiveOrder.sha256(payload);
    String correlationId = lineage.correlationIdFor(refund.channel(), refund.orderId());
    int inserted = jdbc.sql("""
            INSERT INTO received_refunds (channel, order_id, refund_id, content_hash, correlation_id, status, payload)
            VALUES (:channel, :orderId, :refundId, :hash, :correlationId, 'RECEIVED', :payload)
            ON CONFLICT (channel, order_id, refund_id) DO NOTHING""")
        .param("channel", refund.channel()).param("orderId", refund.orderId()).param("refundId", refund.refundId())
        .param("hash", hash).param("correlationId", correlationId).param("payload", payload).update();
    if (inserted == 0) {
      String previous = jdbc.sql("""
              SELECT content_hash FROM received_refunds
               WHERE channel = :channel AND order_id = :orderId AND refund_id = :refundId""")
          .param("channel", refund.channel()).param("orderId", refund.orderId()).param("refundId", refund.refundId())
          .query(String.class).single();
      if (previous.equals(hash)) {
        AfterCommit.run(() -> metrics.duplicateSuppressed(channel, SyncMetrics.KIND_ORDER));
        return Outcome.DUPLICATE;
      }
      // a refund is immutable at the marketplace: different content under one id is for a person to judge
      file("DUPLICATE_CONFLICT", "refund " + refund.externalReference() + " was received before with different content",
          refund, "duplicate-conflict:" + refund.externalReference() + ":" + hash);
      return Outcome.REJECTED;
    }
    lineage.recordEvent(refund.channel(), refund.orderId(), "RefundReceived", clock.instant(), SERVICE,
        refund.refundId(), "refund-received:" + refund.externalReference());
    outbox.append(events.create(EventType.REFUND_ISSUED, Topics.orderKey(refund.channel(), refund.orderId()),
        refund.channel(), refund.externalReference(), correlationId, refund));
    return Outcome.ACCEPTED;
  }

  private void file(String type, String reason, Refund refund, String sourceKey) {
    exceptions.record(NewException.builder(type, reason)
        .channel(refund.channel()).orderId(refund.orderId())
        .sourceKey(sourceKey)
        .payload(CanonicalJson.toJson(refund), null).build());
  }
}
