package io.retailsync.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.model.InventoryPosition;
import io.retailsync.model.Order;
import io.retailsync.model.OrderCancellation;
import io.retailsync.model.OrderLine;
import io.retailsync.model.Shipment;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.OrderAccepted;
import io.retailsync.model.event.OrderRejected;
import io.retailsync.model.event.Topics;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.events.CloudEventCodec;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.testsupport.PipelineQuiet;
import io.retailsync.testsupport.SyncIntegrationTest;
import io.retailsync.testsupport.TopicReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The projection fed over Kafka and HTTP as the other services and a WMS would feed it: the last unit sold
 * on two channels at once, counts that rebase on hand without losing reservations, cancellations and ERP
 * rejections, channel rules changed with an audit trail, and positions published only when a value
 * changed. Counts are read once the pipeline is quiet.
 */
@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=inventory-sync-service",
    "sync.security.tokens[0].token=it-ops-token", "sync.security.tokens[0].role=OPS",
    "sync.security.tokens[1].token=it-ingest-token", "sync.security.tokens[1].role=INGEST",
    "sync.inventory.locations=WH-EAST,WH-WEST,3PL-CENTRAL",
    "sync.inventory.channel-names=shopify,amazon,walmart,ebay",
    "sync.inventory.channels.amazon.locations=WH-EAST,WH-WEST"})
class InventoryFlowIT {

  private static final String OPS = "it-ops-token";
  private static final String INGEST = "it-ingest-token";

  private final EventFactory upstream = new EventFactory("order-ingestion-service", Clock.systemUTC());
  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired KafkaTemplate<String, byte[]> kafka;
  @Autowired org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners;
  @Autowired io.retailsync.inventory.projection.InventoryProjection projection;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
  @Autowired io.micrometer.core.instrument.MeterRegistry meters;
  @LocalServerPort int port;

  @Test
  void theLastUnitSoldOnTwoChannelsAtOnceIsReservedOnceAndTheOtherOrderIsOversold() throws Exception {
    String sku = sku();
    count("WH-EAST", sku, 1, Instant.now().minusSeconds(60));
    Order shopify = order("shopify", sku, 1);
    Order amazon = order("amazon", sku, 1);
    CompletableFuture<?> one = CompletableFuture.runAsync(() -> publish(EventType.ORDER_CREATED, shopify));
    CompletableFuture<?> two = CompletableFuture.runAsync(() -> publish(EventType.ORDER_CREATED, amazon));
    CompletableFuture.allOf(one, two).get(30, TimeUnit.SECONDS);
    quiet();

    JsonNode position = position(sku);
    assertThat(location(position, "WH-EAST").get("onHand").asInt()).isEqualTo(1);
    assertThat(location(position, "WH-EAST").get("reserved").asInt()).isEqualTo(2);
    position.get("atpByChannel").properties().forEach(atp -> assertThat(atp.getValue().asInt()).as(atp.getKey()).isZero());
    JsonNode oversold = exceptions("OVERSOLD", sku);
    assertThat(oversold).hasSize(1);
    String reason = oversold.get(0).get("reason").asString();
    assertThat(reason).contains(sku).contains(shopify.orderId()).contains(amazon.orderId());

    InventoryPosition last = lastPosition(sku);
    assertThat(last.atpByChannel()).containsEntry("shopify", 0).containsEntry("amazon", 0);
  }

