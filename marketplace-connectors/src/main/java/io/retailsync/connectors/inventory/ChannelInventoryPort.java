package io.retailsync.connectors.inventory;

import io.retailsync.connectors.http.MarketplaceUnavailableException;
import java.util.List;
import java.util.Optional;

/**
 * Sets the quantities one sales channel offers for sale, in that channel's own API. Quantities are absolute
 * (what the channel shall show), so pushing the same values again is harmless; the caller coalesces per SKU and
 * decides the order. One implementation per marketplace, each in its marketplace's package.
 */
public interface ChannelInventoryPort {

  /** Switches every channel's inventory push bean on or off (on by default). */
  String ENABLED_PROPERTY = "sync.inventory-push.enabled";

  /** The canonical channel name: {@code shopify}, {@code amazon}, {@code walmart}, {@code ebay}. */
  String channel();

  /** The most updates one {@link #push} may carry; the client splits them into the calls the API allows. */
  int maxBatchSize();

  /**
   * Sends the quantities, waiting while the channel's rate limit says so.
   *
   * @param updates at most {@link #maxBatchSize()}, one per SKU
   * @return every SKU either accepted or rejected with the marketplace's reason (a refusal that waiting
   *     cannot cure: an unknown SKU, a listing the API cannot change)
   * @throws MarketplaceUnavailableException when the channel could not be reached or kept refusing for its
   *     rate limit, or failed (5xx, timeout); the caller pushes the same values again later. Some of the
   *     SKUs may have been applied already, which the repeat makes no worse
   * @throws IllegalArgumentException for more than {@link #maxBatchSize()} updates or a SKU given twice
   */
  PushOutcome push(List<InventoryUpdate> updates);

  /**
   * What the channel shows now for the SKU (for drift checks); empty when the channel does not list it.
   *
   * @throws MarketplaceUnavailableException as {@link #push}
   */
  Optional<Integer> readQuantity(String sku);
}
