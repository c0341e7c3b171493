package io.retailsync.sandbox.walmart;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.sandbox.SandboxHttp;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Drives the Walmart stand-in over HTTP the way the connector does, and its control API the way tests do. */
@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=sandbox")
class WalmartStandInIT {

  static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
      "sandbox-walmart-client:sandbox-walmart-secret".getBytes(StandardCharsets.UTF_8));

  @LocalServerPort
  int port;

  SandboxHttp http;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
    http.delete("/sandbox/walmart/faults");
  }

  @AfterEach
  void clearFaults() {
    http.delete("/sandbox/walmart/faults");
  }

  @Test
  void theTokenHandshakeIssuesBearerTokensForTheSellersCredentialsOnly() {
    SandboxHttp.Response token = token(BASIC, true);
    assertThat(token.status()).isEqualTo(200);
    assertThat(token.json().get("access_token").stringValue()).isNotBlank();
    assertThat(token.json().get("token_type").stringValue()).isEqualTo("Bearer");
    assertThat(token.json().get("expires_in").intValue()).isEqualTo(900);

    SandboxHttp.Response wrong = token("Basic " + Base64.getEncoder().encodeToString("x:y".getBytes()), true);
    assertThat(wrong.status()).isEqualTo(401);
    assertWalmartError(wrong, "UNAUTHORIZED.GMP_GATEWAY_API");

    SandboxHttp.Response noServiceName = token(BASIC, false);
    assertThat(noServiceName.status()).isEqualTo(400);
    assertWalmartError(noServiceName, "INVALID_REQUEST_HEADER.GMP_GATEWAY_API");
  }

  @Test
  void ordersArePagedWithWalmartsNextCursorAcrossSeveralPages() {
    String sku = "PAGE-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(create("{\"lines\": [{\"sku\": \"" + sku + "\", \"quantity\": 2, \"unitPrice\": 12.5}]}")
          .get("purchaseOrderId").stringValue());
    }
    String token = accessToken();
    String createdStart = Instant.now().minus(Duration.ofDays(180)).toString();

    List<String> read = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    String query = "?sku=" + sku + "&createdStartDate=" + createdStart + "&limit=2&productInfo=false";
    for (int pages = 0; pages < 10 && query != null; pages++) {
      SandboxHttp.Response page = api("GET", "/walmart/v3/orders" + query, token);
      assertThat(page.status()).as(query).isEqualTo(200);
      JsonNode list = page.json().get("list");
      assertThat(list.get("meta").get("totalCount").intValue()).isEqualTo(5);
      assertThat(list.get("meta").get("limit").intValue()).isEqualTo(2);
      for (JsonNode order : list.get("elements").get("order")) {
        read.add(order.get("purchaseOrderId").stringValue());
        assertWalmartTypes(order);
      }
      JsonNode next = list.get("meta").get("nextCursor");
      query = next == null ? null : next.stringValue();
      if (query != null) {
        cursors.add(query);
      }
    }

    List<String> newestFirst = new ArrayList<>(created);
    java.util.Collections.reverse(newestFirst);
    assertThat(read).containsExactlyElementsOf(newestFirst);
    assertThat(cursors).hasSize(2);
    assertThat(cursors.get(0)).matches("\\?limit=2&hasMoreElements=true&soIndex=\\d+&poIndex=2&sellerId=10001234"
        + "&createdStartDate=[0-9T:.Z-]+&sku=" + sku + "&productInfo=false");
    assertThat(cursors.get(1)).contains("&poIndex=4&");
    assertThat(api("GET", "/walmart/v3/orders?sku=" + sku + "-none", token).status()).isEqualTo(404);
  }

  @Test
  void throttledCallsAre429WithWalmartsRateLimitHeaders() {
    String token = accessToken();
    http.put("/sandbox/walmart/faults", "{\"throttleNext\": 1}");

    SandboxHttp.Response throttled = api("GET", "/walmart/v3/orders?limit=1", token);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("x-current-token-count")).isEqualTo("0");
    assertThat(Long.parseLong(throttled.header("x-next-replenishment-time")))
        .isGreaterThan(System.currentTimeMillis() - 1000);
    assertWalmartError(throttled, "REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API");
    assertThat(api("GET", "/walmart/v3/orders?limit=1", token).status()).isIn(200, 404);

    http.put("/sandbox/walmart/faults", "{\"rateLimitPerSecond\": 1}");
    int first = api("GET", "/walmart/v3/orders?limit=1", token).status();
    SandboxHttp.Response second = api("GET", "/walmart/v3/orders?limit=1", token);
    assertThat(first).isIn(200, 404);
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.header("x-next-replenishment-time")).matches("\\d{13}");

    http.put("/sandbox/walmart/faults", "{\"failNext\": 1}");
    SandboxHttp.Response failed = api("GET", "/walmart/v3/orders?limit=1", token);
    assertThat(failed.status()).isEqualTo(500);
    assertWalmartError(failed, "SYSTEM_ERROR.GMP_GATEWAY_API");
    assertThat(http.get("/sandbox/walmart/faults").json().get("failNext").intValue()).isZero();
  }

  @Test
  void anExpiredOrMissingTokenIs401AndMissingHeadersAre400() {
    http.put("/sandbox/walmart/faults", "{\"tokenLifetimeSeconds\": 1}");
    SandboxHttp.Response issued = token(BASIC, true);
    assertThat(issued.json().get("expires_in").intValue()).isEqualTo(1);
    String token = issued.json().get("access_token").stringValue();
    assertThat(api("GET", "/walmart/v3/orders?limit=1", token).status()).isIn(200, 404);

    sleep(Duration.ofMillis(1200));
    SandboxHttp.Response expired = api("GET", "/walmart/v3/orders?limit=1", token);
    assertThat(expired.status()).isEqualTo(401);
    assertWalmartError(expired, "UNAUTHORIZED.GMP_GATEWAY_API");
    assertThat(api("GET", "/walmart/v3/orders?limit=1", null).status()).isEqualTo(401);

    SandboxHttp.Response noCorrelation = send(HttpRequest.newBuilder(uri("/walmart/v3/orders"))
        .header("WM_SEC.ACCESS_TOKEN", accessToken()).header("WM_SVC.NAME", "Walmart Marketplace")
        .header("Accept", "application/json").GET());
    assertThat(noCorrelation.status()).isEqualTo(400);
    assertWalmartError(noCorrelation, "INVALID_REQUEST_HEADER.GMP_GATEWAY_API");
  }

  @Test
  void aChangeBumpsLastModifiedSoAPollFromTheWatermarkSeesIt() {
    JsonNode order = create("{\"lines\": [{\"sku\": \"SKU-0101\", \"quantity\": 2}, {\"sku\": \"SKU-0102\"}]}");
    String id = order.get("purchaseOrderId").stringValue();
    String token = accessToken();
    Instant watermark = lastModified(order).plusMillis(1);
    String since = "?purchaseOrderId=" + id + "&lastModifiedStartDate=" + watermark;
    assertThat(api("GET", "/walmart/v3/orders" + since, token).status()).isEqualTo(404);

    sleep(Duration.ofMillis(5));
    SandboxHttp.Response cancelled = http.post("/sandbox/walmart/orders/" + id + "/lines/2/cancel", "{}");
    assertThat(cancelled.status()).isEqualTo(200);

    SandboxHttp.Response seen = api("GET", "/walmart/v3/orders" + since, token);
    assertThat(seen.status()).isEqualTo(200);
    JsonNode line2 = seen.json().get("list").get("elements").get("order").get(0).get("orderLines").get("orderLine")
        .get(1);
    assertThat(line2.get("orderLineStatuses").get("orderLineStatus").get(0).get("status").stringValue())
        .isEqualTo("Cancelled");
    assertThat(Instant.ofEpochMilli(line2.get("statusDate").longValue())).isAfterOrEqualTo(watermark);

    Instant second = lastModified(seen.json().get("list").get("elements").get("order").get(0)).plusMillis(1);
    assertThat(http.post("/sandbox/walmart/orders/" + id + "/status", "{\"status\": \"Shipped\"}").status())
        .isEqualTo(200);
    SandboxHttp.Response shipped = api("GET", "/walmart/v3/orders?purchaseOrderId=" + id
        + "&lastModifiedStartDate=" + second + "&status=Shipped", token);
    assertThat(shipped.status()).isEqualTo(200);
  }

  @Test
  void acknowledgeMovesCreatedLinesIsHarmlessToRepeatAndIsRecorded() {
    String id = create("{\"lines\": [{\"sku\": \"SKU-0201\"}]}").get("purchaseOrderId").stringValue();
    String token = accessToken();

    SandboxHttp.Response first = api("POST", "/walmart/v3/orders/" + id + "/acknowledge", token);
    SandboxHttp.Response again = api("POST", "/walmart/v3/orders/" + id + "/acknowledge", token);

    assertThat(first.status()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
    assertThat(first.json().get("order").get("orderLines").get("orderLine").get(0).get("orderLineStatuses")
        .get("orderLineStatus").get(0).get("status").stringValue()).isEqualTo("Acknowledged");
    JsonNode fetched = api("GET", "/walmart/v3/orders/" + id, token).json().get("order");
    assertThat(fetched.get("orderLines").get("orderLine").get(0).get("orderLineStatuses").get("orderLineStatus")
        .get(0).get("status").stringValue()).isEqualTo("Acknowledged");

    http.post("/sandbox/walmart/orders/" + id + "/cancel", "{}");
    SandboxHttp.Response refused = api("POST", "/walmart/v3/orders/" + id + "/acknowledge", token);
    assertThat(refused.status()).isEqualTo(400);
    assertWalmartError(refused, "INVALID_REQUEST_CONTENT.GMP_ORDER_API");

    JsonNode acknowledgements = http.get("/sandbox/walmart/acknowledgements?purchaseOrderId=" + id).json();
    assertThat(acknowledgements.get("perOrder").get(id).intValue()).isEqualTo(3);
    assertThat(acknowledgements.get("calls")).extracting(call -> call.get("status").intValue())
        .containsExactly(200, 200, 400);
    assertThat(api("POST", "/walmart/v3/orders/404404/acknowledge", token).status()).isEqualTo(404);
  }

  @Test
  void badControlRequestsAreProblemsNot500s() {
    for (String body : List.of("{\"lines\": []}", "{\"lines\": [{\"sku\": \"\"}]}",
        "{\"lines\": [{\"sku\": \"A\", \"quantity\": 0}]}", "{\"lines\": [{\"sku\": \"A\", \"unitPrice\": 1.005}]}",
        "{\"lines\": [{\"sku\": \"A\"}], \"status\": \"Lost\"}", "{\"lines\": [{\"sku\": \"A\"}], \"currency\": \"XYZ\"}")) {
      SandboxHttp.Response response = http.post("/sandbox/walmart/orders", body);
      assertThat(response.status()).as(body).isEqualTo(422);
      assertThat(response.contentType()).startsWith("application/problem+json");
    }
    assertThat(http.post("/sandbox/walmart/orders/none/cancel", "{}").status()).isEqualTo(404);
    assertThat(http.put("/sandbox/walmart/faults", "{\"throttleNext\": -1}").status()).isEqualTo(422);
    String id = create("{\"lines\": [{\"sku\": \"SKU-0301\"}]}").get("purchaseOrderId").stringValue();
    assertThat(http.post("/sandbox/walmart/orders/" + id + "/lines/9/cancel", "{}").status()).isEqualTo(404);
    assertThat(http.post("/sandbox/walmart/orders/" + id + "/cancel", "{}").status()).isEqualTo(200);
    assertThat(http.post("/sandbox/walmart/orders/" + id + "/cancel", "{}").status()).isEqualTo(409);
    assertThat(http.get("/sandbox/walmart/orders").json()).isNotEmpty();
  }

  private static void assertWalmartTypes(JsonNode order) {
    assertThat(order.get("orderDate").isIntegralNumber()).isTrue();
    JsonNode line = order.get("orderLines").get("orderLine").get(0);
    assertThat(line.get("lineNumber").isString()).isTrue();
    assertThat(line.get("orderLineQuantity").get("amount").isString()).isTrue();
    assertThat(line.get("orderLineQuantity").get("amount").stringValue()).isEqualTo("2");
    assertThat(line.get("statusDate").isIntegralNumber()).isTrue();
    JsonNode charge = line.get("charges").get("charge").get(0);
    assertThat(charge.get("chargeType").stringValue()).isEqualTo("PRODUCT");
    assertThat(charge.get("chargeAmount").get("amount").isNumber()).isTrue();
    assertThat(charge.get("chargeAmount").get("amount").decimalValue()).isEqualByComparingTo("25");
    assertThat(charge.get("tax").get("taxAmount").get("amount").decimalValue()).isEqualByComparingTo("2");
    assertThat(charge.get("chargeAmount").get("currency").stringValue()).isEqualTo("USD");
  }

  private static void assertWalmartError(SandboxHttp.Response response, String code) {
    assertThat(response.contentType()).startsWith("application/json");
    JsonNode error = response.json().get("errors").get("error").get(0);
    assertThat(error.get("code").stringValue()).isEqualTo(code);
    for (String field : List.of("field", "description", "info", "severity", "category", "causes", "errorIdentifiers")) {
      assertThat(error.has(field)).as(field).isTrue();
    }
  }

  private static Instant lastModified(JsonNode order) {
    long latest = order.get("orderDate").longValue();
    for (JsonNode line : order.get("orderLines").get("orderLine")) {
      latest = Math.max(latest, line.get("statusDate").longValue());
    }
    return Instant.ofEpochMilli(latest);
  }

  private JsonNode create(String spec) {
    SandboxHttp.Response created = http.post("/sandbox/walmart/orders", spec);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  private String accessToken() {
    return token(BASIC, true).json().get("access_token").stringValue();
  }

  private SandboxHttp.Response token(String authorization, boolean serviceName) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri("/walmart/v3/token"))
        .header("Authorization", authorization)
        .header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString())
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
    if (serviceName) {
      request.header("WM_SVC.NAME", "Walmart Marketplace");
    }
    return send(request);
  }

  private SandboxHttp.Response api(String method, String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString())
        .header("WM_SVC.NAME", "Walmart Marketplace")
        .header("Accept", "application/json")
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("WM_SEC.ACCESS_TOKEN", token);
    }
    return send(request);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private SandboxHttp.Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new SandboxHttp.Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
