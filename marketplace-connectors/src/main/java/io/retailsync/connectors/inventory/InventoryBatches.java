package io.retailsync.connectors.inventory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What every {@link ChannelInventoryPort} checks and splits the same way. */
public final class InventoryBatches {

  private InventoryBatches() {}

  /** Refuses more than {@code max} updates or a SKU given twice (which value would win is not the port's call). */
  public static List<InventoryUpdate> checked(String channel, List<InventoryUpdate> updates, int max) {
    List<InventoryUpdate> copy = List.copyOf(updates);
    if (copy.size() > max) {
      throw new IllegalArgumentException(channel + " takes at most " + max + " updates per push, got " + copy.size());
    }
    Set<String> skus = new HashSet<>();
    for (InventoryUpdate update : copy) {
      if (!skus.add(update.sku())) {
        throw new IllegalArgumentException(channel + " push names SKU " + update.sku() + " twice");
      }
    }
    return copy;
  }

  /** Consecutive slices of at most {@code size}. */
  public static <T> List<List<T>> partition(List<T> items, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a batch holds at least one item");
    }
    List<List<T>> batches = new ArrayList<>();
    for (int from = 0; from < items.size(); from += size) {
      batches.add(items.subList(from, Math.min(items.size(), from + size)));
    }
    return batches;
  }
}
