package io.retailsync.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErpPropertiesTest {

  private static final URI SANDBOX = URI.create("http://127.0.0.1:8090/erp");

  @Test
  void defaultsMatchTheDocumentedOnes() {
    ErpProperties properties = ErpProperties.defaults(SANDBOX);

    assertThat(properties.rateLimitPerSecond()).isEqualTo(20);
    assertThat(properties.batchSize()).isEqualTo(20);
    assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(properties.maxAttempts()).isEqualTo(4);
    assertThat(properties.initialBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(properties.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(properties.circuitBreaker()).isEqualTo(new ErpProperties.CircuitBreakerProperties(50, 20,
        Duration.ofSeconds(10)));
  }

  @Test
  void dropsATrailingSlashFromTheBaseUrl() {
    assertThat(ErpProperties.defaults(URI.create("http://127.0.0.1:8090/erp/")).baseUrl()).isEqualTo(SANDBOX);
  }

  @Test
  void refusesNonsense() {
    ErpProperties valid = ErpProperties.defaults(SANDBOX);
    assertThatThrownBy(() -> ErpProperties.defaults(null)).hasMessageContaining("base-url");
    assertThatThrownBy(() -> ErpProperties.defaults(URI.create("/erp"))).hasMessageContaining("base-url");
    assertThatThrownBy(() -> new ErpProperties(SANDBOX, 0, valid.rateLimitTimeout(), 20, valid.connectTimeout(),
        valid.readTimeout(), 4, valid.initialBackoff(), valid.maxBackoff(), valid.maxRetryAfter(), null))
        .hasMessageContaining("rate-limit-per-second");
    assertThatThrownBy(() -> new ErpProperties(SANDBOX, 20, valid.rateLimitTimeout(), 0, valid.connectTimeout(),
        valid.readTimeout(), 4, valid.initialBackoff(), valid.maxBackoff(), valid.maxRetryAfter(), null))
        .hasMessageContaining("batch-size");
    assertThatThrownBy(() -> new ErpProperties(SANDBOX, 20, valid.rateLimitTimeout(), 20, valid.connectTimeout(),
        valid.readTimeout(), 4, Duration.ofSeconds(10), Duration.ofSeconds(1), valid.maxRetryAfter(), null))
        .hasMessageContaining("max-backoff");
    assertThatThrownBy(() -> new ErpProperties.CircuitBreakerProperties(0, 20, Duration.ofSeconds(1)))
        .hasMessageContaining("failure-rate-threshold");
  }
}
