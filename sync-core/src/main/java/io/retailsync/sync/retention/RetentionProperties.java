package io.retailsync.sync.retention;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long sync-core keeps what it no longer needs ({@code sync.retention}), and how it deletes it: in
 * batches of {@code batch-size} rows, each its own short transaction, every {@code interval}, so a purge
 * never holds a long lock and keeps up with far more than the suite's sustained rate.
 *
 * @param outboxPublished published outbox rows (kept a little for inspection; Kafka has them)
 * @param outboxParked outbox rows Kafka refused for good and nobody replayed
 * @param consumedEvents consumed-event records; at least the backbone topics' own retention, so a replay of
 *     a whole topic is still recognised
 * @param idempotencyKeys completed keys by scope; {@code default} for any scope not named. Keys that guard
 *     ERP posts outlive every marketplace's redelivery and reconcile window; open claims are never purged
 * @param lineage lineage orders, events and ERP documents: about a year, so support can trace an order
 *     through its returns and settlements
 * @param closedExceptions exception entries that are discarded, resolved or replayed, with their audit
 */
@ConfigurationProperties("sync.retention")
public record RetentionProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("10s") Duration interval,
    @DefaultValue("5000") int batchSize,
    @DefaultValue("5s") Duration maxRunPerTable,
    @DefaultValue("1h") Duration outboxPublished,
    @DefaultValue("30d") Duration outboxParked,
    @DefaultValue("14d") Duration consumedEvents,
    Map<String, Duration> idempotencyKeys,
    @DefaultValue("400d") Duration lineage,
    @DefaultValue("90d") Duration closedExceptions) {

  public static final String DEFAULT_SCOPE = "default";

  /** Webhook delivery keys need only outlast the marketplace's retries (Shopify: 8 tries over about 4 h). */
  static final Map<String, Duration> DEFAULT_KEY_WINDOWS = Map.of(DEFAULT_SCOPE, Duration.ofDays(400),
      "shopify-delivery", Duration.ofDays(7));

  public RetentionProperties {
    if (batchSize < 1) {
      throw new IllegalArgumentException("sync.retention.batch-size must be at least 1");
    }
    Map<String, Duration> windows = new java.util.HashMap<>(DEFAULT_KEY_WINDOWS);
    if (idempotencyKeys != null) {
      windows.putAll(idempotencyKeys);
    }
    idempotencyKeys = Map.copyOf(windows);
  }

  /** The window of a scope's completed keys. */
  public Duration idempotencyKeyWindow(String scope) {
    return idempotencyKeys.getOrDefault(scope, idempotencyKeys.get(DEFAULT_SCOPE));
  }
}
