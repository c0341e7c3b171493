package io.retailsync.connectors.walmart;

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

/** The Walmart connector's beans (its order feed), created when {@code sync.walmart.base-url} is set. */
@AutoConfiguration
@EnableConfigurationProperties({WalmartProperties.class, WalmartInventoryProperties.class})
public class WalmartConnectorConfiguration {

  @Bean
  @ConditionalOnProperty(prefix = "sync.walmart", name = "base-url")
  // only the service that takes orders in polls them; the others use the same base URL for other calls
  @ConditionalOnBooleanProperty(OrderFeed.ENABLED_PROPERTY)
  OrderFeed walmartOrderFeed(WalmartProperties properties, ObjectProvider<MeterRegistry> registry,
      ObjectProvider<Clock> clock) {
    Clock utc = clock.getIfAvailable(Clock::systemUTC);
    WalmartClient client = new WalmartClient(properties, registry.getIfAvailable(SimpleMeterRegistry::new), utc);
    return new WalmartOrderFeed(properties, client, utc);
  }

  /** The Walmart inventory push, in every service with {@code sync.walmart.base-url} unless switched off. */
  @Bean
  @ConditionalOnProperty(prefix = "sync.walmart", name = "base-url")
  @ConditionalOnBooleanProperty(name = ChannelInventoryPort.ENABLED_PROPERTY, matchIfMissing = true)
  WalmartInventoryClient walmartInventoryPort(WalmartProperties properties, WalmartInventoryProperties inventory,
      ObjectProvider<MeterRegistry> registry, ObjectProvider<Clock> clock) {
    return new WalmartInventoryClient(properties, inventory, registry.getIfAvailable(SimpleMeterRegistry::new),
        clock.getIfAvailable(Clock::systemUTC));
  }
}
