package io.retailsync.inventory;

import io.retailsync.sync.security.ServiceAccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may call what on this service. Operations ({@code OPS}) work this service's exception queue. Health,
 * Prometheus and OpenAPI are public (sync-core); anything else needs a valid token.
 */
@Configuration(proxyBeanMethods = false)
class InventoryAccessRules {

  @Bean
  ServiceAccessRules inventoryServiceAccessRules() {
    return rules -> rules.requestMatchers("/api/exceptions/**").hasRole("OPS");
  }
}
