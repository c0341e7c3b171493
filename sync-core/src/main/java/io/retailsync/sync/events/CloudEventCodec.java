package io.retailsync.sync.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventHeaders;
import io.retailsync.model.event.EventType;
import io.retailsync.model.failure.PermanentSyncException;
import java.net.URI;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Maps an {@link EventEnvelope} to and from a Kafka record with the CloudEvents SDK's Kafka protocol
 * binding in binary mode: attributes and extensions become {@code ce_*} headers, the JSON payload is
 * the record value and {@code content-type} is {@code application/json}.
 */
public final class CloudEventCodec {

  public static final String JSON = "application/json";

  private CloudEventCodec() {}

  public static ProducerRecord<String, byte[]> toRecord(EventEnvelope envelope) {
    CloudEventBuilder builder = CloudEventBuilder.v1()
        .withId(envelope.id())
        .withSource(URI.create(envelope.source()))
        .withType(envelope.type().cloudEventType())
        .withTime(envelope.time().atOffset(ZoneOffset.UTC))
        .withSubject(envelope.subject())
        .withData(JSON, envelope.payload())
        .withExtension(EventHeaders.EXT_SCHEMA_VERSION, envelope.schemaVersion());
    extension(builder, EventHeaders.EXT_IDEMPOTENCY_KEY, envelope.idempotencyKey());
    extension(builder, EventHeaders.EXT_CORRELATION_ID, envelope.correlationId());
    extension(builder, EventHeaders.EXT_CHANNEL, envelope.channel());
    return KafkaMessageFactory.createWriter(envelope.topic(), envelope.subject()).writeBinary(builder.build());
  }

  /** Reads a record; a record that is not a CloudEvent of a known type is a permanent failure. */
  public static EventEnvelope fromRecord(ConsumerRecord<String, byte[]> record) {
    CloudEvent event;
    try {
      event = KafkaMessageFactory.createReader(record).toEvent();
    } catch (CloudEventRWException | IllegalStateException e) {
      throw new PermanentSyncException("INVALID_PAYLOAD", "not a CloudEvent: " + e.getMessage(), e);
    }
    EventType type;
    try {
      type = EventType.fromCloudEventType(event.getType());
    } catch (IllegalArgumentException e) {
      throw new PermanentSyncException("INVALID_PAYLOAD", e.getMessage(), e);
    }
    if (event.getData() == null || event.getTime() == null) {
      throw new PermanentSyncException("INVALID_PAYLOAD", "event " + event.getId() + " has no data or no time");
    }
    return new EventEnvelope(event.getId(), event.getSource().toString(), type, event.getTime().toInstant(),
        event.getSubject() == null ? record.key() : event.getSubject(),
        stringExtension(event, EventHeaders.EXT_IDEMPOTENCY_KEY),
        stringExtension(event, EventHeaders.EXT_CORRELATION_ID),
        stringExtension(event, EventHeaders.EXT_CHANNEL),
        stringExtension(event, EventHeaders.EXT_SCHEMA_VERSION),
        event.getData().toBytes());
  }

  private static void extension(CloudEventBuilder builder, String name, String value) {
    if (value != null) {
      builder.withExtension(name, value);
    }
  }

  private static String stringExtension(CloudEvent event, String name) {
    Object value = event.getExtension(name);
    return value == null ? null : value.toString();
  }
}
