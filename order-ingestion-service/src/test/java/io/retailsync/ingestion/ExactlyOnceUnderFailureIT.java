package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.OPS_TOKEN;
import static io.retailsync.ingestion.IngestionTestStack.SECRET;
import static io.retailsync.ingestion.IngestionTestStack.SHOP;
import static io.retailsync.ingestion.IngestionTestStack.salesOrders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.model.event.Topics;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sandbox.shopify.ShopifyOrderFactory;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookDelivery;
import io.retailsync.sandbox.shopify.WebhookEvent;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.TopicReader;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Crashes, ambiguous ERP answers and an ERP outage with the real service, Kafka, PostgreSQL and sandbox
 * ERP: every order still becomes exactly one sales order, posted once, and nothing reaches a DLT.
 */
@SyncIntegrationTest
class ExactlyOnceUnderFailureIT {

  private static final ShopifyOrderFactory ORDERS = new ShopifyOrderFactory(ShopifyOrderFactory.Settings
      .seeded(System.nanoTime()).withFirstOrderId(6_000_000_000_000L + (System.currentTimeMillis() % 1_000_000_000L) * 1000));

  @AfterEach
  void clearFaults() throws Exception {
    IngestionTestStack.send("DELETE", IngestionTestStack.sandboxUrl() + "/sandbox/erp/faults", null, null);
  }

  /** Parks the posting thread right after the ERP's 2xx, as if the process died there. */
  static final class DieAfterErpSuccess implements FaultHooks {
    final CountDownLatch reached = new CountDownLatch(1);
    volatile Thread parked;

    @Override
    public void afterErpSuccess() {
      parked = Thread.currentThread();
      reached.countDown();
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("process killed after the ERP's 2xx, before the local commit");
    }
  }

