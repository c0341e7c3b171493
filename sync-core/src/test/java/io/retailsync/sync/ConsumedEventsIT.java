package io.retailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.sync.events.CloudEventCodec;
import io.retailsync.sync.events.ConsumedEvents;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;

/** A fact is consumed once: whether it comes back under its own event id or republished under a new one. */
@SyncIntegrationTest
@SpringBootTest(classes = TestSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsumedEventsIT {

  @Autowired ConsumedEvents consumed;
  @Autowired TransactionTemplate transactions;

  @Test
  void aRepublishedFactIsRecognisedByItsIdempotencyKey() {
    String key = "shopify:" + UUID.randomUUID();
    EventEnvelope original = event(key, UUID.randomUUID().toString());
    EventEnvelope republished = event(key, UUID.randomUUID().toString());
    EventEnvelope otherFact = new EventEnvelope(UUID.randomUUID().toString(), "/test", EventType.RETURN_RECEIVED,
        Instant.now(), key, key, null, "shopify", "1", "{}".getBytes());

    assertThat(record(original)).isTrue();
    assertThat(record(original)).as("the same event again").isFalse();
    assertThat(record(republished)).as("the same fact under a new event id").isFalse();
    assertThat(record(otherFact)).as("another event type with the same key is another fact").isTrue();
    assertThat(consumed.seenCount(original.id())).isEqualTo(3);
  }

  @Test
  void aPollRecordedTogetherKnowsItsRepeatsWithinAndBeforeIt() {
    String key = "shopify:" + UUID.randomUUID();
    EventEnvelope before = event(key + "-a", UUID.randomUUID().toString());
    assertThat(record(before)).isTrue();
    EventEnvelope fresh = event(key, UUID.randomUUID().toString());
    EventEnvelope republished = event(key, UUID.randomUUID().toString());
    EventEnvelope other = event(key + "-b", UUID.randomUUID().toString());

    List<Boolean> first = transactions.execute(status -> consumed.recordAll(List.of(consumerRecord(before),
            consumerRecord(fresh), consumerRecord(fresh), consumerRecord(republished), consumerRecord(other)))
        .stream().map(ConsumedEvents.Consumed::first).toList());

    assertThat(first).containsExactly(false, true, false, false, true);
    assertThat(consumed.seenCount(fresh.id())).isEqualTo(3);
    assertThat(record(other)).as("recorded by the poll").isFalse();
  }

  private boolean record(EventEnvelope event) {
    ConsumerRecord<String, byte[]> record = consumerRecord(event);
    return Boolean.TRUE.equals(transactions.execute(status -> consumed.record(record).first()));
  }

  private static ConsumerRecord<String, byte[]> consumerRecord(EventEnvelope event) {
    ProducerRecord<String, byte[]> produced = CloudEventCodec.toRecord(event);
    return new ConsumerRecord<>(produced.topic(), 0, 0, 0L,
        TimestampType.CREATE_TIME, 0, produced.value().length, produced.key(), produced.value(), produced.headers(),
        Optional.empty());
  }

  private static EventEnvelope event(String key, String id) {
    return new EventEnvelope(id, "/test", EventType.REFUND_ISSUED, Instant.now(), key, key + ":refund:1", null,
        "shopify", "1", "{}".getBytes());
  }
}
