package io.retailsync.sandbox.amazon;

/** SP-API's usage plan: {@code burst} tokens at most, refilled at {@code rate} per second. */
final class AmazonTokenBucket {

  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long last;

  AmazonTokenBucket(double ratePerSecond, int burst) {
    this.ratePerNano = ratePerSecond / 1_000_000_000d;
    this.burst = burst;
    this.tokens = burst;
    this.last = System.nanoTime();
  }

  synchronized boolean tryAcquire() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
    last = now;
    if (tokens >= 1d) {
      tokens -= 1d;
      return true;
    }
    return false;
  }
}
