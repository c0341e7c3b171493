package io.retailsync.sandbox.channel;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * One marketplace operation's published rate limit as a token bucket ({@code burst} tokens, one added every
 * {@code 1/perSecond} seconds), the way Amazon states its usage plans and Walmart and eBay meter theirs.
 */
public final class ChannelRateLimit {

  /** A call's verdict: taken (with what is left) or refused (with the wait until a token is back). */
  public record Probe(boolean taken, long remaining, Duration retryAfter) {}

  private final double perSecond;
  private final Bucket bucket;

  public ChannelRateLimit(double perSecond, int burst) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
    }
    this.perSecond = perSecond;
    this.bucket = Bucket.builder().addLimit(Bandwidth.builder().capacity(burst)
        .refillGreedy(1, Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond)))).build()).build();
  }

  public Probe take() {
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    return new Probe(probe.isConsumed(), probe.getRemainingTokens(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /** The rate as Amazon's {@code x-amzn-RateLimit-Limit} states it ({@code 5.0}, {@code 0.0083}). */
  public String rateHeader() {
    return BigDecimal.valueOf(perSecond).stripTrailingZeros().toPlainString();
  }

  public double perSecond() {
    return perSecond;
  }
}
