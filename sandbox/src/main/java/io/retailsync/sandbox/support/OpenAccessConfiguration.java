package io.retailsync.sandbox.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The sandbox is a loopback-only test double: its stand-ins check the marketplaces' own credentials
 * where those matter (signatures, access tokens), not Spring Security's. This chain keeps Boot's
 * default login from closing it, which would otherwise happen whenever Spring Security is on the
 * classpath (the local stack runs the sandbox beside the services in one JVM).
 */
@Configuration(proxyBeanMethods = false)
class OpenAccessConfiguration {

  @Bean
  SecurityFilterChain sandboxOpenAccess(HttpSecurity http) throws Exception {
    return http.csrf(csrf -> csrf.disable())
        .authorizeHttpRequests(rules -> rules.anyRequest().permitAll())
        .build();
  }
}
