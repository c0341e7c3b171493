package io.retailsync.ingestion.erpposting;

import io.retailsync.model.Order;
import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.model.failure.PermanentSyncException;
import io.retailsync.model.failure.TransientSyncException;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.events.CloudEventCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Drains {@code retail.orders.v1} into ERP batches: a few posting lanes (listener concurrency), each
 * taking at most {@code posting-batch-size} records per poll, so a backlog waits in Kafka, not in memory.
 */
@Component
class OrderEventsListener {

  private final PostSalesOrders postSalesOrders;

  OrderEventsListener(PostSalesOrders postSalesOrders) {
    this.postSalesOrders = postSalesOrders;
  }

  @KafkaListener(id = "erp-posting", topics = Topics.ORDERS, groupId = "order-ingestion-erp-posting", batch = "true",
      concurrency = "${sync.ingestion.posting-lanes:2}",
      properties = "max.poll.records=${sync.ingestion.posting-batch-size:20}")
  void onOrders(List<ConsumerRecord<String, byte[]>> records) {
    List<PostSalesOrders.OrderToPost> orders = new ArrayList<>(records.size());
    List<String> references = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      references.add(null);
      try {
        EventEnvelope event = CloudEventCodec.fromRecord(record);
        if (event.type() == EventType.ORDER_CREATED) {
          Order order = CanonicalJson.read(event.payload(), Order.class);
          orders.add(new PostSalesOrders.OrderToPost(order, event.correlationId()));
          references.set(references.size() - 1, order.externalReference());
        }
      } catch (PermanentSyncException e) {
        // post what came before the bad record; the error handler dead-letters it and redelivers the rest
        waitForClaimsHeldElsewhere(postSalesOrders.post(orders), records, references);
        throw new BatchListenerFailedException(e.getMessage(), e, record);
      }
    }
    waitForClaimsHeldElsewhere(postSalesOrders.post(orders), records, references);
  }

  /**
   * Orders another caller holds a claim on (a consumer that lost these partitions mid-batch, the sweeper,
   * an instance that died less than the in-flight grace ago) are neither posted nor skipped: the batch is
   * tried again after a back-off, by when the holder has finished (they are then completed) or its claim
   * can be taken over (they are then looked up first). Committing past them would leave them to the
   * sweeper.
   */
  private static void waitForClaimsHeldElsewhere(PostSalesOrders.Outcome outcome,
      List<ConsumerRecord<String, byte[]>> records, List<String> references) {
    if (outcome.heldElsewhere() == 0) {
      return;
    }
    for (int index = 0; index < records.size(); index++) {
      String reference = references.get(index);
      if (reference != null && outcome.heldElsewhereReferences().contains(reference)) {
        // what came before is done and committed; from this record on, the batch is polled again after a
        // back-off (a transient cause: never a dead letter)
        throw new BatchListenerFailedException("order " + references.get(index) + " is claimed by another caller",
            new TransientSyncException(outcome.heldElsewhere()
                + " order(s) of the batch are claimed by another caller; trying again after a back-off"),
            records.get(index));
      }
    }
  }
}
