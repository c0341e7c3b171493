package io.retailsync.sync.events;

import io.retailsync.model.event.EventEnvelope;
import io.retailsync.sync.metrics.SyncMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The events a service has consumed, one row per fact ({@code consumed_events} in the service's schema):
 * an event is a repeat when its CloudEvent id was seen, or when an event of the same topic and type with
 * the same idempotency key was (a replay from the exception queue republishes a fact under a new event
 * id). Recording is one {@code INSERT ... ON CONFLICT DO NOTHING} against both unique keys, so a
 * redelivery is recognised even under concurrency, and it is counted as
 * {@code sync_events_consumed_total{topic,type,outcome}} with outcome {@code new} or {@code duplicate}.
 */
public class ConsumedEvents {

  public static final String OUTCOME_NEW = "new";
  public static final String OUTCOME_DUPLICATE = "duplicate";

  /** A decoded event and whether this delivery was its first. */
  public record Consumed(EventEnvelope event, boolean first) {}

  private static final String SEEN_AGAIN = """
      UPDATE consumed_events SET seen_count = seen_count + 1, last_seen_at = now()
       WHERE event_id = :eventId
          OR (topic = :topic AND event_type = :type AND idempotency_key = :idempotencyKey)
      """;

  private final JdbcClient jdbc;
  private final SyncMetrics metrics;

  public ConsumedEvents(JdbcClient jdbc, SyncMetrics metrics) {
    this.jdbc = jdbc;
    this.metrics = metrics;
    for (io.retailsync.model.event.EventType type : io.retailsync.model.event.EventType.values()) {
      for (String outcome : java.util.List.of(OUTCOME_NEW, OUTCOME_DUPLICATE)) {
        metrics.counter(SyncMetrics.EVENTS_CONSUMED, "topic", type.topic(), "type", type.eventName(), "outcome", outcome);
      }
    }
  }

  /** Decodes the record (a non-CloudEvent is a permanent failure), records and counts it. */
  public Consumed record(ConsumerRecord<String, byte[]> record) {
    return recordAll(java.util.List.of(record)).get(0);
  }

  /**
   * {@link #record} for a poll's records, in one statement: each decoded (a non-CloudEvent is a permanent
   * failure of the whole call), and the first delivery of each fact, in the records' order, is the one
   * recorded as new.
   */
  public java.util.List<Consumed> recordAll(java.util.List<ConsumerRecord<String, byte[]>> records) {
    java.util.List<EventEnvelope> events = records.stream().map(CloudEventCodec::fromRecord).toList();
    if (events.isEmpty()) {
      return java.util.List.of();
    }
    java.util.Set<String> inserted = new java.util.HashSet<>(jdbc.sql("""
            INSERT INTO consumed_events (event_id, topic, event_type, record_key, source, channel, correlation_id,
                                         idempotency_key, event_time, kafka_partition, kafka_offset)
            SELECT event_id, topic, event_type, record_key, source, channel, correlation_id, idempotency_key,
                   event_time, kafka_partition, kafka_offset
              FROM unnest(cast(:eventIds AS text[]), cast(:topics AS text[]), cast(:types AS text[]),
                          cast(:keys AS text[]), cast(:sources AS text[]), cast(:channels AS text[]),
                          cast(:correlationIds AS text[]), cast(:idempotencyKeys AS text[]),
                          cast(:times AS timestamptz[]), cast(:partitions AS int[]), cast(:offsets AS bigint[]))
                   WITH ORDINALITY AS e(event_id, topic, event_type, record_key, source, channel, correlation_id,
                                        idempotency_key, event_time, kafka_partition, kafka_offset, position)
             ORDER BY position
            ON CONFLICT DO NOTHING
            RETURNING event_id""")
        .param("eventIds", column(events, EventEnvelope::id))
        .param("topics", records.stream().map(ConsumerRecord::topic).toArray(String[]::new))
        .param("types", column(events, event -> event.type().eventName()))
        .param("keys", column(events, EventEnvelope::subject))
        .param("sources", column(events, EventEnvelope::source))
        .param("channels", column(events, EventEnvelope::channel))
        .param("correlationIds", column(events, EventEnvelope::correlationId))
        .param("idempotencyKeys", column(events, EventEnvelope::idempotencyKey))
        .param("times", column(events, event -> event.time().toString()))
        .param("partitions", records.stream().map(r -> String.valueOf(r.partition())).toArray(String[]::new))
        .param("offsets", records.stream().map(r -> String.valueOf(r.offset())).toArray(String[]::new))
        .query(String.class).list());
    java.util.List<Consumed> consumed = new java.util.ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      EventEnvelope event = events.get(i);
      ConsumerRecord<String, byte[]> record = records.get(i);
      // a fact delivered twice in one poll: its first delivery took the row, the later one is a repeat
      boolean first = inserted.remove(event.id());
      if (!first) {
        jdbc.sql(SEEN_AGAIN).param("eventId", event.id()).param("topic", record.topic())
            .param("type", event.type().eventName()).param("idempotencyKey", event.idempotencyKey()).update();
      }
      count(record.topic(), event, first);
      consumed.add(new Consumed(event, first));
    }
    return consumed;
  }

  /** Counted once the transaction that recorded it commits: a poll rolled back and applied again counts once. */
  private void count(String topic, EventEnvelope event, boolean first) {
    var counter = metrics.counter(SyncMetrics.EVENTS_CONSUMED, "topic", topic, "type", event.type().eventName(),
        "outcome", first ? OUTCOME_NEW : OUTCOME_DUPLICATE);
    io.retailsync.sync.tx.AfterCommit.run(counter::increment);
  }

  private static String[] column(java.util.List<EventEnvelope> events,
      java.util.function.Function<EventEnvelope, String> value) {
    return events.stream().map(value).toArray(String[]::new);
  }

  /** How many times the event was delivered (0 if never). */
  public int seenCount(String eventId) {
    return jdbc.sql("SELECT seen_count FROM consumed_events WHERE event_id = :id").param("id", eventId)
        .query(Integer.class).optional().orElse(0);
  }
}
