package io.retailsync.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.connectors.polling.OrderFeed;
import io.retailsync.ingestion.polling.OrderFeedPoller;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The Amazon, Walmart and eBay connectors polled by the ingestion service against the sandbox's
 * stand-ins, over real HTTP with their real auth handshakes, pagination and rate-limit answers, into an
 * ERP that does not deduplicate: several pages, a 429 in the middle, tokens expiring during the run, and
 * the service restarted between two pages of a run. Every order is posted once; pending ones wait,
 * cancelled ones are never posted or cancel the posted one; Walmart purchase orders are acknowledged once,
 * after the ERP accepted them.
 */
@SyncIntegrationTest
class MarketplacePollingIT {

  private static String sandbox() {
    return IngestionTestStack.sandboxUrl();
  }

  private static ConfigurableApplicationContext start() {
    String sandbox = sandbox();
    Map<String, String> properties = new HashMap<>();
    properties.put("sync.ingestion.polling.enabled", "false");
    properties.put("sync.ingestion.polling.max-pages-per-run", "2");
    properties.put("sync.amazon.base-url", sandbox + "/amazon");
    properties.put("sync.amazon.lwa-token-url", sandbox + "/amazon/auth/o2/token");
    properties.put("sync.amazon.marketplace-ids", "ATVPDKIKX0DER");
    properties.put("sync.amazon.client-id", "amzn1.application-oa2-client.sandbox");
    properties.put("sync.amazon.client-secret", "it-amazon-secret");
    properties.put("sync.amazon.refresh-token", "it-amazon-refresh-token");
    properties.put("sync.amazon.page-size", "2");
    properties.put("sync.amazon.max-throttle-wait", "10s");
    properties.put("sync.amazon.rate-limits.get-orders.rate", "2");
    properties.put("sync.amazon.rate-limits.get-orders.burst", "20");
    properties.put("sync.amazon.rate-limits.get-order-items.rate", "10");
    properties.put("sync.amazon.rate-limits.get-order-items.burst", "30");
    properties.put("sync.walmart.base-url", sandbox + "/walmart");
    properties.put("sync.walmart.client-id", "sandbox-walmart-client");
    properties.put("sync.walmart.client-secret", "it-walmart-secret");
    properties.put("sync.walmart.page-size", "2");
    properties.put("sync.walmart.max-throttle-wait", "10s");
    properties.put("sync.ebay.base-url", sandbox + "/ebay");
    properties.put("sync.ebay.token-url", sandbox + "/ebay/identity/v1/oauth2/token");
    properties.put("sync.ebay.client-id", "sandbox-ebay-client-id");
    properties.put("sync.ebay.client-secret", "it-ebay-secret");
    properties.put("sync.ebay.refresh-token", "it-ebay-refresh-token");
    properties.put("sync.ebay.page-size", "2");
    properties.put("sync.ebay.max-throttle-wait", "10s");
    return IngestionTestStack.startIngestion(FaultHooks.NONE, properties, UnaryOperator.identity(), Map.of());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"amazon", "walmart", "ebay"})
  void severalPagesA429ExpiringTokensAndARestartPostEveryOrderOnce(String channel) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(create(channel, "SKU-04" + (10 + i), 1 + i % 3));
    }
    faults(channel, "{\"throttleNext\": 1, \"tokenLifetimeSeconds\": 2}");
    int tokensBefore = tokenGrants(channel);

    ConfigurableApplicationContext ingestion = start();
    OrderFeedPoller.RunOutcome first = poll(ingestion, channel);
    assertThat(first.error()).isNull();
    assertThat(first.pages()).isEqualTo(2);
    assertThat(first.reachedEnd()).isFalse();
    ingestion.close();
    Thread.sleep(2500);

    // a new instance goes on with the run from its stored cursor; tokens issued before have expired; its
    // first call fails (500), which stops that round: the next round asks for the same page again
    ingestion = start();
    faults(channel, "{\"failNext\": 1}");
    int failedRounds = 0;
    boolean done = false;
    for (int round = 0; round < 12 && !done; round++) {
      OrderFeedPoller.RunOutcome outcome = poll(ingestion, channel);
      failedRounds += outcome.error() == null ? 0 : 1;
      done = outcome.reachedEnd();
    }
    assertThat(done).isTrue();
    assertThat(failedRounds).as("rounds stopped by the 500").isEqualTo(1);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(90));
    for (String id : ids) {
      assertThat(posts(channel, id)).as("posts of %s order %s", channel, id).isEqualTo(1);
      assertThat(salesOrders(channel, id)).hasSize(1);
    }
    if (!channel.equals("walmart")) {
      assertThat(tokenGrants(channel)).as("tokens fetched again during the run").isGreaterThan(tokensBefore + 1);
    }
    String metrics = IngestionTestStack.get("http://127.0.0.1:" + IngestionTestStack.port(ingestion)
        + "/actuator/prometheus", null).body();
    assertThat(metrics).contains("sync_external_call_seconds_bucket").contains("system=\"" + channel + "\"")
        .contains("sync_poll_lag_seconds{account=\"" + channel + "\"");
    faults(channel, null);
    ingestion.close();
  }

  @Test
  void amazonPendingOrdersWaitAndACancellationCancelsThePostedOrder() throws Exception {
    String pending = create("amazon", "{\"lines\": [{\"sku\": \"SKU-0431\"}], \"status\": \"Pending\"}");
    String posted = create("amazon", "SKU-0432", 2);
    String fba = create("amazon", "{\"lines\": [{\"sku\": \"SKU-0433\"}], \"fulfillmentChannel\": \"AFN\"}");
    ConfigurableApplicationContext ingestion = start();
    pollToTheEnd(ingestion, "amazon");
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    assertThat(posts("amazon", pending)).isZero();
    assertThat(posts("amazon", posted)).isEqualTo(1);
    JsonNode afn = salesOrders("amazon", fba);
    assertThat(afn).hasSize(1);
    assertThat(afn.get(0).get("fulfilledByMarketplace").asBoolean()).isTrue();
    assertThat(afn.get(0).get("marketplaceCollectsTax").asBoolean()).isTrue();

    control("POST", "/sandbox/amazon/orders/" + pending + "/status", "{\"status\": \"Unshipped\"}");
    control("POST", "/sandbox/amazon/orders/" + posted + "/cancel", "{}");
    pollToTheEnd(ingestion, "amazon");
    pollToTheEnd(ingestion, "amazon");
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    assertThat(posts("amazon", pending)).isEqualTo(1);
    assertThat(salesOrders("amazon", posted).get(0).get("status").asString()).isEqualTo("CANCELLED");
    assertThat(stat("cancellations", "amazon", posted)).isEqualTo(1);
    ingestion.close();
  }

  @Test
  void walmartAcknowledgesEachPurchaseOrderOnceAfterTheErpAcceptedItAndLeavesCancelledLinesOut() throws Exception {
    String twoLines = create("walmart", "{\"lines\": [{\"sku\": \"SKU-0441\"}, {\"sku\": \"SKU-0442\"}]}");
    String cancelled = create("walmart", "SKU-0443", 1);
    control("POST", "/sandbox/walmart/orders/" + twoLines + "/lines/2/cancel", "{}");
    control("POST", "/sandbox/walmart/orders/" + cancelled + "/cancel", "{}");
    ConfigurableApplicationContext ingestion = start();
    pollToTheEnd(ingestion, "walmart");
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    pollToTheEnd(ingestion, "walmart");
    pollToTheEnd(ingestion, "walmart");
    JsonNode posted = salesOrders("walmart", twoLines);
    assertThat(posted).hasSize(1);
    assertThat(posted.get(0).get("lines")).hasSize(1);
    assertThat(posts("walmart", cancelled)).isZero();
    JsonNode acks = IngestionTestStack.json(sandbox() + "/sandbox/walmart/acknowledgements?purchaseOrderId=" + twoLines);
    assertThat(acks.get("perOrder").get(twoLines).asInt()).isEqualTo(1);
    JsonNode none = IngestionTestStack.json(sandbox() + "/sandbox/walmart/acknowledgements?purchaseOrderId=" + cancelled);
    assertThat(none.path("perOrder").path(cancelled).asInt(0)).isZero();
    ingestion.close();
  }

  @Test
  void ebayCancelledOrdersAreNeverPostedAndPendingPaymentsWait() throws Exception {
    String cancelled = create("ebay", "SKU-0451", 1);
    control("POST", "/sandbox/ebay/orders/" + cancelled + "/cancel", "{}");
    String pending = create("ebay", "{\"lines\": [{\"sku\": \"SKU-0452\"}], \"paymentStatus\": \"PENDING\"}");
    String collected = create("ebay", "{\"lines\": [{\"sku\": \"SKU-0453\", \"quantity\": 2}], \"ebayCollectAndRemit\": true}");
    ConfigurableApplicationContext ingestion = start();
    pollToTheEnd(ingestion, "ebay");
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    assertThat(posts("ebay", cancelled)).isZero();
    assertThat(posts("ebay", pending)).isZero();
    assertThat(salesOrders("ebay", collected).get(0).get("marketplaceCollectsTax").asBoolean()).isTrue();
    control("POST", "/sandbox/ebay/orders/" + pending + "/fulfillment-status", "{\"paymentStatus\": \"PAID\"}");
    pollToTheEnd(ingestion, "ebay");
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    assertThat(posts("ebay", pending)).isEqualTo(1);
    ingestion.close();
  }

  @Test
  void walmartAndEbayRefundsSeenOnAPollBecomeOneCreditMemoEachHoweverOftenTheyAreReRead() throws Exception {
    String walmart = create("walmart", "{\"lines\": [{\"sku\": \"SKU-0461\"}, {\"sku\": \"SKU-0462\"}]}");
    String ebay = create("ebay", "SKU-0463", 2);
    ConfigurableApplicationContext ingestion = start();
    pollToTheEnd(ingestion, "walmart");
    pollToTheEnd(ingestion, "ebay");
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    assertThat(posts("walmart", walmart)).isEqualTo(1);
    assertThat(posts("ebay", ebay)).isEqualTo(1);

    control("POST", "/sandbox/walmart/orders/" + walmart + "/status", "{\"lineNumber\": \"1\", \"status\": \"Shipped\"}");
    control("POST", "/sandbox/walmart/orders/" + walmart + "/lines/1/refund", "{}");
    control("POST", "/sandbox/ebay/orders/" + ebay + "/refund", "{\"amount\": \"5.00\"}");
    pollToTheEnd(ingestion, "walmart");
    pollToTheEnd(ingestion, "ebay");
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    // a restart forgets what this instance saw: the refunds are read again and must be taken for what they are
    ingestion.close();
    ingestion = start();
    for (int round = 0; round < 2; round++) {
      pollToTheEnd(ingestion, "walmart");
      pollToTheEnd(ingestion, "ebay");
      IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    }

    JsonNode walmartMemos = IngestionTestStack.json(sandbox() + "/erp/credit-memos?salesOrderReference=walmart:" + walmart);
    assertThat(walmartMemos).hasSize(1);
    assertThat(walmartMemos.get(0).get("lines")).hasSize(1);
    assertThat(walmartMemos.get(0).get("lines").get(0).get("sku").asString()).isEqualTo("SKU-0461");
    JsonNode ebayMemos = IngestionTestStack.json(sandbox() + "/erp/credit-memos?salesOrderReference=ebay:" + ebay);
    assertThat(ebayMemos).hasSize(1);
    assertThat(new java.math.BigDecimal(ebayMemos.get(0).get("total").asString())).isEqualByComparingTo("5.00");
    JsonNode stats = IngestionTestStack.json(sandbox() + "/sandbox/erp/stats").get("creditMemos");
    assertThat(stats.get(walmartMemos.get(0).get("externalReference").asString()).asInt()).isEqualTo(1);
    assertThat(stats.get(ebayMemos.get(0).get("externalReference").asString()).asInt()).isEqualTo(1);
    for (String order : List.of("walmart:" + walmart, "ebay:" + ebay)) {
      String[] ref = order.split(":");
      JsonNode entries = CanonicalJson.tree(IngestionTestStack.get("http://127.0.0.1:" + IngestionTestStack.port(ingestion)
          + "/api/exceptions?channel=" + ref[0] + "&orderId=" + ref[1], IngestionTestStack.OPS_TOKEN).body()
          .getBytes(StandardCharsets.UTF_8));
      assertThat(entries.get("total").asInt()).as("exception entries of %s: %s", order, entries).isZero();
    }
    ingestion.close();
  }

  private static OrderFeedPoller.RunOutcome poll(ConfigurableApplicationContext ingestion, String channel) {
    OrderFeedPoller poller = ingestion.getBean(OrderFeedPoller.class);
    OrderFeed feed = poller.feeds().stream().filter(candidate -> candidate.channel().equals(channel)).findFirst()
        .orElseThrow();
    return poller.pollOnce(feed);
  }

  private static void pollToTheEnd(ConfigurableApplicationContext ingestion, String channel) {
    for (int round = 0; round < 20; round++) {
      OrderFeedPoller.RunOutcome outcome = poll(ingestion, channel);
      assertThat(outcome.error()).as("poll of %s", channel).isNull();
      if (outcome.reachedEnd()) {
        return;
      }
    }
    throw new AssertionError("the poll of " + channel + " did not reach its last page");
  }

  private static String create(String channel, String sku, int quantity) throws Exception {
    return create(channel, "{\"lines\": [{\"sku\": \"" + sku + "\", \"quantity\": " + quantity + "}]}");
  }

  /** Creates an order at the stand-in and answers its marketplace id. */
  private static String create(String channel, String spec) throws Exception {
    JsonNode created = control("POST", "/sandbox/" + channel + "/orders", spec);
    return switch (channel) {
      case "amazon" -> created.get("orders").get(0).get("AmazonOrderId").asString();
      case "walmart" -> created.get("purchaseOrderId").asString();
      default -> created.get("orderId").asString();
    };
  }

  private static JsonNode control(String method, String path, String body) throws Exception {
    HttpResponse<String> answer = IngestionTestStack.send(method, sandbox() + path, null, body);
    assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isBetween(200, 299);
    return answer.body().isBlank() ? null : CanonicalJson.tree(answer.body().getBytes(StandardCharsets.UTF_8));
  }

  private static void faults(String channel, String body) throws Exception {
    if (body == null) {
      IngestionTestStack.send("DELETE", sandbox() + "/sandbox/" + channel + "/faults", null, null);
    } else {
      control("PUT", "/sandbox/" + channel + "/faults", body);
    }
  }

  private static int tokenGrants(String channel) {
    if (channel.equals("amazon")) {
      return IngestionTestStack.json(sandbox() + "/sandbox/amazon/calls").path("counts").path("lwaToken").asInt(0);
    }
    if (channel.equals("ebay")) {
      int grants = 0;
      for (JsonNode call : IngestionTestStack.json(sandbox() + "/sandbox/ebay/calls")) {
        grants += call.path("path").asString("").contains("oauth2/token") ? 1 : 0;
      }
      return grants;
    }
    return 0;
  }

  private static JsonNode salesOrders(String channel, String orderId) {
    return IngestionTestStack.json(sandbox() + "/erp/sales-orders?channel=" + channel + "&orderId=" + orderId);
  }

  private static int posts(String channel, String orderId) {
    return stat("salesOrders", channel, orderId);
  }

  private static int stat(String kind, String channel, String orderId) {
    JsonNode count = IngestionTestStack.json(sandbox() + "/sandbox/erp/stats").get(kind).get(channel + ":" + orderId);
    return count == null ? 0 : count.asInt();
  }
}
