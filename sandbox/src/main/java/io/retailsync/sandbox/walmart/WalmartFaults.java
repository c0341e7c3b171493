package io.retailsync.sandbox.walmart;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Faults of the Walmart stand-in: a rate limit over every {@code /walmart} call (a token bucket holding one
 * second's worth), the next {@code throttleNext} calls answered 429, the next {@code failNext} answered 500, and a
 * shorter token lifetime.
 */
@Component
class WalmartFaults {

  /** What {@code PUT /sandbox/walmart/faults} takes; absent or zero means off. */
  record Settings(BigDecimal rateLimitPerSecond, Integer throttleNext, Integer failNext, Integer tokenLifetimeSeconds) {

    static final Settings NONE = new Settings(BigDecimal.ZERO, 0, 0, null);

    Settings normalized() {
      BigDecimal rate = rateLimitPerSecond == null ? BigDecimal.ZERO : rateLimitPerSecond;
      if (rate.signum() < 0 || rate.compareTo(BigDecimal.valueOf(100_000)) > 0) {
        throw new IllegalArgumentException("rateLimitPerSecond must be between 0 and 100000");
      }
      int throttle = throttleNext == null ? 0 : throttleNext;
      int fail = failNext == null ? 0 : failNext;
      if (throttle < 0 || throttle > 100_000 || fail < 0 || fail > 100_000) {
        throw new IllegalArgumentException("throttleNext and failNext must be between 0 and 100000");
      }
      if (tokenLifetimeSeconds != null && (tokenLifetimeSeconds < 1 || tokenLifetimeSeconds > 86_400)) {
        throw new IllegalArgumentException("tokenLifetimeSeconds must be between 1 and 86400");
      }
      return new Settings(rate, throttle, fail, tokenLifetimeSeconds);
    }
  }

  /** The verdict for one call: go on, or answer 429 / 500; {@code replenishAt} is epoch ms. */
  record Verdict(int status, long tokensLeft, long replenishAtMillis) {}

  private final AtomicReference<Settings> settings = new AtomicReference<>(Settings.NONE);
  private final AtomicReference<Bucket> bucket = new AtomicReference<>();
  private final AtomicInteger throttleNext = new AtomicInteger();
  private final AtomicInteger failNext = new AtomicInteger();

  Settings set(Settings requested) {
    Settings normalized = requested.normalized();
    settings.set(normalized);
    bucket.set(normalized.rateLimitPerSecond().signum() > 0 ? new Bucket(normalized.rateLimitPerSecond().doubleValue())
        : null);
    throttleNext.set(normalized.throttleNext());
    failNext.set(normalized.failNext());
    return current();
  }

  Settings current() {
    Settings base = settings.get();
    return new Settings(base.rateLimitPerSecond(), throttleNext.get(), failNext.get(), base.tokenLifetimeSeconds());
  }

  void clear() {
    set(Settings.NONE);
  }

  Duration tokenLifetime(Duration fallback) {
    Integer seconds = settings.get().tokenLifetimeSeconds();
    return seconds == null ? fallback : Duration.ofSeconds(seconds);
  }

  /** Decides one call: throttled first (an injected 429, then the rate limit), then an injected failure. */
  Verdict admit() {
    long now = System.currentTimeMillis();
    if (takeOne(throttleNext)) {
      return new Verdict(429, 0, now + 1000);
    }
    Bucket limit = bucket.get();
    long left = -1;
    if (limit != null) {
      long[] taken = limit.tryTake();
      if (taken[0] < 0) {
        return new Verdict(429, 0, now + taken[1]);
      }
      left = taken[0];
    }
    if (takeOne(failNext)) {
      return new Verdict(500, left, 0);
    }
    return new Verdict(200, left, limit == null ? 0 : now + limit.millisPerToken());
  }

  private static boolean takeOne(AtomicInteger counter) {
    return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  /** Continuous refill at {@code rate}, at most one second's worth (at least one call). */
  static final class Bucket {
    private final double ratePerMilli;
    private final double capacity;
    private double tokens;
    private long last = System.nanoTime();

    Bucket(double ratePerSecond) {
      this.ratePerMilli = ratePerSecond / 1000d;
      this.capacity = Math.max(1d, ratePerSecond);
      this.tokens = capacity;
    }

    /** {tokens left, 0} when taken, {-1, ms until one is there} when not. */
    synchronized long[] tryTake() {
      long now = System.nanoTime();
      tokens = Math.min(capacity, tokens + (now - last) / 1_000_000d * ratePerMilli);
      last = now;
      if (tokens >= 1d) {
        tokens -= 1d;
        return new long[] {(long) Math.floor(tokens), 0};
      }
      return new long[] {-1, Math.max(1, (long) Math.ceil((1d - tokens) / ratePerMilli))};
    }

    long millisPerToken() {
      return Math.max(1, (long) Math.ceil(1 / ratePerMilli));
    }
  }
}
