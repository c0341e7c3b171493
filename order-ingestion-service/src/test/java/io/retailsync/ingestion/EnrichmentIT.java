package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.INGEST_TOKEN;
import static io.retailsync.ingestion.IngestionTestStack.OPS_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Validation and enrichment before the ERP, through a generic channel: a marketplace SKU without an alias
 * is {@code UNKNOWN_SKU} naming it, and once the alias is added (audited) the replay posts the order exactly
 * once under the ERP's SKU; a currency the account does not sell in, an implausible tax and the
 * marketplace-facilitator flag are each handled before any post.
 */
@SyncIntegrationTest
class EnrichmentIT {

  private static ConfigurableApplicationContext ingestion;
  private static String base;

  @BeforeAll
  static void start() {
    ingestion = IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of(
        "sync.ingestion.enrichment.currencies.regional", "EUR,USD",
        "sync.ingestion.enrichment.default-locations.regional", "WH-WEST"));
    base = "http://127.0.0.1:" + IngestionTestStack.port(ingestion);
  }

  @AfterAll
  static void stop() {
    ingestion.close();
  }

  @Test
  void anUnknownMarketplaceSkuWaitsForItsAliasAndTheReplayPostsItOnce() throws Exception {
    String orderId = "ENR-" + System.nanoTime();
    String marketplaceSku = "MKT-" + System.nanoTime();
    assertThat(post(order(orderId, "EUR", marketplaceSku, "0.00", false)).statusCode()).isEqualTo(202);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    JsonNode unknown = exceptions("type=UNKNOWN_SKU&channel=regional&orderId=" + orderId);
    assertThat(unknown.get("total").asInt()).isEqualTo(1);
    JsonNode entry = unknown.get("items").get(0);
    assertThat(entry.get("sku").asString()).isEqualTo(marketplaceSku);
    assertThat(entry.get("reason").asString()).contains(marketplaceSku);
    assertThat(salesOrders(orderId)).isEmpty();
    assertThat(posts(orderId)).isZero();

    String alias = "{\"channel\": \"regional\", \"marketplaceSku\": \"" + marketplaceSku + "\", \"sku\": \"SKU-0301\"}";
    assertThat(IngestionTestStack.send("POST", base + "/api/sku-aliases", null, alias).statusCode()).isEqualTo(401);
    assertThat(IngestionTestStack.send("POST", base + "/api/sku-aliases", INGEST_TOKEN, alias).statusCode()).isEqualTo(403);
    HttpResponse<String> created = IngestionTestStack.send("POST", base + "/api/sku-aliases", OPS_TOKEN, alias);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode detail = tree(created.body());
    assertThat(detail.get("audit").get(0).get("action").asString()).isEqualTo("ADDED");
    assertThat(detail.get("audit").get(0).get("by").asString()).isNotBlank();
    assertThat(IngestionTestStack.send("POST", base + "/api/sku-aliases", OPS_TOKEN, alias).statusCode()).isEqualTo(200);
    HttpResponse<String> conflict = IngestionTestStack.send("POST", base + "/api/sku-aliases", OPS_TOKEN,
        alias.replace("SKU-0301", "SKU-0302"));
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.headers().firstValue("content-type")).get().asString().contains("problem+json");
    assertThat(IngestionTestStack.send("POST", base + "/api/sku-aliases", OPS_TOKEN, "{\"channel\": \"regional\"}")
        .statusCode()).isEqualTo(422);
    assertThat(IngestionTestStack.get(base + "/api/sku-aliases?channel=regional", OPS_TOKEN).body()).contains(marketplaceSku);

    String id = entry.get("id").asString();
    assertThat(IngestionTestStack.send("POST", base + "/api/exceptions/" + id + "/replay", OPS_TOKEN, "{}").statusCode())
        .isEqualTo(200);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));
    JsonNode salesOrders = salesOrders(orderId);
    assertThat(salesOrders).hasSize(1);
    assertThat(salesOrders.get(0).get("lines").get(0).get("sku").asString()).isEqualTo("SKU-0301");
    assertThat(salesOrders.get(0).get("lines").get(0).get("location").asString()).isEqualTo("WH-WEST");
    assertThat(posts(orderId)).isEqualTo(1);

    String aliasId = detail.get("alias").get("id").asString();
    assertThat(IngestionTestStack.send("DELETE", base + "/api/sku-aliases/" + aliasId, OPS_TOKEN, null).statusCode())
        .isEqualTo(204);
    assertThat(IngestionTestStack.send("DELETE", base + "/api/sku-aliases/" + aliasId, OPS_TOKEN, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aForeignCurrencyAnImplausibleTaxAndFacilitatorTaxAreHandledBeforeAnyPost() throws Exception {
    String gbp = "ENR-GBP-" + System.nanoTime();
    String taxed = "ENR-TAX-" + System.nanoTime();
    String facilitator = "ENR-MF-" + System.nanoTime();
    assertThat(post(order(gbp, "GBP", "SKU-0311", "0.00", false)).statusCode()).isEqualTo(202);
    assertThat(post(order(taxed, "EUR", "SKU-0312", "12.00", false)).statusCode()).isEqualTo(202);
    assertThat(post(order(facilitator, "USD", "SKU-0313", "1.60", true)).statusCode()).isEqualTo(202);
    IngestionTestStack.awaitQuiet(Duration.ofSeconds(60));

    assertThat(exceptions("type=CURRENCY_MISMATCH&orderId=" + gbp).get("total").asInt()).isEqualTo(1);
    assertThat(exceptions("type=TAX_MISMATCH&orderId=" + taxed).get("total").asInt()).isEqualTo(1);
    assertThat(salesOrders(gbp)).isEmpty();
    assertThat(salesOrders(taxed)).isEmpty();
    JsonNode posted = salesOrders(facilitator);
    assertThat(posted).hasSize(1);
    assertThat(posted.get(0).get("marketplaceCollectsTax").asBoolean()).isTrue();
    assertThat(posts(gbp) + posts(taxed)).isZero();
  }

  /** One line of 2 × 10.00 with the given tax; the total adds up. */
  private static String order(String orderId, String currency, String sku, String tax, boolean facilitator) {
    java.math.BigDecimal total = new java.math.BigDecimal("20.00").add(new java.math.BigDecimal(tax));
    return """
        {"channel": "regional", "orderId": "%s", "createdAt": "2026-11-30T10:00:00Z", "currency": "%s",
         "lines": [{"lineId": "1", "sku": "%s", "quantity": 2, "unitPrice": "10.00", "tax": "%s"}],
         "total": "%s"%s}"""
        .formatted(orderId, currency, sku, tax, total.toPlainString(), facilitator ? ", \"marketplaceCollectsTax\": true" : "");
  }

  private static HttpResponse<String> post(String order) throws Exception {
    return IngestionTestStack.send("POST", base + "/api/orders", INGEST_TOKEN, order);
  }

  private static JsonNode exceptions(String query) throws Exception {
    return tree(IngestionTestStack.get(base + "/api/exceptions?" + query, OPS_TOKEN).body());
  }

  private static JsonNode salesOrders(String orderId) {
    return IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/erp/sales-orders?channel=regional&orderId=" + orderId);
  }

  private static int posts(String orderId) {
    JsonNode count = IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats").get("salesOrders")
        .get("regional:" + orderId);
    return count == null ? 0 : count.asInt();
  }

  private static JsonNode tree(String body) {
    return CanonicalJson.tree(body.getBytes(StandardCharsets.UTF_8));
  }
}
