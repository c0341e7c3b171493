package io.retailsync.ingestion.erpposting;

import io.retailsync.model.Order;
import io.retailsync.model.event.EventType;
import io.retailsync.model.event.Topics;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.sync.exceptions.ExceptionEntry;
import io.retailsync.sync.exceptions.ExceptionReplayer;
import io.retailsync.sync.lineage.LineageStore;
import io.retailsync.sync.outbox.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Replays an order the ERP refused (e.g. once the item master has the SKU): clears its posting key and
 * publishes its {@code OrderCreated} again, so the posting consumer tries once more.
 */
@Component
class ReplaySalesOrder implements ExceptionReplayer {

  static final String KIND = "erp-sales-order";

  private final JdbcClient jdbc;
  private final Outbox outbox;
  private final EventFactory events;
  private final LineageStore lineage;

  ReplaySalesOrder(JdbcClient jdbc, Outbox outbox, EventFactory events, LineageStore lineage) {
    this.jdbc = jdbc;
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
    Order order = entry.payloadAs(Order.class);
    jdbc.sql("DELETE FROM idempotency_keys WHERE scope = :scope AND key = :key AND result_ref = :rejected")
        .param("scope", PostSalesOrders.SCOPE).param("key", order.externalReference())
        .param("rejected", PostSalesOrders.REJECTED_MARK).update();
    jdbc.sql("UPDATE received_orders SET status = 'RECEIVED' WHERE channel = :channel AND order_id = :orderId AND status = 'REJECTED'")
        .param("channel", order.channel()).param("orderId", order.orderId()).update();
    String correlationId = lineage.correlationIdFor(order.channel(), order.orderId());
    outbox.append(events.create(EventType.ORDER_CREATED, Topics.orderKey(order.channel(), order.orderId()),
        order.channel(), order.externalReference(), correlationId, order));
  }
}
