package io.retailsync.sandbox.shopify;

import java.time.Duration;

/**
 * The REST Admin API's leaky bucket for one app and shop: each call adds one; the bucket leaks
 * {@code leakPerSecond}; a call that finds it full is refused (429) with the time until one call has
 * leaked. Thread-safe.
 */
final class ShopifyLeakyBucket {

  /** What a call found: admitted or not, the bucket's level after it (as Shopify reports it), the wait. */
  record Result(boolean admitted, int used, int size, Duration retryAfter) {

    String callLimitHeader() {
      return used + "/" + size;
    }
  }

  private int size;
  private double leakPerSecond;
  private double level;
  private long lastNanos = System.nanoTime();

  ShopifyLeakyBucket(int size, double leakPerSecond) {
    configure(size, leakPerSecond);
  }

  synchronized void configure(int newSize, double newLeakPerSecond) {
    if (newSize < 1 || !(newLeakPerSecond > 0)) {
      throw new IllegalArgumentException("bucket size must be at least 1 and the leak rate positive");
    }
    leak();
    this.size = newSize;
    this.leakPerSecond = newLeakPerSecond;
    this.level = Math.min(level, newSize);
  }

  synchronized void empty() {
    leak();
    level = 0;
  }

  synchronized int size() {
    return size;
  }

  synchronized double leakPerSecond() {
    return leakPerSecond;
  }

  /** One call: admitted when the bucket has room for it. */
  synchronized Result call() {
    leak();
    if (level + 1 > size + 1e-9) {
      double seconds = (level + 1 - size) / leakPerSecond;
      return new Result(false, size, size, Duration.ofMillis((long) Math.ceil(seconds * 1000)));
    }
    level += 1;
    return new Result(true, (int) Math.ceil(level - 1e-9), size, Duration.ZERO);
  }

  /** The level without a call (for answers that do not count, such as a refused token). */
  synchronized Result peek() {
    leak();
    return new Result(true, (int) Math.ceil(level - 1e-9), size, Duration.ZERO);
  }

  private void leak() {
    long now = System.nanoTime();
    level = Math.max(0, level - (now - lastNanos) / 1e9 * leakPerSecond);
    lastNanos = now;
  }
}
