package io.retailsync.connectors.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WalmartPropertiesTest {

  private static WalmartProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values)).bind("sync.walmart", WalmartProperties.class).get();
  }

  @Test
  void defaultsAreWalmartsPublishedValues() {
    WalmartProperties properties = bind(Map.of("sync.walmart.base-url", "https://marketplace.walmartapis.com",
        "sync.walmart.client-id", "id", "sync.walmart.client-secret", "secret"));

    assertThat(properties.baseUrl()).isEqualTo(URI.create("https://marketplace.walmartapis.com"));
    assertThat(properties.serviceName()).isEqualTo("Walmart Marketplace");
    assertThat(properties.channelType()).isNull();
    assertThat(properties.pollInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(properties.initialLookback()).isEqualTo(Duration.ofDays(1));
    assertThat(properties.overlap()).isEqualTo(Duration.ofMinutes(2));
    assertThat(properties.pageSize()).isEqualTo(100);
    assertThat(properties.createdLookback()).isEqualTo(Duration.ofDays(180));
    assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.marketplaceCollectsTax()).isTrue();
    assertThat(properties.rateLimits().getOrders().perSecond()).isEqualTo(5000d / 60);
    assertThat(properties.rateLimits().getOrders().burst()).isEqualTo(5000);
    assertThat(properties.rateLimits().acknowledge().perSecond()).isEqualTo(1d);
    assertThat(properties.rateLimits().acknowledge().burst()).isEqualTo(60);
    assertThat(properties.toString()).doesNotContain("secret");
  }

  @Test
  void everyValueCanBeSet() {
    WalmartProperties properties = bind(Map.of("sync.walmart.base-url", "http://127.0.0.1:8090/walmart",
        "sync.walmart.poll-interval", "5s", "sync.walmart.page-size", "200", "sync.walmart.channel-type", "abc",
        "sync.walmart.rate-limits.acknowledge.per-second", "0.5", "sync.walmart.rate-limits.get-orders.burst", "10",
        "sync.walmart.marketplace-collects-tax", "false"));

    assertThat(properties.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(properties.pageSize()).isEqualTo(200);
    assertThat(properties.channelType()).isEqualTo("abc");
    assertThat(properties.rateLimits().acknowledge().perSecond()).isEqualTo(0.5);
    assertThat(properties.rateLimits().acknowledge().burst()).isEqualTo(60);
    assertThat(properties.rateLimits().getOrders().burst()).isEqualTo(10);
    assertThat(properties.rateLimits().getOrders().perSecond()).isEqualTo(5000d / 60);
    assertThat(properties.marketplaceCollectsTax()).isFalse();
  }

  @Test
  void aPageLargerThanWalmartAllowsIsRefused() {
    assertThatThrownBy(() -> bind(Map.of("sync.walmart.base-url", "http://x", "sync.walmart.page-size", "500")))
        .hasRootCauseMessage("sync.walmart.page-size must be between 1 and 200, got 500");
  }
}