  @Test
  void twoTransactionsReservingTheLastUnitAtTheSameInstantDecideItOnce() throws Exception {
    // the listener applies one record at a time; here two callers race inside the database itself
    for (int round = 0; round < 5; round++) {
      String sku = sku();
      count("WH-EAST", sku, 1, Instant.now().minusSeconds(60));
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      List<CompletableFuture<?>> racers = new java.util.ArrayList<>();
      for (String channel : List.of("shopify", "walmart")) {
        racers.add(CompletableFuture.runAsync(() -> {
          try {
            start.await(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          projection.order(channel, channel + "-race-" + UUID.randomUUID(), java.util.Map.of(sku, 1), Instant.now(), null);
        }));
      }
      CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      JsonNode position = position(sku);
      assertThat(location(position, "WH-EAST").get("reserved").asInt()).isEqualTo(2);
      assertThat(exceptions("OVERSOLD", sku)).as("round %d", round).hasSize(1);
    }
  }

  @Test
  void aShipmentOrOrderLineNoStockCouldHaveIsSetAsideAndWhatFollowsIsApplied() throws Exception {
    String sku = sku();
    count("WH-EAST", sku, 5, Instant.now().minusSeconds(60));
    Order order = order("shopify", sku, 2);
    publish(EventType.SHIPMENT_CREATED, order.channel(), order.orderId(), new Shipment("f-" + UUID.randomUUID(),
        order.channel(), order.orderId(), "WH-EAST", "UPS", null, null, null, Instant.now(),
        List.of(new Shipment.Line(" ", 1))));
    publish(EventType.SHIPMENT_CREATED, order.channel(), order.orderId(), new Shipment("f-" + UUID.randomUUID(),
        order.channel(), order.orderId(), "WH-NOWHERE", "UPS", null, null, null, Instant.now(),
        List.of(new Shipment.Line(sku, 1))));
    BigDecimal price = new BigDecimal("5.00");
    publish(EventType.ORDER_CREATED, new Order("shopify", order.orderId(), null, Instant.now(), Instant.now(), "USD", null,
        List.of(new OrderLine("1", sku, 2, price, BigDecimal.ZERO, BigDecimal.ZERO, "Item"),
            new OrderLine("2", "BAD\u0000SKU", 1, price, BigDecimal.ZERO, BigDecimal.ZERO, "Item"),
            new OrderLine("3", sku + "-HUGE", 2_000_000_000, price, BigDecimal.ZERO, BigDecimal.ZERO, "Item")),
        BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("15.00"), null));
    quiet();
    JsonNode position = position(sku);
    assertThat(location(position, "WH-EAST").get("onHand").asInt()).isEqualTo(5);
    assertThat(location(position, "WH-EAST").get("reserved").asInt()).isEqualTo(2);
    JsonNode invalid = CanonicalJson.tree(send("GET", "/api/exceptions?type=INVALID_PAYLOAD&limit=200", null, OPS).body()
        .getBytes()).get("items");
    long mine = 0;
    for (JsonNode item : invalid) {
      mine += item.get("reason").asString().contains(order.orderId()) ? 1 : 0;
    }
    assertThat(mine).as("entries for the two shipments and the two order lines").isEqualTo(4);
  }

  @Test
  void aCountRebasesOnHandAsOfItsTimeKeepingReservationsAndLaterShipments() throws Exception {
    String sku = sku();
    Instant t0 = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
    count("WH-WEST", sku, 10, t0);
    Order order = order("walmart", sku, 3);
    publish(EventType.ORDER_CREATED, order);
    quiet();
    // 1 unit left WH-WEST at t0+20min; the count taken at t0+10min does not show it yet
    publish(EventType.SHIPMENT_CREATED, order.channel(), order.orderId(), new Shipment("f-" + UUID.randomUUID(),
        order.channel(), order.orderId(), "WH-WEST", "UPS", "GROUND", "1Z999", null, t0.plus(Duration.ofMinutes(20)),
        List.of(new Shipment.Line(sku, 1))));
    quiet();
    count("WH-WEST", sku, 8, t0.plus(Duration.ofMinutes(10)));
    // an older count arriving late changes nothing
    count("WH-WEST", sku, 50, t0.plus(Duration.ofMinutes(5)));

    JsonNode position = position(sku);
    assertThat(location(position, "WH-WEST").get("onHand").asInt()).isEqualTo(7);
    assertThat(location(position, "WH-WEST").get("reserved").asInt()).isEqualTo(2);
    assertThat(position.get("atpByChannel").get("walmart").asInt()).isEqualTo(5);
  }

  @Test
  void cancelledAndRejectedOrdersGiveTheirUnitsBackAndAnAcceptanceAfterTheCancellationDoesNotTakeThemAgain()
      throws Exception {
    String sku = sku();
    count("3PL-CENTRAL", sku, 5, Instant.now().minusSeconds(600));
    Order cancelled = order("shopify", sku, 2);
    Order rejected = order("ebay", sku, 1);
    publish(EventType.ORDER_CREATED, cancelled);
    publish(EventType.ORDER_CREATED, rejected);
    quiet();
    assertThat(position(sku).get("atpByChannel").get("shopify").asInt()).isEqualTo(2);

    publish(EventType.ORDER_CANCELLED, cancelled.channel(), cancelled.orderId(),
        new OrderCancellation(cancelled.channel(), cancelled.orderId(), Instant.now(), "customer", false));
    publish(EventType.ORDER_REJECTED, rejected.channel(), rejected.orderId(), new OrderRejected(rejected.channel(),
        rejected.orderId(), rejected.externalReference(), "UNKNOWN_SKU", "no such item", Instant.now()));
    // acknowledgements travel on another topic: an acceptance read after the cancellation
    publish(EventType.ORDER_ACCEPTED, cancelled.channel(), cancelled.orderId(), new OrderAccepted(cancelled.channel(),
        cancelled.orderId(), cancelled.externalReference(), "SO-1", Instant.now()));
    quiet();
    assertThat(position(sku).get("atpByChannel").get("shopify").asInt()).isEqualTo(5);

    // the rejected order, replayed and accepted after the fix, holds its unit again
    publish(EventType.ORDER_ACCEPTED, rejected.channel(), rejected.orderId(), new OrderAccepted(rejected.channel(),
        rejected.orderId(), rejected.externalReference(), "SO-2", Instant.now()));
    quiet();
    assertThat(position(sku).get("atpByChannel").get("shopify").asInt()).isEqualTo(4);
  }

  @Test
  void aPollMixingOrdersACancellationAndARepeatIsAppliedAsEventByEventWouldBe() throws Throwable {
    String sku = sku();
    count("WH-EAST", sku, 10, Instant.now().minusSeconds(600));
    quiet();
    Order cancelled = order("shopify", sku, 3);
    Order edited = order("amazon", sku, 2);
    Order after = order("ebay", sku, 1);
    inOnePoll(() -> {
      publish(EventType.ORDER_CREATED, cancelled);
      var twice = CloudEventCodec.toRecord(upstream.create(EventType.ORDER_CREATED,
          Topics.orderKey(edited.channel(), edited.orderId()), edited.channel(), edited.externalReference(),
          UUID.randomUUID().toString(), edited));
      kafka.send(twice).get(10, TimeUnit.SECONDS);
      kafka.send(twice).get(10, TimeUnit.SECONDS);
      publish(EventType.ORDER_CANCELLED, cancelled.channel(), cancelled.orderId(),
          new OrderCancellation(cancelled.channel(), cancelled.orderId(), Instant.now(), "customer", false));
      // an update after the cancellation holds nothing
      publish(EventType.ORDER_UPDATED, order(cancelled.channel(), cancelled.orderId(), sku, 5));
      publish(EventType.ORDER_CREATED, after);
      publish(EventType.ORDER_UPDATED, order(edited.channel(), edited.orderId(), sku, 4));
    });
    quiet();

    JsonNode position = position(sku);
    assertThat(location(position, "WH-EAST").get("reserved").asInt()).as(position.toString()).isEqualTo(5);
    assertThat(position.get("atpByChannel").get("shopify").asInt()).isEqualTo(5);
    java.util.Map<String, Integer> held = new java.util.TreeMap<>();
    jdbc.sql("SELECT channel, sum(quantity) FROM reservations WHERE sku = :sku GROUP BY channel").param("sku", sku)
        .query((rs, row) -> held.put(rs.getString(1), rs.getInt(2))).list();
    assertThat(held).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("amazon", 4, "ebay", 1));
  }

  @Test
  void anUnreadableRecordInAPollIsDeadLetteredAloneAndTheRecordsAroundItAreApplied() throws Throwable {
    String sku = sku();
    count("WH-EAST", sku, 10, Instant.now().minusSeconds(600));
    quiet();
    Order before = order("shopify", sku, 2);
    Order after = order("shopify", sku, 3);
    double deadLettered = deadLettered();
    inOnePoll(() -> {
      publish(EventType.ORDER_CREATED, before);
      // not a CloudEvent, on the same partition as the orders around it: the poll fails as a whole, its records
      // are applied one transaction each, and this one goes to the dead-letter topic
      kafka.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.ORDERS,
          Topics.orderKey(before.channel(), before.orderId()), "not an event\u0000".getBytes())).get(10, TimeUnit.SECONDS);
      publish(EventType.ORDER_CREATED, before.channel(), before.orderId(), order(before.channel(), before.orderId(), sku, 1));
      publish(EventType.ORDER_CREATED, after);
    });
    quiet();

