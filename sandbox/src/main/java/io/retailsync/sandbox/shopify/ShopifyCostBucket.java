package io.retailsync.sandbox.shopify;

/**
 * The GraphQL Admin API's calculated-cost bucket for one app and shop: a query may run when its requested cost is
 * no more than what the bucket holds; it then takes its actual cost; the bucket restores {@code restoreRate} points a
 * second up to {@code maximumAvailable}. Thread-safe.
 */
final class ShopifyCostBucket {

  /** {@code extensions.cost.throttleStatus} after a call. */
  record Status(double maximumAvailable, double currentlyAvailable, double restoreRate) {}

  private final double maximum;
  private final double restoreRate;
  private double available;
  private long lastNanos = System.nanoTime();

  ShopifyCostBucket(double maximum, double restoreRate) {
    this.maximum = maximum;
    this.restoreRate = restoreRate;
    this.available = maximum;
  }

  /** Takes {@code actual} if {@code requested} fits; false (nothing taken) when it does not. */
  synchronized boolean take(double requested, double actual) {
    restore();
    if (requested > available) {
      return false;
    }
    available -= actual;
    return true;
  }

  synchronized Status status() {
    restore();
    return new Status(maximum, Math.floor(available * 10) / 10, restoreRate);
  }

  synchronized void fill() {
    available = maximum;
  }

  private void restore() {
    long now = System.nanoTime();
    available = Math.min(maximum, available + (now - lastNanos) / 1e9 * restoreRate);
    lastNanos = now;
  }
}
