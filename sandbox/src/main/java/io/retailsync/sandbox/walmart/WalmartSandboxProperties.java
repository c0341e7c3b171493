package io.retailsync.sandbox.walmart;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandbox.walmart.*}: the seller the Walmart stand-in plays. The credentials are the local stack's fixed
 * local-only ones; {@code tokenLifetime} is Walmart's 15 minutes unless a fault shortens it.
 */
@ConfigurationProperties("sandbox.walmart")
record WalmartSandboxProperties(
    @DefaultValue("sandbox-walmart-client") String clientId,
    @DefaultValue("sandbox-walmart-secret") String clientSecret,
    @DefaultValue("15m") Duration tokenLifetime,
    @DefaultValue("10001234") String sellerId,
    @DefaultValue("0.08") java.math.BigDecimal taxRate) {

  @Override
  public String toString() {
    return "WalmartSandboxProperties[clientId=" + clientId + ", tokenLifetime=" + tokenLifetime + ", sellerId="
        + sellerId + ", taxRate=" + taxRate + "]";
  }
}
