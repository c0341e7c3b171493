package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.OPS_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.polling.OrderFeed;
import io.retailsync.connectors.polling.OrderPage;
import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.ingestion.polling.OrderFeedPoller;
import io.retailsync.model.Order;
import io.retailsync.model.OrderLine;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncInfrastructure;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The order poller against a feed the test controls, end to end into the sandbox ERP: pages read in
 * order with the cursor stored page by page, a marketplace failure in the middle of a run and a restart
 * of the service resume at the same page, pending orders wait, cancelled ones are never posted (or cancel
 * the posted one), bad ones are filed, and the watermark moves to the latest time seen. The ERP does not
 * deduplicate: every order is counted there once the pipeline is quiet.
 */
@SyncIntegrationTest
class OrderFeedPollingIT {

  private static final String CHANNEL = "amazon";

  /** A marketplace order list: sorted by last-modified time, two per page, the cursor an offset. */
  static final class ScriptedFeed implements OrderFeed {

    final String account;
    final Map<String, PolledOrder> orders = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger failOnPage = new AtomicInteger(-1);
    /** Run just before the page at an offset is served: the marketplace changing while it is read. */
    final Map<Integer, Runnable> beforePage = new ConcurrentHashMap<>();

    ScriptedFeed(String account) {
      this.account = account;
    }

    void put(PolledOrder order) {
      orders.put(order.orderId(), order);
    }

    @Override
    public String channel() {
      return CHANNEL;
    }

    @Override
    public String account() {
      return account;
    }

    @Override
    public Duration pollInterval() {
      return Duration.ofHours(1);
    }

    @Override
    public Duration overlap() {
      return Duration.ofMinutes(2);
    }

    @Override
    public Duration initialLookback() {
      return Duration.ofDays(1);
    }

