package io.retailsync.sync.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbox relay settings ({@code sync.outbox}). The relay also wakes as soon as a transaction with outbox
 * rows commits; {@code poll-interval} only bounds the wait when nothing wakes it. A batch holds at most
 * {@code batch-size} rows and {@code max-batch-size} bytes of payload (at least one row), so a run of large
 * orders never loads gigabytes at once. After a failure it waits {@code error-backoff}, doubling up to
 * {@code max-error-backoff} while Kafka stays away.
 */
@ConfigurationProperties("sync.outbox")
public record OutboxProperties(
    @DefaultValue("true") boolean relayEnabled,
    @DefaultValue("250ms") Duration pollInterval,
    @DefaultValue("500") int batchSize,
    @DefaultValue("64MB") org.springframework.util.unit.DataSize maxBatchSize,
    @DefaultValue("30s") Duration sendTimeout,
    @DefaultValue("1s") Duration errorBackoff,
    @DefaultValue("30s") Duration maxErrorBackoff) {

  public OutboxProperties {
    if (batchSize < 1) {
      throw new IllegalArgumentException("sync.outbox.batch-size must be at least 1");
    }
    if (errorBackoff.isNegative() || errorBackoff.isZero() || maxErrorBackoff.compareTo(errorBackoff) < 0) {
      throw new IllegalArgumentException("sync.outbox.error-backoff must be positive and not above max-error-backoff");
    }
  }
}
