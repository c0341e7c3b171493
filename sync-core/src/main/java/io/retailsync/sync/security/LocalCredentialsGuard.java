package io.retailsync.sync.security;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Refuses to start with the published local-only credentials outside the {@code local} profile: a real
 * deployment must override every one of them.
 */
final class LocalCredentialsGuard implements InitializingBean {

  static final Set<String> LOCAL_ONLY_SECRETS = Set.of("local-ops-token", "local-finance-token",
      "local-finance-admin-token", "local-ingest-token", "sandbox-shopify-secret");

  record TokenSetting(String token) {}

  record ShopSetting(String webhookSecret, String adminToken) {}

  private final Environment environment;

  LocalCredentialsGuard(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void afterPropertiesSet() {
    if (environment.acceptsProfiles(Profiles.of("local"))) {
      return;
    }
    Binder binder = Binder.get(environment);
    List<TokenSetting> tokens = binder.bind("sync.security.tokens", Bindable.listOf(TokenSetting.class))
        .orElse(List.of());
    List<ShopSetting> shops = binder.bind("sync.shopify.shops", Bindable.listOf(ShopSetting.class))
        .orElse(List.of());
    Stream<String> secrets = Stream.concat(tokens.stream().map(TokenSetting::token),
        shops.stream().flatMap(shop -> Stream.of(shop.webhookSecret(), shop.adminToken())));
    if (secrets.filter(java.util.Objects::nonNull).anyMatch(LOCAL_ONLY_SECRETS::contains)) {
      throw new IllegalStateException("a published local-only credential is configured outside the 'local' "
          + "profile; override sync.security.tokens and sync.shopify.shops secrets before deploying");
    }
  }
}
