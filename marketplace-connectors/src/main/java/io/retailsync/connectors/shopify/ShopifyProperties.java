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
 * @param inventory the inventory push's settings ({@code sync.shopify.inventory.*})
 */
@ConfigurationProperties("sync.shopify")
public record ShopifyProperties(String adminBaseUrl, List<Shop> shops, String apiVersion, Duration reconcileInterval,
    Duration reconcileLookback, Duration reconcileOverlap, int pageSize, Duration connectTimeout,
    Duration readTimeout, Duration maxThrottleWait, double ratePerSecond, int burst, Inventory inventory) {

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
    inventory = inventory == null ? Inventory.DEFAULTS : inventory;
  }

  /** The settings of before the inventory push. */
  public ShopifyProperties(String adminBaseUrl, List<Shop> shops, String apiVersion, Duration reconcileInterval,
      Duration reconcileLookback, Duration reconcileOverlap, int pageSize, Duration connectTimeout,
      Duration readTimeout, Duration maxThrottleWait, double ratePerSecond, int burst) {
    this(adminBaseUrl, shops, apiVersion, reconcileInterval, reconcileLookback, reconcileOverlap, pageSize,
        connectTimeout, readTimeout, maxThrottleWait, ratePerSecond, burst, null);
  }

  /** The webhook-only settings of before the reconcile poll; everything else takes its default. */
  public ShopifyProperties(String adminBaseUrl, List<Shop> shops) {
    this(adminBaseUrl, shops, null, null, null, null, 0, null, null, null, 0, 0, null);
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
        + ratePerSecond + ", burst=" + burst + ", inventory=" + inventory + "]";
  }

  /**
   * The inventory push over the GraphQL Admin API ({@code sync.shopify.inventory.*}).
   *
   * @param maxBatchSize the most SKUs one push carries (sent {@code mutation-size} per mutation)
   * @param mutationSize quantities per {@code inventorySetQuantities} call (Shopify's limit, 250, unverified)
   * @param lookupSize SKUs per {@code productVariants} lookup of inventory item ids (one search query each)
   */
  public record Inventory(Integer maxBatchSize, Integer mutationSize, Integer lookupSize) {

    public static final int MAX_MUTATION_SIZE = 250;
    static final Inventory DEFAULTS = new Inventory(null, null, null);

    public Inventory {
      maxBatchSize = maxBatchSize == null ? 4 * MAX_MUTATION_SIZE : maxBatchSize;
      mutationSize = mutationSize == null ? MAX_MUTATION_SIZE : mutationSize;
      lookupSize = lookupSize == null ? 50 : lookupSize;
      if (maxBatchSize < 1 || maxBatchSize > 10_000) {
        throw new IllegalArgumentException("sync.shopify.inventory.max-batch-size must be 1–10000");
      }
      if (mutationSize < 1 || mutationSize > MAX_MUTATION_SIZE) {
        throw new IllegalArgumentException("sync.shopify.inventory.mutation-size must be 1–" + MAX_MUTATION_SIZE);
      }
      if (lookupSize < 1 || lookupSize > 100) {
        throw new IllegalArgumentException("sync.shopify.inventory.lookup-size must be 1–100");
      }
    }
  }

  /**
   * One shop.
   *
   * @param adminBaseUrl this shop's Admin API base URL ({@code https://{shop}.myshopify.com}) when it differs
   *     from {@code sync.shopify.admin-base-url}: each real shop has its own host
   * @param inventoryLocationId the location whose {@code available} quantity the inventory push sets (the number
   *     or the {@code gid://shopify/Location/...} id); unset, the shop's only location is used
   */
  public record Shop(String domain, String webhookSecret, String adminToken, String adminBaseUrl,
      String inventoryLocationId) {

    @ConstructorBinding
    public Shop {
      inventoryLocationId = inventoryLocationId == null || inventoryLocationId.isBlank() ? null
          : inventoryLocationId.trim();
      if (inventoryLocationId != null && !inventoryLocationId.matches("\\d{1,20}|gid://shopify/Location/\\d{1,20}")) {
        throw new IllegalArgumentException("sync.shopify.shops[].inventory-location-id must be a location number or"
            + " gid://shopify/Location/<number>, got " + inventoryLocationId);
      }
    }

    /** A shop on the common {@code admin-base-url}. */
    public Shop(String domain, String webhookSecret, String adminToken) {
      this(domain, webhookSecret, adminToken, null, null);
    }

    /** A shop without an inventory location of its own. */
    public Shop(String domain, String webhookSecret, String adminToken, String adminBaseUrl) {
      this(domain, webhookSecret, adminToken, adminBaseUrl, null);
    }

    /** The location as the GraphQL Admin API names it, or null when unset. */
    public String inventoryLocationGid() {
      return inventoryLocationId == null ? null : inventoryLocationId.startsWith("gid://") ? inventoryLocationId
          : "gid://shopify/Location/" + inventoryLocationId;
    }

    public boolean hasAdminToken() {
      return adminToken != null && !adminToken.isBlank();
    }

    @Override
    public String toString() {
      return "Shop[domain=" + domain + (adminBaseUrl == null ? "" : ", adminBaseUrl=" + adminBaseUrl)
          + (inventoryLocationId == null ? "" : ", inventoryLocationId=" + inventoryLocationId) + "]";
    }
  }
}
