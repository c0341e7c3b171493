package io.retailsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.ingestion.OrderIngestionApplication;
import io.retailsync.model.event.Topics;
import io.retailsync.sandbox.SandboxApplication;
import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sandbox.shopify.ShopifyOrderFactory;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookDelivery;
import io.retailsync.sandbox.shopify.WebhookEvent;
import io.retailsync.testsupport.PipelineQuiet;
import io.retailsync.testsupport.SyncInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka stopped for a minute under load and started again: every webhook still gets 200 (the outbox holds
 * what it takes), and once the broker is back every order becomes one sales order, posted once. The broker
 * is a real one of this test's own (KRaft, in this JVM) so it can be stopped and started on its ports and
 * its data; PostgreSQL is the test infrastructure's. {@code -Dsync.it.kafka-outage-seconds} sets the outage.
 */
class KafkaOutageIT {

  private static final String SHOP = "sandbox-shop.myshopify.com";
  private static final String SECRET = "outage-it-shopify-secret";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dataDir;

  @Test
  void webhooksKeepGetting200WhileKafkaIsDownAndEveryOrderIsPostedOnceWhenItIsBack() throws Exception {
    long outageSeconds = Long.getLong("sync.it.kafka-outage-seconds", 60);
    int port = freePort();
    int controllerPort = freePort();
    LocalKafka kafka = LocalKafka.start(dataDir, Duration.ofSeconds(60), port, controllerPort);
    String bootstrap = kafka.bootstrapServers();
    ConfigurableApplicationContext sandbox = SandboxApplication.builder().run(args(Map.of("server.port", "0")));
    String sandboxUrl = "http://127.0.0.1:" + port(sandbox);
    ConfigurableApplicationContext ingestion = null;
    try {
      ingestion = OrderIngestionApplication.builder().run(args(ingestionProperties(bootstrap, sandboxUrl)));
      ShopifyWebhookSender sender = new ShopifyWebhookSender(
          URI.create("http://127.0.0.1:" + port(ingestion) + "/webhooks/shopify"), SHOP, SECRET);
      ShopifyOrderFactory factory = new ShopifyOrderFactory(ShopifyOrderFactory.Settings.seeded(System.nanoTime())
          .withFirstOrderId(8_800_000_000_000L + (System.currentTimeMillis() % 1_000_000_000L) * 1000));
      List<ShopifyOrder> orders = new CopyOnWriteArrayList<>();
      List<WebhookDelivery> answers = new CopyOnWriteArrayList<>();
      AtomicBoolean loading = new AtomicBoolean(true);
      Thread load = new Thread(() -> {
        while (loading.get()) {
          ShopifyOrder order = factory.next();
          orders.add(order);
          WebhookEvent event = WebhookEvent.ordersCreate(order);
          answers.add(sender.send(event));
          answers.add(sender.send(event));
          sleep(200);
        }
      }, "outage-load");
      load.start();

      sleep(10_000);
      kafka.close();
      int sentBeforeOutage = orders.size();
      sleep(outageSeconds * 1000);
      int sentDuringOutage = orders.size() - sentBeforeOutage;
      kafka = LocalKafka.start(dataDir, Duration.ofSeconds(60), port, controllerPort);
      sleep(10_000);
      loading.set(false);
      load.join(30_000);

      assertThat(sentDuringOutage).as("orders taken in while Kafka was down").isGreaterThan(50);
      assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.error()).isEqualTo(200));
      await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2))
          .until(() -> orders.stream().allMatch(order -> posts(port(sandbox), order) > 0));
      PipelineQuiet.await(Duration.ofSeconds(120), bootstrap, "ingestion",
          PipelineQuiet.Group.of("order-ingestion-erp-posting", Topics.ORDERS));
      Map<String, Long> posts = SandboxErpStats.salesOrderPosts(http, port(sandbox));
      for (ShopifyOrder order : orders) {
        assertThat(posts.get("shopify:" + order.orderId())).as("posts for %s", order.orderId()).isEqualTo(1L);
        assertThat(salesOrders(sandboxUrl, order)).as("sales orders for %s", order.orderId()).hasSize(1);
      }
    } finally {
      if (ingestion != null) {
        ingestion.close();
      }
      sandbox.close();
      kafka.close();
    }
  }

  private static Map<String, String> ingestionProperties(String bootstrap, String sandboxUrl) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("server.port", "0");
    properties.put("spring.kafka.bootstrap-servers", bootstrap);
    properties.put("sync.erp.base-url", sandboxUrl + "/erp");
    properties.put("sync.erp.rate-limit-per-second", "200");
    properties.put("sync.shopify.shops[0].domain", SHOP);
    properties.put("sync.shopify.shops[0].webhook-secret", SECRET);
    properties.put("sync.security.tokens[0].token", "outage-it-ops-token");
    properties.put("sync.security.tokens[0].role", "OPS");
    properties.put("sync.consumer.transient-max-backoff", "2s");
    properties.put("sync.outbox.max-error-backoff", "5s");
    return properties;
  }

  private static String[] args(Map<String, String> extra) {
    Map<String, String> properties = new LinkedHashMap<>(SyncInfrastructure.springProperties());
    properties.remove("spring.kafka.bootstrap-servers");
    properties.putAll(extra);
    return properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
        .toArray(String[]::new);
  }

  private JsonNode salesOrders(String sandboxUrl, ShopifyOrder order) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sandboxUrl
        + "/erp/sales-orders?channel=shopify&orderId=" + order.orderId())).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private long posts(int sandboxPort, ShopifyOrder order) {
    Map<String, Long> posts = SandboxErpStats.salesOrderPosts(http, sandboxPort);
    return posts == null ? 0 : posts.getOrDefault("shopify:" + order.orderId(), 0L);
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
