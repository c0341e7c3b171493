package io.retailsync.sync.outbox;

import io.retailsync.model.event.EventEnvelope;
import java.sql.Timestamp;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox: an event is written in the same PostgreSQL transaction as the business row
 * it describes, and {@link OutboxRelay} publishes it to Kafka after commit. Services write to Kafka only
 * through here, so a business change and its event commit or vanish together.
 */
public class Outbox {

  private static final String INSERT = """
      INSERT INTO outbox (topic, record_key, event_id, event_type, source, event_time, idempotency_key,
                          correlation_id, channel, schema_version, payload)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;

  private final org.springframework.jdbc.core.JdbcTemplate template;
  private final Runnable wakeRelay;

  public Outbox(org.springframework.jdbc.core.JdbcTemplate template, Runnable wakeRelay) {
    this.template = template;
    this.wakeRelay = wakeRelay;
  }

  /** {@link #append} for many events, sent to PostgreSQL as one batch (one round trip, not one per event). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void appendAll(java.util.List<EventEnvelope> events) {
    if (events.isEmpty()) {
      return;
    }
    template.batchUpdate(INSERT, events.stream().map(event -> new Object[] {event.topic(), event.subject(),
        event.id(), event.type().name(), event.source(), Timestamp.from(event.time()), event.idempotencyKey(),
        event.correlationId(), event.channel(), event.schemaVersion(), event.payload()}).toList());
    wakeAfterCommit();
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void append(EventEnvelope event) {
    appendAll(java.util.List.of(event));
  }

  private void wakeAfterCommit() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          wakeRelay.run();
        }
      });
    }
  }
}
