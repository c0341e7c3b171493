package io.retailsync.sync.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every metric name and tag key of the architecture brief, in one place. Code uses Micrometer's dotted
 * names; the Prometheus registry adds the unit suffix ({@code sync.orders.ingested} becomes
 * {@code sync_orders_ingested_total}). Tags come from small fixed sets, never an order id or a SKU.
 */
public final class SyncMetrics {

  public static final String OUTBOX_PENDING = "sync.outbox.pending";
  public static final String RETRIES = "sync.retries";
  public static final String DLT = "sync.dlt";
  public static final String EXTERNAL_CALL = "sync.external.call";
  public static final String ORDERS_INGESTED = "sync.orders.ingested";
  public static final String DUPLICATES_SUPPRESSED = "sync.duplicates.suppressed";
  public static final String EXCEPTIONS_OPEN = "sync.exceptions.open";
  public static final String INVENTORY_PROPAGATION = "sync.inventory.propagation";
  public static final String SHIPMENT_CONFIRMATION_DELAY = "sync.shipment.confirmation.delay";
  public static final String SETTLEMENT_VARIANCE_AMOUNT = "sync.settlement.variance.amount";
  public static final String ORDERS_UNPOSTED = "sync.orders.unposted";
  public static final String EVENTS_CONSUMED = "sync.events.consumed";

  public static final String OUTCOME_ACCEPTED = "accepted";
  public static final String OUTCOME_DUPLICATE = "duplicate";
  public static final String OUTCOME_REJECTED = "rejected";
  public static final String OUTCOME_FAILED = "failed";
  public static final String KIND_DELIVERY = "delivery";
  public static final String KIND_ORDER = "order";

  private final MeterRegistry registry;
  private final String serviceTag;

  public SyncMetrics(MeterRegistry registry, String serviceTag) {
    this.registry = registry;
    this.serviceTag = serviceTag;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The {@code service} tag value of this service: {@code ingestion}, {@code inventory}, ... */
  public String serviceTag() {
    return serviceTag;
  }

  public void orderIngested(String channel, String outcome) {
    Counter.builder(ORDERS_INGESTED).tag("channel", channel).tag("outcome", outcome)
        .description("Orders received from channels, by outcome").register(registry).increment();
  }

  public void duplicateSuppressed(String channel, String kind) {
    Counter.builder(DUPLICATES_SUPPRESSED).tag("channel", channel).tag("kind", kind)
        .description("Repeated deliveries or orders recognised and not processed again")
        .register(registry).increment();
  }

  public void retried(String topic) {
    Counter.builder(RETRIES).tag("topic", topic).description("Redeliveries after a failed attempt")
        .register(registry).increment();
  }

  public void deadLettered(String topic) {
    Counter.builder(DLT).tag("topic", topic).description("Records sent to a dead-letter topic")
        .register(registry).increment();
  }

}
