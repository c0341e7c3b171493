package io.retailsync.sandbox.erp;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.sandbox.SandboxHttp;
import io.retailsync.testsupport.SyncIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.config.name=sandbox", "sandbox.erp.references=unique"})
class CreditMemosIT {

  @LocalServerPort
  int port;

  SandboxHttp http;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
  }

  static String memo(String orderId, String refundId, String sku) {
    return """
        {"externalReference": "shopify:%1$s:refund:%2$s", "salesOrderReference": "shopify:%1$s", "currency": "USD",
         "lines": [{"sku": "%3$s", "quantity": 1, "amount": "19.99", "tax": "1.60"}],
         "shippingAmount": "5.00", "total": "26.59", "reason": "customer return"}
        """.formatted(orderId, refundId, sku);
  }

  @Test
  void postsOnceAndLinksTheSalesOrder() {
    String orderId = SalesOrdersIT.newOrderId();
    JsonNode order = http.post("/erp/sales-orders", SalesOrdersIT.salesOrder(orderId, "SKU-0001", "1")).json();

    SandboxHttp.Response created = http.post("/erp/credit-memos", memo(orderId, "9001", "SKU-0001"));
    SandboxHttp.Response repeated = http.post("/erp/credit-memos", memo(orderId, "9001", "SKU-0001"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(repeated.status()).isEqualTo(200);
    JsonNode memo = created.json();
    assertThat(memo.get("documentNumber").stringValue()).matches("CM-\\d{6,}");
    assertThat(repeated.json().get("documentNumber")).isEqualTo(memo.get("documentNumber"));
    assertThat(memo.get("salesOrderDocumentNumber")).isEqualTo(order.get("documentNumber"));
    assertThat(memo.get("total").stringValue()).isEqualTo("26.59");
    assertThat(memo.get("lines").get(0).get("amount").stringValue()).isEqualTo("19.99");

    String reference = "shopify:" + orderId + ":refund:9001";
    assertThat(http.get("/erp/credit-memos?reference=" + reference).json()).hasSize(1);
    assertThat(http.get("/erp/credit-memos?salesOrderReference=shopify:" + orderId).json()).hasSize(1);
    assertThat(http.get("/sandbox/erp/stats").json().get("creditMemos").get(reference).longValue()).isEqualTo(2);
  }

  @Test
  void rejectsUnknownSkusAndBatchesPerDocument() {
    String orderId = SalesOrdersIT.newOrderId();
    SandboxHttp.Response unknown = http.post("/erp/credit-memos", memo(orderId, "1", "SKU-7777"));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().get("detail").stringValue()).contains("SKU-7777");

    String batch = "{\"documents\": [" + memo(orderId, "2", "SKU-0002") + "," + memo(orderId, "3", "SKU-7777") + "]}";
    JsonNode results = http.post("/erp/credit-memos/batch", batch).json().get("results");
    assertThat(results.get(0).get("outcome").stringValue()).isEqualTo("CREATED");
    assertThat(results.get(0).get("documentNumber").stringValue()).startsWith("CM-");
    assertThat(results.get(1).get("outcome").stringValue()).isEqualTo("REJECTED");
  }
}
