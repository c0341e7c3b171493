package io.retailsync.settlement.events;

import io.retailsync.model.event.EventEnvelope;
import java.sql.Timestamp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The events this service has consumed, one row per CloudEvent id ({@code seen_events} in the service's
 * own schema). Recording is one {@code INSERT ... ON CONFLICT} statement, so a redelivery (the same id
 * again, after a rebalance or a crash before the offset commit) is recognised even under concurrency.
 */
@Repository
public class SeenEvents {

  private static final String RECORD = """
      INSERT INTO seen_events (event_id, topic, event_type, record_key, source, channel, correlation_id,
                               idempotency_key, event_time, kafka_partition, kafka_offset)
      VALUES (:eventId, :topic, :type, :key, :source, :channel, :correlationId, :idempotencyKey, :time,
              :partition, :offset)
      ON CONFLICT (event_id) DO UPDATE
         SET seen_count = seen_events.seen_count + 1, last_seen_at = now()
      RETURNING (xmax = 0) AS inserted
      """;

  private final JdbcClient jdbc;

  public SeenEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records the event; true the first time its id is seen, false for a redelivery. */
  public boolean record(EventEnvelope event, ConsumerRecord<?, ?> record) {
    return jdbc.sql(RECORD)
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
  }

  /** How many times the event was delivered (0 if never). */
  public int seenCount(String eventId) {
    return jdbc.sql("SELECT seen_count FROM seen_events WHERE event_id = :id").param("id", eventId)
        .query(Integer.class).optional().orElse(0);
  }
}
