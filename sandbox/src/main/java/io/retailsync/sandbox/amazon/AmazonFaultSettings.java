package io.retailsync.sandbox.amazon;

import java.math.BigDecimal;

/**
 * {@code PUT /sandbox/amazon/faults}: {@code rateLimitPerSecond} replaces every operation's usage plan by
 * one bucket of that rate (burst: one second's worth, at least 1); {@code throttleNext} answers the next n
 * SP-API calls 429; {@code failNext} the next n 500; {@code tokenLifetimeSeconds} is the {@code expires_in}
 * of tokens issued from now on. Absent or zero: off. The token endpoint is not affected by throttleNext and
 * failNext.
 */
record AmazonFaultSettings(BigDecimal rateLimitPerSecond, Integer throttleNext, Integer failNext,
    Long tokenLifetimeSeconds) {

  static final AmazonFaultSettings NONE = new AmazonFaultSettings(BigDecimal.ZERO, 0, 0, 0L);

  AmazonFaultSettings normalized() {
    BigDecimal rate = rateLimitPerSecond == null ? BigDecimal.ZERO : rateLimitPerSecond;
    if (rate.signum() < 0 || rate.compareTo(BigDecimal.valueOf(100_000)) > 0) {
      throw new IllegalArgumentException("rateLimitPerSecond must be between 0 and 100000");
    }
    int throttle = throttleNext == null ? 0 : throttleNext;
    int fail = failNext == null ? 0 : failNext;
    if (throttle < 0 || throttle > 100_000 || fail < 0 || fail > 100_000) {
      throw new IllegalArgumentException("throttleNext and failNext must be between 0 and 100000");
    }
    long lifetime = tokenLifetimeSeconds == null ? 0 : tokenLifetimeSeconds;
    if (lifetime < 0 || lifetime > 86_400) {
      throw new IllegalArgumentException("tokenLifetimeSeconds must be between 0 and 86400");
    }
    return new AmazonFaultSettings(rate, throttle, fail, lifetime);
  }
}
