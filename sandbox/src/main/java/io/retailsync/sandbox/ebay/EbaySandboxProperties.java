package io.retailsync.sandbox.ebay;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandbox.ebay.*}: the keyset and refresh token the eBay stand-in accepts (the local stack's fixed
 * local-only credentials), the lifetime of the access tokens it issues, and how many orders it keeps.
 */
@ConfigurationProperties("sandbox.ebay")
record EbaySandboxProperties(
    @DefaultValue("sandbox-ebay-client-id") String clientId,
    @DefaultValue("sandbox-ebay-client-secret") String clientSecret,
    @DefaultValue("sandbox-ebay-refresh-token") String refreshToken,
    @DefaultValue("2h") Duration tokenLifetime,
    @DefaultValue("10000") int maxOrders) {

  @Override
  public String toString() {
    return "EbaySandboxProperties[clientId=" + clientId + ", tokenLifetime=" + tokenLifetime + "]";
  }
}
