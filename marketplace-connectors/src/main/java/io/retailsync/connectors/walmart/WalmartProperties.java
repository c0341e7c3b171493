package io.retailsync.connectors.walmart;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Walmart Marketplace settings ({@code sync.walmart}). {@code baseUrl} is the API host without {@code /v3}
 * ({@code https://marketplace.walmartapis.com}; the sandbox's {@code http://127.0.0.1:8090/walmart} locally); the
 * connector is only created when it is set. The client id and secret come from the environment or a secret
 * store ({@code SYNC_WALMART_CLIENTID}, {@code SYNC_WALMART_CLIENTSECRET}) and never appear in {@link #toString()}.
 *
 * @param serviceName the {@code WM_SVC.NAME} header
 * @param channelType the {@code WM_CONSUMER.CHANNEL.TYPE} header, sent only when set (solution providers)
 * @param pageSize the {@code limit} of each order page (Walmart: 1–200, default 100)
 * @param createdLookback how far back {@code createdStartDate} reaches: Walmart keeps 180 days of orders and
 *     defaults the parameter to now − 7 days, which would hide an older order modified now
 * @param maxThrottleWait the most one call waits in all for rate-limit tokens and 429 retries
 * @param maxThrottleRetries how often one call is repeated after a 429 before giving up
 * @param tokenRefreshAhead how long before its 15 minutes run out an access token is replaced
 * @param marketplaceCollectsTax Walmart collects and remits sales tax as marketplace facilitator in the states that
 *     require it (all US states with a sales tax today); set {@code false} for an account whose tax the seller remits
 */
@ConfigurationProperties("sync.walmart")
public record WalmartProperties(
    URI baseUrl,
    String clientId,
    String clientSecret,
    @DefaultValue("Walmart Marketplace") String serviceName,
    String channelType,
    @DefaultValue("2m") Duration pollInterval,
    @DefaultValue("P1D") Duration initialLookback,
    @DefaultValue("2m") Duration overlap,
    @DefaultValue("100") int pageSize,
    @DefaultValue("180d") Duration createdLookback,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("30s") Duration readTimeout,
    @DefaultValue("30s") Duration maxThrottleWait,
    @DefaultValue("4") int maxThrottleRetries,
    @DefaultValue("3m") Duration tokenRefreshAhead,
    @DefaultValue("true") boolean marketplaceCollectsTax,
    RateLimits rateLimits) {

  public static final int MAX_PAGE_SIZE = 200;

  public WalmartProperties {
    serviceName = serviceName == null || serviceName.isBlank() ? "Walmart Marketplace" : serviceName;
    channelType = channelType == null || channelType.isBlank() ? null : channelType;
    pollInterval = orDefault(pollInterval, Duration.ofMinutes(2));
    initialLookback = orDefault(initialLookback, Duration.ofDays(1));
    overlap = orDefault(overlap, Duration.ofMinutes(2));
    createdLookback = orDefault(createdLookback, Duration.ofDays(180));
    connectTimeout = orDefault(connectTimeout, Duration.ofSeconds(5));
    readTimeout = orDefault(readTimeout, Duration.ofSeconds(30));
    maxThrottleWait = orDefault(maxThrottleWait, Duration.ofSeconds(30));
    tokenRefreshAhead = orDefault(tokenRefreshAhead, Duration.ofMinutes(3));
    rateLimits = rateLimits == null ? RateLimits.PUBLISHED : rateLimits;
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("sync.walmart.page-size must be between 1 and " + MAX_PAGE_SIZE
          + ", got " + pageSize);
    }
    if (maxThrottleRetries < 0) {
      throw new IllegalArgumentException("sync.walmart.max-throttle-retries must not be negative");
    }
  }

  /** The settings a test or a local run starts from: the given base URL and credentials, every other default. */
  public static WalmartProperties of(URI baseUrl, String clientId, String clientSecret) {
    return new WalmartProperties(baseUrl, clientId, clientSecret, null, null, null, null, null, 100, null, null, null,
        null, 4, null, true, null);
  }

  private static Duration orDefault(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }

  @Override
  public String toString() {
    return "WalmartProperties[baseUrl=" + baseUrl + ", clientId=" + clientId + ", serviceName=" + serviceName
        + ", channelType=" + channelType + ", pollInterval=" + pollInterval + ", pageSize=" + pageSize
        + ", rateLimits=" + rateLimits + "]";
  }

  /**
   * Walmart's per-seller limits, as token buckets: {@code get-orders} ({@code GET /v3/orders}, every page) and
   * {@code get-order} ({@code GET /v3/orders/{id}}) 5,000 calls a minute, {@code acknowledge} 60 a minute; the
   * burst is the minute's allotment, replenished gradually as Walmart does.
   */
  public record RateLimits(Limit getOrders, Limit getOrder, Limit acknowledge) {

    public static final Limit ORDERS_PUBLISHED = new Limit(5000d / 60, 5000);
    public static final Limit ACKNOWLEDGE_PUBLISHED = new Limit(1d, 60);
    public static final RateLimits PUBLISHED = new RateLimits(ORDERS_PUBLISHED, ORDERS_PUBLISHED, ACKNOWLEDGE_PUBLISHED);

    public RateLimits {
      getOrders = getOrders == null ? ORDERS_PUBLISHED : getOrders.orDefault(ORDERS_PUBLISHED);
      getOrder = getOrder == null ? ORDERS_PUBLISHED : getOrder.orDefault(ORDERS_PUBLISHED);
      acknowledge = acknowledge == null ? ACKNOWLEDGE_PUBLISHED : acknowledge.orDefault(ACKNOWLEDGE_PUBLISHED);
    }
  }

  /** {@code per-second} refill and {@code burst} size of one operation's bucket. */
  public record Limit(Double perSecond, Integer burst) {

    Limit orDefault(Limit fallback) {
      return new Limit(perSecond == null ? fallback.perSecond() : perSecond, burst == null ? fallback.burst() : burst);
    }
  }
}
