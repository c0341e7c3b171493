package io.retailsync.sync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class LocalCredentialsGuardTest {

  @Test
  void refusesEveryLocalCredentialOutsideTheLocalProfileWhereverItIsSet() {
    for (var setting : Map.of(
        "sync.security.tokens[0].token", "local-ops-token",
        "sync.shopify.shops[0].webhook-secret", "sandbox-shopify-secret",
        "sync.shopify.shops[0].admin-token", "sandbox-shopify-admin-token",
        "sync.amazon.client-secret", "local-finance-admin-token").entrySet()) {
      StandardEnvironment environment = service(Map.of(setting.getKey(), setting.getValue()));
      assertThatThrownBy(() -> LocalCredentialsGuard.check(environment))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(setting.getKey())
          .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain(setting.getValue()));
    }
  }

  @Test
  void seesCredentialsGivenAsEnvironmentVariables() {
    StandardEnvironment environment = service(Map.of());
    environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env",
        Map.of("SYNC_SHOPIFY_SHOPS_0_ADMINTOKEN", "sandbox-shopify-admin-token")));
    assertThatThrownBy(() -> LocalCredentialsGuard.check(environment)).hasMessageContaining("SYNC_SHOPIFY_SHOPS_0_ADMINTOKEN");
  }

  @Test
  void allowsThemInTheLocalProfileAndLeavesNonServiceContextsAlone() {
    StandardEnvironment local = service(Map.of("sync.security.tokens[0].token", "local-ops-token"));
    local.addActiveProfile("local");
    assertThatCode(() -> LocalCredentialsGuard.check(local)).doesNotThrowAnyException();
    StandardEnvironment sandbox = new StandardEnvironment();
    sandbox.getPropertySources().addFirst(new MapPropertySource("sandbox",
        Map.of("sandbox.shopify.webhook-secret", "sandbox-shopify-secret")));
    assertThatCode(() -> LocalCredentialsGuard.check(sandbox)).doesNotThrowAnyException();
    assertThatCode(() -> LocalCredentialsGuard.check(service(Map.of("sync.security.tokens[0].token", "a-real-one"))))
        .doesNotThrowAnyException();
  }

  private static StandardEnvironment service(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    Map<String, Object> all = new java.util.HashMap<>(properties);
    all.put("sync.service.name", "order-ingestion-service");
    environment.getPropertySources().addFirst(new MapPropertySource("test", all));
    return environment;
  }
}
