package io.retailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.sync.exceptions.ExceptionEntry;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.metrics.SyncMetrics;
import io.retailsync.sync.outbox.Outbox;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A failed record whose value holds a NUL byte or invalid UTF-8 is filed with its exact bytes and goes to
 * the DLT; one whose exception cannot be filed still goes to the DLT; neither blocks its partition.
 */
@SyncIntegrationTest
@SpringBootTest(classes = TestSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BinarySafeFailuresIT {

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired ExceptionQueue exceptions;
  @Autowired TestSyncApplication.ProbeListener probe;
  @Autowired MeterRegistry registry;
  @LocalServerPort int port;

  @Test
  void aRecordWithANulByteAndInvalidUtf8IsFiledAsItsBytesAndDoesNotBlockItsPartition() throws Exception {
    String channel = "binary-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"body\":\"poison \u0000 ".getBytes(StandardCharsets.UTF_8));
    body.write(0x00);
    body.write(0xC3); // a UTF-8 lead byte followed by one that cannot continue it
    body.write(0x28);
    body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    byte[] poison = body.toByteArray();
    EventEnvelope bad = event(channel, poison);
    EventEnvelope next = event(channel, "{\"body\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
    transactions.executeWithoutResult(status -> List.of(bad, next).forEach(outbox::append));

    await().atMost(Duration.ofSeconds(30)).until(() -> probe.processed.contains(next.id()));
    await().atMost(Duration.ofSeconds(30)).until(() -> filed(channel).size() == 1);
    ExceptionEntry entry = exceptions.get(filed(channel).get(0).id()).orElseThrow();
    assertThat(entry.payload()).isEqualTo(poison);
    assertThat(entry.payloadText()).isEmpty();
    assertThat(KafkaTestRecords.read(Topics.deadLetter(Topics.RETURNS),
        record -> bad.id().equals(KafkaTestRecords.header(record, "ce_id")), seen -> !seen.isEmpty(),
        Duration.ofSeconds(30))).hasSize(1);

    HttpResponse<String> detail = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/exceptions/" + entry.id()))
        .header("Authorization", "Bearer test-ops-token").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(detail.statusCode()).isEqualTo(200);
    JsonNode json = JsonMapper.builder().build().readTree(detail.body());
    assertThat(json.get("payloadEncoding").asString()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(json.get("payload").asString())).isEqualTo(poison);
  }

  @Test
  void aRecordWhoseExceptionCannotBeFiledStillGoesToTheDeadLetterTopic() {
    String channel = "unfileable-" + UUID.randomUUID();
    double notFiledBefore = registry.get(SyncMetrics.EXCEPTIONS_NOT_FILED).counter().count();
    EventEnvelope bad = event(channel, "{\"body\":\"unfileable\"}".getBytes(StandardCharsets.UTF_8));
    EventEnvelope next = event(channel, "{\"body\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
    transactions.executeWithoutResult(status -> List.of(bad, next).forEach(outbox::append));

    await().atMost(Duration.ofSeconds(30)).until(() -> probe.processed.contains(next.id()));
    assertThat(KafkaTestRecords.read(Topics.deadLetter(Topics.RETURNS),
        record -> bad.id().equals(KafkaTestRecords.header(record, "ce_id")), seen -> !seen.isEmpty(),
        Duration.ofSeconds(30))).hasSize(1);
    assertThat(registry.get(SyncMetrics.EXCEPTIONS_NOT_FILED).counter().count()).isGreaterThan(notFiledBefore);
    assertThat(filed(channel)).isEmpty();
  }

  private static EventEnvelope event(String channel, byte[] payload) {
    return new EventEnvelope(UUID.randomUUID().toString(), "/sync-core-test", EventType.REFUND_ISSUED,
        Instant.now(), Topics.orderKey(channel, "o-1"), null, UUID.randomUUID().toString(), channel, "1", payload);
  }

  private List<ExceptionEntry> filed(String channel) {
    return exceptions.find(new ExceptionQueue.Filter(null, null, channel, null, 10, 0)).items();
  }
}
