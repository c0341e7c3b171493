package io.retailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.sync.events.CloudEventCodec;
import io.retailsync.sync.events.ConsumedEvents;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.time.Instant;
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

  private boolean record(EventEnvelope event) {
    ProducerRecord<String, byte[]> produced = CloudEventCodec.toRecord(event);
    ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(produced.topic(), 0, 0, 0L,
        TimestampType.CREATE_TIME, 0, produced.value().length, produced.key(), produced.value(), produced.headers(),
        Optional.empty());
    return Boolean.TRUE.equals(transactions.execute(status -> consumed.record(record).first()));
  }

  private static EventEnvelope event(String key, String id) {
    return new EventEnvelope(id, "/test", EventType.REFUND_ISSUED, Instant.now(), key, key + ":refund:1", null,
        "shopify", "1", "{}".getBytes());
  }
}
