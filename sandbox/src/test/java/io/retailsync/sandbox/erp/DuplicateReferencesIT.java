package io.retailsync.sandbox.erp;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.sandbox.SandboxHttp;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox ERP's default: like Odoo's {@code client_order_ref}, a reference is not unique, so a second
 * post creates a second document. Whatever exactly-once a test sees is then the middleware's own.
 */
@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=sandbox")
class DuplicateReferencesIT {

  @LocalServerPort
  int port;

  SandboxHttp http;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
    assertThat(http.get("/sandbox/erp/references").json().get("mode").stringValue()).isEqualTo("duplicates");
  }

  @Test
  void aSecondPostOfASalesOrderReferenceCreatesASecondDocument() {
    String orderId = SalesOrdersIT.newOrderId();
    SandboxHttp.Response first = http.post("/erp/sales-orders", SalesOrdersIT.salesOrder(orderId, "SKU-0001", "1"));
    SandboxHttp.Response second = http.post("/erp/sales-orders/batch",
        "{\"documents\": [" + SalesOrdersIT.salesOrder(orderId, "SKU-0001", "1") + "]}");

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.json().get("results").get(0).get("outcome").stringValue()).isEqualTo("CREATED");
    JsonNode held = http.get("/erp/sales-orders?channel=shopify&orderId=" + orderId).json();
    assertThat(held).hasSize(2);
    assertThat(held.get(0).get("documentNumber")).isNotEqualTo(held.get(1).get("documentNumber"));
    assertThat(http.get("/erp/sales-orders?externalReference=shopify:" + orderId).json()).hasSize(2);
    assertThat(http.get("/sandbox/erp/stats").json().get("salesOrders").get("shopify:" + orderId).longValue())
        .isEqualTo(2);
  }

  @Test
  void creditMemosAndJournalEntriesRepeatToo() {
    String reference = "shopify:" + SalesOrdersIT.newOrderId() + ":refund:1";
    String memo = """
        {"externalReference": "%s", "currency": "USD",
         "lines": [{"sku": "SKU-0002", "quantity": 1, "amount": "10.00", "tax": "0.80"}]}
        """.formatted(reference);
    assertThat(http.post("/erp/credit-memos", memo).status()).isEqualTo(201);
    assertThat(http.post("/erp/credit-memos", memo).status()).isEqualTo(201);
    assertThat(http.get("/erp/credit-memos?reference=" + reference).json()).hasSize(2);

    String journal = "ebay:settlement:" + UUID.randomUUID();
    String entry = """
        {"reference": "%s", "postingDate": "2026-11-27",
         "lines": [{"account": "1200", "debit": "5.00", "currency": "USD"},
                   {"account": "4000", "credit": "5.00", "currency": "USD"}]}
        """.formatted(journal);
    assertThat(http.post("/erp/journal-entries", entry).status()).isEqualTo(201);
    assertThat(http.post("/erp/journal-entries", entry).status()).isEqualTo(201);
    assertThat(http.get("/erp/journal-entries?reference=" + journal).json()).hasSize(2);
    assertThat(http.get("/erp/journal-entries?reference=ebay:settlement:").json().size()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void theModeCanBeSwitchedAtRunTimeAndRefusesNonsense() {
    try {
      assertThat(http.put("/sandbox/erp/references", "{\"mode\": \"unique\"}").json().get("mode").stringValue())
          .isEqualTo("unique");
      String orderId = SalesOrdersIT.newOrderId();
      assertThat(http.post("/erp/sales-orders", SalesOrdersIT.salesOrder(orderId, "SKU-0003", "1")).status())
          .isEqualTo(201);
      assertThat(http.post("/erp/sales-orders", SalesOrdersIT.salesOrder(orderId, "SKU-0003", "1")).status())
          .isEqualTo(200);
      assertThat(http.get("/erp/sales-orders?channel=shopify&orderId=" + orderId).json()).hasSize(1);
      assertThat(http.put("/sandbox/erp/references", "{\"mode\": \"sometimes\"}").status()).isEqualTo(422);
    } finally {
      http.put("/sandbox/erp/references", "{\"mode\": \"duplicates\"}");
    }
  }
}
