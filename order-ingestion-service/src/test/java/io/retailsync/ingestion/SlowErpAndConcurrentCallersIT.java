package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.SECRET;
import static io.retailsync.ingestion.IngestionTestStack.SHOP;
import static io.retailsync.ingestion.IngestionTestStack.salesOrders;
import static io.retailsync.ingestion.IngestionTestStack.posts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.connectors.shopify.ShopifyOrderMapper;
import io.retailsync.ingestion.erpposting.PostSalesOrders;
import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sandbox.shopify.ShopifyOrderFactory;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookEvent;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Two ways a non-deduplicating ERP could get a second document, closed: an ERP slower to store a write
 * than the adapter waits for its answer (a lookup right after the timeout would miss the document still
 * being stored), and two callers of one instance (two posting lanes, the sweeper) on one order at once.
 */
@SyncIntegrationTest
class SlowErpAndConcurrentCallersIT {

  private static final ShopifyOrderFactory ORDERS = new ShopifyOrderFactory(ShopifyOrderFactory.Settings
      .seeded(System.nanoTime()).withFirstOrderId(6_900_000_000_000L + (System.currentTimeMillis() % 1_000_000_000L) * 1000));
  private static final AtomicBoolean STALL_NEXT_POST = new AtomicBoolean();
  private static final CountDownLatch STALLED = new CountDownLatch(1);
  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  private static ConfigurableApplicationContext ingestion;

  @BeforeAll
  static void start() {
    FaultHooks stallOnce = new FaultHooks() {
      @Override
      public void beforeErpPost() {
        if (STALL_NEXT_POST.getAndSet(false)) {
          STALLED.countDown();
          try {
            RELEASE.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    ingestion = IngestionTestStack.startIngestion(stallOnce, Map.of(
        "sync.erp.read-timeout", "1s", "sync.ingestion.in-flight-grace", "6s",
        "sync.erp.circuit-breaker.sliding-window-size", "200"));
  }

  @AfterAll
  static void stop() {
    ingestion.close();
  }

  @AfterEach
  void clearFaults() throws Exception {
    IngestionTestStack.send("DELETE", IngestionTestStack.sandboxUrl() + "/sandbox/erp/faults", null, null);
  }

  @Test
  void aWriteTheErpStoresAfterTheAdapterGaveUpWaitingIsFoundByLookupNotPostedAgain() throws Exception {
    // writes take 2.5 s before the ERP stores them; the adapter waits 1 s for an answer
    IngestionTestStack.send("PUT", IngestionTestStack.sandboxUrl() + "/sandbox/erp/faults", null,
        "{\"writeLatencyMs\": 2500}");
    ShopifyWebhookSender sender = new ShopifyWebhookSender(URI.create("http://127.0.0.1:"
        + IngestionTestStack.port(ingestion) + "/webhooks/shopify"), SHOP, SECRET);
    List<ShopifyOrder> orders = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ShopifyOrder order = ORDERS.next();
      orders.add(order);
      assertThat(sender.send(WebhookEvent.ordersCreate(order)).status()).isEqualTo(200);
    }
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> orders.stream().allMatch(order -> "POSTED".equals(IngestionTestStack.receivedStatus(order))));
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    for (ShopifyOrder order : orders) {
      assertThat(salesOrders(order)).as("sales orders for %s", order.orderId()).hasSize(1);
      assertThat(posts(order)).as("posts for %s", order.orderId()).isEqualTo(1);
    }
  }

  @Test
  void aSecondCallerOfTheSameInstanceLeavesAClaimAnotherCallHoldsAlone() throws Exception {
    var container = ingestion.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("erp-posting");
    container.pause();
    try {
      PostSalesOrders posting = ingestion.getBean(PostSalesOrders.class);
      ShopifyOrder shopify = ORDERS.next();
      PostSalesOrders.OrderToPost order = new PostSalesOrders.OrderToPost(
          ShopifyOrderMapper.toCanonical(shopify.body()), "correlation-" + shopify.orderId());
      STALL_NEXT_POST.set(true);
      CompletableFuture<PostSalesOrders.Outcome> first = CompletableFuture.supplyAsync(() -> posting.post(List.of(order)));
      assertThat(STALLED.await(30, TimeUnit.SECONDS)).as("the first call holds the claim, before its post").isTrue();

      PostSalesOrders.Outcome second = posting.post(List.of(order));

      assertThat(second.heldElsewhere()).as("the second call found the claim held").isEqualTo(1);
      assertThat(second.posted()).isZero();
      RELEASE.countDown();
      assertThat(first.get(60, TimeUnit.SECONDS).posted()).isEqualTo(1);
      assertThat(salesOrders(shopify)).hasSize(1);
      assertThat(posts(shopify)).isEqualTo(1);
    } finally {
      RELEASE.countDown();
      container.resume();
    }
  }

}
