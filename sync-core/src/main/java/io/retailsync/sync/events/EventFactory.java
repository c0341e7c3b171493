package io.retailsync.sync.events;

import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventType;
import io.retailsync.model.json.CanonicalJson;
import java.time.Clock;
import java.util.UUID;

/** Builds envelopes for this service: {@code ce_source} is {@code /<service-name>}. */
public final class EventFactory {

  private final String source;
  private final Clock clock;

  public EventFactory(String serviceName, Clock clock) {
    this.source = "/" + serviceName;
    this.clock = clock;
  }

  /**
   * An event about one channel's object. {@code idempotencyKey} identifies the fact, so a consumer that
   * sees it twice can tell; {@code correlationId} is the lineage id carried end to end.
   */
  public EventEnvelope create(EventType type, String key, String channel, String idempotencyKey,
      String correlationId, Object payload) {
    return new EventEnvelope(UUID.randomUUID().toString(), source, type, clock.instant(), key, idempotencyKey,
        correlationId, channel, EventType.SCHEMA_VERSION, CanonicalJson.toBytes(payload));
  }
}
