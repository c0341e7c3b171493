package io.retailsync.connectors.amazon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class AmazonPropertiesTest {

  @Test
  void bindsThePropertyNamesAndEnvironmentFormsWithDefaults() {
    AmazonProperties bound = bind(Map.of(
        "sync.amazon.base-url", "http://127.0.0.1:8090/amazon",
        "sync.amazon.lwa-token-url", "http://127.0.0.1:8090/amazon/auth/o2/token",
        "sync.amazon.marketplace-ids", "ATVPDKIKX0DER,A2EUQ1WTGCTBG2",
        "sync.amazon.client-id", "amzn1.application-oa2-client.sandbox",
        "sync.amazon.client-secret", "sandbox-amazon-client-secret",
        "sync.amazon.refresh-token", "Atzr|sandbox-amazon-refresh-token",
        "sync.amazon.poll-interval", "5s",
        "sync.amazon.rate-limits.get-orders.rate", "2",
        "sync.amazon.rate-limits.get-order-items.burst", "40"));

    assertThat(bound.check()).isSameAs(bound);
    assertThat(bound.marketplaceIds()).containsExactly("ATVPDKIKX0DER", "A2EUQ1WTGCTBG2");
    assertThat(bound.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(bound.initialLookback()).isEqualTo(Duration.ofDays(1));
    assertThat(bound.overlap()).isEqualTo(Duration.ofMinutes(2));
    assertThat(bound.pageSize()).isEqualTo(100);
    assertThat(bound.maxThrottleWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(bound.rateLimits().getOrders()).isEqualTo(new AmazonProperties.Operation(2.0, 20));
    assertThat(bound.rateLimits().getOrderItems()).isEqualTo(new AmazonProperties.Operation(0.5, 40));
    assertThat(bound.toString()).doesNotContain("sandbox-amazon-client-secret", "sandbox-amazon-refresh-token");
  }

  @Test
  void anUnconfiguredAccountStillBinds() {
    AmazonProperties bound = bind(Map.of("sync.amazon.poll-interval", "1m"));
    assertThat(bound.baseUrl()).isNull();
    assertThat(bound.lwaTokenUrl()).hasToString(AmazonProperties.LWA_TOKEN_URL);
    assertThat(bound.rateLimits().getOrders()).isEqualTo(AmazonProperties.RateLimits.GET_ORDERS);
  }

  private static AmazonProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("sync.amazon",
        AmazonProperties.class);
  }
}
