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
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=sandbox")
class ItemsIT {

  @LocalServerPort
  int port;

  SandboxHttp http;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
  }

  @Test
  void itemMasterIsSeeded() {
    JsonNode item = http.get("/erp/items/SKU-0001").json();
    assertThat(item.get("sku").stringValue()).isEqualTo("SKU-0001");
    assertThat(item.get("active").booleanValue()).isTrue();
    assertThat(item.get("description").stringValue()).isNotBlank();
    assertThat(http.get("/erp/items/SKU-1000").status()).isEqualTo(200);
    SandboxHttp.Response unknown = http.get("/erp/items/SKU-1001");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
  }

  @Test
  void stockIsSeededPerLocation() {
    JsonNode stock = http.get("/erp/stock?sku=SKU-0001").json();
    assertThat(stock).hasSize(3);
    assertThat(stock.toString()).contains("\"location\":\"WH-EAST\"", "\"location\":\"WH-WEST\"",
        "\"location\":\"3PL-CENTRAL\"");
    for (JsonNode level : stock) {
      int expected = level.get("location").stringValue().equals("3PL-CENTRAL") ? 50 : 100;
      assertThat(level.get("onHand").intValue()).isEqualTo(expected);
      assertThat(level.get("sku").stringValue()).isEqualTo("SKU-0001");
    }
    JsonNode lastUnit = http.get("/erp/stock?sku=SKU-0995").json();
    assertThat(lastUnit).hasSize(1);
    assertThat(lastUnit.get(0).get("location").stringValue()).isEqualTo("WH-EAST");
    assertThat(lastUnit.get(0).get("onHand").intValue()).isEqualTo(1);
    assertThat(http.get("/erp/stock?sku=SKU-0990").json()).hasSize(3);
    assertThat(http.get("/erp/stock?sku=NOPE").json()).isEmpty();
    assertThat(http.get("/erp/stock").json()).hasSize(990 * 3 + 10);
  }
}
