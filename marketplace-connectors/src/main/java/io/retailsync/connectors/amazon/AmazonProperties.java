package io.retailsync.connectors.amazon;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Amazon channel account ({@code sync.amazon.*}): where SP-API and Login with Amazon are, the
 * credentials of the seller's authorisation, the marketplaces read, and how the poll behaves.
 *
 * <p>Bound in every service that has the connectors on its classpath, also where Amazon is not configured,
 * so nothing here is required at binding time; {@link #check()} is called when the feed is created.
 *
 * @param baseUrl the SP-API regional endpoint, e.g. {@code https://sellingpartnerapi-na.amazon.com} (the
 *     sandbox: {@code http://127.0.0.1:8090/amazon}); the feed exists only when it is set
 * @param lwaTokenUrl Login with Amazon's token endpoint
 * @param marketplaceIds the marketplaces whose orders are read ({@code MarketplaceIds}, e.g. ATVPDKIKX0DER)
 * @param clientId the LWA client id of the application
 * @param clientSecret the LWA client secret (secret: never logged)
 * @param refreshToken the seller's LWA refresh token from the authorisation (secret: never logged)
 * @param pollInterval time between two polls
 * @param initialLookback where the first poll of a new account starts: this far before now
 * @param overlap how far before the watermark every poll starts
 * @param pageSize {@code MaxResultsPerPage}, 1–100
 * @param connectTimeout TCP connect timeout of every call
 * @param readTimeout how long one call may take to answer
 * @param maxThrottleWait the longest a call waits in total for its rate limit (429 and own bucket) before it
 *     fails as unavailable and the page is asked again at the next poll
 * @param tokenRefreshAhead how long before its expiry an access token is replaced
 * @param rateLimits the usage plan of each operation (rate per second, burst)
 */
@ConfigurationProperties("sync.amazon")
public record AmazonProperties(
    URI baseUrl,
    @DefaultValue(AmazonProperties.LWA_TOKEN_URL) URI lwaTokenUrl,
    List<String> marketplaceIds,
    String clientId,
    String clientSecret,
    String refreshToken,
    @DefaultValue("2m") Duration pollInterval,
    @DefaultValue("P1D") Duration initialLookback,
    @DefaultValue("2m") Duration overlap,
    @DefaultValue("100") int pageSize,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("30s") Duration readTimeout,
    @DefaultValue("30s") Duration maxThrottleWait,
    @DefaultValue("1m") Duration tokenRefreshAhead,
    RateLimits rateLimits) {

  public static final String LWA_TOKEN_URL = "https://api.amazon.com/auth/o2/token";

  public AmazonProperties {
    marketplaceIds = marketplaceIds == null ? List.of()
        : marketplaceIds.stream().filter(Objects::nonNull).map(String::trim).filter(id -> !id.isEmpty()).toList();
    lwaTokenUrl = lwaTokenUrl == null ? URI.create(LWA_TOKEN_URL) : lwaTokenUrl;
    pollInterval = orDefault(pollInterval, Duration.ofMinutes(2));
    initialLookback = orDefault(initialLookback, Duration.ofDays(1));
    overlap = orDefault(overlap, Duration.ofMinutes(2));
    pageSize = pageSize == 0 ? 100 : pageSize;
    connectTimeout = orDefault(connectTimeout, Duration.ofSeconds(5));
    readTimeout = orDefault(readTimeout, Duration.ofSeconds(30));
    maxThrottleWait = orDefault(maxThrottleWait, Duration.ofSeconds(30));
    tokenRefreshAhead = orDefault(tokenRefreshAhead, Duration.ofMinutes(1));
    rateLimits = rateLimits == null ? new RateLimits(null, null) : rateLimits;
  }

  /** The settings of a configured account, ready for the feed; refuses what cannot work (no secret named). */
  public AmazonProperties check() {
    require(baseUrl != null, "sync.amazon.base-url is required");
    requireHttpUrl(baseUrl, "sync.amazon.base-url");
    requireHttpUrl(lwaTokenUrl, "sync.amazon.lwa-token-url");
    require(!marketplaceIds.isEmpty(), "sync.amazon.marketplace-ids needs at least one marketplace id");
    require(present(clientId), "sync.amazon.client-id is required");
    require(present(clientSecret), "sync.amazon.client-secret is required");
    require(present(refreshToken), "sync.amazon.refresh-token is required");
    require(pageSize >= 1 && pageSize <= 100, "sync.amazon.page-size must be between 1 and 100");
    requirePositive(pollInterval, "sync.amazon.poll-interval");
    requirePositive(initialLookback, "sync.amazon.initial-lookback");
    require(!overlap.isNegative(), "sync.amazon.overlap must not be negative");
    requirePositive(connectTimeout, "sync.amazon.connect-timeout");
    requirePositive(readTimeout, "sync.amazon.read-timeout");
    require(!maxThrottleWait.isNegative(), "sync.amazon.max-throttle-wait must not be negative");
    require(!tokenRefreshAhead.isNegative(), "sync.amazon.token-refresh-ahead must not be negative");
    return this;
  }

  /** The base URL without a trailing slash, so paths can be appended. */
  String apiRoot() {
    String root = baseUrl.toString();
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  @Override
  public String toString() {
    return "AmazonProperties[baseUrl=" + baseUrl + ", lwaTokenUrl=" + lwaTokenUrl + ", marketplaceIds="
        + marketplaceIds + ", clientId=" + clientId + ", clientSecret=" + (present(clientSecret) ? "***" : "")
        + ", refreshToken=" + (present(refreshToken) ? "***" : "") + ", pollInterval=" + pollInterval
        + ", initialLookback=" + initialLookback + ", overlap=" + overlap + ", pageSize=" + pageSize
        + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", maxThrottleWait="
        + maxThrottleWait + ", tokenRefreshAhead=" + tokenRefreshAhead + ", rateLimits=" + rateLimits + "]";
  }

  /**
   * The usage plans ({@code sync.amazon.rate-limits.get-orders.rate}, {@code .burst}, and the same for
   * {@code get-order-items}); unset values are Amazon's published plans: getOrders 0.0167/s burst 20,
   * getOrderItems 0.5/s burst 30.
   */
  public record RateLimits(Operation getOrders, Operation getOrderItems) {

    public static final Operation GET_ORDERS = new Operation(0.0167, 20);
    public static final Operation GET_ORDER_ITEMS = new Operation(0.5, 30);

    public RateLimits {
      getOrders = Operation.withDefaults(getOrders, GET_ORDERS);
      getOrderItems = Operation.withDefaults(getOrderItems, GET_ORDER_ITEMS);
    }
  }

  /** One operation's token bucket: {@code rate} tokens per second, {@code burst} tokens at most. */
  public record Operation(Double rate, Integer burst) {

    public Operation {
      if (rate != null && !(rate > 0)) {
        throw new IllegalArgumentException("an Amazon rate limit must be positive, got " + rate);
      }
      if (burst != null && burst < 1) {
        throw new IllegalArgumentException("an Amazon burst must be at least 1, got " + burst);
      }
    }

    static Operation withDefaults(Operation given, Operation defaults) {
      if (given == null) {
        return defaults;
      }
      return new Operation(given.rate == null ? defaults.rate : given.rate,
          given.burst == null ? defaults.burst : given.burst);
    }
  }

  private static Duration orDefault(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static void requireHttpUrl(URI url, String name) {
    require(url.isAbsolute() && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
        && url.getHost() != null, name + " must be an absolute http(s) URL");
  }

  private static void requirePositive(Duration value, String name) {
    require(!value.isNegative() && !value.isZero(), name + " must be positive");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
