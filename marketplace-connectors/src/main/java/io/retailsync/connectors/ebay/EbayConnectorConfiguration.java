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

/** The eBay connector's beans (its order feed), created when {@code sync.ebay.base-url} is set. */
@AutoConfiguration
@EnableConfigurationProperties(EbayProperties.class)
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
}
