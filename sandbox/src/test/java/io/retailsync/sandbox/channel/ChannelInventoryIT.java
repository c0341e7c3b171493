package io.retailsync.sandbox.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.sandbox.SandboxHttp;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The channel reads and fault control over HTTP, driven through the Shopify GraphQL stand-in as a connector drives
 * it: lookups, inventorySetQuantities with @idempotent keys, repeats, throttling and an outage.
 */
@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=sandbox")
class ChannelInventoryIT {

  static final String TOKEN = "sandbox-shopify-admin-token";
  static final String LOCATION = "gid://shopify/Location/68000000001";
  static final String SET = "mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {"
      + " inventorySetQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { id }"
      + " userErrors { code field message } } }";
  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort
  int port;

  SandboxHttp http;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
    http.delete("/sandbox/channels/shopify/faults");
    http.delete("/sandbox/channels/shopify/inventory");
  }

  @AfterEach
  void tearDown() {
    http.delete("/sandbox/channels/shopify/faults");
  }

  @Test
  void aLookupFindsListedSkusOnlyWithTheCatalogsInventoryItemIdsAndCost() throws Exception {
    ObjectNode variables = JSON.createObjectNode().put("query", "sku:\"SKU-0001\" OR sku:\"SKU-12345\" OR sku:\"NOPE-1\"")
        .put("first", 6);
    JsonNode answer = graphql("2026-01", "query Q($query: String!, $first: Int!) { productVariants(first: $first,"
        + " query: $query) { nodes { sku item: inventoryItem { id } } } }", variables);

    JsonNode nodes = answer.path("data").path("productVariants").path("nodes");
    assertThat(nodes).hasSize(2);
    assertThat(nodes.get(0).path("sku").asString()).isEqualTo("SKU-0001");
    assertThat(nodes.get(0).path("item").path("id").asString()).isEqualTo("gid://shopify/InventoryItem/44000000000001");
    assertThat(nodes.get(1).path("item").path("id").asString()).isEqualTo("gid://shopify/InventoryItem/44000000112345");
    assertThat(nodes.get(0).has("inventoryItem")).isFalse();
    JsonNode cost = answer.path("extensions").path("cost");
    assertThat(cost.path("requestedQueryCost").asDouble()).isGreaterThan(0);
    assertThat(cost.path("throttleStatus").path("maximumAvailable").asDouble()).isEqualTo(2000);
    assertThat(cost.path("throttleStatus").path("restoreRate").asDouble()).isEqualTo(100);
  }

  @Test
  void aSetIsRecordedAndReadBackAndARepeatOfItsKeyIsAnsweredFromTheFirstCallWithoutBeingApplied() throws Exception {
    String first = UUID.randomUUID().toString();
    JsonNode applied = set("2026-01", first, "SKU-0002", 5);
    assertThat(applied.path("data").path("inventorySetQuantities").path("userErrors")).isEmpty();
    String groupId = applied.path("data").path("inventorySetQuantities").path("inventoryAdjustmentGroup").path("id")
        .asString();
    assertThat(groupId).startsWith("gid://shopify/InventoryAdjustmentGroup/");

    SandboxHttp.Response read = http.get("/sandbox/channels/shopify/inventory?sku=SKU-0002");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().path("sku").asString()).isEqualTo("SKU-0002");
    assertThat(read.json().path("quantity").asInt()).isEqualTo(5);
    assertThat(read.json().path("updatedAt").asString()).isNotBlank();

    set("2026-01", UUID.randomUUID().toString(), "SKU-0002", 7);
    JsonNode repeat = set("2026-01", first, "SKU-0002", 5);
    assertThat(repeat.path("data").path("inventorySetQuantities").path("inventoryAdjustmentGroup").path("id").asString())
        .isEqualTo(groupId);
    assertThat(http.get("/sandbox/channels/shopify/inventory?sku=SKU-0002").json().path("quantity").asInt())
        .isEqualTo(7);

    JsonNode mismatch = set("2026-01", first, "SKU-0002", 9);
    assertThat(mismatch.path("data").path("inventorySetQuantities").path("userErrors").get(0).path("code").asString())
        .isEqualTo("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");

    JsonNode stats = http.get("/sandbox/channels/stats").json().path("shopify");
    assertThat(stats.path("calls").asLong()).isEqualTo(3);
    assertThat(stats.path("replays").asLong()).isEqualTo(1);
    assertThat(stats.path("skus").asLong()).isEqualTo(1);
  }

  @Test
  void unknownItemsAndStaleCompareQuantitiesAreUserErrorsThatApplyNothing() throws Exception {
    ObjectNode input = input("SKU-0003", 4);
    input.withArray("quantities").addObject().put("inventoryItemId", "gid://shopify/InventoryItem/1")
        .put("locationId", LOCATION).put("quantity", 1);
    JsonNode answer = graphql("2026-01", SET, JSON.createObjectNode().put("key", UUID.randomUUID().toString())
        .set("input", input));
    JsonNode errors = answer.path("data").path("inventorySetQuantities").path("userErrors");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).path("code").asString()).isEqualTo("INVALID_INVENTORY_ITEM");
    assertThat(errors.get(0).path("field").toString()).isEqualTo("[\"input\",\"quantities\",\"1\",\"inventoryItemId\"]");
    assertThat(http.get("/sandbox/channels/shopify/inventory?sku=SKU-0003").status()).isEqualTo(404);

    ObjectNode stale = input("SKU-0003", 4);
    stale.remove("ignoreCompareQuantity");
    ((ObjectNode) stale.withArray("quantities").get(0)).put("compareQuantity", 99);
    JsonNode refused = graphql("2025-10", "mutation S($input: InventorySetQuantitiesInput!) {"
        + " inventorySetQuantities(input: $input) { userErrors { code } } }", JSON.createObjectNode().set("input", stale));
    assertThat(refused.path("data").path("inventorySetQuantities").path("userErrors").get(0).path("code").asString())
        .isEqualTo("COMPARE_QUANTITY_STALE");
  }

  @Test
  void from202604TheKeyAndChangeFromQuantityAreRequiredAndIgnoreCompareQuantityIsGone() throws Exception {
    JsonNode old = set("2026-04", UUID.randomUUID().toString(), "SKU-0004", 1);
    assertThat(old.path("errors").get(0).path("message").asString()).contains("ignoreCompareQuantity");

    ObjectNode input = input("SKU-0004", 3);
    input.remove("ignoreCompareQuantity");
    ((ObjectNode) input.withArray("quantities").get(0)).putNull("changeFromQuantity");
    JsonNode ok = graphql("2026-04", SET, JSON.createObjectNode().put("key", UUID.randomUUID().toString())
        .set("input", input));
    assertThat(ok.path("data").path("inventorySetQuantities").path("userErrors")).isEmpty();
    assertThat(http.get("/sandbox/channels/shopify/inventory?sku=SKU-0004").json().path("quantity").asInt()).isEqualTo(3);

    JsonNode noKey = graphql("2026-04", "mutation S($input: InventorySetQuantitiesInput!) {"
        + " inventorySetQuantities(input: $input) { userErrors { code } } }", JSON.createObjectNode().set("input", input));
    assertThat(noKey.path("errors").get(0).path("message").asString()).contains("@idempotent");
  }

  @Test
  void theFaultControlThrottlesTakesTheChannelDownAndIsResetByDelete() throws Exception {
    assertThat(http.put("/sandbox/channels/shopify/faults", "{\"throttleNext\": 1}").json().path("rateLimits")
        .asBoolean()).isTrue();
    JsonNode throttled = set("2026-01", UUID.randomUUID().toString(), "SKU-0005", 1);
    assertThat(throttled.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("THROTTLED");
    assertThat(throttled.path("extensions").path("cost").path("throttleStatus").path("currentlyAvailable").isNumber())
        .isTrue();

    http.put("/sandbox/channels/shopify/faults", "{\"down\": true}");
    assertThat(post("2026-01", SET, JSON.createObjectNode()).statusCode()).isEqualTo(503);
    assertThat(http.get("/sandbox/channels/shopify/faults").json().path("down").asBoolean()).isTrue();
    assertThat(http.put("/sandbox/channels/shopify/faults", "{\"failureRate\": 2}").status()).isEqualTo(422);

    assertThat(http.delete("/sandbox/channels/shopify/faults").status()).isEqualTo(204);
    assertThat(set("2026-01", UUID.randomUUID().toString(), "SKU-0005", 1).path("data").isObject()).isTrue();
    JsonNode stats = http.get("/sandbox/channels/stats").json().path("shopify");
    assertThat(stats.path("throttled").asLong()).isEqualTo(1);
    assertThat(stats.path("down").asLong()).isEqualTo(1);
  }

  @Test
  void readsAnswerProblemDetailsForUnknownSkusAndChannelsAndListEverySku() throws Exception {
    SandboxHttp.Response missing = http.get("/sandbox/channels/shopify/inventory?sku=SKU-0999");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(http.get("/sandbox/channels/etsy/inventory?sku=SKU-0001").status()).isEqualTo(404);

    set("2026-01", UUID.randomUUID().toString(), "SKU-0007", 2);
    set("2026-01", UUID.randomUUID().toString(), "SKU-0006", 8);
    JsonNode all = http.get("/sandbox/channels/shopify/inventory").json();
    assertThat(all).hasSize(2);
    assertThat(all.get(0).path("sku").asString()).isEqualTo("SKU-0006");
    assertThat(http.get("/sandbox/channels/shopify/inventory?after=SKU-0006&limit=1").json().get(0).path("sku")
        .asString()).isEqualTo("SKU-0007");
  }

  private JsonNode set(String version, String key, String sku, int quantity) throws Exception {
    return graphql(version, SET, JSON.createObjectNode().put("key", key).set("input", input(sku, quantity)));
  }

  private static ObjectNode input(String sku, int quantity) {
    ObjectNode input = JSON.createObjectNode().put("name", "available").put("reason", "correction")
        .put("ignoreCompareQuantity", true);
    long item = 44_000_000_000_000L + Long.parseLong(sku.substring(4));
    input.putArray("quantities").addObject().put("inventoryItemId", "gid://shopify/InventoryItem/" + item)
        .put("locationId", LOCATION).put("quantity", quantity);
    return input;
  }

  private JsonNode graphql(String version, String query, ObjectNode variables) throws Exception {
    HttpResponse<String> response = post(version, query, variables);
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> post(String version, String query, ObjectNode variables) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("query", query);
    body.set("variables", variables);
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/shopify/admin/api/" + version
            + "/graphql.json")).header("X-Shopify-Access-Token", TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
