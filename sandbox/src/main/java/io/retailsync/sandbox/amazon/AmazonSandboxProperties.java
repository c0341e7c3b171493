package io.retailsync.sandbox.amazon;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandbox.amazon.*}: the seller account the SP-API stand-in plays. The credentials are the local
 * stack's fixed local-only ones; the rate limits are looser than Amazon's published usage plans so the
 * local stack is not slowed to one getOrders a minute (the connector must be configured to match).
 *
 * @param clientId the LWA client id the token endpoint accepts
 * @param clientSecret the LWA client secret it accepts
 * @param refreshToken the seller's refresh token it accepts
 * @param tokenLifetime how long an access token lives ({@code expires_in}); faults can shorten it
 * @param marketplaceId the marketplace of orders created without one
 * @param getOrders the usage plan of getOrders (default 2/s, burst 20; Amazon's: 0.0167/s, burst 20)
 * @param getOrder the usage plan of getOrder (default 10/s, burst 30; Amazon's: 0.5/s, burst 30)
 * @param getOrderItems the usage plan of getOrderItems (default 10/s, burst 30; Amazon's: 0.5/s, burst 30)
 * @param itemsPageSize items per getOrderItems page
 * @param lastUpdatedLag how far before now {@code LastUpdatedBefore} is put when the caller sends none
 *     (Amazon: 2 minutes; 0 by default so the local stack sees an order within one poll)
 * @param sellerId the seller's merchant token, the {@code {sellerId}} of the Listings Items API and the feeds' header
 */
@ConfigurationProperties("sandbox.amazon")
record AmazonSandboxProperties(
    @DefaultValue("amzn1.application-oa2-client.sandbox") String clientId,
    @DefaultValue("sandbox-amazon-client-secret") String clientSecret,
    @DefaultValue("Atzr|sandbox-amazon-refresh-token") String refreshToken,
    @DefaultValue("3600s") Duration tokenLifetime,
    @DefaultValue("ATVPDKIKX0DER") String marketplaceId,
    Plan getOrders,
    Plan getOrder,
    Plan getOrderItems,
    @DefaultValue("100") int itemsPageSize,
    @DefaultValue("0s") Duration lastUpdatedLag,
    @DefaultValue("A1SANDBOXSELLER") String sellerId) {

  AmazonSandboxProperties {
    getOrders = getOrders == null ? new Plan(2, 20) : getOrders;
    getOrder = getOrder == null ? new Plan(10, 30) : getOrder;
    getOrderItems = getOrderItems == null ? new Plan(10, 30) : getOrderItems;
    if (itemsPageSize < 1) {
      throw new IllegalArgumentException("sandbox.amazon.items-page-size must be at least 1");
    }
    if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
      throw new IllegalArgumentException("sandbox.amazon.token-lifetime must be positive");
    }
  }

  /** A token bucket: {@code rate} requests per second, {@code burst} at most at once. */
  record Plan(double rate, int burst) {

    Plan {
      if (!(rate > 0) || burst < 1) {
        throw new IllegalArgumentException("a usage plan needs a positive rate and a burst of at least 1");
      }
    }
  }
}
