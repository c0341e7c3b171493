package io.retailsync.connectors.polling;

import java.time.Duration;
import java.time.Instant;

/**
 * One channel account whose orders are polled (Amazon, Walmart, eBay): the marketplace's order list read
 * page by page from a watermark. The ingestion service owns the watermark, the schedule and what is done
 * with each order; a feed only speaks the marketplace's API (auth, signing, rate limits, pagination) and
 * maps each order once to the canonical model.
 *
 * <p>A page must be safe to read again: the ingestion service stores the cursor only once a page is
 * handled, so after a crash or a failed call the same page (same {@code since}, same cursor) is asked for
 * again. A transient failure (429 after the feed's own waits, 5xx, timeout, token endpoint away) is thrown
 * as {@link io.retailsync.connectors.http.MarketplaceUnavailableException}; the page is then retried, never
 * skipped.
 */
public interface OrderFeed {

  /**
   * Feeds are created only where this is {@code true} (the order-ingestion service): the other services
   * share the marketplaces' base URLs for their own calls and poll no orders.
   */
  String ENABLED_PROPERTY = "sync.order-feeds.enabled";

  /** The canonical channel name: {@code amazon}, {@code walmart}, {@code ebay}. */
  String channel();

  /** The channel account's name, unique per service (watermarks and metrics are kept per account). */
  String account();

  Duration pollInterval();

  /** How far before the watermark each run starts reading, so orders written at the edge are not missed. */
  Duration overlap();

  /** Where the first run of a new account starts: this far before now. */
  Duration initialLookback();

  /**
   * One page of the orders last modified at or after {@code since}: the first page when {@code cursor} is
   * null, else the page the previous page's {@link OrderPage#nextCursor()} names.
   */
  OrderPage fetchPage(Instant since, String cursor);

  /**
   * Tells the marketplace the seller has taken the order in (Walmart acknowledges a {@code Created}
   * purchase order), once the ERP accepted it. Called at least once per accepted order, so it must be
   * harmless to repeat. Most marketplaces need nothing.
   */
  default void acknowledge(PolledOrder order) {}

  /** Whether {@link #acknowledge(PolledOrder)} does anything for this order. */
  default boolean needsAcknowledgement(PolledOrder order) {
    return false;
  }
}
