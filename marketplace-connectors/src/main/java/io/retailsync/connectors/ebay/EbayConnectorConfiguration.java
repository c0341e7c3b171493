package io.retailsync.connectors.ebay;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailsync.connectors.polling.OrderFeed;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import io.retailsync.connectors.inventory.ChannelInventoryPort;

/** The eBay connector's beans (its order feed), created when {@code sync.ebay.base-url} is set. */
@AutoConfiguration
@EnableConfigurationProperties({EbayProperties.class, EbayInventoryProperties.class})
public class EbayConnectorConfiguration {

  @Bean
  @ConditionalOnProperty(prefix = "sync.ebay", name = "base-url")
  // only the service that takes orders in polls them; the others use the same base URL for other calls
  @ConditionalOnBooleanProperty(OrderFeed.ENABLED_PROPERTY)
  OrderFeed ebayOrderFeed(EbayProperties properties, ObjectProvider<MeterRegistry> registry,
      ObjectProvider<Clock> clock) {
    Clock utc = clock.getIfAvailable(Clock::systemUTC);
    EbayClient client = new EbayClient(properties, registry.getIfAvailable(SimpleMeterRegistry::new), utc);
    return new EbayOrderFeed(properties, client, utc);
  }

  /** The eBay inventory push, in every service with {@code sync.ebay.base-url} and token URL unless switched off. */
  @Bean
  @ConditionalOnProperty(prefix = "sync.ebay", name = {"base-url", "token-url"})
  @ConditionalOnBooleanProperty(name = ChannelInventoryPort.ENABLED_PROPERTY, matchIfMissing = true)
  EbayInventoryClient ebayInventoryPort(EbayProperties properties, EbayInventoryProperties inventory,
      ObjectProvider<MeterRegistry> registry, ObjectProvider<Clock> clock) {
    return new EbayInventoryClient(properties, inventory, registry.getIfAvailable(SimpleMeterRegistry::new),
        clock.getIfAvailable(Clock::systemUTC));
  }
}
