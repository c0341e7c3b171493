package io.retailsync.connectors.walmart;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Walmart's inventory push ({@code sync.walmart.inventory.*}); host and credentials are {@code sync.walmart.*}.
 *
 * @param feedThreshold a push of more SKUs than this goes as one bulk feed ({@code feedType=inventory}), fewer as
 *     one {@code PUT /v3/inventory} per SKU; bulk feeds are limited to about 10 an hour
 * @param maxBatchSize the most SKUs one push (and so one feed) carries
 * @param shipNode sent as {@code shipNode} when set (sellers with several fulfillment centres); else Walmart's
 *     default node
 * @param feedPollInterval time between two feed status reads
 * @param feedTimeout how long a push waits for its feed to be PROCESSED before it gives up as unavailable
 * @param feedDetailsPageSize items per feed status page ({@code limit} with {@code includeDetails=true})
 * @param updateInventory the single update's limit (published, unverified: 200 a minute)
 * @param getInventory the single read's limit (taken as the update's)
 * @param submitFeed the bulk feed's limit (published, unverified: 10 an hour)
 * @param getFeedStatus the feed status read's limit (not published; 1/s burst 10 assumed)
 */
@ConfigurationProperties("sync.walmart.inventory")
public record WalmartInventoryProperties(Integer feedThreshold, Integer maxBatchSize, String shipNode,
    Duration feedPollInterval, Duration feedTimeout, Integer feedDetailsPageSize, WalmartProperties.Limit updateInventory,
    WalmartProperties.Limit getInventory, WalmartProperties.Limit submitFeed, WalmartProperties.Limit getFeedStatus) {

  public static final int MAX_BATCH = 10_000;
  public static final WalmartProperties.Limit UPDATE_PUBLISHED = new WalmartProperties.Limit(200d / 60, 200);
  public static final WalmartProperties.Limit FEED_PUBLISHED = new WalmartProperties.Limit(10d / 3600, 10);
  public static final WalmartProperties.Limit FEED_STATUS_ASSUMED = new WalmartProperties.Limit(1d, 10);

  public WalmartInventoryProperties {
    feedThreshold = feedThreshold == null ? 100 : feedThreshold;
    maxBatchSize = maxBatchSize == null ? MAX_BATCH : maxBatchSize;
    shipNode = shipNode == null || shipNode.isBlank() ? null : shipNode.trim();
    feedPollInterval = positive(feedPollInterval, Duration.ofSeconds(30), "feed-poll-interval");
    feedTimeout = positive(feedTimeout, Duration.ofMinutes(30), "feed-timeout");
    feedDetailsPageSize = feedDetailsPageSize == null ? 1000 : feedDetailsPageSize;
    updateInventory = updateInventory == null ? UPDATE_PUBLISHED : updateInventory.orDefault(UPDATE_PUBLISHED);
    getInventory = getInventory == null ? UPDATE_PUBLISHED : getInventory.orDefault(UPDATE_PUBLISHED);
    submitFeed = submitFeed == null ? FEED_PUBLISHED : submitFeed.orDefault(FEED_PUBLISHED);
    getFeedStatus = getFeedStatus == null ? FEED_STATUS_ASSUMED : getFeedStatus.orDefault(FEED_STATUS_ASSUMED);
    if (feedThreshold < 0) {
      throw new IllegalArgumentException("sync.walmart.inventory.feed-threshold must not be negative");
    }
    if (maxBatchSize < 1 || maxBatchSize > MAX_BATCH) {
      throw new IllegalArgumentException("sync.walmart.inventory.max-batch-size must be 1–" + MAX_BATCH);
    }
    if (feedDetailsPageSize < 1 || feedDetailsPageSize > 1000) {
      throw new IllegalArgumentException("sync.walmart.inventory.feed-details-page-size must be 1–1000");
    }
    for (WalmartProperties.Limit limit : new WalmartProperties.Limit[] {updateInventory, getInventory, submitFeed,
        getFeedStatus}) {
      if (!(limit.perSecond() > 0) || limit.burst() < 1) {
        throw new IllegalArgumentException("sync.walmart.inventory rate limits need a positive per-second rate"
            + " and a burst of at least 1");
      }
    }
  }

  public static WalmartInventoryProperties defaults() {
    return new WalmartInventoryProperties(null, null, null, null, null, null, null, null, null, null);
  }

  private static Duration positive(Duration value, Duration fallback, String name) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("sync.walmart.inventory." + name + " must be positive");
    }
    return value;
  }
}
