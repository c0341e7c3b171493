package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.SECRET;
import static io.retailsync.ingestion.IngestionTestStack.SHOP;
import static io.retailsync.ingestion.IngestionTestStack.salesOrders;
import static io.retailsync.ingestion.IngestionTestStack.posts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.erp.ErpPort;
import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sandbox.shopify.ShopifyOrderFactory;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookDelivery;
import io.retailsync.sandbox.shopify.WebhookEvent;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of the order-ingestion service on one database and one topic: one sales order per order
 * under load, an ERP rate budget divided between them, and a consumer that loses its partitions in the
 * middle of a long ERP call does not lead the other to post the same orders.
 */
@SyncIntegrationTest
class SeveralInstancesIT {

  private static final ShopifyOrderFactory ORDERS = new ShopifyOrderFactory(ShopifyOrderFactory.Settings
      .seeded(System.nanoTime()).withFirstOrderId(6_800_000_000_000L + (System.currentTimeMillis() % 1_000_000_000L) * 1000));

  @Test
  void twoInstancesUnderLoadPostEachOrderOnceAndShareTheErpRateBudget() throws Exception {
    Map<String, String> settings = Map.of("sync.erp.rate-limit-per-second", "40");
    ConfigurableApplicationContext first = IngestionTestStack.startIngestion(FaultHooks.NONE, settings);
    ConfigurableApplicationContext second = IngestionTestStack.startIngestion(FaultHooks.NONE, settings);
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> first.getBean(ErpPort.class).callsPerSecond() == 20
          && second.getBean(ErpPort.class).callsPerSecond() == 20);

      List<ShopifyOrder> orders = new ArrayList<>();
      List<WebhookEvent> toFirst = new ArrayList<>();
      List<WebhookEvent> toSecond = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        ShopifyOrder order = ORDERS.next();
        orders.add(order);
        WebhookEvent event = WebhookEvent.ordersCreate(order);
        // each order delivered to both instances, the same event to both and another event to one of them
        toFirst.add(event);
        toSecond.add(event);
        (i % 2 == 0 ? toFirst : toSecond).add(WebhookEvent.ordersCreate(order));
      }
      Collections.shuffle(toSecond);
      CompletableFuture<List<WebhookDelivery>> a = CompletableFuture.supplyAsync(() -> sender(first).sendAll(toFirst, 4));
      CompletableFuture<List<WebhookDelivery>> b = CompletableFuture.supplyAsync(() -> sender(second).sendAll(toSecond, 4));
      assertThat(a.get(120, TimeUnit.SECONDS)).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
      assertThat(b.get(120, TimeUnit.SECONDS)).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));

      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
          .until(() -> orders.stream().allMatch(order -> posts(order) > 0));
      IngestionTestStack.awaitQuiet(Duration.ofSeconds(120));
      for (ShopifyOrder order : orders) {
        assertThat(salesOrders(order)).as("sales orders for %s", order.orderId()).hasSize(1);
        assertThat(posts(order)).as("posts for %s", order.orderId()).isEqualTo(1);
      }
    } finally {
      second.close();
      first.close();
    }
  }

  /**
   * The first instance stalls after claiming its batch and before posting it, longer than its
   * {@code max.poll.interval.ms}: it is put out of the group and the second instance gets its partitions
   * and its uncommitted records. The second must leave the first's claims alone (they are leases); the
   * first then posts them, once.
   */
  @Test
  void aConsumerThatLosesItsPartitionsDuringALongErpCallDoesNotLeadAnotherToPostTheSameOrders() throws Exception {
    CountDownLatch stalled = new CountDownLatch(1);
    AtomicBoolean stallOnce = new AtomicBoolean(true);
    FaultHooks stall = new FaultHooks() {
      @Override
      public void beforeErpPost() {
        if (stallOnce.getAndSet(false)) {
          stalled.countDown();
          try {
            Thread.sleep(15_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    Map<String, String> settings = Map.of(
        "spring.kafka.consumer.properties.max.poll.interval.ms", "6000",
        "sync.ingestion.posting-lanes", "1",
        "sync.ingestion.batch-budget", "2s",
        "sync.erp.read-timeout", "1s",
        "sync.erp.rate-limit-timeout", "1s",
        "sync.erp.max-retry-after", "1s",
        "sync.erp.max-attempts", "1");
    ConfigurableApplicationContext first = IngestionTestStack.startIngestion(stall, settings);
    ConfigurableApplicationContext second = null;
    try {
      List<ShopifyOrder> orders = new ArrayList<>();
      List<WebhookEvent> events = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        ShopifyOrder order = ORDERS.next();
        orders.add(order);
        events.add(WebhookEvent.ordersCreate(order));
      }
      assertThat(sender(first).sendAll(events, 4)).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
      assertThat(stalled.await(60, TimeUnit.SECONDS)).as("the first instance claimed a batch and stalled").isTrue();
      second = IngestionTestStack.startIngestion(FaultHooks.NONE, settings);
      ConfigurableApplicationContext other = second;

      await().atMost(Duration.ofSeconds(60)).until(() -> claimsHeldElsewhere(other) > 0);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> orders.stream().allMatch(order -> posts(order) > 0));
      IngestionTestStack.awaitQuiet(Duration.ofSeconds(120));
      for (ShopifyOrder order : orders) {
        assertThat(salesOrders(order)).as("sales orders for %s", order.orderId()).hasSize(1);
        assertThat(posts(order)).as("posts for %s", order.orderId()).isEqualTo(1);
      }
    } finally {
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }

  private static double claimsHeldElsewhere(ConfigurableApplicationContext context) throws Exception {
    String metrics = IngestionTestStack.get("http://127.0.0.1:" + IngestionTestStack.port(context)
        + "/actuator/prometheus", null).body();
    return metrics.lines().filter(line -> line.startsWith("sync_posting_claims_total{outcome=\"held_elsewhere\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static ShopifyWebhookSender sender(ConfigurableApplicationContext context) {
    return new ShopifyWebhookSender(URI.create("http://127.0.0.1:" + IngestionTestStack.port(context)
        + "/webhooks/shopify"), SHOP, SECRET);
  }

}
