package io.retailsync.sync.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.retailsync.model.event.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every metric name and tag key of the architecture brief, in one place. Code uses Micrometer's dotted
 * names; the Prometheus registry adds the unit suffix ({@code sync.orders.ingested} becomes
 * {@code sync_orders_ingested_total}).
 *
 * <p>Meters are built once and kept: the known tag values of every counter are registered at zero when the
 * service starts, so a dashboard panel or an alert sees a series before the first event. Tags come from
 * small fixed sets, never an order id or a SKU; a channel that is not one of the service's channels is
 * counted as {@code other}, so a caller cannot create series at will.
 */
public final class SyncMetrics {

  public static final String OUTBOX_PENDING = "sync.outbox.pending";
  public static final String OUTBOX_PARKED = "sync.outbox.parked";
  public static final String OUTBOX_PUBLISHED = "sync.outbox.published";
  public static final String OUTBOX_FAILURES = "sync.outbox.failures";
  public static final String RETRIES = "sync.retries";
  public static final String DLT = "sync.dlt";
  public static final String EXCEPTIONS_NOT_FILED = "sync.exceptions.not.filed";
  public static final String EXTERNAL_CALL = "sync.external.call";
  public static final String ORDERS_INGESTED = "sync.orders.ingested";
  public static final String DUPLICATES_SUPPRESSED = "sync.duplicates.suppressed";
  public static final String EXCEPTIONS_OPEN = "sync.exceptions.open";
  public static final String INVENTORY_PROPAGATION = "sync.inventory.propagation";
  public static final String SHIPMENT_CONFIRMATION_DELAY = "sync.shipment.confirmation.delay";
  public static final String SETTLEMENT_VARIANCE_AMOUNT = "sync.settlement.variance.amount";
  public static final String ORDERS_UNPOSTED = "sync.orders.unposted";
  public static final String ORDERS_REDRIVEN = "sync.orders.redriven";
  public static final String EVENTS_CONSUMED = "sync.events.consumed";
  public static final String RETENTION_PURGED = "sync.retention.purged";
  public static final String POSTING_CLAIMS = "sync.posting.claims";

  public static final String OUTCOME_ACCEPTED = "accepted";
  public static final String OUTCOME_DUPLICATE = "duplicate";
  public static final String OUTCOME_REJECTED = "rejected";
  public static final String OUTCOME_FAILED = "failed";
  public static final String KIND_DELIVERY = "delivery";
  public static final String KIND_ORDER = "order";
  public static final String OTHER_CHANNEL = "other";

  /** The marketplaces with a connector; generic channels are added by configuration. */
  public static final List<String> CONNECTOR_CHANNELS = List.of("shopify", "amazon", "walmart", "ebay");
  public static final List<String> OUTCOMES = List.of(OUTCOME_ACCEPTED, OUTCOME_DUPLICATE, OUTCOME_REJECTED,
      OUTCOME_FAILED);
  public static final List<String> KINDS = List.of(KIND_DELIVERY, KIND_ORDER);

  private static final Map<String, String> DESCRIPTIONS = Map.of(
      ORDERS_INGESTED, "Orders received from channels, by outcome",
      DUPLICATES_SUPPRESSED, "Repeated deliveries or orders recognised and not processed again",
      RETRIES, "Redeliveries after a failed attempt",
      DLT, "Records sent to a dead-letter topic",
      EXCEPTIONS_NOT_FILED, "Failed records whose exception entry could not be stored (they still reach the DLT)",
      ORDERS_REDRIVEN, "Orders the sweeper found stuck and handed to the ERP posting again",
      EVENTS_CONSUMED, "Events consumed from the backbone, by topic, event type and outcome",
      RETENTION_PURGED, "Rows deleted by the retention purge, by table",
      POSTING_CLAIMS, "Claims on documents to post, by what the claim found (first, reclaimed, completed, held_elsewhere)");

  private final MeterRegistry registry;
  private final String serviceTag;
  private final Set<String> channels = ConcurrentHashMap.newKeySet();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public SyncMetrics(MeterRegistry registry, String serviceTag) {
    this.registry = registry;
    this.serviceTag = serviceTag;
    for (String topic : Topics.ALL) {
      counter(RETRIES, "topic", topic);
      counter(DLT, "topic", topic);
    }
    counter(EXCEPTIONS_NOT_FILED);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The {@code service} tag value of this service: {@code ingestion}, {@code inventory}, ... */
  public String serviceTag() {
    return serviceTag;
  }

  /**
   * Declares the channels this service counts orders for and registers their order counters at zero
   * ({@code sync_orders_ingested_total} per outcome, {@code sync_duplicates_suppressed_total} per kind).
   */
  public void registerOrderChannels(Collection<String> names) {
    channels.addAll(names);
    for (String channel : List.copyOf(channels)) {
      for (String outcome : OUTCOMES) {
        counter(ORDERS_INGESTED, "channel", channel, "outcome", outcome);
      }
      for (String kind : KINDS) {
        counter(DUPLICATES_SUPPRESSED, "channel", channel, "kind", kind);
      }
    }
  }

  /** The channel tag for a channel name from outside: a known channel, or {@code other}. */
  public String channelTag(String channel) {
    return channel != null && channels.contains(channel) ? channel : OTHER_CHANNEL;
  }

  public void orderIngested(String channel, String outcome) {
    counter(ORDERS_INGESTED, "channel", channelTag(channel), "outcome", outcome).increment();
  }

  public void duplicateSuppressed(String channel, String kind) {
    counter(DUPLICATES_SUPPRESSED, "channel", channelTag(channel), "kind", kind).increment();
  }

  public void retried(String topic) {
    counter(RETRIES, "topic", topic).increment();
  }

  public void deadLettered(String topic) {
    counter(DLT, "topic", topic).increment();
  }

  public void exceptionNotFiled() {
    counter(EXCEPTIONS_NOT_FILED).increment();
  }

  /**
   * A counter of {@code name} with the given tag keys and values, built on first use and kept. Callers
   * register their known tag values at start by calling this once for each.
   */
  public Counter counter(String name, String... tags) {
    String key = name + "|" + String.join("|", tags);
    return counters.computeIfAbsent(key, ignored -> Counter.builder(name).tags(tags)
        .description(DESCRIPTIONS.getOrDefault(name, name)).register(registry));
  }

  /** One histogram timer per connector channel (tag {@code channel}), all registered now. */
  public Map<String, Timer> channelHistograms(String name, String description, Duration maxExpected) {
    Map<String, Timer> timers = new java.util.LinkedHashMap<>();
    for (String channel : CONNECTOR_CHANNELS) {
      timers.put(channel, histogramTimer(name, description, maxExpected, "channel", channel));
    }
    return java.util.Collections.unmodifiableMap(timers);
  }

  /**
   * A {@code _seconds} timer with histogram buckets (every timer of the brief publishes them), for a
   * metric whose tag values are known at start, e.g. one per channel.
   */
  private Timer histogramTimer(String name, String description, Duration maxExpected, String... tags) {
    return Timer.builder(name).tags(tags).description(description).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(maxExpected).register(registry);
  }
}
