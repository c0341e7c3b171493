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
 * start, every health UP, the orders scenario end to end, then a restart on the same data directory (the
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
    }

    try (LocalStack again = new LocalStack(LocalStackOptions.parse("--data-dir=" + dataDir))) {
      again.start();
      assertThat(salesOrderCount()).isEqualTo(10);
    }

    try (LocalStack reset = new LocalStack(LocalStackOptions.parse("--data-dir=" + dataDir, "--reset"))) {
      reset.start();
      assertThat(salesOrderCount()).isZero();
    }
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
