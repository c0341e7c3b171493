package io.retailsync.connectors.shopify;

import java.time.Instant;

/**
 * Where a Shopify order stands beyond its content: cancelled (and why), and whether fulfilment has started
 * (some units fulfilled, or a fulfillment recorded), which makes a cancellation a matter for operations.
 */
public record ShopifyOrderLifecycle(Instant cancelledAt, String cancelReason, boolean fulfilmentStarted) {

  public boolean cancelled() {
    return cancelledAt != null;
  }
}
