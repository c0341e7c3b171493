package io.retailsync.inventory;

import io.retailsync.sync.security.ServiceAccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call what on this service: machine integrations ({@code INGEST}: a WMS, a 3PL, the ERP) send
 * stock counts; operations ({@code OPS}) read positions, change channel rules, ask for a baseline and work
 * this service's exception queue. Health, Prometheus and OpenAPI are public (sync-core); anything else
 * needs a valid token.
 */
@Configuration(proxyBeanMethods = false)
class InventoryAccessRules {

  @Bean
  ServiceAccessRules inventoryServiceAccessRules() {
    return rules -> rules
        .requestMatchers(HttpMethod.POST, "/api/inventory/snapshots").hasRole("INGEST")
        .requestMatchers("/api/inventory/**").hasRole("OPS")
        .requestMatchers("/api/exceptions/**").hasRole("OPS");
  }
}
