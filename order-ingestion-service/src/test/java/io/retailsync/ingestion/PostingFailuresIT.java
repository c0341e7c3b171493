package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.OPS_TOKEN;
import static io.retailsync.ingestion.IngestionTestStack.SECRET;
import static io.retailsync.ingestion.IngestionTestStack.SHOP;
import static io.retailsync.ingestion.IngestionTestStack.salesOrders;
import static io.retailsync.ingestion.IngestionTestStack.posts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.erp.CreditMemoDocument;
import io.retailsync.erp.ErpDocument;
import io.retailsync.erp.ErpItem;
import io.retailsync.erp.ErpPort;
import io.retailsync.erp.JournalEntryDocument;
import io.retailsync.erp.PostResult;
import io.retailsync.erp.SalesOrderDocument;
import io.retailsync.erp.StockLevel;
import io.retailsync.model.Order;
import io.retailsync.model.event.Topics;
import io.retailsync.model.failure.PermanentSyncException;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.connectors.shopify.ShopifyOrderMapper;
import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sandbox.shopify.ShopifyOrderFactory;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookEvent;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncInfrastructure;
import io.retailsync.testsupport.TopicReader;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import tools.jackson.databind.JsonNode;

/**
 * A failure that belongs to one order of a posting batch stays with that order; orders left unposted are
 * found by the sweeper; a replay that fails again stays in the queue. Counted at the sandbox ERP, which
 * does not deduplicate, once the pipeline is quiet.
 */
@SyncIntegrationTest
class PostingFailuresIT {

  private static final ShopifyOrderFactory ORDERS = new ShopifyOrderFactory(ShopifyOrderFactory.Settings
      .seeded(System.nanoTime()).withFirstOrderId(6_500_000_000_000L + (System.currentTimeMillis() % 1_000_000_000L) * 1000));
  /** References whose ERP lookup the wrapped ERP refuses with a 4xx. */
  private static final Set<String> REFUSED_LOOKUPS = ConcurrentHashMap.newKeySet();
  /** References whose result cannot be recorded (a database error that hits that order only). */
  private static final Set<String> UNRECORDABLE = ConcurrentHashMap.newKeySet();

  private static ConfigurableApplicationContext ingestion;
  private static ShopifyWebhookSender sender;

  @BeforeAll
  static void start() {
    FaultHooks faults = new FaultHooks() {
      @Override
      public void whileRecordingResult(String externalReference) {
        if (UNRECORDABLE.contains(externalReference)) {
          throw new DataIntegrityViolationException("simulated: the result of " + externalReference + " cannot be stored");
        }
      }
    };
    // the ERP's own refusals are what this test is about: the item master is not looked up beforehand
    // (EnrichmentIT covers that), so an unknown SKU reaches the ERP and is refused there
    ingestion = IngestionTestStack.startIngestion(faults, Map.of("sync.ingestion.posting-lanes", "1",
        "sync.ingestion.enrichment.check-item-master", "false"), RefusingErp::new);
    sender = new ShopifyWebhookSender(URI.create("http://127.0.0.1:" + IngestionTestStack.port(ingestion)
        + "/webhooks/shopify"), SHOP, SECRET);
  }

  @AfterAll
  static void stop() {
    ingestion.close();
  }

