package io.retailsync.ingestion.refunds;

import io.retailsync.model.Refund;
import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.model.failure.TransientSyncException;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.events.CloudEventCodec;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Turns {@code RefundIssued} events on {@code retail.returns.v1} into credit memos, one at a time in
 * partition order. Other return events (receipts, requests) belong to the shipment service.
 */
@Component
class RefundEventsListener {

  private final PostCreditMemo postCreditMemo;

  RefundEventsListener(PostCreditMemo postCreditMemo) {
    this.postCreditMemo = postCreditMemo;
  }

  @KafkaListener(id = "erp-credit-memos", topics = Topics.RETURNS, groupId = "order-ingestion-credit-memos",
      batch = "true", properties = "max.poll.records=${sync.ingestion.posting-batch-size:20}")
  void onReturns(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        EventEnvelope event = CloudEventCodec.fromRecord(record);
        if (event.type() != EventType.REFUND_ISSUED) {
          continue;
        }
        Refund refund = CanonicalJson.read(event.payload(), Refund.class);
        if (postCreditMemo.post(refund, event.correlationId()) == PostCreditMemo.Result.HELD) {
          throw new TransientSyncException("credit memo " + refund.externalReference() + " is claimed by another caller");
        }
      } catch (RuntimeException e) {
        // what came before is committed; a transient cause backs off and retries from this record, a
        // permanent one (an event that cannot be read) dead-letters this record only
        throw new BatchListenerFailedException(e.getMessage(), e, record);
      }
    }
  }
}
