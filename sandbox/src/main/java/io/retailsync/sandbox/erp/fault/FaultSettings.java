package io.retailsync.sandbox.erp.fault;

import java.math.BigDecimal;

/**
 * The faults injected into every {@code /erp} call; absent or zero means off. Rates are decimals, not
 * doubles, so {@code GET} answers exactly what {@code PUT} was given. {@code writeLatencyMs} delays writes
 * only, before they are processed, like an ERP whose confirms are slow while its reads are fast: a caller
 * that gives up waiting can look the document up before the ERP has stored it.
 */
record FaultSettings(Long latencyMs, BigDecimal rateLimitPerSecond, BigDecimal failureRate,
    BigDecimal commitThenFailRate, Long writeLatencyMs) {

  static final FaultSettings NONE = new FaultSettings(0L, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0L);

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
    long writeLatency = writeLatencyMs == null ? 0 : writeLatencyMs;
    if (writeLatency < 0 || writeLatency > MAX_LATENCY_MS) {
      throw new IllegalArgumentException("writeLatencyMs must be between 0 and " + MAX_LATENCY_MS + ", got "
          + writeLatency);
    }
    return new FaultSettings(latency, limit, rate("failureRate", failureRate),
        rate("commitThenFailRate", commitThenFailRate), writeLatency);
  }

  boolean off() {
    return latencyMs == 0 && rateLimitPerSecond.signum() == 0 && failureRate.signum() == 0
        && commitThenFailRate.signum() == 0 && writeLatencyMs == 0;
  }

  private static BigDecimal rate(String name, BigDecimal value) {
    BigDecimal rate = value == null ? BigDecimal.ZERO : value;
    if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate.toPlainString());
    }
    return rate;
  }
}
