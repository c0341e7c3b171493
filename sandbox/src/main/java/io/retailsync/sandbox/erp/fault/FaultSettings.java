package io.retailsync.sandbox.erp.fault;

import java.math.BigDecimal;

/**
 * The faults injected into every {@code /erp} call; absent or zero means off. Rates are decimals, not
 * doubles, so {@code GET} answers exactly what {@code PUT} was given.
 */
record FaultSettings(Long latencyMs, BigDecimal rateLimitPerSecond, BigDecimal failureRate,
    BigDecimal commitThenFailRate) {

  static final FaultSettings NONE = new FaultSettings(0L, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

  private static final long MAX_LATENCY_MS = 60_000;
  private static final BigDecimal MAX_RATE_LIMIT = BigDecimal.valueOf(1_000_000);

  /** Absent fields become zero; out-of-range values are refused with {@link IllegalArgumentException}. */
  FaultSettings normalized() {
    long latency = latencyMs == null ? 0 : latencyMs;
    if (latency < 0 || latency > MAX_LATENCY_MS) {
      throw new IllegalArgumentException("latencyMs must be between 0 and " + MAX_LATENCY_MS + ", got " + latency);
    }
    BigDecimal limit = rateLimitPerSecond == null ? BigDecimal.ZERO : rateLimitPerSecond;
    if (limit.signum() < 0 || limit.compareTo(MAX_RATE_LIMIT) > 0) {
      throw new IllegalArgumentException("rateLimitPerSecond must be between 0 and " + MAX_RATE_LIMIT
          + ", got " + limit.toPlainString());
    }
    return new FaultSettings(latency, limit, rate("failureRate", failureRate),
        rate("commitThenFailRate", commitThenFailRate));
  }

  boolean off() {
    return latencyMs == 0 && rateLimitPerSecond.signum() == 0 && failureRate.signum() == 0
        && commitThenFailRate.signum() == 0;
  }

  private static BigDecimal rate(String name, BigDecimal value) {
    BigDecimal rate = value == null ? BigDecimal.ZERO : value;
    if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate.toPlainString());
    }
    return rate;
  }
}
