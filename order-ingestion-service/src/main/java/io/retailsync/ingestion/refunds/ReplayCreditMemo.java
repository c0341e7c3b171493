package io.retailsync.ingestion.refunds;

import io.retailsync.model.Refund;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.sync.exceptions.ExceptionEntry;
import io.retailsync.sync.exceptions.ExceptionReplayer;
import io.retailsync.sync.idempotency.IdempotencyStore;
import io.retailsync.sync.lineage.LineageStore;
import io.retailsync.sync.outbox.Outbox;
import org.springframework.stereotype.Component;

/**
 * Replays a refund whose credit memo the ERP refused or that found no sales order: puts its claim back to
 * pending (so the retry looks the credit memo up before posting) and publishes its {@code RefundIssued} again.
 */
@Component
class ReplayCreditMemo implements ExceptionReplayer {

  static final String KIND = "erp-credit-memo";

  private final IdempotencyStore idempotency;
  private final Outbox outbox;
  private final EventFactory events;
  private final LineageStore lineage;

  ReplayCreditMemo(IdempotencyStore idempotency, Outbox outbox, EventFactory events, LineageStore lineage) {
    this.idempotency = idempotency;
    this.outbox = outbox;
    this.events = events;
    this.lineage = lineage;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void replay(ExceptionEntry entry) {
    Refund refund = entry.payloadAs(Refund.class);
    if (idempotency.find(PostCreditMemo.SCOPE, refund.externalReference()).isPresent()) {
      idempotency.reopen(PostCreditMemo.SCOPE, refund.externalReference());
    }
    outbox.append(events.create(EventType.REFUND_ISSUED, Topics.orderKey(refund.channel(), refund.orderId()),
        refund.channel(), refund.externalReference(), lineage.correlationIdFor(refund.channel(), refund.orderId()),
        refund));
  }
}
