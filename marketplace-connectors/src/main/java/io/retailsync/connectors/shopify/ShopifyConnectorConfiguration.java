package io.retailsync.connectors.shopify;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailsync.connectors.http.MarketplaceCallMetrics;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import io.retailsync.connectors.polling.OrderFeed;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import io.retailsync.connectors.inventory.ChannelInventoryPort;

/**
 * The Shopify reconcile poll's beans, created when {@code sync.shopify.admin-base-url} is set: one
 * {@link ShopifyReconcileFeed} per shop with an {@code admin-token}, held by {@link ShopifyReconcileFeeds}.
 */
@AutoConfiguration
@EnableConfigurationProperties(ShopifyProperties.class)
public class ShopifyConnectorConfiguration {

  @Bean
  @ConditionalOnProperty(prefix = "sync.shopify", name = "admin-base-url")
  // only the service that takes orders in polls them; the others use the same base URL for other calls
  @ConditionalOnBooleanProperty(OrderFeed.ENABLED_PROPERTY)
  ShopifyReconcileFeeds shopifyReconcileFeeds(ShopifyProperties properties, ObjectProvider<MeterRegistry> registry,
      ObjectProvider<Clock> clock) {
    MarketplaceCallMetrics metrics = new MarketplaceCallMetrics(registry.getIfAvailable(SimpleMeterRegistry::new),
        ShopifyOrderMapper.CHANNEL, ShopifyAdminClient.operations());
    Clock time = clock.getIfAvailable(Clock::systemUTC);
    List<ShopifyReconcileFeed> feeds = properties.shops().stream()
        .filter(ShopifyProperties.Shop::hasAdminToken)
        .map(shop -> new ShopifyReconcileFeed(new ShopifyAdminClient(properties, shop, metrics, time), properties))
        .toList();
    return new ShopifyReconcileFeeds(feeds);
  }

  /**
   * The Shopify inventory push over every shop with an {@code admin-token}, in every service with
   * {@code sync.shopify.admin-base-url} unless {@code sync.inventory-push.enabled} is false.
   */
  @Bean
  @ConditionalOnProperty(prefix = "sync.shopify", name = "admin-base-url")
  @ConditionalOnBooleanProperty(name = ChannelInventoryPort.ENABLED_PROPERTY, matchIfMissing = true)
  ShopifyInventoryClient shopifyInventoryPort(ShopifyProperties properties, ObjectProvider<MeterRegistry> registry,
      ObjectProvider<Clock> clock) {
    MarketplaceCallMetrics metrics = new MarketplaceCallMetrics(registry.getIfAvailable(SimpleMeterRegistry::new),
        ShopifyInventoryClient.CHANNEL, ShopifyInventoryClient.operations());
    return new ShopifyInventoryClient(properties, metrics, clock.getIfAvailable(Clock::systemUTC));
  }
}
