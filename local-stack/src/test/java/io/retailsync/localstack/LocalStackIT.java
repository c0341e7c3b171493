package io.retailsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack in this JVM, on the brief's fixed ports (so nothing else may be listening on them):
 * start, every health UP, the orders scenario end to end, the last unit sold on Shopify showing zero on every
 * channel, then a restart on the same data directory (the
 * ERP's sales orders are still there) and one with {@code --reset} (they are gone).
 */
class LocalStackIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dataDir;

  @Test
  void startsEverythingRunsTheOrdersScenarioAndKeepsItsDataUntilReset() throws Exception {
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    try (LocalStack stack = new LocalStack(LocalStackOptions.parse("--data-dir=" + dataDir, "--orders=10"))) {
      stack.start();
      for (int port : List.of(8090, 8081, 8082, 8083, 8084)) {
        HttpResponse<String> health = get(port, "/actuator/health");
        assertThat(health.statusCode()).as("health on %d", port).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
      }
      int exitCode = stack.runOrdersScenario(new PrintStream(report, true, StandardCharsets.UTF_8));
      assertThat(report.toString(StandardCharsets.UTF_8)).contains("OK - exactly 10 sales orders")
          .contains("duplicates suppressed:    10").contains("end-to-end latency:       p50=");
      assertThat(exitCode).isZero();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        for (int port : List.of(8082, 8083, 8084)) {
          assertThat(get(port, "/actuator/prometheus").body()).as("events seen on %d", port).contains(
              "sync_events_consumed_total{outcome=\"new\",topic=\"retail.orders.v1\",type=\"OrderCreated\"} 10.0");
        }
      });
      theLastUnitSoldOnShopifyShowsZeroOnEveryChannel();
      // the scenario's ten and the last unit's order
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(salesOrderCount()).isEqualTo(11));
    }

    try (LocalStack again = new LocalStack(LocalStackOptions.parse("--data-dir=" + dataDir))) {
      again.start();
      assertThat(salesOrderCount()).isEqualTo(11);
    }

    try (LocalStack reset = new LocalStack(LocalStackOptions.parse("--data-dir=" + dataDir, "--reset"))) {
      reset.start();
      assertThat(salesOrderCount()).isZero();
    }
  }

  /**
   * End to end: a SKU counted down to one unit shows 1 on every channel; a Shopify order for it (a signed
   * webhook from the sandbox, through ingestion and the backbone) makes every channel show 0.
   */
  private void theLastUnitSoldOnShopifyShowsZeroOnEveryChannel() throws Exception {
    var json = tools.jackson.databind.json.JsonMapper.builder().build();
    String sku = null;
    for (int n = 900; n < 1000 && sku == null; n++) {
      String candidate = String.format("SKU-%04d", n);
      HttpResponse<String> position = get(8082, "/api/inventory/" + candidate, "local-ops-token");
      if (position.statusCode() == 200 && json.readTree(position.body()).get("locations").valueStream()
          .allMatch(location -> location.get("reserved").asInt() == 0)) {
        sku = candidate;
      }
    }
    assertThat(sku).as("a seeded SKU no order holds").isNotNull();
    java.time.Instant now = java.time.Instant.now();
    for (String location : List.of("WH-EAST", "WH-WEST", "3PL-CENTRAL")) {
      HttpResponse<String> counted = post(8082, "/api/inventory/snapshots", "local-ingest-token", """
          {"snapshotId": "it-last-unit-%s-%s", "location": "%s", "takenAt": "%s", "items": [{"sku": "%s", "onHand": %d}]}"""
          .formatted(location, now.toEpochMilli(), location, now, sku, location.equals("WH-EAST") ? 1 : 0));
      assertThat(counted.statusCode()).as(counted.body()).isEqualTo(202);
    }
    String lastUnit = sku;
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      for (String channel : List.of("shopify", "amazon", "walmart", "ebay")) {
        assertThat(shown(channel, lastUnit)).as(channel).isEqualTo(1);
      }
    });
    HttpResponse<String> sold = post(8090, "/sandbox/shopify/orders", null,
        "{\"count\": 1, \"skus\": [\"" + sku + "\"], \"quantity\": 1}");
    assertThat(sold.statusCode()).as(sold.body()).isBetween(200, 299);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      for (String channel : List.of("shopify", "amazon", "walmart", "ebay")) {
        assertThat(shown(channel, lastUnit)).as(channel).isZero();
      }
    });
    // and the projection says so for every channel, the generic one included
    json.readTree(get(8082, "/api/inventory/" + sku, "local-ops-token").body()).get("atpByChannel").properties()
        .forEach(atp -> assertThat(atp.getValue().asInt()).as(atp.getKey()).isZero());
  }

  private int shown(String channel, String sku) throws Exception {
    HttpResponse<String> level = get(8090, "/sandbox/channels/" + channel + "/inventory?sku=" + sku);
    return level.statusCode() == 404 ? -1
        : tools.jackson.databind.json.JsonMapper.builder().build().readTree(level.body()).get("quantity").asInt();
  }

  private HttpResponse<String> get(int port, String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(int port, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int salesOrderCount() throws Exception {
    String body = get(8090, "/erp/sales-orders?channel=shopify").body();
    return tools.jackson.databind.json.JsonMapper.builder().build().readTree(body).size();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
