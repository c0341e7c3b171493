package io.retailsync.inventory.projection;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One SKU's stock: on hand and reserved per location, changed only through the operations below so that
 * the service and its tests share one set of rules. Not thread-safe: the service holds the SKU's row lock
 * while it works on one.
 */
public final class SkuStock {

  private final String sku;
  private final Map<String, Integer> onHand = new TreeMap<>();
  private final Map<String, Integer> reserved = new TreeMap<>();

  public SkuStock(String sku) {
    this.sku = sku;
  }

  public String sku() {
    return sku;
  }

  public SkuStock with(String location, int onHandUnits, int reservedUnits) {
    onHand.put(location, onHandUnits);
    reserved.put(location, reservedUnits);
    return this;
  }

  public int onHand(String location) {
    return onHand.getOrDefault(location, 0);
  }

  public int reserved(String location) {
    return reserved.getOrDefault(location, 0);
  }

  /** Every location with stock or reservations, sorted. */
  public java.util.Set<String> locations() {
    java.util.Set<String> all = new java.util.TreeSet<>(onHand.keySet());
    all.addAll(reserved.keySet());
    return all;
  }

  /** Units on hand and not reserved; negative when more is reserved than there is. */
  public int available(String location) {
    return onHand(location) - reserved(location);
  }

  public Map<String, Integer> availableIn(List<String> locations) {
    Map<String, Integer> free = new java.util.LinkedHashMap<>();
    locations.forEach(location -> free.put(location, available(location)));
    return free;
  }

  /**
   * Brings an order's hold of this SKU to {@code target} units: reserves what is missing by the
   * {@link LocationRule}, gives back what is too much.
   *
   * @param releaseFirst where to give back first (a shipment's location), or null
   */
  public HoldChange hold(OrderHold current, int target, List<String> locations, String releaseFirst) {
    int have = current.total();
    Map<String, Integer> next = new TreeMap<>(current.byLocation());
    int shortfall = 0;
    if (target > have) {
      Map<String, Integer> free = availableIn(locations);
      Map<String, Integer> taken = LocationRule.reserve(locations, free, target - have);
      for (Map.Entry<String, Integer> take : taken.entrySet()) {
        int freeHere = Math.max(0, free.getOrDefault(take.getKey(), 0));
        shortfall += Math.max(0, take.getValue() - freeHere);
        next.merge(take.getKey(), take.getValue(), Integer::sum);
        reserved.merge(take.getKey(), take.getValue(), Integer::sum);
      }
    } else if (target < have) {
      Map<String, Integer> given = LocationRule.release(current.byLocation(), locations, releaseFirst, have - target);
      for (Map.Entry<String, Integer> give : given.entrySet()) {
        next.merge(give.getKey(), -give.getValue(), Integer::sum);
        reserved.merge(give.getKey(), -give.getValue(), Integer::sum);
      }
      next.values().removeIf(units -> units == 0);
    }
    return new HoldChange(new OrderHold(next), shortfall);
  }

  /** Units in or out at a location (a shipment leaving, a sellable return coming back). */
  public void move(String location, int delta) {
    onHand.merge(location, delta, Integer::sum);
    reserved.putIfAbsent(location, 0);
  }

  /** On hand at a location as a count found it, plus the movements recorded after the count. */
  public void rebase(String location, int counted, int movedSince) {
    onHand.put(location, counted + movedSince);
    reserved.putIfAbsent(location, 0);
  }

  /** What a channel selling from {@code locations} may sell, before its buffer, cap and floor. */
  public int sellable(List<String> locations) {
    int units = 0;
    for (String location : locations) {
      units += available(location);
    }
    return units;
  }

  /** An order's units of one SKU held per location. */
  public record OrderHold(Map<String, Integer> byLocation) {

    public static final OrderHold NONE = new OrderHold(Map.of());

    public OrderHold {
      byLocation = Map.copyOf(byLocation);
    }

    public int total() {
      return byLocation.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** The new hold, and how many of its units nobody had (oversold). */
  public record HoldChange(OrderHold hold, int shortfall) {}
}
