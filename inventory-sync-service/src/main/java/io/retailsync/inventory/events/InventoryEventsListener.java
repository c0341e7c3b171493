package io.retailsync.inventory.events;

import io.retailsync.model.event.Topics;
import io.retailsync.sync.events.ConsumedEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the topics that concern this service ({@code retail.orders.v1}, {@code retail.shipments.v1}, {@code
 * retail.returns.v1}), one record at a time under the service's
 * own consumer group, recording and counting each event once ({@link ConsumedEvents}). The service's real
 * work hooks in here in later issues. A record that is not a CloudEvent of a known type is a permanent
 * failure (dead-letter topic and exception queue); a database outage is retried.
 */
@Component
public class InventoryEventsListener {

  private static final Logger log = LoggerFactory.getLogger(InventoryEventsListener.class);

  private final ConsumedEvents consumed;

  public InventoryEventsListener(ConsumedEvents consumed) {
    this.consumed = consumed;
  }

  @KafkaListener(id = "inventory-sync-service.events", idIsGroup = false,
      groupId = "${spring.kafka.consumer.group-id}",
      topics = {Topics.ORDERS, Topics.SHIPMENTS, Topics.RETURNS})
  public void onEvent(ConsumerRecord<String, byte[]> record) {
    ConsumedEvents.Consumed result = consumed.record(record);
    log.debug("{} {} {} on {}-{}@{}", result.first() ? "new" : "duplicate", result.event().type().eventName(),
        result.event().id(), record.topic(), record.partition(), record.offset());
  }
}
