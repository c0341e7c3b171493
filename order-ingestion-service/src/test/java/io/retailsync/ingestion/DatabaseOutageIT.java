package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.SECRET;
import static io.retailsync.ingestion.IngestionTestStack.SHOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sandbox.shopify.ShopifyOrderFactory;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookDelivery;
import io.retailsync.sandbox.shopify.WebhookEvent;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncInfrastructure;
import io.retailsync.testsupport.SyncIntegrationTest;
import io.retailsync.testsupport.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL away: a webhook that cannot be stored gets 503 (so Shopify retries) within its time budget,
 * never a 500 and never a 200 for something not stored; when the database returns, the retried delivery
 * is accepted and posted once.
 */
@SyncIntegrationTest
class DatabaseOutageIT {

  @Test
  void aWebhookThatCannotBeStoredGets503AndItsRetrySucceedsOnce() throws Exception {
    String url = SyncInfrastructure.database().jdbcUrl();
    Matcher hostPort = Pattern.compile("//([^:/]+):(\\d+)/").matcher(url);
    assertThat(hostPort.find()).isTrue();
    try (TcpProxy proxy = TcpProxy.to(hostPort.group(1), Integer.parseInt(hostPort.group(2)))) {
      String proxied = hostPort.replaceFirst("//127.0.0.1:" + proxy.port() + "/");
      ConfigurableApplicationContext ingestion = IngestionTestStack.startIngestion(FaultHooks.NONE,
          Map.of("spring.datasource.url", proxied));
      try {
        ShopifyWebhookSender sender = new ShopifyWebhookSender(
            URI.create("http://127.0.0.1:" + IngestionTestStack.port(ingestion) + "/webhooks/shopify"), SHOP, SECRET);
        ShopifyOrder order = new ShopifyOrderFactory(ShopifyOrderFactory.Settings.seeded(System.nanoTime())
            .withFirstOrderId(8_000_000_000_000L + (System.currentTimeMillis() % 1_000_000_000L) * 1000)).next();
        WebhookEvent event = WebhookEvent.ordersCreate(order);

        proxy.cut();
        WebhookDelivery refused = sender.send(event);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.latency()).isLessThan(Duration.ofSeconds(5));

        proxy.restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> sender.send(event).status() == 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> IngestionTestStack.json(IngestionTestStack.sandboxUrl()
            + "/erp/sales-orders?channel=shopify&orderId=" + order.orderId()).size() == 1);
        assertThat(IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats")
            .get("salesOrders").get("shopify:" + order.orderId()).asInt()).isEqualTo(1);
        String metrics = IngestionTestStack.get("http://127.0.0.1:" + IngestionTestStack.port(ingestion)
            + "/actuator/prometheus", null).body();
        assertThat(metrics).contains("sync_orders_ingested_total{channel=\"shopify\",outcome=\"failed\"}");
      } finally {
        ingestion.close();
      }
    }
  }
}
