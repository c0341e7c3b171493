package io.retailsync.connectors.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A marketplace operation's rate limit as the marketplace states it: a token bucket of {@code burst}
 * tokens refilled at {@code perSecond} (Amazon's usage plans are exactly this). Callers take a token
 * before each call and wait for one when the bucket is empty, up to {@code maxWait}; a 429 empties the
 * bucket for the time the marketplace asks ({@code Retry-After}) or one refill period.
 */
public final class OperationRateLimit {

  private final String operation;
  private final double perSecond;
  private final Bucket bucket;
  private volatile long blockedUntilNanos;

  public OperationRateLimit(String operation, double perSecond, int burst) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(operation + ": rate must be positive and burst at least 1");
    }
    this.operation = operation;
    this.perSecond = perSecond;
    long refillNanos = Math.max(1, Math.round(1_000_000_000d / perSecond));
    this.bucket = Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(1, Duration.ofNanos(refillNanos)).build())
        .build();
  }

  /** No limit of its own: the marketplace's answers (429) are the only brake. */
  public static OperationRateLimit unlimited(String operation) {
    return new OperationRateLimit(operation, 1_000_000, 1_000_000);
  }

  /**
   * Takes one token, waiting for it up to {@code maxWait}.
   *
   * @throws MarketplaceUnavailableException when no token comes within {@code maxWait}
   */
  public void acquire(Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    try {
      long blocked = blockedUntilNanos - System.nanoTime();
      if (blocked > 0) {
        if (blocked > maxWait.toNanos()) {
          throw new MarketplaceUnavailableException(operation + " is rate limited for another "
              + Duration.ofNanos(blocked).toMillis() + " ms");
        }
        TimeUnit.NANOSECONDS.sleep(blocked);
      }
      long left = Math.max(0, deadline - System.nanoTime());
      if (!bucket.asBlocking().tryConsume(1, Duration.ofNanos(left))) {
        throw new MarketplaceUnavailableException(operation + " found no free call within " + maxWait.toMillis()
            + " ms (limit " + perSecond + "/s)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MarketplaceUnavailableException(operation + " was interrupted while waiting for its rate limit", e);
    }
  }

  /** The marketplace answered 429: no call before {@code retryAfter} (or one refill period) has passed. */
  public void throttled(Duration retryAfter) {
    Duration wait = retryAfter != null && !retryAfter.isNegative() && !retryAfter.isZero()
        ? retryAfter : Duration.ofNanos(Math.round(1_000_000_000d / Math.min(perSecond, 1_000)));
    long until = System.nanoTime() + wait.toNanos();
    if (until > blockedUntilNanos) {
      blockedUntilNanos = until;
    }
    bucket.tryConsumeAsMuchAsPossible();
  }

  public String operation() {
    return operation;
  }

  public double perSecond() {
    return perSecond;
  }
}
