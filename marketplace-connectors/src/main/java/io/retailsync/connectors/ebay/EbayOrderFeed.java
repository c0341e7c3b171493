package io.retailsync.connectors.ebay;

import io.retailsync.connectors.polling.OrderFeed;
import io.retailsync.connectors.polling.ScheduledOrderFeed;
import io.retailsync.connectors.polling.OrderPage;
import io.retailsync.connectors.polling.PolledOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The eBay account's orders, polled with getOrders {@code filter=lastmodifieddate:[since..]} (no upper
 * bound) and paged by offset. The cursor is the next page's offset as a decimal string ({@code "200"}):
 * together with {@code since}, which the ingestion service passes again, it names the page after a
 * restart. Because the range has no end, an order modified while the pages are read stays in the result
 * set, so offset paging does not skip it; an order created meanwhile pushes later ones back (eBay lists the
 * newest first), which at worst reads one twice — harmless, the ingestion service deduplicates by
 * {@code orderId} + {@code lastModifiedDate}.
 */
public final class EbayOrderFeed extends ScheduledOrderFeed {

  public static final String ACCOUNT = "ebay";
  /** The getOrders filter searches the last 90 days only; an older watermark is brought inside. */
  static final Duration SEARCH_WINDOW = Duration.ofDays(90).minusHours(1);
  private static final Logger log = LoggerFactory.getLogger(EbayOrderFeed.class);

  private final EbayProperties properties;
  private final EbayClient client;
  private final Clock clock;

  public EbayOrderFeed(EbayProperties properties, EbayClient client, Clock clock) {
    super(EbayOrderMapper.CHANNEL, ACCOUNT, properties.pollInterval(), properties.overlap(), properties.initialLookback());
    this.properties = properties;
    this.client = client;
    this.clock = clock;
  }






  @Override
  public OrderPage fetchPage(Instant since, String cursor) {
    Instant earliest = clock.instant().minus(SEARCH_WINDOW);
    Instant from = since.isBefore(earliest) ? earliest : since;
    int offset = offsetOf(cursor);
    JsonNode page = client.getOrders(from, offset);
    List<PolledOrder> orders = new ArrayList<>();
    JsonNode items = page.get("orders");
    if (items != null && items.isArray()) {
      for (JsonNode order : items) {
        orders.add(EbayOrderMapper.toPolled(order));
      }
    }
    return new OrderPage(orders, nextCursor(page, offset, orders.size()));
  }

  /**
   * The next offset: {@code offset + limit} while eBay names a {@code next} page or {@code offset + limit}
   * is below {@code total}; none after an empty page.
   */
  static String nextCursor(JsonNode page, int offset, int count) {
    if (count == 0) {
      return null;
    }
    JsonNode limitNode = page.get("limit");
    int limit = limitNode != null && limitNode.isInt() && limitNode.intValue() > 0 ? limitNode.intValue() : count;
    JsonNode next = page.get("next");
    JsonNode total = page.get("total");
    boolean more = (next != null && next.isString() && !next.asString().isBlank())
        || (total != null && total.isNumber() && offset + limit < total.longValue());
    return more ? Integer.toString(offset + limit) : null;
  }

  private static int offsetOf(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(cursor.trim());
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException ignored) {
      // falls through
    }
    log.warn("eBay feed: cursor {} is not an offset; reading from the first page again", cursor);
    return 0;
  }
}
