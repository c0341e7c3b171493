package io.retailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.sync.exceptions.ExceptionEntry;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.ExceptionStatus;
import io.retailsync.sync.outbox.Outbox;
import io.retailsync.sync.outbox.OutboxRelay;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay sends and marks row by row: rows Kafka refuses for good are set aside and filed, the rows
 * around them are published once, and nothing after them waits.
 */
@SyncIntegrationTest
@SpringBootTest(classes = TestSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OutboxRelayIT {

  @Autowired Outbox outbox;
  @Autowired OutboxRelay relay;
  @Autowired EventFactory events;
  @Autowired TransactionTemplate transactions;
  @Autowired ExceptionQueue exceptions;
  @Autowired JdbcClient jdbc;

  @Test
  void rowsKafkaRefusesForGoodAreSetAsideAndTheirNeighboursArePublishedOnce() {
    String channel = "relay-" + UUID.randomUUID();
    EventEnvelope before = event(channel, "o-1", "{\"n\":1}".getBytes(), "/sync-core-test");
    // larger than any producer, topic or broker takes
    EventEnvelope tooLarge = event(channel, "o-2", new byte[Topics.MAX_MESSAGE_BYTES + 1024], "/sync-core-test");
    // a source the CloudEvents binding cannot carry (not a URI reference)
    EventEnvelope badSource = event(channel, "o-3", "{\"n\":3}".getBytes(), "not a uri ^");
    EventEnvelope after = event(channel, "o-4", "{\"n\":4}".getBytes(), "/sync-core-test");
    transactions.executeWithoutResult(status -> List.of(before, tooLarge, badSource, after).forEach(outbox::append));

    List<String> good = List.of(before.id(), after.id());
    var published = KafkaTestRecords.read(Topics.RETURNS, record -> good.contains(KafkaTestRecords.header(record, "ce_id")),
        seen -> seen.size() >= 2, Duration.ofSeconds(30));
    assertThat(published).extracting(record -> KafkaTestRecords.header(record, "ce_id")).containsExactlyInAnyOrderElementsOf(good);

    await().atMost(Duration.ofSeconds(30)).until(() -> refused(channel).size() == 2);
    assertThat(rowState(tooLarge.id())).containsEntry("parked", true).containsEntry("attempts", 1);
    assertThat((String) rowState(tooLarge.id()).get("last_error")).contains("RecordTooLarge");
    assertThat((String) rowState(badSource.id()).get("last_error")).contains("CloudEvents record");
    assertThat(rowState(before.id())).containsEntry("published", true);
    assertThat(refused(channel)).allSatisfy(entry -> {
      assertThat(entry.status()).isEqualTo(ExceptionStatus.OPEN);
      assertThat(entry.channel()).isEqualTo(channel);
    });

    // more relay passes: the acknowledged rows are not sent again, the parked ones not tried again
    for (int i = 0; i < 3; i++) {
      relay.relayBatch();
    }
    List<ConsumerRecord<String, byte[]>> all = KafkaTestRecords.readAll(Topics.RETURNS,
        List.of(before.id(), after.id(), tooLarge.id(), badSource.id()));
    assertThat(all).extracting(record -> KafkaTestRecords.header(record, "ce_id"))
        .containsExactlyInAnyOrder(before.id(), after.id());
    assertThat(rowState(tooLarge.id())).containsEntry("attempts", 1);
  }

  @Test
  void aReplayedRowThatIsRefusedAgainReopensItsEntryWithBothAttemptsInTheAudit() {
    String channel = "replay-" + UUID.randomUUID();
    EventEnvelope badSource = event(channel, "o-1", "{\"n\":1}".getBytes(), "still not a uri ^");
    transactions.executeWithoutResult(status -> outbox.append(badSource));
    await().atMost(Duration.ofSeconds(30)).until(() -> refused(channel).size() == 1);
    ExceptionEntry entry = refused(channel).get(0);

    exceptions.replay(entry.id(), "ops@example.com", "limit raised, try again");

    await().atMost(Duration.ofSeconds(30)).until(() ->
        exceptions.get(entry.id()).orElseThrow().status() == ExceptionStatus.OPEN);
    ExceptionEntry reopened = exceptions.get(entry.id()).orElseThrow();
    assertThat(reopened.audit()).extracting(ExceptionEntry.AuditEntry::action)
        .containsExactly("CREATED", "REPLAYED", "REOPENED");
    assertThat(refused(channel)).hasSize(1);
    assertThat(rowState(badSource.id())).containsEntry("parked", true).containsEntry("attempts", 1);
  }

  private EventEnvelope event(String channel, String orderId, byte[] payload, String source) {
    return new EventEnvelope(UUID.randomUUID().toString(), source, EventType.REFUND_ISSUED, Instant.now(),
        Topics.orderKey(channel, orderId), channel + ":" + orderId, UUID.randomUUID().toString(), channel, "1",
        payload);
  }

  private List<ExceptionEntry> refused(String channel) {
    return exceptions.find(new ExceptionQueue.Filter(OutboxRelay.EXCEPTION_TYPE, null, channel, null, 10, 0)).items();
  }

  private Map<String, Object> rowState(String eventId) {
    return jdbc.sql("""
            SELECT published_at IS NOT NULL AS published, parked_at IS NOT NULL AS parked, attempts, last_error
              FROM outbox WHERE event_id = :id""")
        .param("id", eventId).query().singleRow();
  }
}
