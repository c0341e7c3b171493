package io.retailsync.sandbox.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.sandbox.SandboxHttp;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code GET /shopify/admin/api/{version}/orders.json} driven as the reconcile poll drives it. */
@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=sandbox")
class ShopifyAdminApiIT {

  static final WebhookReceiver RECEIVER = new WebhookReceiver("sandbox-shopify-secret");
  static final String TOKEN = "sandbox-shopify-admin-token";
  static final Pattern LINK = Pattern.compile("<([^>]+)>; rel=\"(previous|next)\"");

  @DynamicPropertySource
  static void webhookTarget(DynamicPropertyRegistry registry) {
    registry.add("sandbox.shopify.webhook-url", RECEIVER::url);
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.stop();
  }

  @LocalServerPort
  int port;

  SandboxHttp http;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
    http.delete("/sandbox/shopify/rate-limit");
    RECEIVER.clear();
  }

  @AfterEach
  void resetBucket() {
    http.delete("/sandbox/shopify/rate-limit");
  }

  private SandboxHttp.Response admin(String pathAndQuery, String token) {
    String url = pathAndQuery.startsWith("http") ? pathAndQuery : "http://127.0.0.1:" + port + pathAndQuery;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      request.header("X-Shopify-Access-Token", token);
    }
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

  private static String link(SandboxHttp.Response response, String rel) {
    String header = response.header("Link");
    if (header == null) {
      return null;
    }
    Matcher matcher = LINK.matcher(header);
    while (matcher.find()) {
      if (matcher.group(2).equals(rel)) {
        return matcher.group(1);
      }
    }
    return null;
  }

  private static List<String> ids(SandboxHttp.Response response) {
    List<String> ids = new ArrayList<>();
    for (JsonNode order : response.json().get("orders")) {
      ids.add(order.get("id").asString());
    }
    return ids;
  }

  /** A time no order of an earlier test shares: the next whole second, once it has come. */
  private static Instant freshSecond() throws InterruptedException {
    Instant next = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), next).toMillis() + 20));
    return next;
  }

  private static String q(Instant time) {
    return URLEncoder.encode(time.toString(), StandardCharsets.UTF_8);
  }

  @Test
  void paginatesByPageInfoWithLinkHeadersAsShopifyBuildsThem() throws InterruptedException {
    Instant since = freshSecond();
    List<String> created = new ArrayList<>();
    for (JsonNode order : http.post("/sandbox/shopify/orders", "{\"count\": 5, \"concurrency\": 1}").json().get("orders")) {
      created.add(order.get("orderId").stringValue());
    }

    SandboxHttp.Response first = admin("/shopify/admin/api/2026-01/orders.json?status=any&created_at_min=" + q(since)
        + "&limit=2&order=created_at+asc", TOKEN);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.contentType()).startsWith("application/json");
    assertThat(first.header("X-Shopify-Shop-Api-Call-Limit")).matches("\\d+/40");
    assertThat(ids(first)).containsExactlyElementsOf(created.subList(0, 2));
    assertThat(link(first, "previous")).isNull();
    String next = link(first, "next");
    assertThat(next).matches("http://127\\.0\\.0\\.1:" + port
        + "/shopify/admin/api/2026-01/orders\\.json\\?limit=2&page_info=[A-Za-z0-9_-]+");

    SandboxHttp.Response second = admin(next, TOKEN);
    assertThat(ids(second)).containsExactlyElementsOf(created.subList(2, 4));
    assertThat(second.header("Link")).matches("<[^>]+>; rel=\"previous\", <[^>]+>; rel=\"next\"");
    SandboxHttp.Response third = admin(link(second, "next"), TOKEN);
    assertThat(ids(third)).containsExactlyElementsOf(created.subList(4, 5));
    assertThat(link(third, "next")).isNull();
    SandboxHttp.Response back = admin(link(third, "previous"), TOKEN);
    assertThat(ids(back)).containsExactlyElementsOf(created.subList(2, 4));
    assertThat(ids(admin(link(back, "previous"), TOKEN))).containsExactlyElementsOf(created.subList(0, 2));

    // the orders are the webhooks' REST shape, byte for byte
    JsonNode stored = http.get("/sandbox/shopify/orders/" + created.get(0)).json().get("order");
    assertThat(first.json().get("orders").get(0)).isEqualTo(stored);

    // with page_info only limit (and fields) may be sent; a made-up page_info is refused
    SandboxHttp.Response mixed = admin(next + "&status=any", TOKEN);
    assertThat(mixed.status()).isEqualTo(400);
    assertThat(mixed.json().get("errors").has("page_info")).isTrue();
    assertThat(admin("/shopify/admin/api/2026-01/orders.json?page_info=bm9wZQ", TOKEN).status()).isEqualTo(400);

    // newest first by default, open orders only, 50 per page
    SandboxHttp.Response defaults = admin("/shopify/admin/api/2026-01/orders.json?created_at_min=" + q(since), TOKEN);
    List<String> newestFirst = new ArrayList<>(created);
    java.util.Collections.reverse(newestFirst);
    assertThat(ids(defaults)).containsExactlyElementsOf(newestFirst);
  }

  @Test
  void aWrongOrMissingTokenIsShopifys401() {
    for (String token : new String[] {null, "shpat_wrong"}) {
      SandboxHttp.Response response = admin("/shopify/admin/api/2026-01/orders.json?status=any", token);
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.body()).isEqualTo(
          "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
      assertThat(response.header("X-Shopify-Shop-Api-Call-Limit")).matches("\\d+/40");
    }
    assertThat(admin("/shopify/admin/api/latest/orders.json", TOKEN).status()).isEqualTo(404);
  }

  @Test
  void aFullBucketIs429WithRetryAfterAndTheCallLimitHeader() {
    http.put("/sandbox/shopify/rate-limit", "{\"bucketSize\": 3, \"leakPerSecond\": 0.5, \"empty\": true}");
    List<String> limits = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SandboxHttp.Response response = admin("/shopify/admin/api/2026-01/orders.json?status=any&limit=1", TOKEN);
      assertThat(response.status()).isEqualTo(200);
      limits.add(response.header("X-Shopify-Shop-Api-Call-Limit"));
    }
    assertThat(limits).containsExactly("1/3", "2/3", "3/3");
    SandboxHttp.Response throttled = admin("/shopify/admin/api/2026-01/orders.json?status=any&limit=1", TOKEN);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("X-Shopify-Shop-Api-Call-Limit")).isEqualTo("3/3");
    assertThat(Double.parseDouble(throttled.header("Retry-After"))).isBetween(0.1, 2.1);
    assertThat(throttled.json().get("errors").stringValue()).startsWith("Exceeded 2 calls per second");
  }

  @Test
  void aChangeWithoutItsWebhookIsFoundThroughUpdatedAtMin() throws InterruptedException {
    JsonNode created = http.post("/sandbox/shopify/orders", "{\"count\": 1, \"skus\": [\"SKU-0070\"], \"quantity\": 1}")
        .json().get("orders").get(0);
    String id = created.get("orderId").stringValue();
    JsonNode order = http.get("/sandbox/shopify/orders/" + id).json().get("order");
    // the watermark: just after the order's own updated_at (Shopify's is a second after created_at)
    Instant watermark = OffsetDateTime.parse(order.get("updated_at").stringValue()).toInstant().plusSeconds(1);
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), watermark).toMillis() + 20));
    String sinceWatermark = "/shopify/admin/api/2026-01/orders.json?status=any&updated_at_min=" + q(watermark)
        + "&limit=250&order=updated_at+asc";
    assertThat(ids(admin(sinceWatermark, TOKEN))).doesNotContain(id);
    RECEIVER.clear();

    JsonNode change = http.post("/sandbox/shopify/orders/" + id + "/update",
        "{\"setQuantities\": [{\"lineItemId\": " + order.get("line_items").get(0).get("id").asLong()
            + ", \"quantity\": 2}], \"webhook\": \"skip\"}").json();
    assertThat(RECEIVER.all()).isEmpty();
    SandboxHttp.Response page = admin(sinceWatermark, TOKEN);
    assertThat(ids(page)).contains(id);
    JsonNode served = served(page, id);
    assertThat(served.get("line_items").get(0).get("quantity").intValue()).isEqualTo(2);
    assertThat(served.get("updated_at").stringValue()).isEqualTo(change.get("updatedAt").stringValue());
    assertThat(served.get("cancelled_at").isNull()).isTrue();

    JsonNode cancel = http.post("/sandbox/shopify/orders/" + id + "/cancel", "{\"webhook\": \"skip\"}").json();
    assertThat(RECEIVER.all()).isEmpty();
    JsonNode cancelled = served(admin(sinceWatermark, TOKEN), id);
    assertThat(cancelled.get("updated_at").stringValue()).isEqualTo(cancel.get("updatedAt").stringValue());
    assertThat(OffsetDateTime.parse(cancelled.get("updated_at").stringValue()))
        .isAfter(OffsetDateTime.parse(change.get("updatedAt").stringValue()));
    assertThat(cancelled.get("cancelled_at").isNull()).isFalse();

    // the status filter: open (the default) leaves the cancelled order out, cancelled finds it
    assertThat(ids(admin("/shopify/admin/api/2026-01/orders.json?limit=250&updated_at_min=" + q(watermark), TOKEN)))
        .doesNotContain(id);
    assertThat(ids(admin("/shopify/admin/api/2026-01/orders.json?status=cancelled&limit=250&updated_at_min="
        + q(watermark), TOKEN))).contains(id);
    // a watermark past the last change does not see it again
    Instant after = OffsetDateTime.parse(cancelled.get("updated_at").stringValue()).toInstant().plusSeconds(1);
    assertThat(ids(admin("/shopify/admin/api/2026-01/orders.json?status=any&limit=250&updated_at_min=" + q(after),
        TOKEN))).doesNotContain(id);
  }

  private static JsonNode served(SandboxHttp.Response page, String id) {
    for (JsonNode order : page.json().get("orders")) {
      if (order.get("id").asString().equals(id)) {
        return order;
      }
    }
    throw new AssertionError("order " + id + " not served");
  }
}
