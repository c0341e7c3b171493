package io.retailsync.shipment.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.Topics;
import io.retailsync.sync.events.CloudEventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the topics that concern this service ({@code retail.orders.v1}, {@code retail.order-acks.v1}), one
 * record at a time under the service's own consumer group: decodes the CloudEvent, records it in {@link
 * SeenEvents} and counts it as {@code sync_events_consumed_total{topic,type,outcome}} with {@code outcome}
 * {@code new} or {@code duplicate}. The service's real work hooks in here in later issues.
 *
 * <p>A record that is not a CloudEvent of a known type throws a permanent failure, which sync-core's error
 * handler sends to the dead-letter topic and the exception queue; a database outage is retried.
 */
@Component
public class ShipmentEventsListener {

  public static final String EVENTS_CONSUMED = "sync.events.consumed";
  public static final String OUTCOME_NEW = "new";
  public static final String OUTCOME_DUPLICATE = "duplicate";

  private static final Logger log = LoggerFactory.getLogger(ShipmentEventsListener.class);

  private final SeenEvents seen;
  private final MeterRegistry registry;

  public ShipmentEventsListener(SeenEvents seen, MeterRegistry registry) {
    this.seen = seen;
    this.registry = registry;
  }

  @KafkaListener(id = "shipment-service.events", idIsGroup = false,
      groupId = "${spring.kafka.consumer.group-id}",
      topics = {Topics.ORDERS, Topics.ORDER_ACKS})
  public void onEvent(ConsumerRecord<String, byte[]> record) {
    EventEnvelope event = CloudEventCodec.fromRecord(record);
    boolean first = seen.record(event, record);
    String outcome = first ? OUTCOME_NEW : OUTCOME_DUPLICATE;
    Counter.builder(EVENTS_CONSUMED)
        .description("Events consumed from the backbone, by topic, event type and outcome")
        .tag("topic", record.topic())
        .tag("type", event.type().eventName())
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    log.debug("{} {} {} on {}-{}@{} ({})", outcome, event.type().eventName(), event.id(), record.topic(),
        record.partition(), record.offset(), event.subject());
  }
}
