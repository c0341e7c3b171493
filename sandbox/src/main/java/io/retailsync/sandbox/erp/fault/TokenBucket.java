package io.retailsync.sandbox.erp.fault;

import java.util.function.LongSupplier;

/**
 * A token bucket refilled continuously at {@code ratePerSecond}, holding at most one second's worth
 * (at least one token), so a burst after a quiet spell is bounded the way real APIs bound it.
 */
final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final double ratePerNano;
  private final double capacity;
  private final LongSupplier nanoClock;
  private double tokens;
  private long last;

  TokenBucket(double ratePerSecond, LongSupplier nanoClock) {
    if (ratePerSecond <= 0) {
      throw new IllegalArgumentException("rate must be positive");
    }
    this.ratePerNano = ratePerSecond / NANOS_PER_SECOND;
    this.capacity = Math.max(1d, ratePerSecond);
    this.nanoClock = nanoClock;
    this.tokens = capacity;
    this.last = nanoClock.getAsLong();
  }

  /** Takes a token and answers 0, or answers how many nanoseconds until one is available. */
  synchronized long tryAcquire() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
    last = now;
    if (tokens >= 1d) {
      tokens -= 1d;
      return 0;
    }
    return Math.max(1L, (long) Math.ceil((1d - tokens) / ratePerNano));
  }

  /** {@code Retry-After} is whole seconds: round up, and never 0, which clients read as "now". */
  static long retryAfterSeconds(long waitNanos) {
    return Math.max(1L, (long) Math.ceil(waitNanos / NANOS_PER_SECOND));
  }
}
