package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.INGEST_TOKEN;
import static io.retailsync.ingestion.IngestionTestStack.OPS_TOKEN;
import static io.retailsync.ingestion.IngestionTestStack.SECRET;
import static io.retailsync.ingestion.IngestionTestStack.SHOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.connectors.shopify.ShopifyWebhookVerifier;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Bad input at both doors of the ingestion service: never a 5xx, never a silent drop. */
@SyncIntegrationTest
class WebhookAndApiBadInputIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ConfigurableApplicationContext ingestion;
  private static String base;

  @BeforeAll
  static void start() {
    ingestion = IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of());
    base = "http://127.0.0.1:" + IngestionTestStack.port(ingestion);
  }

  @AfterAll
  static void stop() {
    ingestion.close();
  }

  @Test
  void bodiesThatCannotBeBoundOrStoredAsTextAreFiledByOrderIdWithTheirExactBytes() throws Exception {
    long orderId = 7_300_000_000_000L + System.nanoTime() % 1_000_000_000L;
    byte[] nonNumericPrice = ("{\"id\": " + orderId + ", \"currency\": \"USD\", \"created_at\": "
        + "\"2026-11-27T10:00:00-05:00\", \"line_items\": [{\"id\": 1, \"sku\": \"SKU-0001\", \"quantity\": 1, "
        + "\"price\": \"abc\"}]}").getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    binary.writeBytes(("{\"id\": " + (orderId + 1) + ", \"note\": \"").getBytes(StandardCharsets.UTF_8));
    binary.write(0);
    binary.write(0xC3);
    binary.write(0x28);
    binary.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    byte[] nulAndInvalidUtf8 = binary.toByteArray();
    byte[] escapedNul = ("{\"id\": " + (orderId + 2) + ", \"currency\": \"USD\", \"created_at\": "
        + "\"2026-11-27T10:00:00-05:00\", \"line_items\": [{\"id\": 1, \"sku\": \"SKU\\u00000001\", "
        + "\"quantity\": 1, \"price\": \"1.00\"}]}").getBytes(StandardCharsets.UTF_8);
    for (byte[] body : java.util.List.of(nonNumericPrice, nulAndInvalidUtf8, escapedNul)) {
      assertThat(webhook(body, ShopifyWebhookVerifier.sign(body, SECRET), SHOP, "orders/create", id()).statusCode())
          .isEqualTo(200);
    }
    assertThat(exceptions("type=INVALID_PAYLOAD&orderId=" + orderId).get("items").get(0).get("reason").asString())
        .contains("price");
    JsonNode binaryEntry = exceptions("type=INVALID_PAYLOAD&orderId=" + (orderId + 1)).get("items").get(0);
    JsonNode detail = json(IngestionTestStack.get(base + "/api/exceptions/" + binaryEntry.get("id").asString(), OPS_TOKEN));
    assertThat(detail.get("payloadEncoding").asString()).isEqualTo("base64");
    assertThat(java.util.Base64.getDecoder().decode(detail.get("payload").asString())).isEqualTo(nulAndInvalidUtf8);
    assertThat(exceptions("type=INVALID_PAYLOAD&orderId=" + (orderId + 2)).get("items").get(0).get("reason").asString())
        .contains("NUL");
  }

  @Test
  void everyMetricOfTheBriefIsExportedFromStartUpWithItsKnownTagValuesAtZero() throws Exception {
    String metrics = IngestionTestStack.get(base + "/actuator/prometheus", null).body();
    assertThat(metrics)
        .contains("sync_orders_ingested_total{channel=\"walmart\",outcome=\"accepted\"} 0.0")
        .contains("sync_orders_ingested_total{channel=\"regional\",outcome=\"failed\"} 0.0")
        .contains("sync_duplicates_suppressed_total{channel=\"ebay\",kind=\"order\"} 0.0")
        .contains("sync_external_call_seconds_bucket{operation=\"post_credit_memos\",outcome=\"failed\",system=\"erp\"")
        .contains("sync_retries_total{topic=\"retail.settlements.v1\"}")
        .contains("sync_dlt_total{topic=\"retail.shipments.v1\"}")
        .contains("sync_exceptions_open{service=\"ingestion\",type=\"PUBLISH_REFUSED\"}")
        .contains("sync_outbox_pending").contains("sync_outbox_parked").contains("sync_orders_unposted")
        .contains("sync_orders_redriven_total").contains("sync_posting_claims_total{outcome=\"held_elsewhere\"}")
        .contains("sync_retention_purged_total{table=\"idempotency_keys:shopify-delivery\"}");
  }

  @Test
  void aCallerDeclaringOrStreamingAHugeBodyGets413WithoutTheServiceReadingItAndTheConnectionCloses() throws Exception {
    String declared = "POST /webhooks/shopify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "X-Shopify-Shop-Domain: nobody.myshopify.com\r\nContent-Length: 10737418240\r\n\r\n";
    String chunked = "POST /webhooks/shopify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "X-Shopify-Shop-Domain: nobody.myshopify.com\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (String head : java.util.List.of(declared, chunked)) {
      boolean isChunked = head.contains("chunked");
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", IngestionTestStack.port(ingestion))) {
        socket.setSoTimeout(20_000);
        java.io.OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        Thread writer = new Thread(() -> {
          byte[] block = new byte[64 * 1024];
          Arrays.fill(block, (byte) ' ');
          byte[] chunkHead = (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
          try {
            while (written.get() < 256L * 1024 * 1024) {
              if (isChunked) {
                out.write(chunkHead);
              }
              out.write(block);
              if (isChunked) {
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
              }
              written.addAndGet(block.length);
            }
          } catch (java.io.IOException closedByTheServer) {
            // expected: the service answered and closed the connection
          }
        });
        writer.start();
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
            StandardCharsets.US_ASCII));
        assertThat(in.readLine()).as(head).startsWith("HTTP/1.1 413");
        String line;
        boolean closeAnnounced = false;
        while ((line = in.readLine()) != null) {
          closeAnnounced |= line.equalsIgnoreCase("Connection: close");
        }
        writer.join(20_000);
        assertThat(closeAnnounced).isTrue();
        assertThat(writer.isAlive()).as("the connection was closed").isFalse();
        // the service read at most the limit and the allowance; the rest sat in socket buffers
        assertThat(written.get()).isLessThan(48L * 1024 * 1024);
      }
    }
  }

  @Test
  void oversizedBodiesGet413ReadToTheEndWithOrWithoutContentLength() throws Exception {
    byte[] huge = new byte[5 * 1024 * 1024 + 1];
    Arrays.fill(huge, (byte) ' ');
    HttpResponse<String> declared = webhook(huge, ShopifyWebhookVerifier.sign(huge, SECRET), SHOP, "orders/create", id());
    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(declared.headers().firstValue("content-type")).get().asString().contains("application/problem+json");
    HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/shopify"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
        .header("X-Shopify-Shop-Domain", SHOP).header("X-Shopify-Topic", "orders/create")
        .header("X-Shopify-Hmac-Sha256", ShopifyWebhookVerifier.sign(huge, SECRET)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
  }

  @Test
  void unknownShopForgedOrMissingSignaturesGet401() throws Exception {
    byte[] body = "{\"id\": 1}".getBytes(StandardCharsets.UTF_8);
    assertThat(webhook(body, ShopifyWebhookVerifier.sign(body, SECRET), "other.myshopify.com", "orders/create", id())
        .statusCode()).isEqualTo(401);
    assertThat(webhook(body, ShopifyWebhookVerifier.sign(body, "forged"), SHOP, "orders/create", id()).statusCode())
        .isEqualTo(401);
    assertThat(webhook(body, null, SHOP, "orders/create", id()).statusCode()).isEqualTo(401);
    assertThat(webhook(body, ShopifyWebhookVerifier.sign(body, SECRET), null, "orders/create", id()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void signedGarbageIsAcceptedAndFiledWithItsRawBodyOnceAndNothingIsPosted() throws Exception {
    String eventId = id();
    byte[] garbage = ("this is not json " + eventId).getBytes(StandardCharsets.UTF_8);
    String signature = ShopifyWebhookVerifier.sign(garbage, SECRET);
    assertThat(webhook(garbage, signature, SHOP, "orders/create", eventId).statusCode()).isEqualTo(200);
    assertThat(webhook(garbage, signature, SHOP, "orders/create", eventId).statusCode()).isEqualTo(200);
    JsonNode filed = exceptions("type=INVALID_PAYLOAD&status=OPEN&limit=1000");
    long matching = 0;
    String entryId = null;
    for (JsonNode item : filed.get("items")) {
      JsonNode detail = json(IngestionTestStack.get(base + "/api/exceptions/" + item.get("id").asString(), OPS_TOKEN));
      if (detail.get("payload") != null && detail.get("payload").asString().contains(eventId)) {
        matching++;
        entryId = item.get("id").asString();
        assertThat(detail.get("payload").asString()).isEqualTo(new String(garbage, StandardCharsets.UTF_8));
        assertThat(detail.get("audit").get(0).get("action").asString()).isEqualTo("CREATED");
      }
    }
    assertThat(matching).isEqualTo(1);
    HttpResponse<String> replay = IngestionTestStack.send("POST", base + "/api/exceptions/" + entryId + "/replay", OPS_TOKEN, null);
    assertThat(replay.statusCode()).isEqualTo(422);
    assertThat(IngestionTestStack.send("POST", base + "/api/exceptions/" + entryId + "/discard", OPS_TOKEN,
        "{\"note\": \"garbage from a test\"}").statusCode()).isEqualTo(200);
    assertThat(IngestionTestStack.send("POST", base + "/api/exceptions/" + entryId + "/discard", OPS_TOKEN, null)
        .statusCode()).isEqualTo(409);
  }

  @Test
  void signedOrdersWithMissingFieldsOrNonsenseValuesAreFiledNotPosted() throws Exception {
    long orderId = 7_000_000_000_000L + System.nanoTime() % 1_000_000_000L;
    String negative = """
        {"id": %d, "name": "#9", "currency": "USD", "created_at": "2026-11-27T10:00:00-05:00",
         "line_items": [{"id": 1, "sku": "SKU-0001", "quantity": -3, "price": "1.00", "tax_lines": []}]}"""
        .formatted(orderId);
    byte[] body = negative.getBytes(StandardCharsets.UTF_8);
    assertThat(webhook(body, ShopifyWebhookVerifier.sign(body, SECRET), SHOP, "orders/create", id()).statusCode())
        .isEqualTo(200);
    byte[] noLines = ("{\"id\": " + (orderId + 1) + ", \"currency\": \"USD\"}").getBytes(StandardCharsets.UTF_8);
    assertThat(webhook(noLines, ShopifyWebhookVerifier.sign(noLines, SECRET), SHOP, "orders/create", id()).statusCode())
        .isEqualTo(200);
    JsonNode filed = exceptions("type=INVALID_PAYLOAD&channel=shopify&orderId=" + orderId);
    assertThat(filed.get("total").asInt()).isEqualTo(1);
    assertThat(filed.get("items").get(0).get("reason").asString()).contains("quantity");
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    assertThat(IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/erp/sales-orders?channel=shopify&orderId=" + orderId))
        .isEmpty();
  }

  @Test
  void ignoredTopicsAndLowercaseHeaderStyleAreAccepted() throws Exception {
    byte[] body = "{\"id\": 42}".getBytes(StandardCharsets.UTF_8);
    assertThat(webhook(body, ShopifyWebhookVerifier.sign(body, SECRET), SHOP, "products/create", id()).statusCode())
        .isEqualTo(200);
    HttpResponse<String> eventsStyle = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/shopify"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("shopify-shop-domain", SHOP).header("shopify-topic", "orders/updated")
        .header("shopify-event-id", id()).header("shopify-hmac-sha256", ShopifyWebhookVerifier.sign(body, SECRET)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(eventsStyle.statusCode()).isEqualTo(200);
  }

  @Test
  void theCanonicalOrderApiAnswersAsTheContractSays() throws Exception {
    String orderId = "R-" + UUID.randomUUID();
    String order = """
        {"channel": "regional", "orderId": "%s", "createdAt": "2026-11-27T10:00:00Z", "currency": "EUR",
         "lines": [{"lineId": "1", "sku": "SKU-0003", "quantity": 2, "unitPrice": "10.5", "tax": "4.20"}]}"""
        .formatted(orderId);
    assertThat(IngestionTestStack.send("POST", base + "/api/orders", null, order).statusCode()).isEqualTo(401);
    assertThat(IngestionTestStack.send("POST", base + "/api/orders", OPS_TOKEN, order).statusCode()).isEqualTo(403);
    assertThat(IngestionTestStack.send("POST", base + "/api/orders", INGEST_TOKEN, order).statusCode()).isEqualTo(202);
    assertThat(IngestionTestStack.send("POST", base + "/api/orders", INGEST_TOKEN, order).statusCode()).isEqualTo(200);
    HttpResponse<String> conflict = IngestionTestStack.send("POST", base + "/api/orders", INGEST_TOKEN,
        order.replace("\"quantity\": 2", "\"quantity\": 3"));
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.headers().firstValue("content-type")).get().asString().contains("application/problem+json");
    assertThat(IngestionTestStack.send("POST", base + "/api/orders", INGEST_TOKEN, "{\"channel\": ").statusCode())
        .isEqualTo(400);
    HttpResponse<String> invalid = IngestionTestStack.send("POST", base + "/api/orders", INGEST_TOKEN,
        order.replace(orderId, orderId + "-neg").replace("\"quantity\": 2", "\"quantity\": -2"));
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.body()).contains("quantity");
    HttpResponse<String> unknownChannel = IngestionTestStack.send("POST", base + "/api/orders", INGEST_TOKEN,
        order.replace("regional", "atlantis"));
    assertThat(unknownChannel.statusCode()).isEqualTo(422);
    assertThat(exceptions("type=UNKNOWN_CHANNEL&channel=atlantis&orderId=" + orderId).get("total").asInt()).isEqualTo(1);

    await().atMost(Duration.ofSeconds(60)).until(() -> IngestionTestStack.json(IngestionTestStack.sandboxUrl()
        + "/erp/sales-orders?channel=regional&orderId=" + orderId).size() == 1);
    JsonNode salesOrder = IngestionTestStack.json(IngestionTestStack.sandboxUrl()
        + "/erp/sales-orders?channel=regional&orderId=" + orderId).get(0);
    assertThat(salesOrder.get("lines").get(0).get("unitPrice").asString()).isEqualTo("10.50");
    assertThat(salesOrder.get("lines").get(0).get("currency").asString()).isEqualTo("EUR");
    String apiDocs = IngestionTestStack.get(base + "/v3/api-docs", null).body();
    assertThat(apiDocs).contains("/api/orders").contains("\"Order\"").contains("unitPrice");
  }

  private static JsonNode exceptions(String query) throws Exception {
    return json(IngestionTestStack.get(base + "/api/exceptions?" + query, OPS_TOKEN));
  }

  private static JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return CanonicalJson.tree(response.body().getBytes(StandardCharsets.UTF_8));
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  private static HttpResponse<String> webhook(byte[] body, String signature, String shop, String topic, String eventId)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/webhooks/shopify"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "application/json").header("X-Shopify-Topic", topic)
        .header("X-Shopify-Event-Id", eventId).header("X-Shopify-Webhook-Id", id());
    if (shop != null) {
      request.header("X-Shopify-Shop-Domain", shop);
    }
    if (signature != null) {
      request.header("X-Shopify-Hmac-Sha256", signature);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
