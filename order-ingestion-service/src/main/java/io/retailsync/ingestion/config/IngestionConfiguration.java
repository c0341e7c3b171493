package io.retailsync.ingestion.config;

import io.retailsync.model.CanonicalValidator;
import io.retailsync.sync.security.ServiceAccessRules;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestionProperties.class)
class IngestionConfiguration {

  @Bean
  CanonicalValidator canonicalValidator() {
    return new CanonicalValidator();
  }

  /** Who may call what on 8081 (ARCHITECTURE.md, "Tokens"). */
  @Bean
  ServiceAccessRules ingestionAccessRules() {
    return rules -> rules
        .requestMatchers(HttpMethod.POST, "/api/orders").hasRole("INGEST")
        .requestMatchers("/api/exceptions", "/api/exceptions/**").hasRole("OPS")
        .requestMatchers("/api/lineage/**").hasRole("OPS")
        .requestMatchers("/api/sku-aliases", "/api/sku-aliases/**").hasRole("OPS");
  }
}
