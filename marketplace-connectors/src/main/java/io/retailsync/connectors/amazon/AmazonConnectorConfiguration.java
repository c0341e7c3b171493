package io.retailsync.connectors.amazon;

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

/** The Amazon connector's beans (its order feed), created when {@code sync.amazon.base-url} is set. */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@EnableConfigurationProperties(AmazonProperties.class)
public class AmazonConnectorConfiguration {

  @Bean
  @ConditionalOnProperty(prefix = "sync.amazon", name = "base-url")
  // only the service that takes orders in polls them; the others use the same base URL for other calls
  @ConditionalOnBooleanProperty(OrderFeed.ENABLED_PROPERTY)
  OrderFeed amazonOrderFeed(AmazonProperties properties, ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<Clock> clock) {
    MeterRegistry registry = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
    AmazonProperties checked = properties.check();
    return new AmazonOrderFeed(checked, new AmazonClient(checked, registry, clock.getIfAvailable(Clock::systemUTC)));
  }

  /**
   * The Amazon inventory push, in every service with {@code sync.amazon.base-url} unless
   * {@code sync.inventory-push.enabled} is false; its account settings (seller id, credentials) are checked on
   * its first call.
   */
  @Bean
  @ConditionalOnProperty(prefix = "sync.amazon", name = "base-url")
  @ConditionalOnBooleanProperty(name = ChannelInventoryPort.ENABLED_PROPERTY, matchIfMissing = true)
  AmazonListingsClient amazonInventoryPort(AmazonProperties properties, ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<Clock> clock) {
    return new AmazonListingsClient(properties, meterRegistry.getIfAvailable(SimpleMeterRegistry::new),
        clock.getIfAvailable(Clock::systemUTC));
  }
}
