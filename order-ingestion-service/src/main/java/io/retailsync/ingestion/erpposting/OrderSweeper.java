package io.retailsync.ingestion.erpposting;

import io.micrometer.core.instrument.Counter;
import io.retailsync.ingestion.config.IngestionProperties;
import io.retailsync.model.Order;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.model.json.InvalidPayloadException;
import io.retailsync.sync.metrics.SyncMetrics;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds orders that were received but never posted, and posts them. That happens when an order's event
 * was dead-lettered or lost, or when its claim belonged to a consumer that died or lost its partitions
 * and the record was committed by the consumer that took them over (which leaves a claim it sees held
 * alone). An order qualifies once it has waited {@code stuck-after} and nobody holds an unexpired claim
 * on it; it then goes through {@link PostSalesOrders} like any other, so a claim taken over is looked up
 * in the ERP before anything is posted. Counted as {@code sync_orders_redriven_total}.
 */
@Component
class OrderSweeper implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OrderSweeper.class);

  private static final String STUCK = """
      SELECT r.payload, r.correlation_id
        FROM received_orders r
        LEFT JOIN idempotency_keys k ON k.scope = :scope AND k.key = r.channel || ':' || r.order_id
       WHERE r.status = 'RECEIVED' AND r.received_at < :before AND r.payload IS NOT NULL
         AND (k.key IS NULL OR (k.status = 'PENDING' AND (k.lease_until IS NULL OR k.lease_until <= now())))
       ORDER BY r.received_at
       LIMIT :limit
      """;

  private final JdbcClient jdbc;
  private final PostSalesOrders postSalesOrders;
  private final IngestionProperties properties;
  private final Clock clock;
  private final Counter redriven;
  private ScheduledExecutorService scheduler;

  OrderSweeper(JdbcClient jdbc, PostSalesOrders postSalesOrders, IngestionProperties properties, Clock clock,
      SyncMetrics metrics) {
    this.jdbc = jdbc;
    this.postSalesOrders = postSalesOrders;
    this.properties = properties;
    this.clock = clock;
    this.redriven = metrics.counter(SyncMetrics.ORDERS_REDRIVEN);
  }

  /** One sweep; returns how many stuck orders it handed to the posting. */
  int sweepOnce() {
    List<PostSalesOrders.OrderToPost> stuck = jdbc.sql(STUCK)
        .param("scope", PostSalesOrders.SCOPE)
        .param("before", Timestamp.from(clock.instant().minus(properties.stuckAfter())))
        .param("limit", properties.sweepBatch())
        .query((rs, n) -> toPost(rs.getBytes("payload"), rs.getString("correlation_id")))
        .list().stream().filter(java.util.Objects::nonNull).toList();
    if (stuck.isEmpty()) {
      return 0;
    }
    log.warn("{} order(s) received more than {} ago were never posted; posting them now", stuck.size(),
        properties.stuckAfter());
    for (int from = 0; from < stuck.size(); from += properties.postingBatchSize()) {
      List<PostSalesOrders.OrderToPost> batch = stuck.subList(from, Math.min(from + properties.postingBatchSize(), stuck.size()));
      PostSalesOrders.Outcome outcome = postSalesOrders.post(batch);
      redriven.increment(batch.size() - outcome.heldElsewhere() - outcome.alreadyDone());
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

  private void round() {
    try {
      sweepOnce();
    } catch (RuntimeException e) {
      log.warn("order sweep failed, will try again in {}: {}", properties.sweepInterval(), e.toString());
    }
  }

  @Override
  public void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "order-sweeper");
      thread.setDaemon(true);
      return thread;
    });
    long interval = properties.sweepInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::round, interval, interval, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }
}
