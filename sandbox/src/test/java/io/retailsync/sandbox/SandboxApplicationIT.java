package io.retailsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.testsupport.SyncIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=sandbox")
class SandboxApplicationIT {

  @LocalServerPort
  int port;

  SandboxHttp http;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
  }

  @Test
  void healthAndProbesAreUp() {
    assertThat(http.get("/actuator/health").json().get("status").stringValue()).isEqualTo("UP");
    assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
    assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
  }

  @Test
  void prometheusIsExposed() {
    http.get("/erp/items/SKU-0001");
    SandboxHttp.Response metrics = http.get("/actuator/prometheus");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("http_server_requests_seconds_bucket");
  }

  @Test
  void unknownPathsAndMethodsAreProblemDetails() {
    SandboxHttp.Response missing = http.get("/erp/nothing-here");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    SandboxHttp.Response method = http.delete("/erp/sales-orders");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.contentType()).startsWith("application/problem+json");
  }

  @Test
  void readsItsOwnConfigurationFile(@Autowired Environment environment) {
    assertThat(environment.getProperty("spring.flyway.default-schema")).isEqualTo("sandbox");
    assertThat(environment.getProperty("sandbox.shopify.shop-domain")).isEqualTo("sandbox-shop.myshopify.com");
  }
}
