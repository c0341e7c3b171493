package io.retailsync.sandbox.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.sandbox.SandboxHttp;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Drives the eBay stand-in over HTTP as the connector does: token, getOrders pages, faults, status changes. */
@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=sandbox")
class EbayStandInIT {

  static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
      "sandbox-ebay-client-id:sandbox-ebay-client-secret".getBytes(StandardCharsets.UTF_8));
  static final String REFRESH_FORM = "grant_type=refresh_token&refresh_token=sandbox-ebay-refresh-token"
      + "&scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%2Fsell.fulfillment.readonly";

  @LocalServerPort
  int port;

  SandboxHttp http;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void clean() {
    http = new SandboxHttp(port);
    http.delete("/sandbox/ebay/faults");
    http.delete("/sandbox/ebay/orders");
    http.delete("/sandbox/ebay/calls");
  }

  @AfterEach
  void clearFaults() {
    http.delete("/sandbox/ebay/faults");
  }

  @Test
  void tokenHandshakeIssuesUserAndApplicationTokensAndRefusesAWrongKeyset() throws Exception {
    HttpResponse<String> user = token(BASIC, REFRESH_FORM);
    assertThat(user.statusCode()).isEqualTo(200);
    JsonNode body = SandboxHttp.json(user.body());
    assertThat(body.get("access_token").stringValue()).isNotBlank();
    assertThat(body.get("expires_in").isNumber()).isTrue();
    assertThat(body.get("expires_in").longValue()).isEqualTo(7200);
    assertThat(body.get("token_type").stringValue()).isEqualTo("User Access Token");

    HttpResponse<String> app = token(BASIC, "grant_type=client_credentials&scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope");
    assertThat(SandboxHttp.json(app.body()).get("token_type").stringValue()).isEqualTo("Application Access Token");

    HttpResponse<String> wrongClient = token("Basic " + Base64.getEncoder().encodeToString("x:y".getBytes()), REFRESH_FORM);
    assertThat(wrongClient.statusCode()).isEqualTo(401);
    assertThat(SandboxHttp.json(wrongClient.body()).get("error").stringValue()).isEqualTo("invalid_client");

    HttpResponse<String> wrongGrant = token(BASIC, "grant_type=refresh_token&refresh_token=stolen");
    assertThat(wrongGrant.statusCode()).isEqualTo(400);
    assertThat(SandboxHttp.json(wrongGrant.body()).get("error").stringValue()).isEqualTo("invalid_grant");
  }

  @Test
  void requestsWithoutOrWithAnUnknownTokenGetEbays401() throws Exception {
    HttpResponse<String> none = get("/ebay/sell/fulfillment/v1/order", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(SandboxHttp.json(none.body()).get("errors").get(0).get("errorId").intValue()).isEqualTo(1002);

    HttpResponse<String> bogus = get("/ebay/sell/fulfillment/v1/order", "v^1.1#i^1#made-up");
    assertThat(bogus.statusCode()).isEqualTo(401);
    JsonNode error = SandboxHttp.json(bogus.body()).get("errors").get(0);
    assertThat(error.get("errorId").intValue()).isEqualTo(1001);
    assertThat(error.get("message").stringValue()).isEqualTo("Invalid access token");
    assertThat(error.get("domain").stringValue()).isEqualTo("OAuth");
  }

  @Test
  void anExpiredTokenIsRefusedWith401() throws Exception {
    assertThat(http.put("/sandbox/ebay/faults", "{\"tokenLifetimeSeconds\": 1}").status()).isEqualTo(200);
    JsonNode token = SandboxHttp.json(token(BASIC, REFRESH_FORM).body());
    assertThat(token.get("expires_in").longValue()).isEqualTo(1);
    String accessToken = token.get("access_token").stringValue();
    assertThat(get("/ebay/sell/fulfillment/v1/order", accessToken).statusCode()).isEqualTo(200);

    Thread.sleep(1_200);

    HttpResponse<String> expired = get("/ebay/sell/fulfillment/v1/order", accessToken);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(SandboxHttp.json(expired.body()).get("errors").get(0).get("errorId").intValue()).isEqualTo(1001);
  }

  @Test
  void getOrdersPagesByOffsetAsEbayDoesNewestFirstWithHrefNextPrevAndTotal() throws Exception {
    Instant start = Instant.now().minusSeconds(1);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SandboxHttp.Response response = http.post("/sandbox/ebay/orders",
          "{\"lines\": [{\"sku\": \"SKU-000" + (i + 1) + "\", \"quantity\": 2}, {\"sku\": \"SKU-0100\", \"noSku\": true}],"
              + " \"shippingCost\": \"4.99\", \"ebayCollectAndRemit\": " + (i % 2 == 0) + "}");
      assertThat(response.status()).isEqualTo(201);
      created.add(response.json().get("orderId").stringValue());
    }
    String token = accessToken();
    String filter = "filter=lastmodifieddate:%5B" + start + "..%5D";

    List<String> seen = new ArrayList<>();
    JsonNode first = SandboxHttp.json(get("/ebay/sell/fulfillment/v1/order?" + filter + "&limit=2&offset=0", token).body());
    String base = "http://127.0.0.1:" + port + "/ebay/sell/fulfillment/v1/order?" + filter + "&limit=2";
    assertThat(first.get("total").intValue()).isEqualTo(5);
    assertThat(first.get("limit").intValue()).isEqualTo(2);
    assertThat(first.get("offset").intValue()).isZero();
    assertThat(first.get("href").stringValue()).isEqualTo(base + "&offset=0");
    assertThat(first.get("next").stringValue()).isEqualTo(base + "&offset=2");
    assertThat(first.has("prev")).isFalse();
    first.get("orders").forEach(order -> seen.add(order.get("orderId").stringValue()));

    JsonNode second = SandboxHttp.json(get(first.get("next").stringValue().substring(("http://127.0.0.1:" + port).length()),
        token).body());
    assertThat(second.get("prev").stringValue()).isEqualTo(base + "&offset=0");
    assertThat(second.get("next").stringValue()).isEqualTo(base + "&offset=4");
    second.get("orders").forEach(order -> seen.add(order.get("orderId").stringValue()));

    JsonNode third = SandboxHttp.json(get("/ebay/sell/fulfillment/v1/order?" + filter + "&limit=2&offset=4", token).body());
    assertThat(third.has("next")).isFalse();
    assertThat(third.get("orders")).hasSize(1);
    third.get("orders").forEach(order -> seen.add(order.get("orderId").stringValue()));

    List<String> newestFirst = new ArrayList<>(created);
    java.util.Collections.reverse(newestFirst);
    assertThat(seen).containsExactlyElementsOf(newestFirst);
    JsonNode order = first.get("orders").get(0);
    assertThat(order.get("creationDate").stringValue()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    assertThat(order.get("pricingSummary").get("total").get("value").isString()).isTrue();
    assertThat(order.get("lineItems").get(0).get("lineItemCost").get("value").stringValue())
        .matches("\\d+\\.\\d{2}");
    assertThat(order.get("lineItems").get(0).get("quantity").isInt()).isTrue();
    assertThat(order.get("lineItems").get(1).has("sku")).isFalse();
    assertThat(order.get("lineItems").get(1).get("legacyVariationId").stringValue()).isNotBlank();
    assertArithmetic(order);
    assertArithmetic(second.get("orders").get(0));

    HttpResponse<String> bad = get("/ebay/sell/fulfillment/v1/order?filter=lastmodifieddate:%5Byesterday..%5D", token);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(SandboxHttp.json(bad.body()).get("errors").get(0).get("message").stringValue()).contains("date format");
    assertThat(get("/ebay/sell/fulfillment/v1/order?limit=201", token).statusCode()).isEqualTo(400);

    HttpResponse<String> one = get("/ebay/sell/fulfillment/v1/order/" + created.get(0), token);
    assertThat(SandboxHttp.json(one.body()).get("orderId").stringValue()).isEqualTo(created.get(0));
    assertThat(get("/ebay/sell/fulfillment/v1/order/00-00000-00000", token).statusCode()).isEqualTo(404);

    JsonNode calls = http.get("/sandbox/ebay/calls").json();
    assertThat(calls.toString()).doesNotContain(token);
    assertThat(calls.get(calls.size() - 1).get("path").stringValue()).isEqualTo("/sell/fulfillment/v1/order/00-00000-00000");
  }

  @Test
  void throttledCallsGet429WithEbaysErrorAndRetryAfter() throws Exception {
    String token = accessToken();
    http.put("/sandbox/ebay/faults", "{\"throttleNext\": 1}");

    HttpResponse<String> throttled = get("/ebay/sell/fulfillment/v1/order", token);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
    JsonNode error = SandboxHttp.json(throttled.body()).get("errors").get(0);
    assertThat(error.get("errorId").intValue()).isEqualTo(2001);
    assertThat(error.get("message").stringValue()).startsWith("Too many requests");
    assertThat(get("/ebay/sell/fulfillment/v1/order", token).statusCode()).isEqualTo(200);

    http.put("/sandbox/ebay/faults", "{\"rateLimitPerSecond\": 1}");
    assertThat(get("/ebay/sell/fulfillment/v1/order", token).statusCode()).isEqualTo(200);
    assertThat(get("/ebay/sell/fulfillment/v1/order", token).statusCode()).isEqualTo(429);

    http.put("/sandbox/ebay/faults", "{\"failNext\": 1}");
    HttpResponse<String> failed = get("/ebay/sell/fulfillment/v1/order", token);
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(SandboxHttp.json(failed.body()).get("errors").get(0).get("errorId").intValue()).isEqualTo(10001);
  }

  @Test
  void aStatusChangeOrCancellationMovesTheOrderPastTheWatermark() throws Exception {
    String token = accessToken();
    JsonNode created = http.post("/sandbox/ebay/orders",
        "{\"lines\": [{\"sku\": \"SKU-0007\", \"quantity\": 1}, {\"sku\": \"SKU-0008\", \"quantity\": 1}], \"currency\": \"EUR\"}")
        .json();
    String orderId = created.get("orderId").stringValue();
    Instant watermark = Instant.parse(created.get("lastModifiedDate").stringValue()).plusMillis(1);
    String sinceWatermark = "/ebay/sell/fulfillment/v1/order?filter=lastmodifieddate:%5B" + watermark + "..%5D";
    assertThat(SandboxHttp.json(get(sinceWatermark, token).body()).get("total").intValue()).isZero();

    String lineItemId = created.get("lineItems").get(0).get("lineItemId").stringValue();
    SandboxHttp.Response changed = http.post("/sandbox/ebay/orders/" + orderId + "/fulfillment-status",
        "{\"status\": \"FULFILLED\", \"lineItemId\": \"" + lineItemId + "\"}");
    assertThat(changed.status()).isEqualTo(200);

    JsonNode page = SandboxHttp.json(get(sinceWatermark, token).body());
    assertThat(page.get("total").intValue()).isEqualTo(1);
    JsonNode order = page.get("orders").get(0);
    assertThat(order.get("orderFulfillmentStatus").stringValue()).isEqualTo("IN_PROGRESS");
    assertThat(order.get("lineItems").get(0).get("lineItemFulfillmentStatus").stringValue()).isEqualTo("FULFILLED");
    assertThat(order.get("lineItems").get(1).get("lineItemFulfillmentStatus").stringValue()).isEqualTo("NOT_STARTED");
    Instant modified = Instant.parse(order.get("lastModifiedDate").stringValue());
    assertThat(modified).isAfterOrEqualTo(watermark);

    JsonNode other = http.post("/sandbox/ebay/orders", "{\"lines\": [{\"sku\": \"SKU-0009\"}]}").json();
    String otherId = other.get("orderId").stringValue();
    assertThat(http.post("/sandbox/ebay/orders/" + otherId + "/cancel", "{}").status()).isEqualTo(200);
    JsonNode cancelled = SandboxHttp.json(get("/ebay/sell/fulfillment/v1/order/" + otherId, token).body());
    assertThat(cancelled.get("cancelStatus").get("cancelState").stringValue()).isEqualTo("CANCELED");
    assertThat(cancelled.get("orderPaymentStatus").stringValue()).isEqualTo("FULLY_REFUNDED");
    assertThat(Instant.parse(cancelled.get("lastModifiedDate").stringValue()))
        .isAfter(Instant.parse(other.get("lastModifiedDate").stringValue()));

    assertThat(http.post("/sandbox/ebay/orders/" + orderId + "/lines/" + lineItemId + "/refund", "{}").json()
        .get("orderPaymentStatus").stringValue()).isEqualTo("PARTIALLY_REFUNDED");
    assertThat(http.post("/sandbox/ebay/orders/" + orderId + "/fulfillment-status", "{\"status\": \"SHIPPED\"}").status())
        .isEqualTo(400);
    assertThat(http.post("/sandbox/ebay/orders/nope/cancel", "{}").status()).isEqualTo(404);
    assertThat(http.get("/sandbox/ebay/orders").json()).hasSize(2);
  }

  /** Σ line totals = pricingSummary.total; line total = cost − discount + shipping + taxes (remitted once). */
  static void assertArithmetic(JsonNode order) {
    java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
    for (JsonNode line : order.get("lineItems")) {
      java.math.BigDecimal total = new java.math.BigDecimal(line.get("lineItemCost").get("value").stringValue())
          .add(new java.math.BigDecimal(line.get("deliveryCost").get("shippingCost").get("value").stringValue()));
      for (JsonNode promotion : line.get("appliedPromotions")) {
        total = total.subtract(new java.math.BigDecimal(promotion.get("discountAmount").get("value").stringValue()));
      }
      for (JsonNode tax : line.get("taxes")) {
        total = total.add(new java.math.BigDecimal(tax.get("amount").get("value").stringValue()));
      }
      assertThat(total).isEqualByComparingTo(line.get("total").get("value").stringValue());
      sum = sum.add(total);
    }
    assertThat(sum).isEqualByComparingTo(order.get("pricingSummary").get("total").get("value").stringValue());
  }

  String accessToken() throws Exception {
    return SandboxHttp.json(token(BASIC, REFRESH_FORM).body()).get("access_token").stringValue();
  }

  HttpResponse<String> token(String authorization, String form) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ebay/identity/v1/oauth2/token"))
        .header("Authorization", authorization).header("Content-Type", "application/x-www-form-urlencoded")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
