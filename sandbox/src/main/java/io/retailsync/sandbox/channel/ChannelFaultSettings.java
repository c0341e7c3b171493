package io.retailsync.sandbox.channel;

import java.math.BigDecimal;

/**
 * {@code PUT /sandbox/channels/{channel}/faults}, applied to that channel's inventory endpoints (the listings,
 * inventory and feed calls; the order stand-ins keep their own {@code /sandbox/{marketplace}/faults}). A field left
 * out takes its default, so a PUT replaces all of them, as the other fault controls do.
 *
 * @param rateLimits whether the marketplace's own rate limits apply (default true; false lets a benchmark measure
 *     the client without them)
 * @param failureRate the share of calls answered with the marketplace's 500 (0–1)
 * @param down every call answered with the marketplace's 503 until switched back
 * @param latencyMs added before every answer (0–60000)
 * @param throttleNext the next n calls answered with the marketplace's 429 (its throttle headers included)
 * @param failNext the next n calls answered with the marketplace's 500
 */
public record ChannelFaultSettings(Boolean rateLimits, BigDecimal failureRate, Boolean down, Long latencyMs,
    Integer throttleNext, Integer failNext) {

  public static final ChannelFaultSettings NORMAL = new ChannelFaultSettings(true, BigDecimal.ZERO, false, 0L, 0, 0);

  private static final long MAX_LATENCY_MS = 60_000;

  /** Absent fields take their defaults; values out of range are refused with {@link IllegalArgumentException}. */
  ChannelFaultSettings normalized() {
    BigDecimal rate = failureRate == null ? BigDecimal.ZERO : failureRate;
    if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("failureRate must be between 0 and 1, got " + rate.toPlainString());
    }
    long latency = latencyMs == null ? 0 : latencyMs;
    if (latency < 0 || latency > MAX_LATENCY_MS) {
      throw new IllegalArgumentException("latencyMs must be between 0 and " + MAX_LATENCY_MS + ", got " + latency);
    }
    int throttle = throttleNext == null ? 0 : throttleNext;
    int fail = failNext == null ? 0 : failNext;
    if (throttle < 0 || throttle > 100_000 || fail < 0 || fail > 100_000) {
      throw new IllegalArgumentException("throttleNext and failNext must be between 0 and 100000");
    }
    return new ChannelFaultSettings(rateLimits == null || rateLimits, rate, down != null && down, latency, throttle,
        fail);
  }
}
