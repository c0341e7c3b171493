package io.retailsync.settlement;

import io.retailsync.sync.security.ServiceAccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call what on this service. Finance reads this service's exception queue ({@code FINANCE}, and {@code
 * FINANCE_ADMIN} through the role hierarchy); only {@code FINANCE_ADMIN} acts on it (replay, discard). Health,
 * Prometheus and OpenAPI are public (sync-core); anything else needs a valid token.
 */
@Configuration(proxyBeanMethods = false)
class SettlementAccessRules {

  @Bean
  ServiceAccessRules settlementServiceAccessRules() {
    return rules -> rules
        .requestMatchers(HttpMethod.GET, "/api/exceptions/**").hasRole("FINANCE")
        .requestMatchers(HttpMethod.HEAD, "/api/exceptions/**").hasRole("FINANCE")
        .requestMatchers("/api/exceptions/**").hasRole("FINANCE_ADMIN");
  }
}
