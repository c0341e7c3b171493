package io.retailsync.connectors.ebay;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * eBay settings ({@code sync.ebay}): the REST host and the identity endpoint (the sandbox's {@code /ebay}
 * prefix locally), the keyset and the seller's refresh token, the poll schedule, paging, timeouts and the
 * getOrders rate limit. Secrets (client secret, refresh token) never appear in {@link #toString()}.
 *
 * @param baseUrl {@code https://api.ebay.com} (paths {@code /sell/fulfillment/v1/...} are appended)
 * @param tokenUrl {@code https://api.ebay.com/identity/v1/oauth2/token}
 * @param refreshToken the seller's long-lived refresh token: {@code grant_type=refresh_token} gives a user
 *     access token, which the Fulfillment API needs; absent, {@code client_credentials} is used
 * @param scopes space-separated OAuth scopes asked for
 * @param marketplaceId sent as {@code X-EBAY-C-MARKETPLACE-ID} when set (e.g. {@code EBAY_US})
 * @param pageSize getOrders {@code limit} (1–200)
 * @param maxThrottleWait the most one call waits in total for its rate limit and for 429s before giving up
 * @param tokenRefreshAhead how long before expiry a token is replaced
 * @param getOrders getOrders' own rate limit (eBay publishes a daily quota; see docs/ebay.md)
 */
@ConfigurationProperties("sync.ebay")
public record EbayProperties(
    URI baseUrl,
    URI tokenUrl,
    String clientId,
    String clientSecret,
    String refreshToken,
    @DefaultValue(EbayProperties.DEFAULT_SCOPE) String scopes,
    String marketplaceId,
    @DefaultValue("2m") Duration pollInterval,
    @DefaultValue("P1D") Duration initialLookback,
    @DefaultValue("2m") Duration overlap,
    @DefaultValue("200") int pageSize,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("30s") Duration readTimeout,
    @DefaultValue("30s") Duration maxThrottleWait,
    @DefaultValue("5m") Duration tokenRefreshAhead,
    @DefaultValue RateLimit getOrders) {

  public static final String DEFAULT_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly";

  public EbayProperties {
    scopes = scopes == null || scopes.isBlank() ? DEFAULT_SCOPE : scopes;
    pollInterval = pollInterval == null ? Duration.ofMinutes(2) : pollInterval;
    initialLookback = initialLookback == null ? Duration.ofDays(1) : initialLookback;
    overlap = overlap == null ? Duration.ofMinutes(2) : overlap;
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
    maxThrottleWait = maxThrottleWait == null ? Duration.ofSeconds(30) : maxThrottleWait;
    tokenRefreshAhead = tokenRefreshAhead == null ? Duration.ofMinutes(5) : tokenRefreshAhead;
    getOrders = getOrders == null ? new RateLimit(1.0, 10) : getOrders;
    if (pageSize < 1 || pageSize > 200) {
      throw new IllegalArgumentException("sync.ebay.page-size must be 1–200, got " + pageSize);
    }
  }

  /**
   * A token bucket: {@code perSecond} refill, {@code burst} capacity. The default, 1/s with a burst of 10,
   * stays well under eBay's default Fulfillment API quota of about 100,000 calls a day (≈ 1.16/s).
   */
  public record RateLimit(@DefaultValue("1.0") double perSecond, @DefaultValue("10") int burst) {}

  @Override
  public String toString() {
    return "EbayProperties[baseUrl=" + baseUrl + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
        + ", clientSecret=" + (clientSecret == null ? "unset" : "***") + ", refreshToken="
        + (refreshToken == null ? "unset" : "***") + ", scopes=" + scopes + ", marketplaceId=" + marketplaceId
        + ", pollInterval=" + pollInterval + ", pageSize=" + pageSize + ", getOrders=" + getOrders + "]";
  }
}
