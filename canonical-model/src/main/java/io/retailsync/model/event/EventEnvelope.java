package io.retailsync.model.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One event as it travels: the CloudEvents attributes and extensions of the brief plus the JSON payload.
 * {@code subject} is the Kafka record key.
 */
public record EventEnvelope(
    String id,
    String source,
    EventType type,
    Instant time,
    String subject,
    String idempotencyKey,
    String correlationId,
    String channel,
    String schemaVersion,
    byte[] payload) {

  public EventEnvelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(payload, "payload");
    schemaVersion = schemaVersion == null ? EventType.SCHEMA_VERSION : schemaVersion;
  }

  public String topic() {
    return type.topic();
  }
}
