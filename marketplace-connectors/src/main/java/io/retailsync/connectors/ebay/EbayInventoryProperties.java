package io.retailsync.connectors.ebay;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * eBay's inventory push ({@code sync.ebay.inventory.*}); host, token endpoint and credentials are
 * {@code sync.ebay.*}.
 *
 * @param scopes the OAuth scopes of the push's tokens (the Inventory API needs {@code sell.inventory})
 * @param maxBatchSize the most SKUs one push carries; it is sent 25 per call, eBay's limit
 * @param maxRateWait the most one call waits for its rate limit and for 429s
 * @param bulkUpdatePriceQuantity the limit of {@code bulk_update_price_quantity} (eBay publishes a daily quota per
 *     application, about 2,000,000 Inventory API calls — unverified; the default keeps far below it)
 * @param getInventoryItem the limit of {@code GET inventory_item/{sku}}
 */
@ConfigurationProperties("sync.ebay.inventory")
public record EbayInventoryProperties(String scopes, Integer maxBatchSize, Duration maxRateWait,
    EbayProperties.RateLimit bulkUpdatePriceQuantity, EbayProperties.RateLimit getInventoryItem) {

  public static final String INVENTORY_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.inventory";
  /** eBay's limit of requests in one {@code bulk_update_price_quantity} call. */
  public static final int CALL_SIZE = 25;
  public static final EbayProperties.RateLimit DEFAULT_LIMIT = new EbayProperties.RateLimit(5.0, 25);

  public EbayInventoryProperties {
    scopes = scopes == null || scopes.isBlank() ? INVENTORY_SCOPE : scopes.trim();
    maxBatchSize = maxBatchSize == null ? 20 * CALL_SIZE : maxBatchSize;
    maxRateWait = maxRateWait == null ? Duration.ofMinutes(1) : maxRateWait;
    bulkUpdatePriceQuantity = bulkUpdatePriceQuantity == null ? DEFAULT_LIMIT : bulkUpdatePriceQuantity;
    getInventoryItem = getInventoryItem == null ? DEFAULT_LIMIT : getInventoryItem;
    if (maxBatchSize < 1 || maxBatchSize > 10_000) {
      throw new IllegalArgumentException("sync.ebay.inventory.max-batch-size must be 1–10000");
    }
    if (maxRateWait.isNegative()) {
      throw new IllegalArgumentException("sync.ebay.inventory.max-rate-wait must not be negative");
    }
    for (EbayProperties.RateLimit limit : new EbayProperties.RateLimit[] {bulkUpdatePriceQuantity, getInventoryItem}) {
      if (!(limit.perSecond() > 0) || limit.burst() < 1) {
        throw new IllegalArgumentException("sync.ebay.inventory rate limits need a positive per-second rate and a"
            + " burst of at least 1");
      }
    }
  }

  public static EbayInventoryProperties defaults() {
    return new EbayInventoryProperties(null, null, null, null, null);
  }
}
