package io.retailsync.ingestion.erpposting;

import io.retailsync.ingestion.intake.OrderVersion;
import io.retailsync.model.Order;
import io.retailsync.model.OrderCancellation;
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

    private final IdempotencyStore idempotency;
    private final Outbox outbox;
    private final EventFactory events;
    private final LineageStore lineage;
    private final io.retailsync.ingestion.intake.ReceiveOrder orders;

    Update(IdempotencyStore idempotency, Outbox outbox, EventFactory events, LineageStore lineage,
        io.retailsync.ingestion.intake.ReceiveOrder orders) {
      this.orders = orders;
      this.idempotency = idempotency;
      this.outbox = outbox;
      this.events = events;
      this.lineage = lineage;
    }

    @Override
    public String kind() {
      return UPDATE_KIND;
    }

    @Override
    public void replay(ExceptionEntry entry) {
      Order held = entry.payloadAs(Order.class);
      // the version stored last: replaying an older edit would take the ERP back
      Order order = orders.storedOrder(held.channel(), held.orderId()).orElse(held);
      String key = OrderVersion.updateKey(order);
      idempotency.reopen(ApplyOrderChange.UPDATE_SCOPE, key);
      outbox.append(events.create(EventType.ORDER_UPDATED, Topics.orderKey(order.channel(), order.orderId()),
          order.channel(), key, lineage.correlationIdFor(order.channel(), order.orderId()), order));
    }
  }

  @Component
  static final class Cancel implements ExceptionReplayer {

    private final IdempotencyStore idempotency;
    private final Outbox outbox;
    private final EventFactory events;
    private final LineageStore lineage;

    Cancel(IdempotencyStore idempotency, Outbox outbox, EventFactory events, LineageStore lineage) {
      this.idempotency = idempotency;
      this.outbox = outbox;
      this.events = events;
      this.lineage = lineage;
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
      idempotency.reopen(ApplyOrderChange.CANCEL_SCOPE, decided.externalReference());
      outbox.append(events.create(EventType.ORDER_CANCELLED, Topics.orderKey(decided.channel(), decided.orderId()),
          decided.channel(), OrderVersion.cancelKey(decided.externalReference()),
          lineage.correlationIdFor(decided.channel(), decided.orderId()), decided));
    }
  }
}
