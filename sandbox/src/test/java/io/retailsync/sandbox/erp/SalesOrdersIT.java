package io.retailsync.sandbox.erp;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.sandbox.SandboxHttp;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.config.name=sandbox", "sandbox.erp.references=unique"})
class SalesOrdersIT {

  @LocalServerPort
  int port;

  SandboxHttp http;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
  }

  static String newOrderId() {
    return Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()));
  }

  static String salesOrder(String orderId, String sku, String quantity) {
    return """
        {"externalReference": "shopify:%1$s", "channel": "shopify", "orderId": "%1$s",
         "orderDate": "2026-11-27T10:00:00-05:00", "currency": "USD",
         "lines": [{"lineId": "1", "sku": "%2$s", "quantity": %3$s, "unitPrice": "19.99",
                    "discount": "0.00", "tax": "3.20", "location": "WH-EAST"}],
         "shippingAmount": "5.00", "shippingTax": "0.00", "total": "48.18"}
        """.formatted(orderId, sku, quantity);
  }

  @Test
  void postsAndReadsASalesOrder() {
    String orderId = newOrderId();
    SandboxHttp.Response created = http.post("/erp/sales-orders", salesOrder(orderId, "SKU-0001", "2"));

    assertThat(created.status()).isEqualTo(201);
    JsonNode order = created.json();
    assertThat(order.get("documentNumber").stringValue()).matches("SO-\\d{6,}");
    assertThat(order.get("externalReference").stringValue()).isEqualTo("shopify:" + orderId);
    assertThat(order.get("status").stringValue()).isEqualTo("OPEN");
    assertThat(order.get("orderDate").stringValue()).isEqualTo("2026-11-27T15:00:00Z");
    assertThat(order.get("total").isString()).isTrue();
    assertThat(order.get("total").stringValue()).isEqualTo("48.18");
    assertThat(order.get("shippingAmount").stringValue()).isEqualTo("5.00");
    JsonNode line = order.get("lines").get(0);
    assertThat(line.get("sku").stringValue()).isEqualTo("SKU-0001");
    assertThat(line.get("quantity").intValue()).isEqualTo(2);
    assertThat(line.get("unitPrice").stringValue()).isEqualTo("19.99");
    assertThat(line.get("discount").stringValue()).isEqualTo("0.00");
    assertThat(line.get("tax").stringValue()).isEqualTo("3.20");
    assertThat(line.get("currency").stringValue()).isEqualTo("USD");
    assertThat(line.get("location").stringValue()).isEqualTo("WH-EAST");

    JsonNode byOrder = http.get("/erp/sales-orders?channel=shopify&orderId=" + orderId).json();
    assertThat(byOrder).hasSize(1);
    assertThat(byOrder.get(0).get("documentNumber")).isEqualTo(order.get("documentNumber"));
    JsonNode byReference = http.get("/erp/sales-orders?externalReference=shopify:" + orderId).json();
    assertThat(byReference).hasSize(1);
    assertThat(http.get("/erp/sales-orders?externalReference=shopify:nope-" + orderId).json()).isEmpty();
    assertThat(http.get("/erp/sales-orders?channel=shopify").json().size()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void computesTheTotalWhenNotGiven() {
    String orderId = newOrderId();
    String body = """
        {"externalReference": "regional:%1$s", "channel": "regional", "orderId": "%1$s",
         "orderDate": "2026-11-27T10:00:00Z", "currency": "EUR",
         "lines": [{"sku": "SKU-0002", "quantity": 3, "unitPrice": "10.10", "discount": "1.30", "tax": "5.50"}],
         "shippingAmount": "4.90"}
        """.formatted(orderId);
    JsonNode order = http.post("/erp/sales-orders", body).json();
    assertThat(order.get("total").stringValue()).isEqualTo("39.40");
    assertThat(order.get("shippingTax").stringValue()).isEqualTo("0.00");
    assertThat(order.get("lines").get(0).get("lineId").stringValue()).isEqualTo("1");
    assertThat(order.get("lines").get(0).get("location").isNull()).isTrue();
  }

  @Test
  void aRepeatedPostReturnsTheExistingOrder() {
    String orderId = newOrderId();
    SandboxHttp.Response first = http.post("/erp/sales-orders", salesOrder(orderId, "SKU-0001", "2"));
    SandboxHttp.Response second = http.post("/erp/sales-orders", salesOrder(orderId, "SKU-0002", "5"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("documentNumber")).isEqualTo(first.json().get("documentNumber"));
    assertThat(second.json().get("lines").get(0).get("sku").stringValue()).isEqualTo("SKU-0001");
    assertThat(stats("salesOrders", "shopify:" + orderId)).isEqualTo(2);
  }

  @Test
  void concurrentPostsOfOneNewReferenceCreateExactlyOneDocument() throws Exception {
    String orderId = newOrderId();
    CyclicBarrier start = new CyclicBarrier(4);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<SandboxHttp.Response>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return http.post("/erp/sales-orders", salesOrder(orderId, "SKU-0003", "1"));
        }));
      }
      List<SandboxHttp.Response> responses = new ArrayList<>();
      for (Future<SandboxHttp.Response> future : futures) {
        responses.add(future.get());
      }
      assertThat(responses).extracting(SandboxHttp.Response::status).containsOnly(200, 201);
      assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
      assertThat(responses).extracting(r -> r.json().get("documentNumber").stringValue()).containsOnly(
          responses.get(0).json().get("documentNumber").stringValue());
    } finally {
      pool.shutdownNow();
    }
    assertThat(http.get("/erp/sales-orders?channel=shopify&orderId=" + orderId).json()).hasSize(1);
    assertThat(stats("salesOrders", "shopify:" + orderId)).isEqualTo(4);
  }

  @Test
  void refusesInvalidDocumentsWith422AndUnparseableJsonWith400() {
    assertRejected(salesOrder(newOrderId(), "SKU-9999", "1"), "unknown SKU SKU-9999");
    assertRejected(salesOrder(newOrderId(), "SKU-0001", "0"), "quantity must be positive");
    assertRejected(salesOrder(newOrderId(), "SKU-0001", "2.5"), "quantity");
    assertRejected(salesOrder(newOrderId(), "SKU-0001", "1").replace("\"currency\": \"USD\",", ""),
        "currency is missing");
    assertRejected(salesOrder(newOrderId(), "SKU-0001", "1").replace("\"19.99\"", "\"19.999\""),
        "more decimals");
    assertRejected(salesOrder(newOrderId(), "SKU-0001", "1").replace("WH-EAST", "WH-MOON"), "unknown location");
    assertRejected("[1, 2]", "JSON object");
    assertRejected("{\"externalReference\": \"x\", \"lines\": \"none\"}", "lines");

    SandboxHttp.Response malformed = http.post("/erp/sales-orders", "{\"externalReference\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.contentType()).startsWith("application/problem+json");
  }

  @Test
  void aBatchRejectsOneDocumentWithoutFailingTheOthers() {
    String good = newOrderId();
    String bad = newOrderId();
    String batch = "{\"documents\": [" + salesOrder(good, "SKU-0004", "1") + ","
        + salesOrder(bad, "SKU-4040", "1") + "," + salesOrder(good, "SKU-0004", "1") + ", 42]}";

    SandboxHttp.Response response = http.post("/erp/sales-orders/batch", batch);

    assertThat(response.status()).isEqualTo(200);
    JsonNode results = response.json().get("results");
    assertThat(results).hasSize(4);
    assertThat(results.get(0).get("outcome").stringValue()).isEqualTo("CREATED");
    assertThat(results.get(0).get("externalReference").stringValue()).isEqualTo("shopify:" + good);
    assertThat(results.get(0).get("documentNumber").stringValue()).startsWith("SO-");
    assertThat(results.get(1).get("outcome").stringValue()).isEqualTo("REJECTED");
    assertThat(results.get(1).get("externalReference").stringValue()).isEqualTo("shopify:" + bad);
    assertThat(results.get(1).get("error").stringValue()).contains("SKU-4040");
    assertThat(results.get(1).get("documentNumber").isNull()).isTrue();
    assertThat(results.get(2).get("outcome").stringValue()).isEqualTo("EXISTING");
    assertThat(results.get(2).get("documentNumber")).isEqualTo(results.get(0).get("documentNumber"));
    assertThat(results.get(3).get("outcome").stringValue()).isEqualTo("REJECTED");
    assertThat(http.get("/erp/sales-orders?externalReference=shopify:" + bad).json()).isEmpty();
    assertThat(http.post("/erp/sales-orders/batch", "{}").status()).isEqualTo(422);
  }

  @Test
  void cancelIsRepeatSafe() {
    String orderId = newOrderId();
    http.post("/erp/sales-orders", salesOrder(orderId, "SKU-0005", "1"));
    String cancel = "{\"externalReference\": \"shopify:" + orderId + "\", \"reason\": \"customer\"}";

    SandboxHttp.Response first = http.post("/erp/sales-orders/cancel", cancel);
    SandboxHttp.Response again = http.post("/erp/sales-orders/cancel", cancel);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("status").stringValue()).isEqualTo("CANCELLED");
    assertThat(first.json().get("cancelReason").stringValue()).isEqualTo("customer");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("status").stringValue()).isEqualTo("CANCELLED");
    assertThat(http.get("/erp/sales-orders?channel=shopify&orderId=" + orderId).json().get(0).get("status")
        .stringValue()).isEqualTo("CANCELLED");
    SandboxHttp.Response unknown = http.post("/erp/sales-orders/cancel",
        "{\"externalReference\": \"shopify:unknown-" + orderId + "\"}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
  }

  @Test
  void listingNeedsAChannelOrReference() {
    assertThat(http.get("/erp/sales-orders").status()).isEqualTo(400);
  }

  private void assertRejected(String body, String detail) {
    SandboxHttp.Response response = http.post("/erp/sales-orders", body);
    assertThat(response.status()).as(body).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("detail").stringValue()).contains(detail);
  }

  private long stats(String kind, String reference) {
    JsonNode count = http.get("/sandbox/erp/stats").json().get(kind).get(reference);
    return count == null ? 0 : count.longValue();
  }
}
