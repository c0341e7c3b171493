package io.retailsync.connectors.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.connectors.polling.OrderFeed;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

class EbayConnectorConfigurationTest {

  @Test
  void theFeedIsCreatedWithTheBoundSettingsWhenTheBaseUrlIsSet() {
    try (AnnotationConfigApplicationContext context = context(Map.of(
        "sync.order-feeds.enabled", "true", "sync.ebay.base-url", "http://127.0.0.1:8090/ebay",
        "sync.ebay.token-url", "http://127.0.0.1:8090/ebay/identity/v1/oauth2/token",
        "sync.ebay.client-id", "id", "sync.ebay.client-secret", "secret",
        "sync.ebay.poll-interval", "5s", "sync.ebay.get-orders.per-second", "0.5", "sync.ebay.get-orders.burst", "3"))) {
      OrderFeed feed = context.getBean("ebayOrderFeed", OrderFeed.class);
      assertThat(feed.channel()).isEqualTo("ebay");
      assertThat(feed.account()).isEqualTo("ebay");
      assertThat(feed.pollInterval()).isEqualTo(Duration.ofSeconds(5));
      assertThat(feed.overlap()).isEqualTo(Duration.ofMinutes(2));
      assertThat(feed.initialLookback()).isEqualTo(Duration.ofDays(1));
      EbayProperties properties = context.getBean(EbayProperties.class);
      assertThat(properties.getOrders()).isEqualTo(new EbayProperties.RateLimit(0.5, 3));
      assertThat(properties.pageSize()).isEqualTo(200);
      assertThat(properties.scopes()).isEqualTo(EbayProperties.DEFAULT_SCOPE);
      assertThat(properties.maxThrottleWait()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void aServiceThatTakesNoOrdersInHasNoFeedEvenWithTheBaseUrlSet() {
    try (AnnotationConfigApplicationContext context = context(Map.of(
        "sync.ebay.base-url", "http://127.0.0.1:8090/ebay", "sync.ebay.token-url", "http://127.0.0.1:8090/ebay/t"))) {
      assertThat(context.containsBean("ebayOrderFeed")).isFalse();
    }
  }

  @Test
  void noFeedWithoutABaseUrl() {
    try (AnnotationConfigApplicationContext context = context(Map.of())) {
      assertThat(context.containsBean("ebayOrderFeed")).isFalse();
      assertThat(context.getBean(EbayProperties.class).getOrders()).isEqualTo(new EbayProperties.RateLimit(1.0, 10));
    }
  }

  private static AnnotationConfigApplicationContext context(Map<String, Object> properties) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
    context.register(EbayConnectorConfiguration.class);
    context.refresh();
    return context;
  }
}
