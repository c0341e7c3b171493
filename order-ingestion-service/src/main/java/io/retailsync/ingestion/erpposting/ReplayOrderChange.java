package io.retailsync.ingestion.erpposting;

import io.retailsync.ingestion.intake.OrderVersion;
import io.retailsync.model.Order;
import io.retailsync.model.OrderCancellation;
import io.retailsync.model.event.EventType;
import io.retailsync.sync.exceptions.ExceptionEntry;
import io.retailsync.sync.exceptions.ExceptionReplayer;
import org.springframework.stereotype.Component;

/**
 * Replays an order change the ERP refused or that was held for operations: puts its claim back to pending
 * and publishes the change again. A replayed cancellation cancels in the ERP even when the marketplace said
 * fulfilment had started (an operator decided); the ERP still refuses a fulfilled order, which reopens the
 * entry.
 */
final class ReplayOrderChange {

  static final String UPDATE_KIND = "erp-order-update";
  static final String CANCEL_KIND = "erp-order-cancel";

  private ReplayOrderChange() {}

  @Component
  static final class Update implements ExceptionReplayer {

    private final Republisher republisher;
    private final io.retailsync.ingestion.intake.ReceiveOrder orders;

    Update(Republisher republisher, io.retailsync.ingestion.intake.ReceiveOrder orders) {
      this.republisher = republisher;
      this.orders = orders;
    }

    @Override
    public String kind() {
      return UPDATE_KIND;
    }

    @Override
    public void replay(ExceptionEntry entry) {
      Order held = entry.payloadAs(Order.class);
      // the version stored last: replaying an older edit would take the ERP back
      var stored = orders.storedRevision(held.channel(), held.orderId());
      Order order = stored.map(io.retailsync.ingestion.intake.ReceiveOrder.Revision::order).orElse(held);
      String key = OrderVersion.updateKey(order, stored.map(io.retailsync.ingestion.intake.ReceiveOrder.Revision::revision)
          .orElse(0L));
      republisher.reopen(ApplyOrderChange.UPDATE_SCOPE, key);
      republisher.publish(EventType.ORDER_UPDATED, order.channel(), order.orderId(), key, order);
    }
  }

  @Component
  static final class Cancel implements ExceptionReplayer {

    private final Republisher republisher;

    Cancel(Republisher republisher) {
      this.republisher = republisher;
    }

    @Override
    public String kind() {
      return CANCEL_KIND;
    }

    @Override
    public void replay(ExceptionEntry entry) {
      OrderCancellation held = entry.payloadAs(OrderCancellation.class);
      OrderCancellation decided = new OrderCancellation(held.channel(), held.orderId(), held.cancelledAt(),
          held.reason(), false);
      republisher.reopen(ApplyOrderChange.CANCEL_SCOPE, decided.externalReference());
      republisher.publish(EventType.ORDER_CANCELLED, decided.channel(), decided.orderId(),
          OrderVersion.cancelKey(decided.externalReference()), decided);
    }
  }
}
