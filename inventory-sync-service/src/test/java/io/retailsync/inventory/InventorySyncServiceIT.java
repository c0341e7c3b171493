package io.retailsync.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.inventory.events.InventoryEventsListener;
import io.retailsync.sync.events.ConsumedEvents;
import io.retailsync.sync.metrics.SyncMetrics;
import io.retailsync.sync.events.CloudEventCodec;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=inventory-sync-service",
    "sync.security.tokens[0].token=it-ops-token", "sync.security.tokens[0].role=OPS",
    "sync.security.tokens[1].token=it-finance-token", "sync.security.tokens[1].role=FINANCE",
    "sync.security.tokens[2].token=it-finance-admin-token", "sync.security.tokens[2].role=FINANCE_ADMIN",
    "sync.inventory.locations=WH-EAST,WH-WEST,3PL-CENTRAL"})
class InventorySyncServiceIT {

  /** Events as another service would publish them. */
  private final EventFactory upstream = new EventFactory("order-ingestion-service", Clock.systemUTC());
  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired KafkaTemplate<String, byte[]> kafka;
  @Autowired MeterRegistry registry;
  @Autowired ConsumedEvents seen;
  @Autowired JdbcClient jdbc;
  @LocalServerPort int port;

  @Test
  void aRedeliveredEventIsCountedOnceAsNewAndOnceAsDuplicate() throws Exception {
    for (EventType type : List.of(EventType.ORDER_CREATED, EventType.SHIPMENT_CREATED, EventType.REFUND_ISSUED)) {
      String orderId = "it-" + UUID.randomUUID();
      EventEnvelope event = upstream.create(type, Topics.orderKey("shopify", orderId), "shopify",
          "shopify:" + orderId + ":" + type.eventName(), UUID.randomUUID().toString(), payload(type, orderId));
      double newBefore = consumed(type, "new");
      double duplicateBefore = consumed(type, "duplicate");

      kafka.send(CloudEventCodec.toRecord(event)).get(10, TimeUnit.SECONDS);
      kafka.send(CloudEventCodec.toRecord(event)).get(10, TimeUnit.SECONDS);

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(seen.seenCount(event.id())).isEqualTo(2);
        assertThat(consumed(type, "new") - newBefore).isEqualTo(1.0);
        assertThat(consumed(type, "duplicate") - duplicateBefore).isEqualTo(1.0);
      });
    }
    HttpResponse<String> metrics = send("GET", "/actuator/prometheus", null);
    assertThat(metrics.body()).contains("sync_events_consumed_total{")
        .contains("outcome=\"duplicate\"").contains("type=\"OrderCreated\"");
  }

  @Test
  void healthAndMetricsAnswerWithoutAToken() throws Exception {
    HttpResponse<String> health = send("GET", "/actuator/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"UP\"");
    HttpResponse<String> metrics = send("GET", "/actuator/prometheus", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("sync_exceptions_open{").contains("service=\"inventory\"")
        .contains("sync_outbox_pending").contains("sync_retries_total{topic=\"retail.settlements.v1\"}")
        .contains("sync_dlt_total{topic=\"retail.inventory-positions.v1\"}").contains("sync_inventory_propagation_seconds_bucket{channel=\"amazon\"");
  }

  @Test
  void theServiceMigratesItsOwnSchema() {
    assertThat(jdbc.sql("""
        SELECT count(*) FROM information_schema.tables
         WHERE table_schema = 'inventory' AND table_name IN ('consumed_events', 'outbox', 'exceptions')
        """).query(Long.class).single()).isEqualTo(3L);
  }

  @Test
  void theExceptionQueueIsForOperations() throws Exception {
    assertThat(send("GET", "/api/exceptions", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/exceptions", "it-finance-token").statusCode()).isEqualTo(403);
    HttpResponse<String> list = send("GET", "/api/exceptions", "it-ops-token");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"total\"");
    assertThat(send("POST", "/api/exceptions/" + UUID.randomUUID() + "/discard", "it-ops-token").statusCode())
        .isEqualTo(404);
  }

  /** A payload of the type as the publishing service writes it. */
  private static Object payload(EventType type, String orderId) {
    java.time.Instant now = java.time.Instant.now();
    if (type == EventType.ORDER_CREATED) {
      return new io.retailsync.model.Order("shopify", orderId, null, now, now, "USD", null,
          List.of(new io.retailsync.model.OrderLine("1", "IT-DEDUPE", 1, java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO,
              java.math.BigDecimal.ZERO, "Item")), java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, java.math.BigDecimal.ONE, null);
    }
    if (type == EventType.SHIPMENT_CREATED) {
      return new io.retailsync.model.Shipment("f-" + orderId, "shopify", orderId, "WH-EAST", "UPS", null, null, null, now,
          List.of(new io.retailsync.model.Shipment.Line("IT-DEDUPE", 1)));
    }
    return Map.of("orderId", orderId);
  }

  private double consumed(EventType type, String outcome) {
    Counter counter = registry.find(SyncMetrics.EVENTS_CONSUMED)
        .tags("topic", type.topic(), "type", type.eventName(), "outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private HttpResponse<String> send(String method, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
