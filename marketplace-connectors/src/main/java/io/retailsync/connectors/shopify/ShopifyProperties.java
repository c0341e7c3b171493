package io.retailsync.connectors.shopify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Shopify settings ({@code sync.shopify}): the Admin API base URL (the sandbox's {@code /shopify} prefix
 * locally, {@code https://{shop}.myshopify.com} for a real shop) and one entry per shop with its webhook
 * secret and Admin API token, plus the reconcile poll's schedule and the REST Admin API's limits.
 *
 * @param apiVersion the Admin API version in the path ({@code /admin/api/{version}/orders.json})
 * @param reconcileInterval how often the reconcile poll reads the orders changed since its watermark
 * @param reconcileLookback how far back a shop's first reconcile run starts
 * @param reconcileOverlap how far before the watermark each run starts reading
 * @param pageSize orders per page ({@code limit}); Shopify's maximum is 250
 * @param maxThrottleWait the longest one page may wait for the rate limit (429s, a full bucket)
 * @param ratePerSecond the REST leaky bucket's leak rate per app and shop (2/s on standard plans)
 * @param burst the REST leaky bucket's size per app and shop (40 on standard plans)
 */
@ConfigurationProperties("sync.shopify")
public record ShopifyProperties(String adminBaseUrl, List<Shop> shops, String apiVersion, Duration reconcileInterval,
    Duration reconcileLookback, Duration reconcileOverlap, int pageSize, Duration connectTimeout,
    Duration readTimeout, Duration maxThrottleWait, double ratePerSecond, int burst) {

  public static final String DEFAULT_API_VERSION = "2026-01";
  public static final int MAX_PAGE_SIZE = 250;

  @ConstructorBinding
  public ShopifyProperties {
    shops = shops == null ? List.of() : List.copyOf(shops);
    apiVersion = apiVersion == null || apiVersion.isBlank() ? DEFAULT_API_VERSION : apiVersion.trim();
    reconcileInterval = positive(reconcileInterval, Duration.ofMinutes(10));
    reconcileLookback = positive(reconcileLookback, Duration.ofDays(1));
    reconcileOverlap = reconcileOverlap == null || reconcileOverlap.isNegative() ? Duration.ofMinutes(2)
        : reconcileOverlap;
    pageSize = pageSize <= 0 ? MAX_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
    connectTimeout = positive(connectTimeout, Duration.ofSeconds(5));
    readTimeout = positive(readTimeout, Duration.ofSeconds(30));
    maxThrottleWait = positive(maxThrottleWait, Duration.ofSeconds(30));
    ratePerSecond = ratePerSecond > 0 ? ratePerSecond : 2.0;
    burst = burst > 0 ? burst : 40;
  }

  /** The webhook-only settings of before the reconcile poll; everything else takes its default. */
  public ShopifyProperties(String adminBaseUrl, List<Shop> shops) {
    this(adminBaseUrl, shops, null, null, null, null, 0, null, null, null, 0, 0);
  }

  private static Duration positive(Duration value, Duration fallback) {
    return value == null || value.isNegative() || value.isZero() ? fallback : value;
  }

  public Optional<Shop> shop(String domain) {
    if (domain == null) {
      return Optional.empty();
    }
    return shops.stream().filter(shop -> shop.domain() != null && shop.domain().equalsIgnoreCase(domain)).findFirst();
  }

  @Override
  public String toString() {
    return "ShopifyProperties[adminBaseUrl=" + adminBaseUrl + ", shops=" + shops + ", apiVersion=" + apiVersion
        + ", reconcileInterval=" + reconcileInterval + ", reconcileLookback=" + reconcileLookback
        + ", reconcileOverlap=" + reconcileOverlap + ", pageSize=" + pageSize + ", connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout + ", maxThrottleWait=" + maxThrottleWait + ", ratePerSecond="
        + ratePerSecond + ", burst=" + burst + "]";
  }

  /**
   * One shop.
   *
   * @param adminBaseUrl this shop's Admin API base URL ({@code https://{shop}.myshopify.com}) when it differs
   *     from {@code sync.shopify.admin-base-url}: each real shop has its own host
   */
  public record Shop(String domain, String webhookSecret, String adminToken, String adminBaseUrl) {

    @ConstructorBinding
    public Shop {}

    /** A shop on the common {@code admin-base-url}. */
    public Shop(String domain, String webhookSecret, String adminToken) {
      this(domain, webhookSecret, adminToken, null);
    }

    public boolean hasAdminToken() {
      return adminToken != null && !adminToken.isBlank();
    }

    @Override
    public String toString() {
      return "Shop[domain=" + domain + (adminBaseUrl == null ? "" : ", adminBaseUrl=" + adminBaseUrl) + "]";
    }
  }
}