  @Test
  void aCrashAfterTheErpsSuccessAndBeforeTheLocalCommitIsRecoveredByLookupAfterRestart() throws Exception {
    DieAfterErpSuccess dying = new DieAfterErpSuccess();
    ConfigurableApplicationContext first = IngestionTestStack.startIngestion(dying, Map.of(
        "sync.ingestion.posting-lanes", "1"));
    List<ShopifyOrder> orders;
    try {
      orders = sendOrders(first, 10, 1);
      assertThat(dying.reached.await(60, TimeUnit.SECONDS)).as("a batch reached the ERP and then died").isTrue();
    } finally {
      Thread closer = new Thread(first::close);
      closer.start();
      if (dying.parked != null) {
        dying.parked.interrupt();
      }
      closer.join(60_000);
    }
    JsonNode statsAtCrash = IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats");
    assertThat(statsAtCrash.get("salesOrders").size()).as("the ERP holds documents posted before the crash").isPositive();

    ConfigurableApplicationContext restarted = IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of());
    try {
      awaitExactlyOneSalesOrderPostedOnce(orders);
      assertNothingDeadLettered(orders);
    } finally {
      restarted.close();
    }
  }

  @Test
  void aCrashInTheRelayAfterTheSendRepublishesButPostsNothingTwice() throws Exception {
    AtomicInteger crashesLeft = new AtomicInteger(2);
    FaultHooks relayCrash = new FaultHooks() {
      @Override
      public void afterRelaySend() {
        if (crashesLeft.getAndDecrement() > 0) {
          throw new IllegalStateException("relay killed after Kafka acknowledged, before marking rows sent");
        }
      }
    };
    ConfigurableApplicationContext context = IngestionTestStack.startIngestion(relayCrash, Map.of());
    try {
      List<ShopifyOrder> orders = sendOrders(context, 20, 1);
      awaitExactlyOneSalesOrderPostedOnce(orders);
      await().atMost(Duration.ofSeconds(30)).until(() -> crashesLeft.get() < 0);
      assertThat(orders.stream().mapToInt(ExactlyOnceUnderFailureIT::orderEventsOnKafka).max().orElse(0))
          .as("the batch the relay crashed after was published again").isGreaterThanOrEqualTo(2);
      assertNothingDeadLettered(orders);
    } finally {
      context.close();
    }
  }

  @Test
  void commitThenFailAnswersAreResolvedByLookupNotByASecondPost() throws Exception {
    ConfigurableApplicationContext context = IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of());
    try {
      IngestionTestStack.send("PUT", IngestionTestStack.sandboxUrl() + "/sandbox/erp/faults", null,
          "{\"commitThenFailRate\": 0.5}");
      List<ShopifyOrder> orders = sendOrders(context, 30, 2);
      awaitExactlyOneSalesOrderPostedOnce(orders);
      assertNothingDeadLettered(orders);
    } finally {
      context.close();
    }
  }

  @Test
  void anErpOutageUnderLoadWaitsInKafkaAndEveryOrderIsPostedOnceWhenItReturns() throws Exception {
    long outageSeconds = Long.getLong("sync.it.erp-outage-seconds", 60);
    ConfigurableApplicationContext context = IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of());
    try {
      IngestionTestStack.send("PUT", IngestionTestStack.sandboxUrl() + "/sandbox/erp/faults", null,
          "{\"failureRate\": 1.0}");
      List<ShopifyOrder> orders = new ArrayList<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(outageSeconds);
      while (System.nanoTime() < end) {
        orders.addAll(sendOrders(context, 10, 2));
        Thread.sleep(2000);
      }
      JsonNode statsDuringOutage = IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats");
      for (ShopifyOrder order : orders) {
        assertThat(statsDuringOutage.get("salesOrders").has("shopify:" + order.orderId()))
            .as("nothing reached the ERP while it was down").isFalse();
      }
      String metrics = IngestionTestStack.get("http://127.0.0.1:" + IngestionTestStack.port(context) + "/actuator/prometheus", null).body();
      assertThat(metrics).contains("sync_retries_total");
      IngestionTestStack.send("PUT", IngestionTestStack.sandboxUrl() + "/sandbox/erp/faults", null,
          "{\"rateLimitPerSecond\": 20}");
      awaitExactlyOneSalesOrderPostedOnce(orders);
      assertNothingDeadLettered(orders);
    } finally {
      context.close();
    }
  }

  private static List<ShopifyOrder> sendOrders(ConfigurableApplicationContext context, int count, int deliveries) {
    ShopifyWebhookSender sender = new ShopifyWebhookSender(
        URI.create("http://127.0.0.1:" + IngestionTestStack.port(context) + "/webhooks/shopify"), SHOP, SECRET);
    List<ShopifyOrder> orders = new ArrayList<>();
    List<WebhookEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ShopifyOrder order = ORDERS.next();
      orders.add(order);
      for (int d = 0; d < deliveries; d++) {
        events.add(WebhookEvent.ordersCreate(order));
      }
    }
    List<WebhookDelivery> answers = sender.sendAll(events, 4);
    assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
    return orders;
  }

  /**
   * Waits until every order reached the ERP and the pipeline is quiet (nothing in the outbox, no open
   * claim, no consumer lag), then counts documents and posts at the ERP, which does not deduplicate.
   */
  private static void awaitExactlyOneSalesOrderPostedOnce(List<ShopifyOrder> orders) throws Exception {
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      JsonNode posted = IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats").get("salesOrders");
      return orders.stream().allMatch(order -> posted.has("shopify:" + order.orderId()));
    });
    IngestionTestStack.send("DELETE", IngestionTestStack.sandboxUrl() + "/sandbox/erp/faults", null, null);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(120));
    JsonNode stats = IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats");
    for (ShopifyOrder order : orders) {
      assertThat(salesOrders(order)).as("sales orders the ERP holds for %s", order.orderId()).hasSize(1);
      assertThat(stats.get("salesOrders").get("shopify:" + order.orderId()).asInt())
          .as("posts the ERP received for %s", order.orderId()).isEqualTo(1);
    }
  }

  private static void assertNothingDeadLettered(List<ShopifyOrder> orders) {
    List<String> keys = orders.stream().map(order -> Topics.orderKey("shopify", order.orderId())).toList();
    assertThat(TopicReader.readAll(Topics.deadLetter(Topics.ORDERS), record -> keys.contains(record.key())))
        .as("records of these orders on the DLT").isEmpty();
  }

  private static int orderEventsOnKafka(ShopifyOrder order) {
    String key = Topics.orderKey("shopify", order.orderId());
    return TopicReader.readAll(Topics.ORDERS, record -> key.equals(record.key())).size();
  }


}
