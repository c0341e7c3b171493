package io.retailsync.inventory.events;

import io.retailsync.inventory.projection.InventoryProjection;
import io.retailsync.model.Order;
import io.retailsync.model.OrderCancellation;
import io.retailsync.model.OrderLine;
import io.retailsync.model.ReturnReceipt;
import io.retailsync.model.Shipment;
import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.OrderRejected;
import io.retailsync.model.event.Topics;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.model.failure.PermanentSyncException;
import io.retailsync.sync.events.ConsumedEvents;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Feeds the stock projection from the backbone: orders reserve when taken in ({@code OrderCreated},
 * {@code OrderUpdated}: the latest version's units per SKU), give back when cancelled or when the ERP
 * rejects them (and hold again when the ERP accepts one it had rejected), shipments consume and reduce on
 * hand, sellable returns restock. Each record is recorded as consumed and applied in one transaction, so a
 * redelivery changes nothing; and every change is target-based (the order wants n units; this shipment
 * took m, once by id), so applying one twice could not either. Events of one order share its key and so
 * its partition, and arrive in order; changes of one SKU from different orders are serialised by the
 * SKU's row lock. A record that cannot be read is a permanent failure (dead-letter topic and exception
 * queue); a database outage is retried.
 */
@Component
public class InventoryEventsListener {

  private static final Logger log = LoggerFactory.getLogger(InventoryEventsListener.class);

  private final ConsumedEvents consumed;
  private final InventoryProjection projection;

  public InventoryEventsListener(ConsumedEvents consumed, InventoryProjection projection) {
    this.consumed = consumed;
    this.projection = projection;
  }

  @KafkaListener(id = "inventory-sync-service.events", idIsGroup = false,
      groupId = "${spring.kafka.consumer.group-id}",
      topics = {Topics.ORDERS, Topics.ORDER_ACKS, Topics.SHIPMENTS, Topics.RETURNS})
  @Transactional
  public void onEvent(ConsumerRecord<String, byte[]> record) {
    ConsumedEvents.Consumed result = consumed.record(record);
    EventEnvelope event = result.event();
    log.debug("{} {} {} on {}-{}@{}", result.first() ? "new" : "duplicate", event.type().eventName(),
        event.id(), record.topic(), record.partition(), record.offset());
    if (!result.first()) {
      return;
    }
    switch (event.type()) {
      case ORDER_CREATED, ORDER_UPDATED -> {
        Order order = read(event, Order.class);
        projection.order(order.channel(), order.orderId(), units(order), event.time(), event.correlationId());
      }
      case ORDER_CANCELLED -> {
        OrderCancellation cancellation = read(event, OrderCancellation.class);
        projection.orderCancelled(cancellation.channel(), cancellation.orderId(), event.time(), event.correlationId());
      }
      case ORDER_REJECTED -> {
        OrderRejected rejected = read(event, OrderRejected.class);
        projection.orderRejected(rejected.channel(), rejected.orderId(), true, event.time(), event.correlationId());
      }
      case ORDER_ACCEPTED -> {
        io.retailsync.model.event.OrderAccepted accepted = read(event, io.retailsync.model.event.OrderAccepted.class);
        projection.orderRejected(accepted.channel(), accepted.orderId(), false, event.time(), event.correlationId());
      }
      case SHIPMENT_CREATED -> projection.shipment(read(event, Shipment.class), sha256(event.payload()));
      case RETURN_RECEIVED -> projection.returnReceipt(read(event, ReturnReceipt.class), sha256(event.payload()));
      default -> {
        // refunds, confirmations, positions: nothing for the projection
      }
    }
  }

  /** Units per SKU of an order's lines (a SKU on several lines is summed). */
  static Map<String, Integer> units(Order order) {
    Map<String, Integer> units = new TreeMap<>();
    for (OrderLine line : order.lines()) {
      if (line.sku() != null && !line.sku().isBlank() && line.quantity() > 0) {
        units.merge(line.sku(), line.quantity(), Integer::sum);
      }
    }
    return units;
  }

  private static <T> T read(EventEnvelope event, Class<T> type) {
    try {
      T value = CanonicalJson.read(event.payload(), type);
      if (value == null) {
        throw new PermanentSyncException("INVALID_PAYLOAD", event.type().eventName() + " " + event.id() + " has an empty payload");
      }
      return value;
    } catch (RuntimeException e) {
      if (e instanceof PermanentSyncException) {
        throw e;
      }
      throw new PermanentSyncException("INVALID_PAYLOAD", event.type().eventName() + " " + event.id() + " cannot be read: "
          + e.getMessage(), e);
    }
  }

  private static String sha256(byte[] payload) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
