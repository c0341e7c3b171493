package io.retailsync.connectors.inventory;

import java.util.Objects;

/**
 * One SKU's quantity for one channel.
 *
 * @param sku the seller's SKU, as every channel lists it
 * @param quantity the absolute quantity the channel shall offer, 0 or more
 * @param idempotencyKey the caller's key for this value (e.g. derived from the position's version); sent where
 *     the API takes one, and the same key must come with the same quantity
 */
public record InventoryUpdate(String sku, int quantity, String idempotencyKey) {

  public InventoryUpdate {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (sku.isBlank()) {
      throw new IllegalArgumentException("sku is blank");
    }
    if (quantity < 0) {
      throw new IllegalArgumentException("quantity of " + sku + " is negative: " + quantity);
    }
    if (idempotencyKey.isBlank()) {
      throw new IllegalArgumentException("idempotencyKey of " + sku + " is blank");
    }
  }
}
