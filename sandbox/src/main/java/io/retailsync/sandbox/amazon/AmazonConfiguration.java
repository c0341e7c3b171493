package io.retailsync.sandbox.amazon;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SP-API stand-in's state: per application context, never static (several contexts share a JVM). */
@Configuration(proxyBeanMethods = false)
class AmazonConfiguration {

  @Bean
  AmazonOrders amazonOrders() {
    return new AmazonOrders(Clock.systemUTC());
  }

  @Bean
  AmazonGate amazonGate(AmazonSandboxProperties properties, AmazonOrders amazonOrders) {
    return new AmazonGate(properties, amazonOrders.clock());
  }
}
