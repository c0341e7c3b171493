package io.retailsync.sync.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventType;
import io.retailsync.sync.events.CloudEventCodec;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.sync.metrics.SyncMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka in batches, in id order, at least once.
 *
 * <p>One relay per service schema works at a time (a transaction-scoped advisory lock), so rows of one
 * key reach Kafka in the order they were written even with several replicas. A batch is sent, every
 * send is awaited (idempotent producer, {@code acks=all}), and only then are the rows marked published
 * in the same transaction that read them. A crash anywhere before that commit leaves the rows pending
 * and they are sent again: consumers deduplicate by event and idempotency key.
 */
public class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':outbox-relay'))";
  private static final String PENDING = """
      SELECT id, topic, record_key, event_id, event_type, source, event_time, idempotency_key,
             correlation_id, channel, schema_version, payload
        FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT :limit
      """;
  private static final String MARK = "UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)";
  private static final String COUNT_PENDING = "SELECT count(*) FROM outbox WHERE published_at IS NULL";
  private static final String PURGE = """
      DELETE FROM outbox WHERE id IN (
        SELECT id FROM outbox WHERE published_at < :before ORDER BY published_at LIMIT 5000)
      """;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final KafkaTemplate<String, byte[]> kafka;
  private final OutboxProperties properties;
  private final FaultHooks faults;
  private final Semaphore wakeups = new Semaphore(0);
  private final AtomicLong pending = new AtomicLong();
  private volatile boolean running;
  private Thread worker;
  private Instant lastCount = Instant.EPOCH;
  private Instant lastPurge = Instant.EPOCH;

  public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
      OutboxProperties properties, FaultHooks faults, MeterRegistry registry) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.kafka = kafka;
    this.properties = properties;
    this.faults = faults;
    Gauge.builder(SyncMetrics.OUTBOX_PENDING, pending, AtomicLong::get)
        .description("Outbox rows not yet published to Kafka").register(registry);
  }

  /** Asks the relay to look for rows now instead of at its next poll. */
  public void wake() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  /** Publishes one batch; returns how many rows it published. Used by the worker and by tests. */
  public int relayOnce() {
    Integer published = transactions.execute(status -> {
      Boolean locked = jdbc.sql(LOCK).query(Boolean.class).single();
      if (!Boolean.TRUE.equals(locked)) {
        return 0;
      }
      List<PendingRow> rows = jdbc.sql(PENDING).param("limit", properties.batchSize())
          .query((rs, n) -> new PendingRow(rs.getLong("id"), new EventEnvelope(
              rs.getString("event_id"), rs.getString("source"), EventType.valueOf(rs.getString("event_type")),
              rs.getTimestamp("event_time").toInstant(), rs.getString("record_key"),
              rs.getString("idempotency_key"), rs.getString("correlation_id"), rs.getString("channel"),
              rs.getString("schema_version"), rs.getBytes("payload"))))
          .list();
      if (rows.isEmpty()) {
        return 0;
      }
      send(rows);
      faults.afterRelaySend();
      Long[] ids = rows.stream().map(PendingRow::id).toArray(Long[]::new);
      jdbc.sql(MARK).param("ids", ids).update();
      return rows.size();
    });
    return published == null ? 0 : published;
  }

  private void send(List<PendingRow> rows) {
    List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
    for (PendingRow row : rows) {
      sends.add(kafka.send(CloudEventCodec.toRecord(row.event())));
    }
    kafka.flush();
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing the outbox", e);
    } catch (Exception e) {
      throw new IllegalStateException("Kafka did not acknowledge an outbox batch: " + e.getMessage(), e);
    }
  }

  private void loop() {
    while (running) {
      int published = 0;
      try {
        published = relayOnce();
        housekeeping();
      } catch (RuntimeException e) {
        log.warn("outbox relay failed, will retry in {}: {}", properties.errorBackoff(), describe(e));
        pause(properties.errorBackoff());
        continue;
      }
      if (published < properties.batchSize()) {
        try {
          wakeups.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          wakeups.drainPermits();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.toString());
    for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append(" <- ").append(cause);
    }
    return text.toString();
  }

  private void housekeeping() {
    Instant now = Instant.now();
    if (Duration.between(lastCount, now).toMillis() >= 1000) {
      pending.set(jdbc.sql(COUNT_PENDING).query(Long.class).single());
      lastCount = now;
    }
    if (Duration.between(lastPurge, now).toSeconds() >= 60) {
      jdbc.sql(PURGE).param("before", java.sql.Timestamp.from(now.minus(properties.retention()))).update();
      lastPurge = now;
    }
  }

  private void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void start() {
    if (!properties.relayEnabled() || running) {
      return;
    }
    running = true;
    worker = new Thread(this::loop, "outbox-relay");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void stop() {
    running = false;
    Thread current = worker;
    if (current != null) {
      current.interrupt();
      try {
        current.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // after the Kafka producer is ready, before listener containers stop
    return Integer.MAX_VALUE - 200;
  }

  private record PendingRow(long id, EventEnvelope event) {}
}
