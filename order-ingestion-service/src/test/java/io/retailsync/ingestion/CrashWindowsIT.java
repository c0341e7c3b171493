package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.SECRET;
import static io.retailsync.ingestion.IngestionTestStack.SHOP;
import static io.retailsync.ingestion.ShopifyOrderChangesIT.T0;
import static io.retailsync.ingestion.ShopifyOrderChangesIT.line;
import static io.retailsync.ingestion.ShopifyOrderChangesIT.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookEvent;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The service killed right after the ERP stored a credit memo, an edit or a cancellation, before the local
 * commit: after a restart the refund is found in the ERP by its reference and never credited twice (the ERP
 * does not deduplicate), and the edit and the cancellation, repeat-safe, leave the one sales order as the
 * marketplace has it.
 */
@SyncIntegrationTest
class CrashWindowsIT {

  private static final java.util.concurrent.atomic.AtomicLong IDS =
      new java.util.concurrent.atomic.AtomicLong(8_000_000_000_000L + (System.currentTimeMillis() % 1_000_000_000L) * 1000);

  /** Parks the thread after the ERP's 2xx once armed, as if the process died there. */
  static final class ArmedDeath implements FaultHooks {
    final AtomicBoolean armed = new AtomicBoolean();
    final CountDownLatch reached = new CountDownLatch(1);
    volatile Thread parked;

    @Override
    public void afterErpSuccess() {
      if (!armed.compareAndSet(true, false)) {
        return;
      }
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
  void aCreditMemoStoredByTheErpJustBeforeACrashIsFoundAfterTheRestartNotPostedAgain() throws Exception {
    long id = IDS.incrementAndGet();
    ArmedDeath dying = new ArmedDeath();
    ConfigurableApplicationContext first = IngestionTestStack.startIngestion(dying, Map.of());
    try {
      sender(first).send(WebhookEvent.of("orders/create", order(id, T0, null, null, line(1, "SKU-0161", 2, "12.00"))));
      await().atMost(Duration.ofSeconds(60)).until(() -> !IngestionTestStack.salesOrders(String.valueOf(id)).isEmpty());
      dying.armed.set(true);
      sender(first).send(WebhookEvent.of("refunds/create", """
          {"id": %d, "order_id": %d, "created_at": "%s",
           "refund_line_items": [{"id": 1, "line_item_id": 1, "quantity": 1, "restock_type": "return",
               "subtotal": "12.00", "total_tax": "0.00", "line_item": {"id": 1, "sku": "SKU-0161"}}],
           "transactions": [{"id": 2, "kind": "refund", "status": "success", "amount": "12.00", "currency": "USD"}]}"""
          .formatted(id + 1, id, T0.plusSeconds(60))));
      assertThat(dying.reached.await(60, TimeUnit.SECONDS)).as("the credit memo reached the ERP, then the crash").isTrue();
    } finally {
      crash(first, dying);
    }
    String reference = "shopify:" + id + ":refund:" + (id + 1);
    assertThat(memos(reference)).as("the ERP stored the memo before the crash").hasSize(1);

    ConfigurableApplicationContext restarted = IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of());
    try {
      IngestionTestStack.awaitQuiet(Duration.ofSeconds(120));
      assertThat(memos(reference)).hasSize(1);
      assertThat(stat("creditMemos", reference)).isEqualTo(1);
      String lineage = IngestionTestStack.get("http://127.0.0.1:" + IngestionTestStack.port(restarted)
          + "/api/lineage/shopify/" + id, IngestionTestStack.OPS_TOKEN).body();
      assertThat(lineage).contains("CREDIT_MEMO");
    } finally {
      restarted.close();
    }
  }