  @Test
  void aRefusedLookupAndAnUnrecordableResultAffectOnlyTheirOrderAndNothingGoesToTheDlt() throws Exception {
    List<ShopifyOrder> good = List.of(ORDERS.next(), ORDERS.next(), ORDERS.next(), ORDERS.next());
    ShopifyOrder refusedLookup = ORDERS.next();
    ShopifyOrder unrecordable = ORDERS.next();
    // an earlier attempt left a claim, so this order is looked up first, and the ERP refuses the lookup
    staleClaim("shopify:" + refusedLookup.orderId());
    REFUSED_LOOKUPS.add("shopify:" + refusedLookup.orderId());
    UNRECORDABLE.add("shopify:" + unrecordable.orderId());
    List<ShopifyOrder> all = new ArrayList<>(good);
    all.add(refusedLookup);
    all.add(unrecordable);

    // one poll, one batch: hold the consumer until every order is on Kafka
    var container = ingestion.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("erp-posting");
    container.pause();
    try {
      for (ShopifyOrder order : all) {
        assertThat(sender.send(WebhookEvent.ordersCreate(order)).status()).isEqualTo(200);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> outboxPending() == 0);
    } finally {
      container.resume();
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> good.stream().allMatch(order -> salesOrders(order).size() == 1)
        && exceptions("orderId=" + refusedLookup.orderId()).get("total").asInt() == 1
        && exceptions("type=ERP_RESULT_UNRECORDED&orderId=" + unrecordable.orderId()).get("total").asInt() == 1);
    UNRECORDABLE.clear();
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));

    for (ShopifyOrder order : good) {
      assertThat(salesOrders(order)).hasSize(1);
      assertThat(posts(order)).isEqualTo(1);
      assertThat(IngestionTestStack.receivedStatus(order)).isEqualTo("POSTED");
    }
    assertThat(salesOrders(refusedLookup)).as("not posted blindly").isEmpty();
    assertThat(exceptions("orderId=" + refusedLookup.orderId()).get("items").get(0).get("reason").asString())
        .contains("refused the lookup");
    assertThat(salesOrders(unrecordable)).as("posted once, even though its result could not be stored").hasSize(1);
    assertThat(IngestionTestStack.receivedStatus(unrecordable)).isEqualTo("RECEIVED");

    // once the database takes it, replaying the entry records the result by lookup, without a second post
    JsonNode entry = exceptions("type=ERP_RESULT_UNRECORDED&orderId=" + unrecordable.orderId()).get("items").get(0);
    assertThat(replay(entry.get("id").asString()).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() -> "POSTED".equals(IngestionTestStack.receivedStatus(unrecordable)));
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    assertThat(salesOrders(unrecordable)).hasSize(1);
    assertThat(posts(unrecordable)).isEqualTo(1);
    assertThat(deadLettered(all)).isEmpty();
  }

  @Test
  void theSweeperPostsOrdersLeftUnpostedOnceLookingUpThoseAnEarlierAttemptMayHavePosted() throws Exception {
    ShopifyOrder lost = ORDERS.next();
    ShopifyOrder abandoned = ORDERS.next();
    ShopifyOrder postedBeforeACrash = ORDERS.next();
    ShopifyOrder heldByADeadInstance = ORDERS.next();
    double before = redriven();
    // received long ago and never published (its event was lost), with no claim
    receivedLongAgo(lost);
    // received long ago, claimed by an instance that died before posting (its lease ran out)
    receivedLongAgo(abandoned);
    staleClaim("shopify:" + abandoned.orderId());
    // received long ago, claimed by an instance that posted it and died before recording the result
    receivedLongAgo(postedBeforeACrash);
    staleClaim("shopify:" + postedBeforeACrash.orderId());
    IngestionTestStack.send("POST", IngestionTestStack.sandboxUrl() + "/erp/sales-orders", null,
        CanonicalJson.toJson(salesOrderDocument(postedBeforeACrash)));
    // received long ago, claimed with a lease still running by an instance that stopped beating an hour ago
    receivedLongAgo(heldByADeadInstance);
    claimOfADeadInstance("shopify:" + heldByADeadInstance.orderId());

    List<ShopifyOrder> all = List.of(lost, abandoned, postedBeforeACrash, heldByADeadInstance);
    await().atMost(Duration.ofSeconds(60)).until(() ->
        all.stream().allMatch(order -> "POSTED".equals(IngestionTestStack.receivedStatus(order))));
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    for (ShopifyOrder order : all) {
      assertThat(salesOrders(order)).hasSize(1);
      assertThat(posts(order)).isEqualTo(1);
    }
    assertThat(redriven() - before).isGreaterThanOrEqualTo(4);
  }

  @Test
  void aReplayTheErpRejectsAgainReopensItsEntryWithBothAttemptsInTheAudit() throws Exception {
    ShopifyOrder unknownSku = ORDERS.next(ShopifyOrderFactory.OrderOptions.of(List.of("SKU-NOT-IN-ERP"), 1));
    assertThat(sender.send(WebhookEvent.ordersCreate(unknownSku)).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() ->
        exceptions("type=UNKNOWN_SKU&status=OPEN&orderId=" + unknownSku.orderId()).get("total").asInt() == 1);
    String id = exceptions("type=UNKNOWN_SKU&orderId=" + unknownSku.orderId()).get("items").get(0).get("id").asString();

    assertThat(replay(id).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() -> posts(unknownSku) == 2
        && exceptions("type=UNKNOWN_SKU&status=OPEN&orderId=" + unknownSku.orderId()).get("total").asInt() == 1);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));

    JsonNode detail = CanonicalJson.tree(IngestionTestStack.get(base() + "/api/exceptions/" + id, OPS_TOKEN).body()
        .getBytes());
    List<String> actions = new ArrayList<>();
    detail.get("audit").forEach(action -> actions.add(action.get("action").asString()));
    assertThat(actions).containsExactly("CREATED", "REPLAYED", "REOPENED");
    assertThat(detail.get("status").asString()).isEqualTo("OPEN");
    assertThat(exceptions("orderId=" + unknownSku.orderId()).get("total").asInt()).isEqualTo(1);
    assertThat(salesOrders(unknownSku)).isEmpty();
  }

  // ---- helpers

  private static String base() {
    return "http://127.0.0.1:" + IngestionTestStack.port(ingestion);
  }

  private static HttpResponse<String> replay(String exceptionId) throws Exception {
    return IngestionTestStack.send("POST", base() + "/api/exceptions/" + exceptionId + "/replay", OPS_TOKEN,
        "{\"note\": \"fixed, try again\"}");
  }

  private static JsonNode exceptions(String query) throws Exception {
    return CanonicalJson.tree(IngestionTestStack.get(base() + "/api/exceptions?channel=shopify&" + query, OPS_TOKEN)
        .body().getBytes());
  }

  private static double redriven() throws Exception {
    String metrics = IngestionTestStack.get(base() + "/actuator/prometheus", null).body();
    return metrics.lines().filter(line -> line.startsWith("sync_orders_redriven_total"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static SalesOrderDocument salesOrderDocument(ShopifyOrder shopify) {
    Order order = ShopifyOrderMapper.toCanonical(shopify.body());
    return new SalesOrderDocument(order.externalReference(), order.channel(), order.orderId(), order.createdAt(),
        order.currency(), order.lines().stream().map(line -> new SalesOrderDocument.Line(line.lineId(), line.sku(),
            line.quantity(), line.unitPrice(), line.discount(), line.tax(), null)).toList(),
        order.shippingAmount(), order.shippingTax(), order.total());
  }

  private static Connection database() throws Exception {
    var db = SyncInfrastructure.database();
    return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
  }

  private static void staleClaim(String reference) throws Exception {
    try (Connection connection = database(); PreparedStatement insert = connection.prepareStatement("""
        INSERT INTO ingestion.idempotency_keys (scope, key, status, owner, lease_until)
        VALUES ('erp-sales-order', ?, 'PENDING', 'ingestion-that-died', now() - interval '1 minute')""")) {
      insert.setString(1, reference);
      insert.executeUpdate();
    }
  }

  private static void claimOfADeadInstance(String reference) throws Exception {
    String deadInstance = "dead-" + java.util.UUID.randomUUID();
    try (Connection connection = database();
        PreparedStatement instance = connection.prepareStatement(
            "INSERT INTO ingestion.service_instances (instance_id, started_at, heartbeat_at) VALUES (?, now() - interval '2 hours', now() - interval '1 hour')");
        PreparedStatement claim = connection.prepareStatement("""
            INSERT INTO ingestion.idempotency_keys (scope, key, status, owner, lease_until)
            VALUES ('erp-sales-order', ?, 'PENDING', ?, now() + interval '10 minutes')""")) {
      instance.setString(1, deadInstance);
      instance.executeUpdate();
      claim.setString(1, reference);
      claim.setString(2, deadInstance + "/call-" + java.util.UUID.randomUUID());
      claim.executeUpdate();
    }
  }

  private static void receivedLongAgo(ShopifyOrder shopify) throws Exception {
    Order order = ShopifyOrderMapper.toCanonical(shopify.body());
    try (Connection connection = database(); PreparedStatement insert = connection.prepareStatement("""
        INSERT INTO ingestion.received_orders (channel, order_id, content_hash, correlation_id, status, received_at, payload)
        VALUES ('shopify', ?, 'h', 'c', 'RECEIVED', now() - interval '1 hour', ?)""")) {
      insert.setString(1, order.orderId());
      insert.setBytes(2, CanonicalJson.toBytes(order));
      insert.executeUpdate();
    }
  }

  private static long outboxPending() throws Exception {
    try (Connection connection = database(); PreparedStatement select = connection.prepareStatement(
        "SELECT count(*) FROM ingestion.outbox WHERE published_at IS NULL AND parked_at IS NULL");
        ResultSet result = select.executeQuery()) {
      result.next();
      return result.getLong(1);
    }
  }

  private static List<String> deadLettered(List<ShopifyOrder> orders) {
    List<String> keys = orders.stream().map(order -> Topics.orderKey("shopify", order.orderId())).toList();
    return TopicReader.readAll(Topics.deadLetter(Topics.ORDERS), record -> keys.contains(record.key())).stream()
        .map(org.apache.kafka.clients.consumer.ConsumerRecord::key).toList();
  }

  /** The real ERP port, except that it refuses the lookups of {@link #REFUSED_LOOKUPS} as a 4xx would. */
  private record RefusingErp(ErpPort delegate) implements ErpPort {

    @Override
    public Optional<ErpDocument> findSalesOrder(String externalReference) {
      if (REFUSED_LOOKUPS.contains(externalReference)) {
        throw new PermanentSyncException("ERP_REJECTED", "ERP refused the lookup of sales order "
            + externalReference + ": 400 Bad Request (simulated)");
      }
      return delegate.findSalesOrder(externalReference);
    }

    @Override
    public List<PostResult> postSalesOrders(List<SalesOrderDocument> documents) {
      return delegate.postSalesOrders(documents);
    }

    @Override
    public List<PostResult> postSalesOrders(List<SalesOrderDocument> documents, java.time.Instant notAfter) {
      return delegate.postSalesOrders(documents, notAfter);
    }

    @Override
    public void shareRateAmong(int instances) {
      delegate.shareRateAmong(instances);
    }

    @Override
    public PostResult cancelSalesOrder(String externalReference, String reason) {
      return delegate.cancelSalesOrder(externalReference, reason);
    }

    @Override
    public PostResult updateSalesOrder(io.retailsync.erp.SalesOrderDocument document) {
      return delegate.updateSalesOrder(document);
    }

    @Override
    public List<PostResult> postCreditMemos(List<CreditMemoDocument> documents) {
      return delegate.postCreditMemos(documents);
    }

    @Override
    public Optional<ErpDocument> findCreditMemo(String externalReference) {
      return delegate.findCreditMemo(externalReference);
    }

    @Override
    public List<PostResult> postJournalEntries(List<JournalEntryDocument> entries) {
      return delegate.postJournalEntries(entries);
    }

    @Override
    public Optional<ErpDocument> findJournalEntry(String reference) {
      return delegate.findJournalEntry(reference);
    }

    @Override
    public Optional<ErpItem> findItem(String sku) {
      return delegate.findItem(sku);
    }

    @Override
    public List<StockLevel> stockBySku(String sku) {
      return delegate.stockBySku(sku);
    }
  }
}
