package io.retailsync.ingestion.refunds;

import io.retailsync.ingestion.erpposting.Republisher;
import io.retailsync.model.Refund;
import io.retailsync.model.event.EventType;
import io.retailsync.sync.exceptions.ExceptionEntry;
import io.retailsync.sync.exceptions.ExceptionReplayer;
import org.springframework.stereotype.Component;

/**
 * Replays a refund whose credit memo the ERP refused or that found no sales order: puts its claim back to
 * pending (so the retry looks the credit memo up before posting) and publishes its {@code RefundIssued} again.
 */
@Component
class ReplayCreditMemo implements ExceptionReplayer {

  static final String KIND = "erp-credit-memo";

  private final Republisher republisher;

  ReplayCreditMemo(Republisher republisher) {
    this.republisher = republisher;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void replay(ExceptionEntry entry) {
    Refund refund = entry.payloadAs(Refund.class);
    republisher.reopen(PostCreditMemo.SCOPE, refund.externalReference());
    republisher.publish(EventType.REFUND_ISSUED, refund.channel(), refund.orderId(), refund.externalReference(), refund);
  }
}
