package io.retailsync.ingestion.erpposting;

import io.micrometer.core.instrument.Counter;
import io.retailsync.ingestion.config.IngestionProperties;
import io.retailsync.model.Order;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.model.json.InvalidPayloadException;
import io.retailsync.sync.idempotency.IdempotencyStore;
import io.retailsync.sync.metrics.SyncMetrics;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds orders that were received but never posted, and posts them: an order whose event was
 * dead-lettered or lost, or whose claim belonged to an instance that died. An order qualifies once it has
 * waited {@code stuck-after} and nobody holds a live claim on it (one unexpired, of an instance that still
 * beats, as {@link PostSalesOrders} judges it); it then goes through {@link PostSalesOrders} like any other,
 * so a claim taken over is looked up in the ERP before anything is posted. Counted as
 * {@code sync_orders_redriven_total}.
 */
@Component
public class OrderSweeper {

  private static final Logger log = LoggerFactory.getLogger(OrderSweeper.class);

  private static final String STUCK = """
      SELECT r.payload, r.correlation_id
        FROM received_orders r
        LEFT JOIN idempotency_keys k ON k.scope = :scope AND k.key = r.channel || ':' || r.order_id
       WHERE r.status = 'RECEIVED' AND r.cancelled_at IS NULL AND r.received_at < :before AND r.payload IS NOT NULL
         AND (k.key IS NULL OR (k.status = 'PENDING' AND %s))
       ORDER BY r.received_at
       LIMIT :limit
      """.formatted(IdempotencyStore.nobodyHolds("k"));

  private final JdbcClient jdbc;
  private final PostSalesOrders postSalesOrders;
  private final IngestionProperties properties;
  private final Clock clock;
  private final Counter redriven;

  OrderSweeper(JdbcClient jdbc, PostSalesOrders postSalesOrders, IngestionProperties properties, Clock clock,
      SyncMetrics metrics) {
    this.jdbc = jdbc;
    this.postSalesOrders = postSalesOrders;
    this.properties = properties;
    this.clock = clock;
    this.redriven = metrics.counter(SyncMetrics.ORDERS_REDRIVEN);
  }

  /** One sweep; returns how many stuck orders it handed to the posting. */
  public int sweepOnce() {
    List<PostSalesOrders.OrderToPost> stuck = jdbc.sql(STUCK)
        .param("scope", PostSalesOrders.SCOPE)
        .param("before", Timestamp.from(clock.instant().minus(properties.stuckAfter())))
        .param("limit", properties.sweepBatch())
        .param("takeover", postSalesOrders.takeoverAfter().toMillis() / 1000.0)
        .query((rs, n) -> toPost(rs.getBytes("payload"), rs.getString("correlation_id")))
        .list().stream().filter(java.util.Objects::nonNull).toList();
    if (stuck.isEmpty()) {
      return 0;
    }
    log.warn("{} order(s) received more than {} ago were never posted; posting them now", stuck.size(),
        properties.stuckAfter());
    for (int from = 0; from < stuck.size(); from += properties.postingBatchSize()) {
      List<PostSalesOrders.OrderToPost> batch = stuck.subList(from, Math.min(from + properties.postingBatchSize(), stuck.size()));
      try {
        PostSalesOrders.Outcome outcome = postSalesOrders.post(batch);
        redriven.increment(batch.size() - outcome.heldElsewhere() - outcome.alreadyDone());
      } catch (RuntimeException failed) {
        // one batch's trouble (the ERP away, an order it chokes on) does not stop the others
        log.warn("sweeping {} order(s) failed, going on with the rest: {}", batch.size(), failed.toString());
      }
    }
    return stuck.size();
  }

  private static PostSalesOrders.OrderToPost toPost(byte[] payload, String correlationId) {
    try {
      return new PostSalesOrders.OrderToPost(CanonicalJson.read(payload, Order.class), correlationId);
    } catch (InvalidPayloadException | IllegalArgumentException e) {
      log.error("a received order's stored payload cannot be read: {}", e.getMessage());
      return null;
    }
  }
}
