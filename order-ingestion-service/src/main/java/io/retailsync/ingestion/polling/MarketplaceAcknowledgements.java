package io.retailsync.ingestion.polling;

import io.retailsync.connectors.polling.OrderFeed;
import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.model.Order;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.kafka.FailureClassifier;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Acknowledges to a marketplace the orders it wants acknowledged (Walmart's {@code Created} purchase
 * orders) once, after the ERP accepted them: the poll records the order as expecting an acknowledgement,
 * and after each run the orders the ERP has since accepted are acknowledged and marked done. A crash
 * between the marketplace's answer and the mark repeats the call, which the marketplace takes as a no-op.
 * An order the ERP rejected or that was cancelled is not acknowledged; a refused acknowledgement is filed.
 */
@Component
public class MarketplaceAcknowledgements {

  private static final Logger log = LoggerFactory.getLogger(MarketplaceAcknowledgements.class);
  private static final int BATCH = 100;

  private final JdbcClient jdbc;
  private final ExceptionQueue exceptions;

  MarketplaceAcknowledgements(JdbcClient jdbc, ExceptionQueue exceptions) {
    this.jdbc = jdbc;
    this.exceptions = exceptions;
  }

  void expect(OrderFeed feed, PolledOrder order) {
    jdbc.sql("""
            INSERT INTO marketplace_acks (account, channel, order_id, raw, marketplace_status, status)
            VALUES (:account, :channel, :orderId, :raw, :marketplaceStatus, 'PENDING')
            ON CONFLICT (account, order_id) DO NOTHING""")
        .param("account", feed.account()).param("channel", feed.channel()).param("orderId", order.orderId())
        // the order's raw JSON carries the buyer's name and address: only what the acknowledgement needs is kept
        .param("raw", (byte[]) null).param("marketplaceStatus", order.marketplaceStatus()).update();
  }

  private record Pending(String orderId, String marketplaceStatus, byte[] raw, byte[] order) {}

  /** Acknowledges what the ERP accepted since; returns how many were acknowledged. */
  public int acknowledgeAccepted(OrderFeed feed) {
    jdbc.sql("""
            UPDATE marketplace_acks a SET status = 'SKIPPED', done_at = now()
              FROM received_orders r
             WHERE a.account = :account AND a.status = 'PENDING' AND r.channel = a.channel AND r.order_id = a.order_id
               AND (r.status = 'CANCELLED' OR r.cancelled_at IS NOT NULL)""")
        .param("account", feed.account()).update();
    List<Pending> accepted = jdbc.sql("""
            SELECT a.order_id, a.marketplace_status, a.raw, r.payload FROM marketplace_acks a
              JOIN received_orders r ON r.channel = a.channel AND r.order_id = a.order_id
             WHERE a.account = :account AND a.status = 'PENDING' AND r.status = 'POSTED'
             ORDER BY a.created_at LIMIT :limit""")
        .param("account", feed.account()).param("limit", BATCH)
        .query((rs, row) -> new Pending(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4))).list();
    int done = 0;
    for (Pending pending : accepted) {
      Order order = CanonicalJson.read(pending.order(), Order.class);
      try {
        feed.acknowledge(new PolledOrder(pending.orderId(), order.updatedAt(), PolledOrder.State.OPEN, order,
            pending.marketplaceStatus(), pending.raw(), null));
        mark(feed, pending.orderId(), "DONE", null);
        done++;
      } catch (RuntimeException failure) {
        String reason = FailureClassifier.reason(failure);
        if (FailureClassifier.isTransient(failure)) {
          jdbc.sql("UPDATE marketplace_acks SET attempts = attempts + 1, last_error = :error WHERE account = :account AND order_id = :orderId")
              .param("error", reason).param("account", feed.account()).param("orderId", pending.orderId()).update();
          log.warn("acknowledging {} order {} failed; trying again after the next poll: {}", feed.channel(),
              pending.orderId(), reason);
          break;
        }
        mark(feed, pending.orderId(), "FAILED", reason);
        exceptions.record(NewException.builder("ACK_REFUSED", feed.channel() + " refused the acknowledgement of order "
                + pending.orderId() + ", which the ERP accepted: " + reason)
            .channel(feed.channel()).orderId(pending.orderId())
            .sourceKey("ack-refused:" + feed.account() + ":" + pending.orderId())
            .payload(pending.raw() == null ? new byte[0] : pending.raw(), null).build());
      }
    }
    return done;
  }

  private void mark(OrderFeed feed, String orderId, String status, String error) {
    jdbc.sql("""
            UPDATE marketplace_acks SET status = :status, last_error = :error, attempts = attempts + 1, done_at = now()
             WHERE account = :account AND order_id = :orderId""")
        .param("status", status).param("error", error).param("account", feed.account()).param("orderId", orderId)
        .update();
  }
}
