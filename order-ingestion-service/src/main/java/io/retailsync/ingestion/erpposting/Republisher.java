package io.retailsync.ingestion.erpposting;

import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.sync.idempotency.IdempotencyStore;
import io.retailsync.sync.lineage.LineageStore;
import io.retailsync.sync.outbox.Outbox;
import org.springframework.stereotype.Component;

/**
 * What every replay of an ERP effect does: put the effect's claim back to pending (so the next attempt
 * looks the document up before anything is sent) and publish its event again, with the order's lineage id
 * and the same idempotency key. Runs inside the replay's transaction.
 */
@Component
public class Republisher {

  private final IdempotencyStore idempotency;
  private final Outbox outbox;
  private final EventFactory events;
  private final LineageStore lineage;

  Republisher(IdempotencyStore idempotency, Outbox outbox, EventFactory events, LineageStore lineage) {
    this.idempotency = idempotency;
    this.outbox = outbox;
    this.events = events;
    this.lineage = lineage;
  }

  /** Reopens the claim {@code scope}/{@code key}, if one was ever taken. */
  public void reopen(String scope, String key) {
    if (idempotency.find(scope, key).isPresent()) {
      idempotency.reopen(scope, key);
    }
  }

  /** Publishes {@code payload} again as {@code type} for the order {@code channel}/{@code orderId}. */
  public void publish(EventType type, String channel, String orderId, String idempotencyKey, Object payload) {
    outbox.append(events.create(type, Topics.orderKey(channel, orderId), channel, idempotencyKey,
        lineage.correlationIdFor(channel, orderId), payload));
  }
}
