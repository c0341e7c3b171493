package io.retailsync.sandbox.erp.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.sandbox.SandboxHttp;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=sandbox")
class ErpFaultsIT {

  @LocalServerPort
  int port;

  SandboxHttp http;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
  }

  @AfterEach
  void clearFaults() {
    assertThat(http.delete("/sandbox/erp/faults").status()).isEqualTo(204);
  }

  static String order(String orderId) {
    return """
        {"externalReference": "shopify:%1$s", "channel": "shopify", "orderId": "%1$s",
         "orderDate": "2026-11-27T10:00:00Z", "currency": "USD",
         "lines": [{"sku": "SKU-0010", "quantity": 1, "unitPrice": "9.99"}]}
        """.formatted(orderId);
  }

  @Test
  void rateLimitAnswers429WithRetryAfter() {
    http.put("/sandbox/erp/faults", "{\"rateLimitPerSecond\": 1}");

    SandboxHttp.Response first = http.get("/erp/items/SKU-0001");
    SandboxHttp.Response second = http.get("/erp/items/SKU-0001");

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.header("Retry-After")).matches("[1-9]\\d*");
    assertThat(second.contentType()).startsWith("application/problem+json");
    assertThat(second.json().get("status").intValue()).isEqualTo(429);
    // The control API is never limited.
    assertThat(http.get("/sandbox/erp/faults").status()).isEqualTo(200);
  }

  @Test
  void failureRateAnswers503BeforeProcessing() {
    String orderId = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()));
    http.put("/sandbox/erp/faults", "{\"failureRate\": 1}");

    SandboxHttp.Response response = http.post("/erp/sales-orders", order(orderId));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.contentType()).startsWith("application/problem+json");
    http.delete("/sandbox/erp/faults");
    assertThat(http.get("/erp/sales-orders?externalReference=shopify:" + orderId).json()).isEmpty();
    assertThat(http.get("/sandbox/erp/stats?reference=shopify:" + orderId).json().get("salesOrders")).isEmpty();
  }

  @Test
  void commitThenFailStoresTheDocumentAndAnswers500() {
    String orderId = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()));
    http.put("/sandbox/erp/faults", "{\"commitThenFailRate\": 1}");

    SandboxHttp.Response response = http.post("/erp/sales-orders", order(orderId));

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.body()).doesNotContain("documentNumber");
    // Reads still answer under commit-then-fail: it only hits writes.
    JsonNode stored = http.get("/erp/sales-orders?externalReference=shopify:" + orderId).json();
    assertThat(stored).hasSize(1);
    http.delete("/sandbox/erp/faults");
    // like a real ERP that does not keep references unique, a blind retry stores the order a second time
    SandboxHttp.Response retry = http.post("/erp/sales-orders", order(orderId));
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.json().get("documentNumber")).isNotEqualTo(stored.get(0).get("documentNumber"));
    assertThat(http.get("/erp/sales-orders?externalReference=shopify:" + orderId).json()).hasSize(2);
    assertThat(http.get("/sandbox/erp/stats?reference=shopify:" + orderId).json().get("salesOrders")
        .get("shopify:" + orderId).longValue()).isEqualTo(2);
  }

  @Test
  void latencyDelaysEveryErpCall() {
    http.put("/sandbox/erp/faults", "{\"latencyMs\": 300}");
    long started = System.nanoTime();
    assertThat(http.get("/erp/items/SKU-0001").status()).isEqualTo(200);
    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
  }

  @Test
  void faultsCanBeReadReplacedAndCleared() {
    SandboxHttp.Response put = http.put("/sandbox/erp/faults",
        "{\"latencyMs\": 5, \"rateLimitPerSecond\": 100, \"failureRate\": 0.25, \"commitThenFailRate\": 0.1}");
    assertThat(put.status()).isEqualTo(200);
    JsonNode faults = http.get("/sandbox/erp/faults").json();
    assertThat(faults.get("latencyMs").longValue()).isEqualTo(5);
    assertThat(faults.get("rateLimitPerSecond").decimalValue()).isEqualByComparingTo("100");
    assertThat(faults.get("failureRate").decimalValue()).isEqualByComparingTo("0.25");
    assertThat(faults.get("commitThenFailRate").decimalValue()).isEqualByComparingTo("0.1");

    http.put("/sandbox/erp/faults", "{\"latencyMs\": 7}");
    faults = http.get("/sandbox/erp/faults").json();
    assertThat(faults.get("latencyMs").longValue()).isEqualTo(7);
    assertThat(faults.get("failureRate").decimalValue()).isEqualByComparingTo("0");

    assertThat(http.delete("/sandbox/erp/faults").status()).isEqualTo(204);
    assertThat(http.get("/sandbox/erp/faults").json().get("latencyMs").longValue()).isZero();
  }

  @Test
  void invalidFaultsAreRefused() {
    SandboxHttp.Response response = http.put("/sandbox/erp/faults", "{\"failureRate\": 2}");
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(http.put("/sandbox/erp/faults", "{\"failureRate\": \"lots\"}").status()).isEqualTo(400);
    assertThat(http.get("/sandbox/erp/faults").json().get("failureRate").decimalValue()).isEqualByComparingTo("0");
  }
}
