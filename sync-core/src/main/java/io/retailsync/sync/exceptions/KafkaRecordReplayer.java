package io.retailsync.sync.exceptions;

import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventHeaders;
import io.retailsync.model.event.EventType;
import io.retailsync.sync.kafka.DeadLetterRecoverer;
import io.retailsync.sync.outbox.Outbox;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Replays a dead-lettered event: the original CloudEvent goes back to its topic through the outbox,
 * with a new event id and the same idempotency key, so a consumer that did finish it meanwhile still
 * recognises it.
 */
public class KafkaRecordReplayer implements ExceptionReplayer {

  private final Outbox outbox;

  public KafkaRecordReplayer(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public String kind() {
    return DeadLetterRecoverer.REPLAY_KIND;
  }

  @Override
  public void replay(ExceptionEntry entry) {
    Map<String, String> headers = entry.payloadHeaders();
    String type = headers.get(EventHeaders.TYPE);
    if (type == null || entry.payload() == null) {
      throw new ReplayRefusedException("the dead-lettered record is not a CloudEvent and cannot be replayed");
    }
    EventType eventType;
    try {
      eventType = EventType.fromCloudEventType(type);
    } catch (IllegalArgumentException e) {
      throw new ReplayRefusedException(e.getMessage());
    }
    String time = headers.get(EventHeaders.TIME);
    outbox.append(new EventEnvelope(UUID.randomUUID().toString(),
        headers.getOrDefault(EventHeaders.SOURCE, "/replay"), eventType,
        time == null ? Instant.now() : OffsetDateTime.parse(time).toInstant(),
        headers.getOrDefault(EventHeaders.SUBJECT, headers.get("kafka_key")),
        headers.get(EventHeaders.IDEMPOTENCY_KEY), headers.get(EventHeaders.CORRELATION_ID),
        headers.get(EventHeaders.CHANNEL), headers.get(EventHeaders.SCHEMA_VERSION),
        entry.payload()));
  }
}
