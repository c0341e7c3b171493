package io.retailsync.sync.events;

import io.micrometer.core.instrument.Counter;
import io.retailsync.model.event.EventEnvelope;
import io.retailsync.sync.metrics.SyncMetrics;
import java.sql.Timestamp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The events a service has consumed, one row per CloudEvent id ({@code consumed_events} in the service's
 * schema). Recording is one {@code INSERT ... ON CONFLICT} statement, so a redelivery is recognised even
 * under concurrency, and it is counted as {@code sync_events_consumed_total{topic,type,outcome}} with
 * outcome {@code new} or {@code duplicate}.
 */
public class ConsumedEvents {

  public static final String OUTCOME_NEW = "new";
  public static final String OUTCOME_DUPLICATE = "duplicate";

  /** A decoded event and whether this delivery was its first. */
  public record Consumed(EventEnvelope event, boolean first) {}

  private static final String RECORD = """
      INSERT INTO consumed_events (event_id, topic, event_type, record_key, source, channel, correlation_id,
                                   idempotency_key, event_time, kafka_partition, kafka_offset)
      VALUES (:eventId, :topic, :type, :key, :source, :channel, :correlationId, :idempotencyKey, :time,
              :partition, :offset)
      ON CONFLICT (event_id) DO UPDATE
         SET seen_count = consumed_events.seen_count + 1, last_seen_at = now()
      RETURNING (xmax = 0) AS inserted
      """;

  private final JdbcClient jdbc;
  private final SyncMetrics metrics;

  public ConsumedEvents(JdbcClient jdbc, SyncMetrics metrics) {
    this.jdbc = jdbc;
    this.metrics = metrics;
  }

  /** Decodes the record (a non-CloudEvent is a permanent failure), records and counts it. */
  public Consumed record(ConsumerRecord<String, byte[]> record) {
    EventEnvelope event = CloudEventCodec.fromRecord(record);
    boolean first = jdbc.sql(RECORD)
        .param("eventId", event.id())
        .param("topic", record.topic())
        .param("type", event.type().eventName())
        .param("key", event.subject())
        .param("source", event.source())
        .param("channel", event.channel())
        .param("correlationId", event.correlationId())
        .param("idempotencyKey", event.idempotencyKey())
        .param("time", Timestamp.from(event.time()))
        .param("partition", record.partition())
        .param("offset", record.offset())
        .query((rs, row) -> rs.getBoolean("inserted"))
        .single();
    Counter.builder(SyncMetrics.EVENTS_CONSUMED)
        .description("Events consumed from the backbone, by topic, event type and outcome")
        .tag("topic", record.topic()).tag("type", event.type().eventName())
        .tag("outcome", first ? OUTCOME_NEW : OUTCOME_DUPLICATE)
        .register(metrics.registry()).increment();
    return new Consumed(event, first);
  }

  /** How many times the event was delivered (0 if never). */
  public int seenCount(String eventId) {
    return jdbc.sql("SELECT seen_count FROM consumed_events WHERE event_id = :id").param("id", eventId)
        .query(Integer.class).optional().orElse(0);
  }
}
