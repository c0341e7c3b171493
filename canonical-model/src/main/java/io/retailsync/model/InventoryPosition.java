package io.retailsync.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A SKU's stock as the inventory service projects it: on hand and reserved per location, and the quantity
 * each channel may sell. Published on {@code retail.inventory-positions.v1} (compacted, keyed by SKU) each
 * time one of these values changes; {@code revision} grows with every publication of the SKU.
 */
public record InventoryPosition(
    String sku,
    List<Location> locations,
    Map<String, Integer> atpByChannel,
    long revision,
    Instant asOf) {

  public InventoryPosition {
    locations = locations == null ? List.of() : List.copyOf(locations);
    atpByChannel = atpByChannel == null ? Map.of() : Map.copyOf(atpByChannel);
  }

  /** On hand and reserved at one location; {@code onHand - reserved} may be negative when oversold. */
  public record Location(String location, int onHand, int reserved) {}
}
