package io.retailsync.inventory.projection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rule that decides where an order's units of a SKU are reserved (and so fulfilled), and from where
 * they are given back.
 *
 * <p>Reserving: the first of the channel's locations, in its order of preference, that can cover all the
 * units; else the units available, location by location in that order; the rest (units nobody has) on the
 * channel's first location, where they show as oversold. Giving back: from the location named (the one a
 * shipment left), then against the order of preference, so the units kept stay where they are most wanted.
 */
public final class LocationRule {

  private LocationRule() {}

  /**
   * @param locations the channel's locations, most preferred first (not empty)
   * @param available units free at each location (missing: none)
   * @return units to reserve per location, in the order chosen; the sum is {@code quantity}
   */
  public static Map<String, Integer> reserve(List<String> locations, Map<String, Integer> available, int quantity) {
    if (locations.isEmpty()) {
      throw new IllegalArgumentException("a channel needs at least one location");
    }
    Map<String, Integer> chosen = new LinkedHashMap<>();
    if (quantity <= 0) {
      return chosen;
    }
    for (String location : locations) {
      if (free(available, location) >= quantity) {
        chosen.put(location, quantity);
        return chosen;
      }
    }
    int left = quantity;
    for (String location : locations) {
      int take = Math.min(left, free(available, location));
      if (take > 0) {
        chosen.merge(location, take, Integer::sum);
        left -= take;
      }
    }
    if (left > 0) {
      chosen.merge(locations.get(0), left, Integer::sum);
    }
    return chosen;
  }

  /**
   * @param held what the order holds per location
   * @param locations the channel's locations, most preferred first
   * @param first where to give back first (a shipment's location), or null
   * @return units to give back per location; the sum is {@code min(quantity, held total)}
   */
  public static Map<String, Integer> release(Map<String, Integer> held, List<String> locations, String first,
      int quantity) {
    Map<String, Integer> released = new LinkedHashMap<>();
    int left = quantity;
    List<String> order = new java.util.ArrayList<>();
    if (first != null) {
      order.add(first);
    }
    // locations outside the channel's list (a rule changed since) go first, then the least preferred
    held.keySet().stream().filter(location -> !locations.contains(location) && !order.contains(location)).sorted()
        .forEach(order::add);
    for (int i = locations.size() - 1; i >= 0; i--) {
      if (!order.contains(locations.get(i))) {
        order.add(locations.get(i));
      }
    }
    for (String location : order) {
      int take = Math.min(left, held.getOrDefault(location, 0));
      if (take > 0) {
        released.put(location, take);
        left -= take;
      }
    }
    return released;
  }

  private static int free(Map<String, Integer> available, String location) {
    return Math.max(0, available.getOrDefault(location, 0));
  }
}