    @Override
    public OrderPage fetchPage(Instant since, String cursor) {
      int offset = cursor == null ? 0 : Integer.parseInt(cursor);
      requests.add(since + "@" + offset);
      Runnable change = beforePage.remove(offset);
      if (change != null) {
        change.run();
      }
      if (failOnPage.get() == offset / 2 && failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new MarketplaceUnavailableException("429 QuotaExceeded (scripted)");
      }
      List<PolledOrder> matching = orders.values().stream().filter(order -> !order.lastModified().isBefore(since))
          .sorted(Comparator.comparing(PolledOrder::lastModified).thenComparing(PolledOrder::orderId)).toList();
      List<PolledOrder> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + 2, matching.size()));
      return new OrderPage(page, offset + 2 < matching.size() ? String.valueOf(offset + 2) : null);
    }
  }

  @Test
  void pagesSurviveAFailureAndARestartAndEveryOrderIsPostedOnce() throws Exception {
    String prefix = "FEED-" + (System.currentTimeMillis() % 1_000_000_000L) + "-";
    ScriptedFeed feed = new ScriptedFeed("amazon-it-" + prefix);
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
    for (int i = 1; i <= 5; i++) {
      feed.put(open(prefix + i, t0.plusSeconds(i), "SKU-020" + i, 1 + i));
    }
    feed.put(waiting(prefix + "6", t0.plusSeconds(6)));
    feed.put(new PolledOrder(prefix + "7", t0.plusSeconds(7), PolledOrder.State.CANCELLED,
        order(prefix + "7", t0.plusSeconds(7), "SKU-0207", 1), "Canceled", raw(prefix + "7"), null));
    feed.put(PolledOrder.invalid(prefix + "8", t0.plusSeconds(8), "Unshipped", raw(prefix + "8"),
        "OrderItems[0].ItemPrice.Amount is not a decimal: 'abc'"));
    feed.failOnPage.set(1);
    feed.failNext.set(1);

    ConfigurableApplicationContext ingestion = start(feed);
    OrderFeedPoller poller = ingestion.getBean(OrderFeedPoller.class);
    OrderFeedPoller.RunOutcome failed = poller.pollOnce(feed);
    assertThat(failed.pages()).isEqualTo(1);
    assertThat(failed.error()).contains("QuotaExceeded");
    ingestion.close();

    // a new instance of the service resumes the run at the page that failed, not at the first one
    ingestion = start(feed);
    poller = ingestion.getBean(OrderFeedPoller.class);
    int before = feed.requests.size();
    OrderFeedPoller.RunOutcome resumed = poller.pollOnce(feed);
    assertThat(resumed.error()).isNull();
    assertThat(resumed.reachedEnd()).isTrue();
    assertThat(feed.requests.get(before)).endsWith("@2");
    assertThat(feed.requests.stream().filter(request -> request.endsWith("@2")).count()).isEqualTo(2);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));

    for (int i = 1; i <= 5; i++) {
      assertThat(posts(prefix + i)).as("posts of order %d", i).isEqualTo(1);
    }
    assertThat(posts(prefix + "6")).as("a pending order waits").isZero();
    assertThat(posts(prefix + "7")).as("a cancelled order is never posted").isZero();
    assertThat(posts(prefix + "8")).isZero();
    String invalid = IngestionTestStack.get(url(ingestion) + "/api/exceptions?type=INVALID_PAYLOAD&orderId=" + prefix + "8",
        OPS_TOKEN).body();
    assertThat(invalid).contains("ItemPrice");
    Instant afterFirstRun = watermark(feed.account);
    assertThat(afterFirstRun).isAfterOrEqualTo(t0.plusSeconds(8)).isBefore(Instant.now());

    // the pending order is paid, a posted one is cancelled, another edited; and while the next run reads
    // its pages, an order it has already read is edited again: the run after it reads that edit
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    feed.put(open(prefix + "6", now, "SKU-0206", 1));
    feed.put(new PolledOrder(prefix + "1", now.plusMillis(1), PolledOrder.State.CANCELLED,
        order(prefix + "1", now.plusMillis(1), "SKU-0201", 2), "Canceled", raw(prefix + "1"), null));
    feed.put(open(prefix + "2", now.plusMillis(2), "SKU-0202", 9));
    feed.put(open(prefix + "3", now.plusMillis(3), "SKU-0203", 5));
    feed.beforePage.put(2, () -> feed.put(open(prefix + "3", Instant.now().plusMillis(10), "SKU-0203", 11)));
    assertThat(poller.pollOnce(feed).reachedEnd()).isTrue();
    assertThat(poller.pollOnce(feed).reachedEnd()).isTrue();
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    assertThat(erp(prefix + "3").get(0).get("lines").get(0).get("quantity").asInt())
        .as("an edit made while the run was reading").isEqualTo(11);

    assertThat(posts(prefix + "6")).isEqualTo(1);
    assertThat(erp(prefix + "1").get(0).get("status").asString()).isEqualTo("CANCELLED");
    assertThat(erp(prefix + "2").get(0).get("lines").get(0).get("quantity").asInt()).isEqualTo(9);
    for (int i = 1; i <= 6; i++) {
      assertThat(posts(prefix + i)).as("posts of order %d after the second run", i).isEqualTo(1);
      assertThat(erp(prefix + i)).hasSize(1);
    }
    assertThat(stat("cancellations", prefix + "1")).isEqualTo(1);
    assertThat(stat("salesOrderUpdates", prefix + "2")).isEqualTo(1);
    assertThat(watermark(feed.account)).isAfter(afterFirstRun).isBefore(Instant.now());

    // the order that could not be mapped is fixed at the marketplace side of the story (here: the feed now
    // maps it); replaying its entry reads it again, and it is posted once
    feed.put(open(prefix + "8", t0.plusSeconds(8), "SKU-0208", 1));
    JsonNode filed = CanonicalJson.tree(IngestionTestStack.get(url(ingestion)
        + "/api/exceptions?type=INVALID_PAYLOAD&status=OPEN&orderId=" + prefix + "8", OPS_TOKEN).body().getBytes());
    String entry = filed.get("items").get(0).get("id").asString();
    assertThat(IngestionTestStack.send("POST", url(ingestion) + "/api/exceptions/" + entry + "/replay", OPS_TOKEN, "{}")
        .statusCode()).isEqualTo(200);
    assertThat(poller.pollOnce(feed).reachedEnd()).isTrue();
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    assertThat(posts(prefix + "8")).isEqualTo(1);
    for (int i = 1; i <= 6; i++) {
      assertThat(posts(prefix + i)).as("posts of order %d after the re-read", i).isEqualTo(1);
    }
    String metrics = IngestionTestStack.get(url(ingestion) + "/actuator/prometheus", null).body();
    assertThat(metrics).contains("sync_poll_lag_seconds{account=\"" + feed.account + "\",channel=\"amazon\"")
        .contains("sync_poll_pages_total{account=\"" + feed.account + "\",channel=\"amazon\",outcome=\"failed\"} 0.0");
    ingestion.close();
  }

  private static ConfigurableApplicationContext start(ScriptedFeed feed) {
    return IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of("sync.ingestion.polling.enabled", "false"),
        UnaryOperator.identity(), Map.of("scriptedFeed", feed));
  }

  private static String url(ConfigurableApplicationContext context) {
    return "http://127.0.0.1:" + IngestionTestStack.port(context);
  }

  private static PolledOrder open(String id, Instant modified, String sku, int quantity) {
    return new PolledOrder(id, modified, PolledOrder.State.OPEN, order(id, modified, sku, quantity), "Unshipped",
        raw(id), null);
  }

  private static PolledOrder waiting(String id, Instant modified) {
    return new PolledOrder(id, modified, PolledOrder.State.WAITING, order(id, modified, "SKU-0299", 1), "Pending",
        raw(id), null);
  }

  private static Order order(String id, Instant modified, String sku, int quantity) {
    BigDecimal price = new BigDecimal("12.50");
    return new Order(CHANNEL, id, null, modified.minusSeconds(3600), modified, "USD", null,
        List.of(new OrderLine("L1", sku, quantity, price, BigDecimal.ZERO, BigDecimal.ZERO, "Item")),
        BigDecimal.ZERO, BigDecimal.ZERO, price.multiply(BigDecimal.valueOf(quantity)), null);
  }

  private static byte[] raw(String id) {
    return ("{\"AmazonOrderId\": \"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode erp(String orderId) {
    return IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/erp/sales-orders?channel=" + CHANNEL
        + "&orderId=" + orderId);
  }

  private static int posts(String orderId) {
    return stat("salesOrders", orderId);
  }

  private static int stat(String kind, String orderId) {
    JsonNode count = IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats").get(kind)
        .get(CHANNEL + ":" + orderId);
    return count == null ? 0 : count.asInt();
  }

  private static Instant watermark(String account) throws Exception {
    SyncInfrastructure.Database db = SyncInfrastructure.database();
    try (var connection = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        var select = connection.prepareStatement("SELECT watermark FROM ingestion.poll_state WHERE account = ?")) {
      select.setString(1, account);
      try (var result = select.executeQuery()) {
        return result.next() && result.getTimestamp(1) != null ? result.getTimestamp(1).toInstant() : null;
      }
    }
  }
}
