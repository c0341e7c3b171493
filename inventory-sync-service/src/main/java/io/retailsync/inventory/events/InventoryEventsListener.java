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
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the stock projection from the backbone: orders reserve when taken in ({@code OrderCreated},
 * {@code OrderUpdated}: the latest version's units per SKU), give back when cancelled or when the ERP
 * rejects them (and hold again when the ERP accepts one it had rejected), shipments consume and reduce on
 * hand, sellable returns restock. A poll's records are recorded as consumed and applied in one transaction
 * ({@link #onEvents}), so a redelivery changes nothing; and every change is target-based (the order wants n units; this shipment
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
  private final io.retailsync.sync.exceptions.ExceptionQueue exceptions;
  private final io.retailsync.inventory.channels.ChannelRules rules;
  private final org.springframework.transaction.support.TransactionTemplate transactions;

  public InventoryEventsListener(ConsumedEvents consumed, InventoryProjection projection,
      io.retailsync.sync.exceptions.ExceptionQueue exceptions, io.retailsync.inventory.channels.ChannelRules rules,
      org.springframework.transaction.support.TransactionTemplate transactions) {
    this.transactions = transactions;
    this.consumed = consumed;
    this.projection = projection;
    this.exceptions = exceptions;
    this.rules = rules;
  }

  /**
   * A poll's records in one transaction: one commit, and each SKU's position computed and queued once for the
   * whole batch (see {@link io.retailsync.inventory.projection.PositionChanges}). Every order lock and SKU
   * lock the poll will need is taken first, each kind in sorted order, so a poll keeps the projection's lock
   * order however its events mix. When the batch fails it is rolled back whole and its records are applied
   * again one transaction each, so the record at fault is the one reported (a transient cause is retried
   * from it, a permanent one dead-letters it alone) and those before it are kept.
   */
  @KafkaListener(id = LISTENER_ID, idIsGroup = false, batch = "true",
      groupId = "${spring.kafka.consumer.group-id}",
      topics = {Topics.ORDERS, Topics.ORDER_ACKS, Topics.SHIPMENTS, Topics.RETURNS},
      properties = "max.poll.records=${sync.inventory.consume-batch-size:200}")
  public void onEvents(java.util.List<ConsumerRecord<String, byte[]>> records) {
    try {
      transactions.executeWithoutResult(status -> applyTogether(records));
      return;
    } catch (RuntimeException batchFailed) {
      log.warn("a poll of {} records failed as a whole ({}); applying them one transaction each", records.size(),
          batchFailed.toString());
    }
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        transactions.executeWithoutResult(status -> applyTogether(java.util.List.of(record)));
      } catch (RuntimeException failed) {
        throw new org.springframework.kafka.listener.BatchListenerFailedException(failed.getMessage(), failed, record);
      }
    }
  }

  /** Records, in the current transaction: recorded as consumed, their locks taken ahead, then applied in order. */
  private void applyTogether(java.util.List<ConsumerRecord<String, byte[]>> records) {
    java.util.List<ConsumedEvents.Consumed> results = consumed.recordAll(records);
    java.util.List<Object> payloads = new java.util.ArrayList<>(records.size());
    java.util.Set<InventoryProjection.OrderRef> orders = new java.util.LinkedHashSet<>();
    java.util.Set<String> skus = new java.util.TreeSet<>();
    for (ConsumedEvents.Consumed result : results) {
      Object payload = result.first() ? payload(result.event()) : null;
      payloads.add(payload);
      locksFor(payload, orders, skus);
    }
    projection.lockAhead(orders, skus);
    java.util.List<InventoryProjection.PlacedOrder> placed = new java.util.ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      apply(records.get(i), results.get(i), payloads.get(i), placed);
    }
    projection.orders(placed);
  }

  public static final String LISTENER_ID = "inventory-sync-service.events";

  /** The event's payload as the projection reads it, or null for an event the projection ignores. */
  private static Object payload(EventEnvelope event) {
    return switch (event.type()) {
      case ORDER_CREATED, ORDER_UPDATED -> read(event, Order.class);
      case ORDER_CANCELLED -> read(event, OrderCancellation.class);
      case ORDER_REJECTED -> read(event, OrderRejected.class);
      case ORDER_ACCEPTED -> read(event, io.retailsync.model.event.OrderAccepted.class);
      case SHIPMENT_CREATED -> read(event, Shipment.class);
      case RETURN_RECEIVED -> read(event, ReturnReceipt.class);
      default -> null;
    };
  }

  /**
   * The orders whose locks and the SKUs whose row locks an event's change will take: exactly what
   * {@link #apply} will change, under the same checks, so a set-aside event creates no SKU and holds no lock.
   */
  private void locksFor(Object payload, java.util.Set<InventoryProjection.OrderRef> orders,
      java.util.Set<String> skus) {
    if (payload instanceof Order order) {
      orders.add(new InventoryProjection.OrderRef(order.channel(), order.orderId()));
      if (order.lines() != null && !order.lines().isEmpty()) {
        skus.addAll(units(order, problem -> { }).keySet());
      }
    } else if (payload instanceof OrderCancellation cancellation) {
      orders.add(new InventoryProjection.OrderRef(cancellation.channel(), cancellation.orderId()));
    } else if (payload instanceof OrderRejected rejected) {
      orders.add(new InventoryProjection.OrderRef(rejected.channel(), rejected.orderId()));
    } else if (payload instanceof io.retailsync.model.event.OrderAccepted accepted) {
      orders.add(new InventoryProjection.OrderRef(accepted.channel(), accepted.orderId()));
    } else if (payload instanceof Shipment shipment && problem(shipment) == null) {
      orders.add(new InventoryProjection.OrderRef(shipment.channel(), shipment.orderId()));
      shipment.lines().forEach(line -> skus.add(line.sku()));
    } else if (payload instanceof ReturnReceipt receipt && problem(receipt) == null) {
      receipt.lines().stream().filter(line -> line.condition() == ReturnReceipt.Condition.SELLABLE)
          .forEach(line -> skus.add(line.sku()));
    }
  }

  private String problem(Shipment shipment) {
    return problem(shipment.location(), shipment.lines() == null ? null
        : shipment.lines().stream().map(line -> line == null ? null : new Object[] {line.sku(), line.quantity()}).toList());
  }

  private String problem(ReturnReceipt receipt) {
    return problem(receipt.location(), receipt.lines() == null ? null
        : receipt.lines().stream().map(line -> line == null || line.condition() == null ? null
            : new Object[] {line.sku(), line.quantity()}).toList());
  }

  /**
   * Applies one record, except that orders taken in join {@code placed}, to be reserved together
   * ({@link InventoryProjection#orders}); any other event first applies the orders placed before it, so
   * every change is applied in the order it arrived.
   */
  private void apply(ConsumerRecord<String, byte[]> record, ConsumedEvents.Consumed result, Object payload,
      java.util.List<InventoryProjection.PlacedOrder> placed) {
    EventEnvelope event = result.event();
    log.debug("{} {} {} on {}-{}@{}", result.first() ? "new" : "duplicate", event.type().eventName(),
        event.id(), record.topic(), record.partition(), record.offset());
    if (!result.first()) {
      return;
    }
    if (event.type() != io.retailsync.model.event.EventType.ORDER_CREATED
        && event.type() != io.retailsync.model.event.EventType.ORDER_UPDATED) {
      projection.orders(placed);
      placed.clear();
    }
    switch (event.type()) {
      case ORDER_CREATED, ORDER_UPDATED -> {
        Order order = (Order) payload;
        if (order.lines() == null || order.lines().isEmpty()) {
          // an order without lines would give back every unit it holds: set aside, never applied
          reject(event, "it has no lines");
          return;
        }
        placed.add(new InventoryProjection.PlacedOrder(order.channel(), order.orderId(),
            units(order, problem -> reject(event, problem)), event.time(), event.correlationId()));
      }
      case ORDER_CANCELLED -> {
        OrderCancellation cancellation = (OrderCancellation) payload;
        projection.orderCancelled(cancellation.channel(), cancellation.orderId(), event.time(), event.correlationId());
      }
      case ORDER_REJECTED -> {
        OrderRejected rejected = (OrderRejected) payload;
        projection.orderRejected(rejected.channel(), rejected.orderId(), true, event.time(), event.correlationId());
      }
      case ORDER_ACCEPTED -> {
        io.retailsync.model.event.OrderAccepted accepted = (io.retailsync.model.event.OrderAccepted) payload;
        projection.orderRejected(accepted.channel(), accepted.orderId(), false, event.time(), event.correlationId());
      }
      case SHIPMENT_CREATED -> {
        Shipment shipment = (Shipment) payload;
        String problem = problem(shipment);
        if (problem != null) {
          reject(event, problem);
          return;
        }
        projection.shipment(shipment, sha256(event.payload()));
      }
      case RETURN_RECEIVED -> {
        ReturnReceipt receipt = (ReturnReceipt) payload;
        String problem = problem(receipt);
        if (problem != null) {
          reject(event, problem);
          return;
        }
        projection.returnReceipt(receipt, sha256(event.payload()));
      }
      default -> {
        // refunds, confirmations, positions: nothing for the projection
      }
    }
  }

  /** The most units one line may move; more is not an order but a fault. */
  static final int MAX_LINE_QUANTITY = 1_000_000;
  private static final java.util.regex.Pattern SKU = java.util.regex.Pattern.compile("[^\\p{Cntrl}]{1,100}");

  /**
   * Units per SKU of an order's lines (a SKU on several lines is summed). A line whose SKU or quantity no
   * stock could have is left out and reported, so the order's other lines still hold their units.
   */
  static Map<String, Integer> units(Order order, java.util.function.Consumer<String> problems) {
    Map<String, Integer> units = new TreeMap<>();
    for (int i = 0; i < order.lines().size(); i++) {
      OrderLine line = order.lines().get(i);
      if (line == null || !validSku(line.sku()) || line.quantity() < 1 || line.quantity() > MAX_LINE_QUANTITY) {
        problems.accept("line " + i + " has no SKU the inventory can hold or a quantity outside 1.." + MAX_LINE_QUANTITY
            + "; its units are not reserved");
        continue;
      }
      units.merge(line.sku(), line.quantity(), Math::addExact);
    }
    return units;
  }

  static boolean validSku(String sku) {
    return sku != null && !sku.isBlank() && SKU.matcher(sku).matches();
  }

  /** Why a shipment's or receipt's units cannot be applied, or null. */
  private String problem(String location, java.util.List<Object[]> lines) {
    if (location == null || !rules.locations().contains(location)) {
      return "location " + location + " is not one of the inventory's " + rules.locations();
    }
    if (lines == null || lines.isEmpty()) {
      return "it has no lines";
    }
    for (int i = 0; i < lines.size(); i++) {
      Object[] line = lines.get(i);
      if (line == null || !validSku((String) line[0]) || (Integer) line[1] < 1 || (Integer) line[1] > MAX_LINE_QUANTITY) {
        return "line " + i + " has no SKU the inventory can hold, no condition, or a quantity outside 1.."
            + MAX_LINE_QUANTITY;
      }
    }
    return null;
  }

  private void reject(EventEnvelope event, String problem) {
    exceptions.record(io.retailsync.sync.exceptions.NewException.builder("INVALID_PAYLOAD",
            event.type().eventName() + " " + event.subject() + " not applied to the inventory: " + problem)
        .channel(event.channel()).correlationId(event.correlationId())
        .sourceKey("inventory-invalid:" + event.id() + ":" + sha256(problem.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .payload(event.payload(), null).build());
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
    return io.retailsync.model.json.Sha256.hex(payload);
  }
}
