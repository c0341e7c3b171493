package io.retailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventHeaders;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.ExceptionStatus;
import io.retailsync.sync.idempotency.IdempotencyStore;
import io.retailsync.sync.outbox.Outbox;
import io.retailsync.sync.outbox.OutboxRelay;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

@SyncIntegrationTest
@SpringBootTest(classes = TestSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SyncCoreIT {

  @Autowired IdempotencyStore idempotency;
  @Autowired io.retailsync.sync.instances.InstanceRegistry instances;
  @Autowired Outbox outbox;
  @Autowired OutboxRelay relay;
  @Autowired EventFactory events;
  @Autowired TransactionTemplate transactions;
  @Autowired ExceptionQueue exceptions;
  @Autowired TestSyncApplication.SwitchableFaults faults;
  @Autowired TestSyncApplication.ProbeListener probe;
  @LocalServerPort int port;

  @Test
  void exactlyOneConcurrentCallerClaimsANewKey() throws Exception {
    String key = UUID.randomUUID().toString();
    instances.beat();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Callable<IdempotencyStore.LeaseState>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      // callers of this (live) instance, each its own owner, as PostSalesOrders makes them
      String owner = instances.instanceId() + "/call-" + i;
      calls.add(() -> transactions.execute(status -> idempotency.claimLease("test", key, owner,
          Duration.ofMinutes(5), Duration.ofMinutes(5)).state()));
    }
    List<IdempotencyStore.LeaseState> states = new ArrayList<>();
    for (Future<IdempotencyStore.LeaseState> result : pool.invokeAll(calls)) {
      states.add(result.get());
    }
    pool.shutdown();
    assertThat(states).filteredOn(state -> state == IdempotencyStore.LeaseState.FIRST).hasSize(1);
    assertThat(states).filteredOn(state -> state == IdempotencyStore.LeaseState.HELD_ELSEWHERE).hasSize(7);
  }

  @Test
  void outboxEventsReachKafkaAsCloudEventsInOrderPerKey() {
    String channel = "itest-" + UUID.randomUUID();
    List<String> ids = appendEvents(channel, 50, "ok");
    Map<String, ConsumerRecord<String, byte[]>> seen = readUntil(Topics.RETURNS, ids, Duration.ofSeconds(30));
    assertThat(seen.keySet()).containsAll(ids);
    ConsumerRecord<String, byte[]> record = seen.get(ids.get(0));
    assertThat(header(record, EventHeaders.SPEC_VERSION)).isEqualTo("1.0");
    assertThat(header(record, EventHeaders.TYPE)).isEqualTo("retail.sync.RefundIssued");
    assertThat(header(record, EventHeaders.SOURCE)).isEqualTo("/sync-core-test");
    assertThat(header(record, EventHeaders.SUBJECT)).isEqualTo(record.key());
    assertThat(header(record, EventHeaders.CHANNEL)).isEqualTo(channel);
    assertThat(header(record, EventHeaders.SCHEMA_VERSION)).isEqualTo("1");
    assertThat(header(record, EventHeaders.CORRELATION_ID)).isNotBlank();
    assertThat(header(record, EventHeaders.IDEMPOTENCY_KEY)).isNotBlank();
    assertThat(header(record, EventHeaders.TIME)).isNotBlank();
    assertThat(header(record, EventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
  }

  @Test
  void aCrashBetweenSendAndMarkRepublishesNothingIsLost() {
    String channel = "crash-" + UUID.randomUUID();
    faults.failAfterRelaySend.set(true);
    List<String> ids = appendEvents(channel, 20, "ok");
    Map<String, ConsumerRecord<String, byte[]>> seen = readUntil(Topics.RETURNS, ids, Duration.ofSeconds(30));
    assertThat(seen.keySet()).containsAll(ids);
    assertThat(faults.failAfterRelaySend).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.processed.containsAll(ids));
  }

  @Test
  void transientFailuresWaitAndNeverReachTheDeadLetterTopic() {
    probe.transientFailuresLeft.set(3);
    List<String> ids = appendEvents("transient-" + UUID.randomUUID(), 1, "transient");
    await().atMost(Duration.ofSeconds(30)).until(() -> probe.processed.containsAll(ids));
    assertThat(probe.attempts.get(ids.get(0)).get()).isEqualTo(4);
    assertThat(exceptions.find(new ExceptionQueue.Filter(null, null, null, null, 1000, 0)).items())
        .noneMatch(entry -> entry.reason().contains("ERP away"));
  }

  @Test
  void aPoisonRecordGoesToTheDeadLetterTopicAndTheQueueWithoutBlockingItsPartition() throws Exception {
    String channel = "poison-" + UUID.randomUUID();
    List<String> poison = appendEvents(channel, 1, "poison");
    List<String> after = appendEvents(channel, 1, "ok");
    await().atMost(Duration.ofSeconds(30)).until(() -> probe.processed.containsAll(after));
    Map<String, ConsumerRecord<String, byte[]>> dead = readUntil(Topics.deadLetter(Topics.RETURNS), poison,
        Duration.ofSeconds(30));
    assertThat(dead).containsKey(poison.get(0));
    assertThat(dead.get(poison.get(0)).headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
    var entries = exceptions.find(new ExceptionQueue.Filter("INVALID_PAYLOAD", ExceptionStatus.OPEN, channel, null, 10, 0));
    assertThat(entries.total()).isEqualTo(1);
    var entry = entries.items().get(0);
    assertThat(entry.reason()).contains("poison record");

    HttpClient http = HttpClient.newHttpClient();
    assertThat(send(http, "GET", "/api/exceptions", null).statusCode()).isEqualTo(401);
    HttpResponse<String> forbidden = send(http, "GET", "/api/exceptions", "test-ingest-token");
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.headers().firstValue("content-type")).get().asString().contains("application/problem+json");
    HttpResponse<String> list = send(http, "GET", "/api/exceptions?type=INVALID_PAYLOAD&channel=" + channel, "test-ops-token");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"total\":1").contains(entry.id().toString());
    assertThat(send(http, "POST", "/api/exceptions/" + entry.id() + "/discard", "test-ops-token").statusCode()).isEqualTo(200);
    HttpResponse<String> again = send(http, "POST", "/api/exceptions/" + entry.id() + "/replay", "test-ops-token");
    assertThat(again.statusCode()).isEqualTo(409);
    HttpResponse<String> detail = send(http, "GET", "/api/exceptions/" + entry.id(), "test-ops-token");
    assertThat(detail.body()).contains("\"DISCARDED\"").contains("\"audit\"").contains("poison");
    assertThat(send(http, "GET", "/api/exceptions/" + UUID.randomUUID(), "test-ops-token").statusCode()).isEqualTo(404);
    HttpResponse<String> metrics = send(http, "GET", "/actuator/prometheus", null);
    assertThat(metrics.body()).contains("sync_dlt_total").contains("sync_outbox_pending")
        .contains("sync_exceptions_open{service=\"test\"").contains("sync_retries_total");
  }

  private HttpResponse<String> send(HttpClient http, String method, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<String> appendEvents(String channel, int count, String body) {
    List<String> ids = new ArrayList<>();
    transactions.executeWithoutResult(status -> {
      for (int i = 0; i < count; i++) {
        String orderId = "o-" + (i % 5);
        EventEnvelope event = events.create(EventType.REFUND_ISSUED, Topics.orderKey(channel, orderId), channel,
            channel + ":" + i, UUID.randomUUID().toString(), Map.of("body", body, "n", i));
        outbox.append(event);
        ids.add(event.id());
      }
    });
    return ids;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static Map<String, ConsumerRecord<String, byte[]>> readUntil(String topic, List<String> ids, Duration timeout) {
    Set<String> wanted = new HashSet<>(ids);
    Map<String, ConsumerRecord<String, byte[]>> seen = new java.util.HashMap<>();
    KafkaTestRecords.read(topic, record -> wanted.contains(header(record, EventHeaders.ID)),
            found -> found.stream().map(record -> header(record, EventHeaders.ID)).distinct().count() >= wanted.size(),
            timeout)
        .forEach(record -> seen.put(header(record, EventHeaders.ID), record));
    return seen;
  }
}
