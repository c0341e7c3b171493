package io.retailsync.sync.security;

import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own authorization rules (which role may call which path), added to the shared chain after
 * the public paths. Role names without the {@code ROLE_} prefix: {@code OPS}, {@code INGEST},
 * {@code FINANCE}, {@code FINANCE_ADMIN} (which includes {@code FINANCE}).
 */
@FunctionalInterface
public interface ServiceAccessRules {

  void configure(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules);
}
