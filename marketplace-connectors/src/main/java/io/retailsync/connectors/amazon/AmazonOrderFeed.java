package io.retailsync.connectors.amazon;

import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.polling.OrderFeed;
import io.retailsync.connectors.polling.ScheduledOrderFeed;
import io.retailsync.connectors.polling.OrderPage;
import io.retailsync.connectors.polling.PolledOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The Amazon channel account's orders: {@code getOrders} by {@code LastUpdatedAfter}, page by page, each
 * order completed with its {@code getOrderItems} and mapped by {@link AmazonOrderMapper}.
 *
 * <p>The cursor is Amazon's {@code NextToken} as Amazon gave it. A page is read again with the same
 * {@code since} and cursor after a failure. Should Amazon refuse a stored token (400: expired or
 * unknown, e.g. after a long outage), the run starts over from the first page of {@code since}: the pages
 * before come again and are recognised as duplicates, nothing is skipped.
 */
public final class AmazonOrderFeed extends ScheduledOrderFeed {

  public static final String ACCOUNT = "amazon";

  private static final Logger log = LoggerFactory.getLogger(AmazonOrderFeed.class);

  private final AmazonProperties properties;
  private final AmazonClient client;
  /** Items by order version ({@code id@LastUpdateDate}), the most recent few thousand. */
  private final java.util.Map<String, List<JsonNode>> knownItems = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, List<JsonNode>> eldest) {
          return size() > 5000;
        }
      });

  public AmazonOrderFeed(AmazonProperties properties, AmazonClient client) {
    super(AmazonOrderMapper.CHANNEL, ACCOUNT, properties.pollInterval(), properties.overlap(), properties.initialLookback());
    this.properties = properties;
    this.client = client;
  }






  @Override
  public OrderPage fetchPage(Instant since, String cursor) {
    java.util.Objects.requireNonNull(since, "since");
    AmazonClient.OrdersPage page;
    String token = cursor == null || cursor.isBlank() ? null : cursor;
    try {
      page = client.getOrders(since, token);
    } catch (MarketplaceRefusedException refused) {
      if (token == null || refused.status() != 400) {
        throw refused;
      }
      log.warn("Amazon refused a stored NextToken ({}); reading the orders since {} from the first page again",
          refused.getMessage(), since);
      page = client.getOrders(since, null);
    }
    List<PolledOrder> orders = new ArrayList<>(page.orders().size());
    for (JsonNode order : page.orders()) {
      orders.add(withItems(order));
    }
    return new OrderPage(orders, page.nextToken());
  }

  /** One order with its items; an order whose items Amazon refuses (4xx) is invalid, not the page's failure. */
  private PolledOrder withItems(JsonNode order) {
    JsonNode id = order == null ? null : order.get("AmazonOrderId");
    if (id == null || !id.isString() || id.stringValue().isBlank()
        || id.stringValue().chars().anyMatch(c -> c < 0x20 || c == 0x7F) || id.stringValue().length() > 64) {
      return AmazonOrderMapper.map(order, null);
    }
    // the overlap re-reads the orders at the edge every run: an order unchanged since it was read (same
    // LastUpdateDate) keeps its items, so getOrderItems' small rate goes to orders that changed
    JsonNode updated = order.get("LastUpdateDate");
    String version = id.stringValue() + "@" + (updated == null ? "" : updated.asString(""));
    List<JsonNode> items = updated == null ? null : knownItems.get(version);
    if (items != null) {
      return AmazonOrderMapper.map(order, items);
    }
    try {
      items = client.getOrderItems(id.stringValue());
      if (updated != null) {
        knownItems.put(version, items);
      }
    } catch (MarketplaceRefusedException refused) {
      PolledOrder unmapped = AmazonOrderMapper.map(order, null);
      String reason = "Amazon refused the items of order " + id.stringValue() + ": " + refused.getMessage();
      return new PolledOrder(unmapped.orderId(), unmapped.lastModified(),
          unmapped.state(), null, unmapped.marketplaceStatus(), unmapped.raw(), reason);
    }
    return AmazonOrderMapper.map(order, items);
  }

  @Override
  public String toString() {
    return "AmazonOrderFeed[" + properties.baseUrl() + ", " + properties.marketplaceIds() + "]";
  }
}