    assertThat(deadLettered() - deadLettered).isEqualTo(1);
    java.util.Map<String, Integer> held = new java.util.TreeMap<>();
    jdbc.sql("SELECT order_id, sum(quantity) FROM reservations WHERE sku = :sku GROUP BY order_id").param("sku", sku)
        .query((rs, row) -> held.put(rs.getString(1), rs.getInt(2))).list();
    // the second event of the first order is a new fact (another idempotency key): its 1 unit wins
    assertThat(held).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(before.orderId(), 1, after.orderId(), 3));
  }

  /** What {@code sending} publishes is sent while the listener is stopped, so it comes back in one poll. */
  private void inOnePoll(org.junit.jupiter.api.function.Executable sending) throws Throwable {
    var listener = listeners.getListenerContainer(io.retailsync.inventory.events.InventoryEventsListener.LISTENER_ID);
    listener.stop();
    try {
      sending.execute();
    } finally {
      listener.start();
    }
  }

  private double deadLettered() {
    var counter = meters.find(io.retailsync.sync.metrics.SyncMetrics.DLT).tags("topic", Topics.ORDERS).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aPositionIsPublishedOnlyWhenAValueChanged() throws Exception {
    String sku = sku();
    count("WH-EAST", sku, 4, Instant.now().minusSeconds(60));
    Order order = order("shopify", sku, 1);
    publish(EventType.ORDER_CREATED, order);
    quiet();
    long before = positions(sku).size();
    // the same version again under a new event id, and a count that repeats what is known
    publish(EventType.ORDER_UPDATED, order);
    count("WH-EAST", sku, 4, Instant.now().minusSeconds(30));
    quiet();
    assertThat(positions(sku)).hasSize((int) before);
    publish(EventType.ORDER_UPDATED, order(order.channel(), order.orderId(), sku, 2));
    quiet();
    assertThat(positions(sku)).hasSize((int) before + 1);
    assertThat(lastPosition(sku).atpByChannel()).containsEntry("shopify", 2);
  }

  @Test
  void snapshotsAreForMachinesAndAnsweredAsTheContractSays() throws Exception {
    String sku = sku();
    String body = snapshotBody("snap-" + UUID.randomUUID(), "WH-EAST", Instant.now().minusSeconds(5), sku, 3);
    assertThat(send("POST", "/api/inventory/snapshots", body, null).statusCode()).isEqualTo(401);
    assertThat(send("POST", "/api/inventory/snapshots", body, OPS).statusCode()).isEqualTo(403);
    assertThat(send("POST", "/api/inventory/snapshots", body, INGEST).statusCode()).isEqualTo(202);
    assertThat(send("POST", "/api/inventory/snapshots", body, INGEST).statusCode()).isEqualTo(200);
    String id = CanonicalJson.tree(body.getBytes()).get("snapshotId").asString();
    assertThat(send("POST", "/api/inventory/snapshots", body.replace("\"onHand\": 3", "\"onHand\": 4"), INGEST).statusCode())
        .isEqualTo(409);
    HttpResponse<String> unknown = send("POST", "/api/inventory/snapshots",
        snapshotBody("snap-" + UUID.randomUUID(), "WH-NOWHERE", Instant.now(), sku, 1), INGEST);
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(unknown.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
    assertThat(send("POST", "/api/inventory/snapshots", "{\"snapshotId\": \"x\"", INGEST).statusCode()).isEqualTo(400);
    assertThat(send("POST", "/api/inventory/snapshots",
        snapshotBody("snap-" + UUID.randomUUID(), "WH-EAST", Instant.now(), "BAD\\u0000SKU", 1), INGEST).statusCode())
        .isEqualTo(422);
    assertThat(send("POST", "/api/inventory/snapshots",
        snapshotBody("snap-" + UUID.randomUUID(), "WH-EAST", Instant.now(), sku, -1), INGEST).statusCode()).isEqualTo(422);
    assertThat(id).startsWith("snap-");
    assertThat(send("GET", "/api/inventory/" + sku, null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/inventory/NO-SUCH-" + UUID.randomUUID(), null, OPS).statusCode()).isEqualTo(404);
  }

  @Test
  void aChannelRuleChangedOverTheApiIsAuditedAndAppliedToEverySku() throws Exception {
    String sku = sku();
    count("WH-EAST", sku, 10, Instant.now().minusSeconds(60));
    assertThat(position(sku).get("atpByChannel").get("ebay").asInt()).isEqualTo(10);
    HttpResponse<String> changed = send("PUT", "/api/inventory/channel-rules/ebay",
        "{\"buffer\": 2, \"skuBuffers\": {\"" + sku + "\": 3}, \"floor\": 1, \"note\": \"holiday buffer\"}", OPS);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.body()).contains("holiday buffer").contains("\"by\":\"");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> position(sku).get("atpByChannel").get("ebay").asInt() == 7);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> lastPosition(sku).atpByChannel().get("ebay") == 7);
    assertThat(send("PUT", "/api/inventory/channel-rules/ebay", "{\"locations\": [\"WH-MOON\"]}", OPS).statusCode())
        .isEqualTo(422);
    assertThat(send("PUT", "/api/inventory/channel-rules/ebay", "{\"buffer\": -1}", OPS).statusCode()).isEqualTo(422);
    send("PUT", "/api/inventory/channel-rules/ebay", "{\"buffer\": 0, \"skuBuffers\": {}, \"floor\": 0, \"note\": \"reset\"}", OPS);
  }

  // --- helpers ---

  private static String sku() {
    return "IT-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Order order(String channel, String sku, int quantity) {
    return order(channel, channel.substring(0, 2) + "-" + UUID.randomUUID(), sku, quantity);
  }

  private static Order order(String channel, String orderId, String sku, int quantity) {
    BigDecimal price = new BigDecimal("5.00");
    return new Order(channel, orderId, null, Instant.now(), Instant.now(), "USD", null,
        List.of(new OrderLine("1", sku, quantity, price, BigDecimal.ZERO, BigDecimal.ZERO, "Item")),
        BigDecimal.ZERO, BigDecimal.ZERO, price.multiply(BigDecimal.valueOf(quantity)), null);
  }

  private void publish(EventType type, Order order) {
    publish(type, order.channel(), order.orderId(), order);
  }

  private void publish(EventType type, String channel, String orderId, Object payload) {
    try {
      kafka.send(CloudEventCodec.toRecord(upstream.create(type, Topics.orderKey(channel, orderId), channel,
          channel + ":" + orderId + ":" + UUID.randomUUID(), UUID.randomUUID().toString(), payload))).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void quiet() {
    PipelineQuiet.await(Duration.ofSeconds(60), "inventory", PipelineQuiet.Group.of("inventory-sync-service",
        Topics.ORDERS, Topics.ORDER_ACKS, Topics.SHIPMENTS, Topics.RETURNS));
  }

  private void count(String location, String sku, int onHand, Instant takenAt) throws Exception {
    HttpResponse<String> answer = send("POST", "/api/inventory/snapshots",
        snapshotBody("snap-" + UUID.randomUUID(), location, takenAt, sku, onHand), INGEST);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
  }

  private static String snapshotBody(String id, String location, Instant takenAt, String sku, int onHand) {
    return """
        {"snapshotId": "%s", "location": "%s", "takenAt": "%s", "items": [{"sku": "%s", "onHand": %d}], "extra": true}"""
        .formatted(id, location, takenAt, sku, onHand);
  }

  private JsonNode position(String sku) throws Exception {
    HttpResponse<String> answer = send("GET", "/api/inventory/" + sku, null, OPS);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return CanonicalJson.tree(answer.body().getBytes());
  }

  private static JsonNode location(JsonNode position, String location) {
    for (JsonNode entry : position.get("locations")) {
      if (entry.get("location").asString().equals(location)) {
        return entry;
      }
    }
    throw new AssertionError("no location " + location + " in " + position);
  }

  private JsonNode exceptions(String type, String sku) throws Exception {
    JsonNode items = CanonicalJson.tree(send("GET", "/api/exceptions?type=" + type, null, OPS).body().getBytes()).get("items");
    List<JsonNode> matching = new java.util.ArrayList<>();
    items.forEach(item -> {
      if (sku.equals(item.path("sku").asString(null))) {
        matching.add(item);
      }
    });
    return CanonicalJson.mapper().valueToTree(matching);
  }

  private static List<InventoryPosition> positions(String sku) {
    return TopicReader.readAll(Topics.INVENTORY_POSITIONS, record -> sku.equals(record.key())).stream()
        .map(record -> CanonicalJson.read(record.value(), InventoryPosition.class)).toList();
  }

  private static InventoryPosition lastPosition(String sku) {
    List<InventoryPosition> all = positions(sku);
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }

  private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
