package io.retailsync.connectors.amazon;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param sellerId the seller's merchant token ({@code A1...}), the {@code {sellerId}} of the Listings Items API
 *     and the feed header; required to push inventory, not to poll orders
 * @param inventory how inventory is pushed ({@code sync.amazon.inventory.*})
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
    RateLimits rateLimits,
    String sellerId,
    Inventory inventory) {

  public static final String LWA_TOKEN_URL = "https://api.amazon.com/auth/o2/token";

  @ConstructorBinding
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
    sellerId = sellerId == null || sellerId.isBlank() ? null : sellerId.trim();
    inventory = inventory == null ? Inventory.DEFAULTS : inventory;
  }

  /** The order poll's settings alone (no inventory push). */
  public AmazonProperties(URI baseUrl, URI lwaTokenUrl, List<String> marketplaceIds, String clientId,
      String clientSecret, String refreshToken, Duration pollInterval, Duration initialLookback, Duration overlap,
      int pageSize, Duration connectTimeout, Duration readTimeout, Duration maxThrottleWait,
      Duration tokenRefreshAhead, RateLimits rateLimits) {
    this(baseUrl, lwaTokenUrl, marketplaceIds, clientId, clientSecret, refreshToken, pollInterval, initialLookback,
        overlap, pageSize, connectTimeout, readTimeout, maxThrottleWait, tokenRefreshAhead, rateLimits, null, null);
  }

  /** {@link #check()} plus what pushing inventory needs: the seller id. */
  public AmazonProperties checkForInventory() {
    check();
    require(sellerId != null, "sync.amazon.seller-id is required to push inventory");
    require(sellerId.matches("[A-Z0-9]{5,20}"), "sync.amazon.seller-id must be the seller's merchant token"
        + " (capital letters and digits)");
    return this;
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
        + maxThrottleWait + ", tokenRefreshAhead=" + tokenRefreshAhead + ", rateLimits=" + rateLimits
        + ", sellerId=" + sellerId + ", inventory=" + inventory + "]";
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

  /**
   * The inventory push ({@code sync.amazon.inventory.*}).
   *
   * @param productType the {@code productType} of every patch and feed message; Amazon accepts {@code PRODUCT}
   *     for a listing whose patch touches offer attributes only (such as fulfillment_availability)
   * @param feedThreshold a push of more SKUs than this goes as one JSON_LISTINGS_FEED, fewer as one
   *     patchListingsItem per SKU (patches are 5/s; a feed costs five calls and minutes of processing)
   * @param maxBatchSize the most SKUs one push (and so one feed) carries; Amazon takes 10,000 messages a feed
   * @param feedPollInterval time between two getFeed calls while a feed is processed
   * @param feedTimeout how long a push waits for its feed to be DONE before it gives up as unavailable (the
   *     feed may still be applied later; the caller's repeat sets the same values)
   * @param maxRateWait the most one call waits for its usage plan (createFeed refills one token in two minutes)
   * @param rateLimits the usage plans of the listings and feeds operations
   */
  public record Inventory(String productType, Integer feedThreshold, Integer maxBatchSize, Duration feedPollInterval,
      Duration feedTimeout, Duration maxRateWait, InventoryRateLimits rateLimits) {

    public static final int MAX_FEED_MESSAGES = 10_000;
    static final Inventory DEFAULTS = new Inventory(null, null, null, null, null, null, null);

    public Inventory {
      productType = productType == null || productType.isBlank() ? "PRODUCT" : productType.trim();
      feedThreshold = feedThreshold == null ? 50 : feedThreshold;
      maxBatchSize = maxBatchSize == null ? MAX_FEED_MESSAGES : maxBatchSize;
      feedPollInterval = orDefault(feedPollInterval, Duration.ofSeconds(30));
      feedTimeout = orDefault(feedTimeout, Duration.ofMinutes(30));
      maxRateWait = orDefault(maxRateWait, Duration.ofMinutes(3));
      rateLimits = rateLimits == null ? new InventoryRateLimits(null, null, null, null, null, null) : rateLimits;
      if (feedThreshold < 0) {
        throw new IllegalArgumentException("sync.amazon.inventory.feed-threshold must not be negative");
      }
      if (maxBatchSize < 1 || maxBatchSize > MAX_FEED_MESSAGES) {
        throw new IllegalArgumentException("sync.amazon.inventory.max-batch-size must be 1–" + MAX_FEED_MESSAGES);
      }
      if (feedPollInterval.isNegative() || feedPollInterval.isZero() || feedTimeout.isNegative()
          || feedTimeout.isZero() || maxRateWait.isNegative()) {
        throw new IllegalArgumentException("sync.amazon.inventory durations must be positive");
      }
    }
  }

  /**
   * Amazon's published usage plans of the inventory operations, each overridable: patchListingsItem 5/s burst 5,
   * getListingsItem 5/s burst 10, createFeedDocument 0.5/s burst 15, createFeed 0.0083/s burst 15, getFeed 2/s
   * burst 15, getFeedDocument 0.0222/s burst 10.
   */
  public record InventoryRateLimits(Operation patchListingsItem, Operation getListingsItem,
      Operation createFeedDocument, Operation createFeed, Operation getFeed, Operation getFeedDocument) {

    public InventoryRateLimits {
      patchListingsItem = Operation.withDefaults(patchListingsItem, new Operation(5.0, 5));
      getListingsItem = Operation.withDefaults(getListingsItem, new Operation(5.0, 10));
      createFeedDocument = Operation.withDefaults(createFeedDocument, new Operation(0.5, 15));
      createFeed = Operation.withDefaults(createFeed, new Operation(0.0083, 15));
      getFeed = Operation.withDefaults(getFeed, new Operation(2.0, 15));
      getFeedDocument = Operation.withDefaults(getFeedDocument, new Operation(0.0222, 10));
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
