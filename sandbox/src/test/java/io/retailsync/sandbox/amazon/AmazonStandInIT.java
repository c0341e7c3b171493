package io.retailsync.sandbox.amazon;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.sandbox.SandboxHttp;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=sandbox")
class AmazonStandInIT {

  static final String FORM = "grant_type=refresh_token&refresh_token=" + enc("Atzr|sandbox-amazon-refresh-token")
      + "&client_id=amzn1.application-oa2-client.sandbox&client_secret=sandbox-amazon-client-secret";

  @LocalServerPort
  int port;

  SandboxHttp http;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
    assertThat(http.delete("/sandbox/amazon/faults").status()).isEqualTo(204);
    assertThat(http.delete("/sandbox/amazon/orders").status()).isEqualTo(204);
  }

  @AfterEach
  void tearDown() {
    http.delete("/sandbox/amazon/faults");
  }

  @Test
  void theTokenHandshakeIssuesExpiringTokensAndRefusesWrongCredentials() {
    SandboxHttp.Response granted = form(FORM);
    assertThat(granted.status()).isEqualTo(200);
    JsonNode token = granted.json();
    assertThat(token.get("access_token").stringValue()).startsWith("Atza|");
    assertThat(token.get("token_type").stringValue()).isEqualTo("bearer");
    assertThat(token.get("expires_in").intValue()).isEqualTo(3600);
    assertThat(token.get("refresh_token").stringValue()).isEqualTo("Atzr|sandbox-amazon-refresh-token");

    SandboxHttp.Response wrongSecret = form(FORM.replace("sandbox-amazon-client-secret", "guess"));
    assertThat(wrongSecret.status()).isEqualTo(401);
    assertThat(wrongSecret.json().get("error").stringValue()).isEqualTo("invalid_client");
    SandboxHttp.Response wrongGrant = form(FORM.replace(enc("Atzr|sandbox-amazon-refresh-token"), "Atzr%7Cother"));
    assertThat(wrongGrant.status()).isEqualTo(400);
    assertThat(wrongGrant.json().get("error").stringValue()).isEqualTo("invalid_grant");

    SandboxHttp.Response noToken = spApi("/amazon/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER"
        + "&LastUpdatedAfter=2026-01-01T00:00:00Z", null);
    assertThat(noToken.status()).isEqualTo(403);
    assertThat(noToken.json().get("errors").get(0).get("code").stringValue()).isEqualTo("Unauthorized");
    assertThat(noToken.header("x-amzn-RequestId")).isNotBlank();
    assertThat(noToken.header("x-amzn-RateLimit-Limit")).isNull();
  }

  @Test
  void anExpiredTokenIsAnsweredWithAmazonsUnauthorizedError() throws InterruptedException {
    assertThat(http.put("/sandbox/amazon/faults", "{\"tokenLifetimeSeconds\": 1}").status()).isEqualTo(200);
    JsonNode granted = form(FORM).json();
    assertThat(granted.get("expires_in").intValue()).isEqualTo(1);
    Thread.sleep(1_100);

    SandboxHttp.Response expired = spApi("/amazon/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER"
        + "&LastUpdatedAfter=2026-01-01T00:00:00Z", granted.get("access_token").stringValue());

    assertThat(expired.status()).isEqualTo(403);
    assertThat(expired.json()).isEqualTo(SandboxHttp.json("{\"errors\":[{\"code\":\"Unauthorized\",\"message\":"
        + "\"Access to requested resource is denied.\",\"details\":\"The access token you provided has expired.\"}]}"));
  }

  @Test
  void ordersArePagedByNextTokenWithAmazonsJsonAndHeaders() {
    Instant before = Instant.now().minusSeconds(2);
    JsonNode created = http.post("/sandbox/amazon/orders", "{\"count\": 5, \"lines\": [{\"sku\": \"SKU-0007\","
        + " \"quantity\": 2}, {\"sku\": \"SKU-0012\", \"quantity\": 1, \"unitPrice\": \"10.00\","
        + " \"promotionDiscount\": \"1.00\"}], \"shippingPrice\": \"4.99\"}").json();
    assertThat(created.get("orders")).hasSize(5);
    String token = accessToken();

    Set<String> seen = new HashSet<>();
    List<String> order = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      String query = next == null
          ? "MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=" + before.toString().replaceAll("\\.\\d+", "")
              + "&MaxResultsPerPage=2"
          : "MarketplaceIds=ATVPDKIKX0DER&NextToken=" + enc(next);
      SandboxHttp.Response response = spApi("/amazon/orders/v0/orders?" + query, token);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("x-amzn-RequestId")).isNotBlank();
      assertThat(response.header("x-amzn-RateLimit-Limit")).isEqualTo("2");
      assertThat(response.contentType()).startsWith("application/json");
      JsonNode payload = response.json().get("payload");
      assertThat(payload.get("LastUpdatedBefore").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      for (JsonNode o : payload.get("Orders")) {
        assertThat(o.get("AmazonOrderId").stringValue()).matches("\\d{3}-\\d{7}-\\d{7}");
        assertThat(o.get("OrderTotal").get("Amount").isString()).isTrue();
        assertThat(o.get("LastUpdateDate").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(seen.add(o.get("AmazonOrderId").stringValue())).isTrue();
        order.add(o.get("LastUpdateDate").stringValue() + " " + o.get("AmazonOrderId").stringValue());
      }
      next = payload.has("NextToken") ? payload.get("NextToken").stringValue() : null;
      pages++;
    } while (next != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(5);
    assertThat(order).isSorted();

    String id = created.get("orders").get(0).get("AmazonOrderId").stringValue();
    SandboxHttp.Response items = spApi("/amazon/orders/v0/orders/" + id + "/orderItems", token);
    assertThat(items.status()).isEqualTo(200);
    JsonNode payload = items.json().get("payload");
    assertThat(payload.get("AmazonOrderId").stringValue()).isEqualTo(id);
    assertThat(payload.get("OrderItems")).hasSize(2);
    JsonNode first = payload.get("OrderItems").get(0);
    assertThat(first.get("SellerSKU").stringValue()).isEqualTo("SKU-0007");
    assertThat(first.get("QuantityOrdered").intValue()).isEqualTo(2);
    assertThat(first.get("OrderItemId").stringValue()).matches("\\d{14}");
    assertThat(first.get("TaxCollection").get("Model").stringValue()).isEqualTo("MarketplaceFacilitator");
    BigDecimal sum = BigDecimal.ZERO;
    for (JsonNode item : payload.get("OrderItems")) {
      sum = sum.add(amount(item, "ItemPrice")).add(amount(item, "ShippingPrice")).add(amount(item, "ItemTax"))
          .add(amount(item, "ShippingTax")).subtract(amount(item, "PromotionDiscount"))
          .subtract(amount(item, "PromotionDiscountTax"));
    }
    assertThat(sum.toPlainString())
        .isEqualTo(created.get("orders").get(0).get("OrderTotal").get("Amount").stringValue());
    assertThat(spApi("/amazon/orders/v0/orders/" + id, token).json().get("payload").get("AmazonOrderId")
        .stringValue()).isEqualTo(id);
  }

  @Test
  void throttlingIsA429WithAmazonsBodyAndNoRateLimitHeader() {
    String token = accessToken();
    assertThat(http.put("/sandbox/amazon/faults", "{\"throttleNext\": 1}").status()).isEqualTo(200);
    String path = "/amazon/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=2026-01-01T00:00:00Z";

    SandboxHttp.Response throttled = spApi(path, token);

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.json().get("errors").get(0).get("code").stringValue()).isEqualTo("QuotaExceeded");
    assertThat(throttled.header("x-amzn-RequestId")).isNotBlank();
    assertThat(throttled.header("x-amzn-RateLimit-Limit")).isNull();
    assertThat(spApi(path, token).status()).isEqualTo(200);

    assertThat(http.put("/sandbox/amazon/faults", "{\"failNext\": 1}").status()).isEqualTo(200);
    SandboxHttp.Response failed = spApi(path, token);
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.json().get("errors").get(0).get("code").stringValue()).isEqualTo("InternalFailure");

    assertThat(http.put("/sandbox/amazon/faults", "{\"rateLimitPerSecond\": 1}").status()).isEqualTo(200);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(spApi(path, token).status());
    }
    assertThat(statuses).contains(200, 429);
  }

  @Test
  void aStatusChangeIsSeenByAPollFromTheWatermark() throws InterruptedException {
    JsonNode created = http.post("/sandbox/amazon/orders", "{\"lines\": [{\"sku\": \"SKU-0101\"}],"
        + " \"status\": \"Pending\"}").json().get("orders").get(0);
    String id = created.get("AmazonOrderId").stringValue();
    assertThat(created.has("OrderTotal")).isFalse();
    assertThat(created.get("OrderItems").get(0).has("ItemPrice")).isFalse();
    String token = accessToken();
    JsonNode firstPoll = poll(token, "2026-01-01T00:00:00Z");
    assertThat(firstPoll.get("Orders")).hasSize(1);
    String watermark = firstPoll.get("Orders").get(0).get("LastUpdateDate").stringValue();

    JsonNode changed = http.post("/sandbox/amazon/orders/" + id + "/status", "{\"status\": \"Unshipped\"}").json();
    assertThat(Instant.parse(changed.get("LastUpdateDate").stringValue())).isAfter(Instant.parse(watermark));
    Thread.sleep(1_000);

    JsonNode afterWatermark = poll(token, Instant.parse(watermark).plusSeconds(1).toString());
    assertThat(afterWatermark.get("Orders")).hasSize(1);
    JsonNode seen = afterWatermark.get("Orders").get(0);
    assertThat(seen.get("AmazonOrderId").stringValue()).isEqualTo(id);
    assertThat(seen.get("OrderStatus").stringValue()).isEqualTo("Unshipped");
    assertThat(seen.has("OrderTotal")).isTrue();

    String itemId = changed.get("OrderItems").get(0).get("OrderItemId").stringValue();
    JsonNode lineCancelled = http.post("/sandbox/amazon/orders/" + id + "/items/" + itemId + "/cancel", "").json();
    assertThat(lineCancelled.get("OrderStatus").stringValue()).isEqualTo("Canceled");
    assertThat(lineCancelled.get("OrderItems").get(0).get("QuantityOrdered").intValue()).isZero();
    assertThat(http.get("/sandbox/amazon/orders").json()).hasSize(1);
    assertThat(http.get("/sandbox/amazon/calls").json().get("counts").get("getOrders").intValue()).isGreaterThan(0);
  }

  @Test
  void badQueriesAreAmazonsInvalidInputAndBadSpecsAreProblems() {
    String token = accessToken();
    for (String query : List.of("MarketplaceIds=ATVPDKIKX0DER", "LastUpdatedAfter=2026-01-01T00:00:00Z",
        "MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=yesterday",
        "MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=2026-01-01T00:00:00Z&MaxResultsPerPage=101",
        "MarketplaceIds=ATVPDKIKX0DER&NextToken=bm90LWEtdG9rZW4%3D")) {
      SandboxHttp.Response response = spApi("/amazon/orders/v0/orders?" + query, token);
      assertThat(response.status()).as(query).isEqualTo(400);
      assertThat(response.json().get("errors").get(0).get("code").stringValue()).isEqualTo("InvalidInput");
    }
    assertThat(spApi("/amazon/orders/v0/orders/123-1234567-1234567/orderItems", token).status()).isEqualTo(404);
    assertThat(spApi("/amazon/orders/v0/orders/not-an-id", token).status()).isEqualTo(400);

    for (String spec : List.of("{\"lines\": []}", "{\"lines\": [{\"sku\": \"SKU-0001\"}], \"status\": \"Lost\"}",
        "{\"lines\": [{\"sku\": \"SKU-0001\", \"quantity\": 0}]}",
        "{\"lines\": [{\"sku\": \"SKU-0001\", \"unitPrice\": \"1.001\"}]}",
        "{\"lines\": [{\"sku\": \"SKU-0001\"}], \"fulfillmentChannel\": \"XYZ\"}")) {
      SandboxHttp.Response response = http.post("/sandbox/amazon/orders", spec);
      assertThat(response.status()).as(spec).isEqualTo(422);
      assertThat(response.contentType()).startsWith("application/problem+json");
    }
    assertThat(http.post("/sandbox/amazon/orders/123-1234567-1234567/cancel", "").status()).isEqualTo(404);
    assertThat(http.put("/sandbox/amazon/faults", "{\"throttleNext\": -1}").status()).isEqualTo(422);
  }

  private JsonNode poll(String token, String after) {
    SandboxHttp.Response response = spApi("/amazon/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter="
        + enc(after), token);
    assertThat(response.status()).isEqualTo(200);
    return response.json().get("payload");
  }

  private String accessToken() {
    return form(FORM).json().get("access_token").stringValue();
  }

  private static BigDecimal amount(JsonNode item, String field) {
    return item.has(field) ? new BigDecimal(item.get(field).get("Amount").stringValue()) : BigDecimal.ZERO;
  }

  private SandboxHttp.Response form(String body) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/amazon/auth/o2/token"))
        .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private SandboxHttp.Response spApi(String pathAndQuery, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET()
        .header("x-amz-date", "20261201T120000Z").header("user-agent", "AmazonStandInIT/1.0 (Language=Java/17)");
    if (token != null) {
      request.header("x-amz-access-token", token);
    }
    return send(request);
  }

  private SandboxHttp.Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new SandboxHttp.Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
