package io.retailsync.ingestion.erpposting;

import io.retailsync.model.Order;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.exceptions.ReplayRefusedException;
import io.retailsync.model.event.EventType;
import io.retailsync.sync.exceptions.ExceptionEntry;
import io.retailsync.sync.exceptions.ExceptionReplayer;
import io.retailsync.sync.idempotency.IdempotencyStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Replays an order the ERP refused (e.g. once the item master has the SKU), or one whose result could not
 * be recorded: puts its posting claim back to pending and publishes its {@code OrderCreated} again. The
 * posting consumer then reclaims it, which means it looks the order up in the ERP before posting, so a
 * replay never creates a second sales order. If the ERP refuses it again, the same entry reopens.
 */
@Component
class ReplaySalesOrder implements ExceptionReplayer {

  static final String KIND = "erp-sales-order";

  private final JdbcClient jdbc;
  private final IdempotencyStore idempotency;
  private final Republisher republisher;

  ReplaySalesOrder(JdbcClient jdbc, IdempotencyStore idempotency, Republisher republisher) {
    this.jdbc = jdbc;
    this.idempotency = idempotency;
    this.republisher = republisher;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void replay(ExceptionEntry entry) {
    Order held = entry.payloadAs(Order.class);
    var stored = jdbc.sql("""
            SELECT CASE WHEN cancelled_at IS NOT NULL THEN 'CANCELLED' ELSE status END, payload
              FROM received_orders WHERE channel = :channel AND order_id = :orderId""")
        .param("channel", held.channel()).param("orderId", held.orderId())
        .query((rs, row) -> new Object[] {rs.getString(1), rs.getBytes(2)}).optional();
    if (stored.isPresent() && "CANCELLED".equals(stored.get()[0])) {
      throw new ReplayRefusedException("order " + held.externalReference() + " was cancelled by the marketplace since;"
          + " there is nothing to post");
    }
    // the version stored last: an edit may have arrived while the order waited in the queue
    Order order = stored.map(row -> (byte[]) row[1]).filter(java.util.Objects::nonNull)
        .map(payload -> CanonicalJson.read(payload, Order.class)).orElse(held);
    idempotency.reopen(PostSalesOrders.SCOPE, order.externalReference());
    jdbc.sql("UPDATE received_orders SET status = 'RECEIVED' WHERE channel = :channel AND order_id = :orderId AND status = 'REJECTED'")
        .param("channel", order.channel()).param("orderId", order.orderId()).update();
    republisher.publish(EventType.ORDER_CREATED, order.channel(), order.orderId(), order.externalReference(), order);
  }
}
