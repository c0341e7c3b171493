package io.retailsync.sync.security;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertySource;

/**
 * Refuses to start a service with any of the published local-only credentials outside the {@code local}
 * profile: a real deployment must override every one of them. Runs on the environment, before any bean,
 * so it holds in every kind of context (web or not, alone or in the local stack, a test's too): every
 * property of every source is looked at, whatever its name or how it was set (file, environment variable,
 * command line), and only the names of the offending properties are reported, never their values.
 */
public final class LocalCredentialsGuard implements EnvironmentPostProcessor, Ordered {

  /** The fixed credentials of the local stack (docs/local-stack.md); each is public, so never a secret. */
  static final Set<String> LOCAL_ONLY_SECRETS = Set.of("local-ops-token", "local-finance-token",
      "local-finance-admin-token", "local-ingest-token", "sandbox-shopify-secret", "sandbox-shopify-admin-token",
      "sandbox-amazon-client-secret", "Atzr|sandbox-amazon-refresh-token", "sandbox-walmart-secret",
      "sandbox-ebay-client-secret", "sandbox-ebay-refresh-token");

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    check(environment);
  }

  static void check(ConfigurableEnvironment environment) {
    if (environment.getProperty("sync.service.name") == null || environment.acceptsProfiles(Profiles.of("local"))) {
      return;
    }
    Set<String> offending = new TreeSet<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> enumerable) {
        for (String name : enumerable.getPropertyNames()) {
          Object value = enumerable.getProperty(name);
          if (value != null && LOCAL_ONLY_SECRETS.contains(value.toString().trim())) {
            offending.add(name);
          }
        }
      }
    }
    if (!offending.isEmpty()) {
      throw new IllegalStateException("a published local-only credential is configured outside the 'local' "
          + "profile in " + offending + "; set real secrets for sync.security.tokens and the marketplace accounts "
          + "before deploying");
    }
  }

  @Override
  public int getOrder() {
    // after the configuration files and profiles are loaded
    return Ordered.LOWEST_PRECEDENCE;
  }
}
