package io.retailsync.inventory.channels;

import io.retailsync.inventory.projection.SkuStock;
import java.util.List;
import java.util.Map;

/**
 * What one channel may sell: from which locations (most preferred first, which is also where its orders
 * are reserved), less a safety buffer (per SKU where one is set, else the channel's), at most {@code cap}
 * units when a cap is set, and nothing at all below {@code floor}.
 */
public record ChannelRule(String channel, List<String> locations, int buffer, Map<String, Integer> skuBuffers,
    Integer cap, int floor) {

  public ChannelRule {
    if (channel == null || channel.isBlank()) {
      throw new IllegalArgumentException("a channel rule needs a channel");
    }
    locations = locations == null ? List.of() : List.copyOf(locations);
    if (locations.isEmpty()) {
      throw new IllegalArgumentException("channel " + channel + " needs at least one location");
    }
    if (locations.stream().distinct().count() != locations.size()) {
      throw new IllegalArgumentException("channel " + channel + " names a location twice");
    }
    skuBuffers = skuBuffers == null ? Map.of() : Map.copyOf(skuBuffers);
    if (buffer < 0 || floor < 0 || (cap != null && cap < 0) || skuBuffers.values().stream().anyMatch(b -> b == null || b < 0)) {
      throw new IllegalArgumentException("channel " + channel + ": buffers, cap and floor cannot be negative");
    }
  }

  public int bufferFor(String sku) {
    return skuBuffers.getOrDefault(sku, buffer);
  }

  /** The quantity the channel is to show for the SKU. */
  public int atp(SkuStock stock) {
    int units = stock.sellable(locations) - bufferFor(stock.sku());
    if (cap != null) {
      units = Math.min(units, cap);
    }
    if (units < floor) {
      return 0;
    }
    return Math.max(0, units);
  }

  /** Whether {@code quantity} is at or below the point where the channel stops selling. */
  public boolean atOrBelowFloor(int quantity) {
    return quantity <= 0 || quantity <= floor;
  }
}
