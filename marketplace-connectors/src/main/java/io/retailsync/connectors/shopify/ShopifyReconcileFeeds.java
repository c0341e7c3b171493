package io.retailsync.connectors.shopify;

import io.retailsync.connectors.polling.OrderFeed;
import java.util.List;

/** The reconcile feeds of the configured shops: one per shop that has an admin token. */
public final class ShopifyReconcileFeeds {

  private final List<OrderFeed> feeds;

  public ShopifyReconcileFeeds(List<? extends OrderFeed> feeds) {
    this.feeds = List.copyOf(feeds);
  }

  public List<OrderFeed> feeds() {
    return feeds;
  }
}
