package io.retailsync.ingestion;

import io.retailsync.erp.ErpPort;
import io.retailsync.sandbox.SandboxApplication;
import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.model.event.Topics;
import io.retailsync.testsupport.PipelineQuiet;
import io.retailsync.testsupport.SyncInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real pieces for the ingestion service's system tests: the sandbox (ERP and Shopify stand-ins) and
 * the order-ingestion service, each its own Spring context on a random port, on real PostgreSQL and
 * Kafka. The ingestion service can be stopped and started again, as after a crash.
 */
final class IngestionTestStack {

  static final String SHOP = "sandbox-shop.myshopify.com";
  static final String SECRET = "it-shopify-secret";
  static final String OPS_TOKEN = "it-ops-token";
  static final String INGEST_TOKEN = "it-ingest-token";

  private static ConfigurableApplicationContext sandbox;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private IngestionTestStack() {}

  static synchronized String sandboxUrl() {
    if (sandbox == null) {
      List<String> args = new ArrayList<>();
      SyncInfrastructure.springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
      args.add("--server.port=0");
      // the marketplace stand-ins take test credentials: the published local ones are refused outside 'local'
      args.add("--sandbox.amazon.client-secret=it-amazon-secret");
      args.add("--sandbox.amazon.refresh-token=it-amazon-refresh-token");
      args.add("--sandbox.walmart.client-secret=it-walmart-secret");
      args.add("--sandbox.ebay.client-secret=it-ebay-secret");
      args.add("--sandbox.ebay.refresh-token=it-ebay-refresh-token");
      sandbox = SandboxApplication.builder().run(args.toArray(String[]::new));
      Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
    }
    return "http://127.0.0.1:" + port(sandbox);
  }

  static ConfigurableApplicationContext startIngestion(FaultHooks faults, Map<String, String> extra) {
    return startIngestion(faults, extra, UnaryOperator.identity());
  }

  /** Starts the service with its {@link ErpPort} wrapped, e.g. to make the ERP refuse one order's lookup. */
  static ConfigurableApplicationContext startIngestion(FaultHooks faults, Map<String, String> extra,
      UnaryOperator<ErpPort> erpWrapper) {
    return startIngestion(faults, extra, erpWrapper, Map.of());
  }

  /** Starts the service with extra singletons, e.g. an order feed a test controls. */
  static ConfigurableApplicationContext startIngestion(FaultHooks faults, Map<String, String> extra,
      UnaryOperator<ErpPort> erpWrapper, Map<String, Object> beans) {
    Map<String, String> properties = new LinkedHashMap<>(SyncInfrastructure.springProperties());
    properties.put("server.port", "0");
    properties.put("sync.erp.base-url", sandboxUrl() + "/erp");
    properties.put("sync.erp.initial-backoff", "50ms");
    properties.put("sync.erp.max-backoff", "500ms");
    properties.put("sync.erp.rate-limit-per-second", "200");
    // short ERP timeouts, so claim leases can be short and a crashed instance's claims are taken over soon
    properties.put("sync.erp.connect-timeout", "1s");
    properties.put("sync.erp.read-timeout", "5s");
    properties.put("sync.erp.rate-limit-timeout", "2s");
    properties.put("sync.erp.max-retry-after", "2s");
    properties.put("sync.erp.max-attempts", "3");
    properties.put("sync.ingestion.batch-budget", "5s");
    properties.put("sync.ingestion.claim-lease", "35s");
    properties.put("sync.ingestion.in-flight-grace", "5s");
    properties.put("sync.ingestion.stuck-after", "35s");
    properties.put("sync.ingestion.sweep-interval", "2s");
    properties.put("sync.shopify.shops[0].domain", SHOP);
    properties.put("sync.shopify.shops[0].webhook-secret", SECRET);
    properties.put("sync.security.tokens[0].token", OPS_TOKEN);
    properties.put("sync.security.tokens[0].role", "OPS");
    properties.put("sync.security.tokens[1].token", INGEST_TOKEN);
    properties.put("sync.security.tokens[1].role", "INGEST");
    properties.put("sync.ingestion.generic-channels", "regional");
    properties.put("sync.consumer.transient-initial-backoff", "200ms");
    properties.put("sync.consumer.transient-max-backoff", "2s");
    properties.putAll(extra);
    BeanPostProcessor wrapErp = new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof ErpPort port ? erpWrapper.apply(port) : bean;
      }
    };
    return OrderIngestionApplication.builder()
        .initializers(context -> {
          context.getBeanFactory().registerSingleton("faultHooks", faults);
          beans.forEach((name, bean) -> context.getBeanFactory().registerSingleton(name, bean));
          context.getBeanFactory().addBeanPostProcessor(wrapErp);
        })
        .run(properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
            .toArray(String[]::new));
  }

  /** The posting consumer group and what it reads, for {@link PipelineQuiet}. */
  static final PipelineQuiet.Group POSTING = PipelineQuiet.Group.of("order-ingestion-erp-posting", Topics.ORDERS);

  /** Waits until the ingestion pipeline has nothing in flight: outbox published, no open claim, no lag. */
  static void awaitQuiet(Duration timeout) {
    PipelineQuiet.await(timeout, "ingestion", POSTING, CREDIT_MEMOS);
  }

  /** The credit-memo consumer group and what it reads. */
  static final PipelineQuiet.Group CREDIT_MEMOS = PipelineQuiet.Group.of("order-ingestion-credit-memos", Topics.RETURNS);

  /** The sales orders the sandbox ERP holds for a Shopify order (it does not deduplicate: more than one is a bug). */
  static tools.jackson.databind.JsonNode salesOrders(String orderId) {
    return json(sandboxUrl() + "/erp/sales-orders?channel=shopify&orderId=" + orderId);
  }

  static tools.jackson.databind.JsonNode salesOrders(ShopifyOrder order) {
    return salesOrders(order.orderId());
  }

  /** How many posts of a Shopify order's reference reached the sandbox ERP. */
  static int posts(String orderId) {
    tools.jackson.databind.JsonNode count = json(sandboxUrl() + "/sandbox/erp/stats").get("salesOrders")
        .get("shopify:" + orderId);
    return count == null ? 0 : count.asInt();
  }

  static int posts(ShopifyOrder order) {
    return posts(order.orderId());
  }

  /** The ingestion service's own status of a received Shopify order, or null. */
  static String receivedStatus(ShopifyOrder order) {
    return receivedStatus(order.orderId());
  }

  static String receivedStatus(String orderId) {
    SyncInfrastructure.Database db = SyncInfrastructure.database();
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        java.sql.PreparedStatement select = connection.prepareStatement(
            "SELECT status FROM ingestion.received_orders WHERE channel = 'shopify' AND order_id = ?")) {
      select.setString(1, orderId);
      try (java.sql.ResultSet result = select.executeQuery()) {
        return result.next() ? result.getString(1) : null;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  static HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GETs a JSON document without a token; fails the test on any transport error. */
  static tools.jackson.databind.JsonNode json(String url) {
    try {
      return io.retailsync.model.json.CanonicalJson.tree(get(url, null).body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException("GET " + url + " failed", e);
    }
  }

  static HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
