package io.retailsync.sync.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * One security setup for every service: bearer API tokens with roles, problem+json for 401 and 403,
 * stateless, no CSRF (no browser sessions). Health, Prometheus, OpenAPI and Swagger UI are open (restrict
 * them by network policy); webhooks are authenticated by signature in their controllers. Each service
 * adds its own {@link ServiceAccessRules}; anything else needs an authenticated caller.
 */
@AutoConfiguration(before = SecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "sync.service.name")
@EnableConfigurationProperties(SyncSecurityProperties.class)
public class SyncSecurityAutoConfiguration {

  public static final String[] PUBLIC_PATHS = {
      "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info",
      "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/error", "/webhooks/**"};

  @Bean
  ApiTokenAuthenticator apiTokenAuthenticator(SyncSecurityProperties properties) {
    return new ApiTokenAuthenticator(properties);
  }

  @Bean
  static RoleHierarchy roleHierarchy() {
    return RoleHierarchyImpl.fromHierarchy("ROLE_FINANCE_ADMIN > ROLE_FINANCE");
  }

  /** Keeps Boot from creating its default user with a generated password. */
  @Bean
  UserDetailsService noUsers() {
    return new InMemoryUserDetailsManager();
  }

  @Bean
  SecurityFilterChain syncSecurityFilterChain(HttpSecurity http, ApiTokenAuthenticator authenticator,
      ObjectProvider<ServiceAccessRules> serviceRules) throws Exception {
    http.csrf(csrf -> csrf.disable())
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(new BearerTokenFilter(authenticator), AnonymousAuthenticationFilter.class)
        .exceptionHandling(errors -> errors
            .authenticationEntryPoint((request, response, failure) -> ProblemResponses.write(request, response,
                HttpStatus.UNAUTHORIZED.value(), "unauthorized", "Unauthorized",
                "a valid bearer token is required"))
            .accessDeniedHandler((request, response, failure) -> ProblemResponses.write(request, response,
                HttpStatus.FORBIDDEN.value(), "forbidden", "Forbidden",
                "the token's role may not call this endpoint")))
        .authorizeHttpRequests(rules -> {
          rules.requestMatchers(PUBLIC_PATHS).permitAll();
          serviceRules.orderedStream().forEach(service -> service.configure(rules));
          rules.anyRequest().authenticated();
        });
    return http.build();
  }
}
