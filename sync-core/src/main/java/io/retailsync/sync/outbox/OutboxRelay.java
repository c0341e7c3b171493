package io.retailsync.sync.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventType;
import io.retailsync.sync.events.CloudEventCodec;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.sync.metrics.SyncMetrics;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka in batches, in id order, at least once, row by row.
 *
 * <p>One relay per service schema works at a time (a transaction-scoped advisory lock), so rows of one
 * key reach Kafka in the order they were written even with several replicas. Every row of a batch is sent
 * (idempotent producer, {@code acks=all}) and each answer awaited on its own: a row Kafka acknowledged is
 * marked published in the transaction that read it, whatever happened to its neighbours, so it is never
 * sent again; a row Kafka refuses for good ({@link PublishFailures#isPermanent}) is set aside
 * (parked, with its attempts and last error) and filed as a {@code PUBLISH_REFUSED} exception that
 * operations can replay once the cause is fixed; a row that failed transiently stays pending, and the
 * relay backs off. A crash before the commit leaves the batch pending and it is sent again: consumers
 * deduplicate by event and idempotency key.
 */
public class OutboxRelay implements SmartLifecycle {

  public static final String REPLAY_KIND = "outbox-row";
  public static final String EXCEPTION_TYPE = "PUBLISH_REFUSED";

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':outbox-relay'))";
  private static final String PENDING_SIZES = """
      SELECT id, octet_length(payload) AS size
        FROM outbox WHERE published_at IS NULL AND parked_at IS NULL ORDER BY id LIMIT :limit
      """;
  private static final String PENDING = """
      SELECT id, topic, record_key, event_id, event_type, source, event_time, idempotency_key,
             correlation_id, channel, schema_version, payload, attempts
        FROM outbox WHERE id = ANY(:ids) ORDER BY id
      """;
  private static final String MARK_PUBLISHED = "UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)";
  private static final String NOTE_TRANSIENT = """
      UPDATE outbox SET attempts = attempts + 1, last_error = :error WHERE id = :id
      """;
  private static final String PARK = """
      UPDATE outbox SET attempts = attempts + 1, last_error = :error, parked_at = now() WHERE id = :id
      """;
  private static final String COUNT = """
      SELECT count(*) FILTER (WHERE parked_at IS NULL) AS pending, count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked
        FROM outbox WHERE published_at IS NULL
      """;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final KafkaTemplate<String, byte[]> kafka;
  private final OutboxProperties properties;
  private final FaultHooks faults;
  private final ExceptionQueue exceptions;
  private final Semaphore wakeups = new Semaphore(0);
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong parked = new AtomicLong();
  private final Counter published;
  private final Counter transientFailures;
  private final Counter refusals;
  private volatile boolean running;
  private Thread worker;
  private Instant lastCount = Instant.EPOCH;
  private Duration backoff;

  /** What one pass did: rows published, rows that failed and wait, rows set aside. */
  public record Pass(int published, int failedTransiently, int parked) {
    static final Pass NOTHING = new Pass(0, 0, 0);

    public int handled() {
      return published + failedTransiently + parked;
    }
  }

  public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
      OutboxProperties properties, FaultHooks faults, ExceptionQueue exceptions, MeterRegistry registry) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.kafka = kafka;
    this.properties = properties;
    this.faults = faults;
    this.exceptions = exceptions;
    this.backoff = properties.errorBackoff();
    Gauge.builder(SyncMetrics.OUTBOX_PENDING, pending, AtomicLong::get)
        .description("Outbox rows not yet published to Kafka").register(registry);
    Gauge.builder(SyncMetrics.OUTBOX_PARKED, parked, AtomicLong::get)
        .description("Outbox rows Kafka refused for good, set aside until replayed").register(registry);
    published = Counter.builder(SyncMetrics.OUTBOX_PUBLISHED).description("Outbox rows Kafka acknowledged")
        .register(registry);
    transientFailures = Counter.builder(SyncMetrics.OUTBOX_FAILURES).tag("kind", "transient")
        .description("Outbox rows Kafka did not take, by whether waiting can cure it").register(registry);
    refusals = Counter.builder(SyncMetrics.OUTBOX_FAILURES).tag("kind", "permanent")
        .description("Outbox rows Kafka did not take, by whether waiting can cure it").register(registry);
  }

  /** Asks the relay to look for rows now instead of at its next poll. */
  public void wake() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  /** Publishes one batch and says what became of its rows. */
  public Pass relayBatch() {
    Pass pass = transactions.execute(status -> {
      Boolean locked = jdbc.sql(LOCK).query(Boolean.class).single();
      if (!Boolean.TRUE.equals(locked)) {
        return Pass.NOTHING;
      }
      Long[] ids = nextBatch();
      if (ids.length == 0) {
        return Pass.NOTHING;
      }
      List<PendingRow> rows = jdbc.sql(PENDING).param("ids", ids)
          .query((rs, n) -> new PendingRow(rs.getLong("id"), rs.getString("topic"), new EventEnvelope(
              rs.getString("event_id"), rs.getString("source"), EventType.valueOf(rs.getString("event_type")),
              rs.getTimestamp("event_time").toInstant(), rs.getString("record_key"),
              rs.getString("idempotency_key"), rs.getString("correlation_id"), rs.getString("channel"),
              rs.getString("schema_version"), rs.getBytes("payload")), rs.getInt("attempts")))
          .list();
      if (rows.isEmpty()) {
        return Pass.NOTHING;
      }
      List<Sent> outcomes = send(rows);
      faults.afterRelaySend();
      return record(outcomes);
    });
    return pass == null ? Pass.NOTHING : pass;
  }

  /** The ids of the next batch: in id order, up to the row and byte limits, at least one row. */
  private Long[] nextBatch() {
    List<Long> ids = new ArrayList<>();
    long bytes = 0;
    long limit = properties.maxBatchSize().toBytes();
    for (Map<String, Object> row : jdbc.sql(PENDING_SIZES).param("limit", properties.batchSize()).query().listOfRows()) {
      long size = ((Number) row.get("size")).longValue();
      if (!ids.isEmpty() && bytes + size > limit) {
        break;
      }
      ids.add(((Number) row.get("id")).longValue());
      bytes += size;
    }
    return ids.toArray(Long[]::new);
  }

  /**
   * Hands every row to the producer, then awaits each answer. Once the producer fails a row transiently
   * at hand-over (typically: no broker within {@code max.block.ms}), the rest of the batch is not handed
   * over, so a Kafka outage costs one wait per batch, not one per row.
   */
  private List<Sent> send(List<PendingRow> rows) {
    List<Sent> sent = new ArrayList<>(rows.size());
    boolean brokerAway = false;
    for (PendingRow row : rows) {
      if (brokerAway) {
        sent.add(new Sent(row, null, null));
        continue;
      }
      ProducerRecord<String, byte[]> record;
      try {
        record = CloudEventCodec.toRecord(row.event());
      } catch (RuntimeException unbuildable) {
        sent.add(new Sent(row, null, new PublishFailures.Refused(unbuildable)));
        continue;
      }
      try {
        CompletableFuture<?> future = kafka.send(record);
        sent.add(new Sent(row, future, null));
        // metadata is awaited inside send(): a future already failed transiently means no broker answered
        brokerAway = future.isCompletedExceptionally() && !PublishFailures.isPermanent(failureOf(future));
      } catch (RuntimeException failure) {
        brokerAway = !PublishFailures.isPermanent(failure);
        sent.add(new Sent(row, null, failure));
      }
    }
    kafka.flush();
    long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
    List<Sent> answered = new ArrayList<>(sent.size());
    for (Sent attempt : sent) {
      answered.add(attempt.future() == null ? attempt : attempt.await(deadline));
    }
    return answered;
  }

  private static Throwable failureOf(CompletableFuture<?> failed) {
    try {
      failed.join();
      return null;
    } catch (RuntimeException e) {
      return e.getCause() == null ? e : e.getCause();
    }
  }

  private Pass record(List<Sent> outcomes) {
    List<Long> acknowledged = new ArrayList<>();
    int waiting = 0;
    int setAside = 0;
    for (Sent outcome : outcomes) {
      if (outcome.failure() == null && outcome.future() != null) {
        acknowledged.add(outcome.row().id());
      } else if (outcome.failure() == null) {
        waiting++; // not handed over: the broker was away
      } else if (PublishFailures.isPermanent(outcome.failure())) {
        park(outcome.row(), outcome.failure());
        setAside++;
      } else {
        jdbc.sql(NOTE_TRANSIENT).param("id", outcome.row().id())
            .param("error", PublishFailures.describe(outcome.failure())).update();
        waiting++;
      }
    }
    if (!acknowledged.isEmpty()) {
      jdbc.sql(MARK_PUBLISHED).param("ids", acknowledged.toArray(Long[]::new)).update();
    }
    published.increment(acknowledged.size());
    transientFailures.increment(waiting);
    refusals.increment(setAside);
    return new Pass(acknowledged.size(), waiting, setAside);
  }

  private void park(PendingRow row, Throwable failure) {
    String error = PublishFailures.describe(failure);
    jdbc.sql(PARK).param("id", row.id()).param("error", error).update();
    EventEnvelope event = row.event();
    log.warn("outbox row {} ({} {} for {}) refused by Kafka for good and set aside: {}", row.id(),
        event.type().eventName(), event.id(), event.subject(), error);
    exceptions.record(NewException.builder(EXCEPTION_TYPE, "Kafka refused " + event.type().eventName() + " "
            + event.id() + " for " + event.subject() + " (" + event.payload().length + " bytes) for good: " + error)
        .channel(event.channel())
        .orderId(orderIdOf(event.subject()))
        .correlationId(event.correlationId())
        .sourceKey("outbox:" + row.id() + ":" + (row.attempts() + 1))
        .replay(REPLAY_KIND, Long.toString(row.id()))
        .payload(event.payload(), Map.of("ce_type", event.type().cloudEventType(), "ce_id", event.id(),
            "kafka_key", event.subject(), "topic", row.topic()))
        .build());
  }

  private static String orderIdOf(String key) {
    int colon = key == null ? -1 : key.indexOf(':');
    return colon < 0 ? null : key.substring(colon + 1);
  }

  /** Puts a parked row back in the relay's work; false when there is no such parked row. */
  public boolean unpark(long id) {
    boolean unparked = jdbc.sql("UPDATE outbox SET parked_at = NULL, attempts = 0 WHERE id = :id AND parked_at IS NOT NULL")
        .param("id", id).update() == 1;
    if (unparked) {
      wake();
    }
    return unparked;
  }

  private void loop() {
    while (running) {
      Pass pass;
      try {
        pass = relayBatch();
        countRows();
      } catch (RuntimeException | Error e) {
        // an Error too (out of memory on a huge batch): the relay thread must never die quietly
        log.warn("outbox relay failed, will retry in {}: {}", backoff, PublishFailures.describe(e));
        backOff();
        continue;
      }
      if (pass.failedTransiently() > 0) {
        log.warn("{} outbox row(s) not taken by Kafka, will retry in {}", pass.failedTransiently(), backoff);
        backOff();
        continue;
      }
      backoff = properties.errorBackoff();
      if (pass.handled() == 0) {
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

  private void backOff() {
    pause(backoff);
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(properties.maxErrorBackoff()) > 0 ? properties.maxErrorBackoff() : doubled;
  }

  private void countRows() {
    Instant now = Instant.now();
    if (Duration.between(lastCount, now).toMillis() >= 1000) {
      jdbc.sql(COUNT).query(rs -> {
        pending.set(rs.getLong("pending"));
        parked.set(rs.getLong("parked"));
      });
      lastCount = now;
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

  private record PendingRow(long id, String topic, EventEnvelope event, int attempts) {}

  /** A row handed to the producer (or not), and the failure, if any, once answered. */
  private record Sent(PendingRow row, CompletableFuture<?> future, Throwable failure) {

    Sent await(long deadlineNanos) {
      try {
        future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return this;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing the outbox", e);
      } catch (ExecutionException e) {
        return new Sent(row, future, e.getCause() == null ? e : e.getCause());
      } catch (TimeoutException e) {
        return new Sent(row, future, e);
      }
    }
  }
}
