package io.retailsync.connectors.polling;

import java.util.List;

/**
 * One page of a feed: its orders, and the cursor of the next page ({@code null} on the last one). The
 * cursor is an opaque string (Amazon's {@code NextToken}, Walmart's {@code nextCursor} query string, an
 * eBay offset) that must stay usable after a restart of the service.
 */
public record OrderPage(List<PolledOrder> orders, String nextCursor) {

  public OrderPage {
    orders = List.copyOf(orders);
  }

  public boolean isLast() {
    return nextCursor == null || nextCursor.isBlank();
  }
}
