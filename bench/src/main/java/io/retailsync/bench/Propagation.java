package io.retailsync.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each order became visible on a channel, from what the generator sent and what the channel accepted. The
 * bench's stock only goes down (orders, no restock), so the channel reflects an order once it shows the SKU's
 * quantity after that order or less: the first such value the channel accepted at or after the order was sent.
 */
final class Propagation {

  /** One order line as sent: its SKU, when it was due (epoch ms), and the SKU's quantity once it is applied. */
  record Sent(String sku, long sentAtMillis, int quantityAfter, boolean measured, boolean lastUnit) {}

  /** One quantity the channel accepted, in the channel's order. */
  record Shown(String sku, int quantity, long atMillis) {}

  /** Latencies (ms) of the measured orders, those of the last units among them, and orders never shown. */
  record Result(double[] all, double[] lastUnit, int neverShown) {}

  private Propagation() {}

  static Result of(List<Sent> orders, List<Shown> history) {
    Map<String, List<Shown>> bySku = new HashMap<>();
    for (Shown shown : history) {
      bySku.computeIfAbsent(shown.sku(), ignored -> new ArrayList<>()).add(shown);
    }
    List<Double> all = new ArrayList<>();
    List<Double> lastUnit = new ArrayList<>();
    int never = 0;
    for (Sent order : orders) {
      if (!order.measured()) {
        continue;
      }
      Long at = firstReflecting(bySku.getOrDefault(order.sku(), List.of()), order);
      if (at == null) {
        never++;
        continue;
      }
      double latency = Math.max(0, at - order.sentAtMillis());
      all.add(latency);
      if (order.lastUnit()) {
        lastUnit.add(latency);
      }
    }
    return new Result(all.stream().mapToDouble(Double::doubleValue).toArray(),
        lastUnit.stream().mapToDouble(Double::doubleValue).toArray(), never);
  }

  private static Long firstReflecting(List<Shown> shown, Sent order) {
    int low = 0;
    int high = shown.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (shown.get(middle).atMillis() < order.sentAtMillis()) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    for (int i = low; i < shown.size(); i++) {
      if (shown.get(i).quantity() <= order.quantityAfter()) {
        return shown.get(i).atMillis();
      }
    }
    return null;
  }

  /**
   * The latencies a full feed every {@code intervalMillis} would give the same orders: feeds start at
   * {@code firstStartMillis + k × interval}, each reads the stock when it starts, and the channel shows a SKU
   * {@code shownAfter} (ms, as measured in a real full feed) after the feed started.
   */
  static double[] fullFeed(List<Sent> orders, Map<String, Long> shownAfter, double intervalMillis,
      long firstStartMillis) {
    List<Double> latencies = new ArrayList<>();
    long slowest = shownAfter.values().stream().mapToLong(Long::longValue).max().orElse(0);
    for (Sent order : orders) {
      if (!order.measured()) {
        continue;
      }
      double since = order.sentAtMillis() - firstStartMillis;
      double start = firstStartMillis + Math.ceil(Math.max(0, since) / intervalMillis) * intervalMillis;
      latencies.add(start + shownAfter.getOrDefault(order.sku(), slowest) - order.sentAtMillis());
    }
    return latencies.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