  @Test
  void anEditStoredByTheErpJustBeforeACrashLeavesOneSalesOrderAsTheMarketplaceHasIt() throws Exception {
    long id = IDS.incrementAndGet();
    ArmedDeath dying = new ArmedDeath();
    ConfigurableApplicationContext first = IngestionTestStack.startIngestion(dying, Map.of());
    try {
      sender(first).send(WebhookEvent.of("orders/create", order(id, T0, null, null, line(1, "SKU-0162", 1, "7.00"))));
      await().atMost(Duration.ofSeconds(60)).until(() -> !IngestionTestStack.salesOrders(String.valueOf(id)).isEmpty());
      dying.armed.set(true);
      sender(first).send(WebhookEvent.of("orders/updated", order(id, T0.plusSeconds(60), null, null,
          line(1, "SKU-0162", 5, "7.00"))));
      assertThat(dying.reached.await(60, TimeUnit.SECONDS)).as("the edit reached the ERP, then the crash").isTrue();
    } finally {
      crash(first, dying);
    }
    ConfigurableApplicationContext restarted = IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of());
    try {
      IngestionTestStack.awaitQuiet(Duration.ofSeconds(120));
      JsonNode salesOrders = IngestionTestStack.salesOrders(String.valueOf(id));
      assertThat(salesOrders).hasSize(1);
      assertThat(salesOrders.get(0).get("lines").get(0).get("quantity").asInt()).isEqualTo(5);
      assertThat(stat("salesOrders", "shopify:" + id)).isEqualTo(1);
    } finally {
      restarted.close();
    }
  }

  @Test
  void aCancellationCarriedOutByTheErpJustBeforeACrashLeavesTheSalesOrderCancelledAfterTheRestart() throws Exception {
    long id = IDS.incrementAndGet();
    ArmedDeath dying = new ArmedDeath();
    ConfigurableApplicationContext first = IngestionTestStack.startIngestion(dying, Map.of());
    try {
      sender(first).send(WebhookEvent.of("orders/create", order(id, T0, null, null, line(1, "SKU-0163", 1, "3.00"))));
      await().atMost(Duration.ofSeconds(60)).until(() -> !IngestionTestStack.salesOrders(String.valueOf(id)).isEmpty());
      dying.armed.set(true);
      sender(first).send(WebhookEvent.of("orders/cancelled", order(id, T0.plusSeconds(60), T0.plusSeconds(60), null,
          line(1, "SKU-0163", 1, "3.00"))));
      assertThat(dying.reached.await(60, TimeUnit.SECONDS)).as("the cancel reached the ERP, then the crash").isTrue();
    } finally {
      crash(first, dying);
    }
    assertThat(IngestionTestStack.salesOrders(String.valueOf(id)).get(0).get("status").asString())
        .as("the ERP cancelled before the crash").isEqualTo("CANCELLED");
    ConfigurableApplicationContext restarted = IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of());
    try {
      IngestionTestStack.awaitQuiet(Duration.ofSeconds(120));
      JsonNode salesOrders = IngestionTestStack.salesOrders(String.valueOf(id));
      assertThat(salesOrders).hasSize(1);
      assertThat(salesOrders.get(0).get("status").asString()).isEqualTo("CANCELLED");
      assertThat(IngestionTestStack.receivedStatus(String.valueOf(id))).isEqualTo("CANCELLED");
      assertThat(stat("salesOrders", "shopify:" + id)).isEqualTo(1);
    } finally {
      restarted.close();
    }
  }

  private static void crash(ConfigurableApplicationContext context, ArmedDeath dying) throws InterruptedException {
    Thread closer = new Thread(context::close);
    closer.start();
    if (dying.parked != null) {
      dying.parked.interrupt();
    }
    closer.join(60_000);
  }

  private static ShopifyWebhookSender sender(ConfigurableApplicationContext context) {
    return new ShopifyWebhookSender(URI.create("http://127.0.0.1:" + IngestionTestStack.port(context)
        + "/webhooks/shopify"), SHOP, SECRET);
  }

  private static JsonNode memos(String reference) {
    return IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/erp/credit-memos?reference=" + reference);
  }

  private static int stat(String kind, String reference) {
    JsonNode count = IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats").get(kind).get(reference);
    return count == null ? 0 : count.asInt();
  }
}
