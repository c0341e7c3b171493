package io.retailsync.ingestion.erpposting;

import io.retailsync.model.Order;
import io.retailsync.model.OrderCancellation;
import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.model.failure.PermanentSyncException;
import io.retailsync.model.failure.TransientSyncException;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.events.CloudEventCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Drains {@code retail.orders.v1} into ERP batches: a few posting lanes (listener concurrency), each
 * taking at most {@code posting-batch-size} records per poll, so a backlog waits in Kafka, not in memory.
 *
 * <p>Records are handled in partition order, which is per order: the {@code OrderCreated} events of a poll
 * are posted together, and an {@code OrderUpdated} or {@code OrderCancelled} first lets the creates before
 * it be posted, then is applied on its own. A create posts the version of the order stored last (an edit
 * or a cancellation may have arrived since its event was written), so the ERP never gets a stale version.
 */
@Component
class OrderEventsListener {

  private final PostSalesOrders postSalesOrders;
  private final ApplyOrderChange applyOrderChange;
  private final JdbcClient jdbc;

  OrderEventsListener(PostSalesOrders postSalesOrders, ApplyOrderChange applyOrderChange, JdbcClient jdbc) {
    this.postSalesOrders = postSalesOrders;
    this.applyOrderChange = applyOrderChange;
    this.jdbc = jdbc;
  }

  @KafkaListener(id = "erp-posting", topics = Topics.ORDERS, groupId = "order-ingestion-erp-posting", batch = "true",
      concurrency = "${sync.ingestion.posting-lanes:2}",
      properties = "max.poll.records=${sync.ingestion.posting-batch-size:20}")
  void onOrders(List<ConsumerRecord<String, byte[]>> records) {
    Segment creates = new Segment(records);
    for (int index = 0; index < records.size(); index++) {
      ConsumerRecord<String, byte[]> record = records.get(index);
      EventEnvelope event;
      try {
        event = CloudEventCodec.fromRecord(record);
      } catch (PermanentSyncException e) {
        // post what came before the bad record; the error handler dead-letters it and redelivers the rest
        creates.post();
        throw new BatchListenerFailedException(e.getMessage(), e, record);
      }
      if (event.type() == EventType.ORDER_CREATED) {
        try {
          creates.add(index, CanonicalJson.read(event.payload(), Order.class), event.correlationId());
        } catch (PermanentSyncException e) {
          creates.post();
          throw new BatchListenerFailedException(e.getMessage(), e, record);
        }
      } else if (event.type() == EventType.ORDER_UPDATED || event.type() == EventType.ORDER_CANCELLED) {
        creates.post();
        creates = new Segment(records);
        apply(event, record);
      }
    }
    creates.post();
  }

  private void apply(EventEnvelope event, ConsumerRecord<String, byte[]> record) {
    ApplyOrderChange.Result result;
    try {
      result = event.type() == EventType.ORDER_UPDATED
          ? applyOrderChange.update(CanonicalJson.read(event.payload(), Order.class), event.idempotencyKey(),
              event.correlationId())
          : applyOrderChange.cancel(CanonicalJson.read(event.payload(), OrderCancellation.class), event.correlationId(),
              false);
    } catch (RuntimeException e) {
      // what came before is committed; a transient cause backs off and retries from here, a permanent one
      // dead-letters this record only
      throw new BatchListenerFailedException(e.getMessage(), e, record);
    }
    if (result == ApplyOrderChange.Result.HELD) {
      throw new BatchListenerFailedException("order " + record.key() + " is claimed by another caller",
          new TransientSyncException("the change of " + record.key() + " waits for another caller's claim"), record);
    }
  }

  /** The {@code OrderCreated} records since the last change, posted as one batch. */
  private final class Segment {

    private final List<ConsumerRecord<String, byte[]>> records;
    private final List<PostSalesOrders.OrderToPost> orders = new ArrayList<>();
    private final Map<String, Integer> recordOf = new HashMap<>();

    Segment(List<ConsumerRecord<String, byte[]>> records) {
      this.records = records;
    }

    void add(int index, Order order, String correlationId) {
      orders.add(new PostSalesOrders.OrderToPost(order, correlationId));
      recordOf.putIfAbsent(order.externalReference(), index);
    }

    void post() {
      if (orders.isEmpty()) {
        return;
      }
      List<PostSalesOrders.OrderToPost> latest = latestVersions(orders);
      PostSalesOrders.Outcome outcome = postSalesOrders.post(latest);
      orders.clear();
      if (outcome.heldElsewhere() == 0) {
        return;
      }
      // Orders another caller holds a claim on (a consumer that lost these partitions mid-batch, the
      // sweeper, an instance that died less than the in-flight grace ago) are neither posted nor skipped:
      // from the first of them on, the batch is polled again after a back-off (a transient cause: never a
      // dead letter), by when the holder has finished or its claim can be taken over.
      int first = outcome.heldElsewhereReferences().stream().map(recordOf::get).filter(java.util.Objects::nonNull)
          .min(Integer::compare).orElse(0);
      throw new BatchListenerFailedException("order " + records.get(first).key() + " is claimed by another caller",
          new TransientSyncException(outcome.heldElsewhere()
              + " order(s) of the batch are claimed by another caller; trying again after a back-off"),
          records.get(first));
    }
  }

  /**
   * Each order as stored last (its latest version), leaving out the ones cancelled since: their
   * cancellation, later in the partition, settles their claim.
   */
  private List<PostSalesOrders.OrderToPost> latestVersions(List<PostSalesOrders.OrderToPost> orders) {
    String[] ids = orders.stream().map(item -> item.order().orderId()).distinct().toArray(String[]::new);
    Map<String, StoredOrder> stored = new HashMap<>();
    jdbc.sql("""
            SELECT channel, order_id, CASE WHEN cancelled_at IS NOT NULL THEN 'CANCELLED' ELSE status END, payload
              FROM received_orders WHERE order_id = ANY(:ids)""")
        .param("ids", ids)
        .query((rs, row) -> new StoredOrder(rs.getString(1) + ":" + rs.getString(2), rs.getString(3), rs.getBytes(4)))
        .list().forEach(order -> stored.put(order.reference(), order));
    List<PostSalesOrders.OrderToPost> latest = new ArrayList<>(orders.size());
    for (PostSalesOrders.OrderToPost item : orders) {
      StoredOrder row = stored.get(item.order().externalReference());
      if (row == null || row.payload() == null) {
        latest.add(item);
      } else if (!"CANCELLED".equals(row.status())) {
        latest.add(new PostSalesOrders.OrderToPost(readOr(row.payload(), item.order()), item.correlationId()));
      }
    }
    return latest;
  }

  private static Order readOr(byte[] payload, Order fallback) {
    try {
      return CanonicalJson.read(payload, Order.class);
    } catch (RuntimeException unreadable) {
      return fallback;
    }
  }

  private record StoredOrder(String reference, String status, byte[] payload) {}
}
