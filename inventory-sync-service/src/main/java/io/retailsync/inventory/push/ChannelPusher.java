package io.retailsync.inventory.push;

import io.micrometer.core.instrument.Counter;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.inventory.ChannelInventoryPort;
import io.retailsync.connectors.inventory.InventoryUpdate;
import io.retailsync.connectors.inventory.PushOutcome;
import io.retailsync.inventory.propagation.PropagationMetrics;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.metrics.SyncMetrics;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains one channel's push queue: the waiting quantities, urgent ones (zero, or at the channel's floor)
 * first and then the oldest, up to the channel's batch size per call. The call happens outside any
 * transaction; afterwards each row is removed only if it still holds the quantity that was sent (a newer
 * quantity that arrived during the call stays and goes in the next batch), so a superseded value is never
 * sent after its successor and nothing waiting is lost. A channel that fails (429 after its retries, 5xx,
 * down) backs off, doubling up to a minute, while the other channels' pushers go on; its rows wait and
 * keep coalescing. A SKU the channel refuses for good is filed as {@code PUSH_REJECTED} and dropped from the
 * queue (the drift check tries it again later). One instance drains a channel at a time (a lease row).
 *
 * <p>What a lane is sending is written down before the call ({@code push_in_flight}) and crossed off with the
 * local commit. A call may land after a newer value of one of its SKUs that the other lane pushed meanwhile (a
 * slow feed after a quick zero); the pusher then queues the current value again, but only if it lives to see
 * the call end. If it fails or its process dies first, the rows still holding the value sent are pushed again
 * anyway, and the SKUs whose row is gone or changed would be left at the older value with nothing queued: so
 * whoever holds the lane next (the same pusher after a failure, another instance once a dead one's lease has
 * run out) queues their current value again.
 */
public class ChannelPusher {

  private static final Logger log = LoggerFactory.getLogger(ChannelPusher.class);
  static final String PUSH_REJECTED = "PUSH_REJECTED";

  record Waiting(String sku, int quantity, Instant enqueuedAt, Instant originAt, boolean urgent) {}

  /**
   * The rows due now: urgent ones always; others once their SKU was last pushed to the channel at least the
   * minimum interval ago, so a SKU that changes all the time is shown its latest value about once per
   * interval instead of once per change.
   */
  private static final String DUE = """
      LEFT JOIN channel_quantities c ON c.channel = q.channel AND c.sku = q.sku
      WHERE q.channel = :channel
        AND (q.urgent OR c.pushed_at IS NULL OR c.pushed_at < now() - make_interval(secs => :interval))""";

  private final ChannelInventoryPort port;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ExceptionQueue exceptions;
  private final PropagationMetrics propagation;
  private final Clock clock;
  private final String owner;
  private final Duration lease;
  private final Duration linger;
  private final Duration minInterval;
  private final boolean urgentLane;
  private final java.util.function.Consumer<List<String>> requeue;
  private final io.retailsync.sync.faults.FaultHooks faults;
  private final Counter sent;
  private final Counter rejected;
  private final Counter failed;
  private Duration backoff = Duration.ZERO;
  /** After a batch failed in a way that is not the channel being away: rows are pushed one by one, this many. */
  private int isolating;
  private Instant pausedUntil = Instant.MIN;

  ChannelPusher(ChannelInventoryPort port, JdbcClient jdbc, TransactionTemplate transactions, ExceptionQueue exceptions,
      PropagationMetrics propagation, SyncMetrics metrics, Clock clock, String owner, Duration lease, Duration linger,
      Duration minInterval, boolean urgentLane, java.util.function.Consumer<List<String>> requeue,
      io.retailsync.sync.faults.FaultHooks faults) {
    this.faults = faults;
    this.urgentLane = urgentLane;
    this.requeue = requeue;
    this.linger = linger;
    this.minInterval = minInterval;
    this.port = port;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.exceptions = exceptions;
    this.propagation = propagation;
    this.clock = clock;
    this.owner = owner;
    this.lease = lease;
    this.sent = metrics.counter(PushMetrics.PUSHES, "channel", port.channel(), "outcome", "sent");
    this.rejected = metrics.counter(PushMetrics.PUSHES, "channel", port.channel(), "outcome", "rejected");
    this.failed = metrics.counter(PushMetrics.PUSHES, "channel", port.channel(), "outcome", "failed");
  }

  public String channel() {
    return port.channel();
  }

  /** The lane's name in thread names and logs: {@code shopify} (everything) or {@code shopify-urgent}. */
  public String lane() {
    return port.channel() + (urgentLane ? "-urgent" : "");
  }

  /** Few enough rows that each connector takes its quick path (a patch, a single update) for them. */
  static final int URGENT_BATCH = 20;

  /**
   * One batch: returns whether there may be more waiting now (so the caller goes on at once rather than
   * sleeping).
   */
  public boolean drainOnce() {
    Instant now = clock.instant();
    if (now.isBefore(pausedUntil)) {
      return false;
    }
    // a burst of changes is let settle for a moment (the linger), so a SKU changing a hundred times in a
    // second is pushed a few times, not a hundred; a quantity at zero or the floor does not wait
    record Head(Boolean urgent, Timestamp oldest, boolean unfinished) {}
    Head head = jdbc.sql("SELECT bool_or(q.urgent), min(q.origin_at), "
            + "EXISTS (SELECT 1 FROM push_in_flight f WHERE f.lane = :lane) FROM push_queue q " + DUE
            + (urgentLane ? " AND q.urgent" : " AND NOT q.urgent"))
        .param("channel", port.channel()).param("interval", minInterval.toMillis() / 1000.0).param("lane", lane())
        .query((rs, row) -> new Head((Boolean) rs.getObject(1), rs.getTimestamp(2), rs.getBoolean(3)))
        .single();
    if (head.unfinished()) {
      // a call of this lane that never got to its local commit: its process died (the lease was another
      // instance's and has run out) or it failed before it could settle; while the lease is held, it is out
      if (!holdLease()) {
        return false;
      }
      settle(false);
      return true;
    }
    if (head.oldest() == null) {
      return false;
    }
    if (!Boolean.TRUE.equals(head.urgent()) && head.oldest().toInstant().plus(linger).isAfter(now)) {
      return false;
    }
    // the lease is written only when there is something to push: an idle lane writes nothing
    if (!holdLease()) {
      return false;
    }
    // the batch is read and written down as in flight in one statement, committed before the call
    List<Waiting> batch = jdbc.sql("WITH batch AS (SELECT q.sku, q.quantity, q.enqueued_at, q.origin_at, q.urgent "
            + "FROM push_queue q " + DUE + (urgentLane ? " AND q.urgent" : " AND NOT q.urgent")
            + " ORDER BY q.origin_at, q.sku LIMIT :limit), sending AS ("
            + "INSERT INTO push_in_flight (lane, sku, quantity, enqueued_at, owner) "
            + "SELECT :lane, sku, quantity, enqueued_at, :owner FROM batch ON CONFLICT (lane, sku) DO UPDATE "
            + "SET quantity = excluded.quantity, enqueued_at = excluded.enqueued_at, owner = excluded.owner) "
            + "SELECT sku, quantity, enqueued_at, origin_at, urgent FROM batch ORDER BY origin_at, sku")
        .param("channel", port.channel()).param("interval", minInterval.toMillis() / 1000.0)
        .param("lane", lane()).param("owner", owner)
        .param("limit", isolating > 0 ? 1 : urgentLane ? Math.min(URGENT_BATCH, Math.max(1, port.maxBatchSize()))
            : Math.max(1, port.maxBatchSize()))
        .query((rs, row) -> new Waiting(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant(),
            rs.getTimestamp(4).toInstant(), rs.getBoolean(5)))
        .list();
    if (batch.isEmpty()) {
      return false;
    }
    PushOutcome outcome;
    try {
      outcome = port.push(batch.stream()
          .map(w -> new InventoryUpdate(w.sku(), w.quantity(), port.channel() + ":" + w.sku() + ":" + w.quantity()
              + ":" + w.enqueuedAt().toEpochMilli()))
          .toList());
    } catch (MarketplaceUnavailableException e) {
      failed.increment(batch.size());
      backOff(batch.size(), e.getMessage());
      // some SKUs may have been applied, possibly after a newer value the other lane pushed meanwhile
      settle(true);
      return false;
    } catch (io.retailsync.connectors.http.MarketplaceRefusedException e) {
      if (e.status() == 401 || e.status() == 403 || e.status() == 0) {
        // the credentials or the account, not the SKUs: every row waits until they are fixed
        failed.increment(batch.size());
        backOff(batch.size(), e.getMessage());
        settle(true);
        return false;
      }
      return isolate(batch, e);
    } catch (RuntimeException e) {
      return isolate(batch, e);
    }
    // the channel has answered; a process killed here has had its quantities taken and its rows not yet removed
    faults.afterChannelPush(port.channel(), urgentLane, batch.stream().map(Waiting::sku).toList());
    Map<String, String> refused = outcome.rejected();
    if (batch.size() > 1 && refused.size() == batch.size() && refused.values().stream().distinct().count() == 1) {
      // every SKU refused for one reason: the call was (an expired credential, a suspended account), not the SKUs
      failed.increment(batch.size());
      backOff(batch.size(), "every SKU refused: " + refused.values().iterator().next());
      settle(true);
      return false;
    }
    backoff = Duration.ZERO;
    if (isolating > 0) {
      isolating--;
    }
    Instant pushedAt = clock.instant();
    batch = new java.util.ArrayList<>(batch);
    // rows in SKU order, as the projection's transactions take them, so the deletes cannot deadlock with them
    batch.sort(java.util.Comparator.comparing(Waiting::sku));
    List<Waiting> done = batch;
    List<String> superseded = new java.util.ArrayList<>();
    transactions.executeWithoutResult(status -> {
      for (Waiting waiting : done) {
        boolean accepted = !refused.containsKey(waiting.sku());
        int removed = removeIfUnchanged(waiting);
        if (accepted && removed == 0) {
          // a newer value arrived during the call: it waits, or the urgent lane already sent it, in which case
          // this slower call may have landed after it; either way the current value is queued (again)
          superseded.add(waiting.sku());
          continue;
        }
        if (accepted) {
          jdbc.sql("""
                  INSERT INTO channel_quantities (channel, sku, quantity, pushed_at) VALUES (:channel, :sku, :quantity, :at)
                  ON CONFLICT (channel, sku) DO UPDATE SET quantity = excluded.quantity, pushed_at = excluded.pushed_at""")
              .param("channel", port.channel()).param("sku", waiting.sku()).param("quantity", waiting.quantity())
              .param("at", Timestamp.from(pushedAt)).update();
        } else {
          exceptions.record(NewException.builder(PUSH_REJECTED, port.channel() + " refused quantity "
                  + waiting.quantity() + " for " + waiting.sku() + ": " + refused.get(waiting.sku()))
              .channel(port.channel()).sku(waiting.sku())
              .sourceKey("push-rejected:" + port.channel() + ":" + waiting.sku()).build());
        }
      }
      // crossed off with the commit, but for the superseded SKUs: they stay written down until queued again
      jdbc.sql("DELETE FROM push_in_flight WHERE lane = :lane AND owner = :owner AND NOT (sku = ANY(:superseded))")
          .param("lane", lane()).param("owner", owner).param("superseded", superseded.toArray(String[]::new))
          .update();
    });
    if (!superseded.isEmpty()) {
      requeue.accept(superseded);
      clearInFlight(true);
    }
    for (Waiting waiting : done) {
      if (!refused.containsKey(waiting.sku()) && !superseded.contains(waiting.sku())) {
        propagation.propagated(port.channel(), Duration.between(waiting.originAt(), pushedAt));
      }
    }
    sent.increment(batch.size() - refused.size());
    rejected.increment(refused.size());
    return batch.size() >= port.maxBatchSize();
  }

  /**
   * Not the channel being away but something in this batch (a value the connector refuses, a refusal of one
   * SKU that fails the call): the rows are pushed one by one, so the one at fault is found and set aside alone.
   */
  private boolean isolate(List<Waiting> batch, RuntimeException e) {
    failed.increment(batch.size());
    if (batch.size() == 1) {
      refuseAlone(batch.get(0), e.toString());
      settle(true);
      isolating = Math.max(0, isolating - 1);
      return true;
    }
    isolating = batch.size();
    backOff(batch.size(), e.toString());
    settle(true);
    return false;
  }

  private void backOff(int rows, String why) {
    backoff = backoff.isZero() ? Duration.ofSeconds(1) : min(backoff.multipliedBy(2), Duration.ofMinutes(1));
    pausedUntil = clock.instant().plus(backoff);
    log.warn("{} inventory push of {} SKUs failed, next try in {}: {}", port.channel(), rows, backoff, why);
  }

  /** A row whose push fails on its own, for a reason that is not the channel being away: filed and dropped. */
  private void refuseAlone(Waiting waiting, String why) {
    transactions.executeWithoutResult(status -> {
      if (removeIfUnchanged(waiting) == 1) {
        // set aside on purpose: not to be queued again
        jdbc.sql("DELETE FROM push_in_flight WHERE lane = :lane AND owner = :owner AND sku = :sku")
            .param("lane", lane()).param("owner", owner).param("sku", waiting.sku()).update();
      }
      exceptions.record(NewException.builder(PUSH_REJECTED, port.channel() + " could not be pushed quantity "
              + waiting.quantity() + " for " + waiting.sku() + ": " + why)
          .channel(port.channel()).sku(waiting.sku())
          .sourceKey("push-failed:" + port.channel() + ":" + waiting.sku()).build());
    });
    rejected.increment();
  }

  /**
   * Settles what this lane has written down as sent but not recorded (its own call that failed, or, with
   * {@code ownOnly} false, whatever a previous holder of the lane left): a SKU whose row still holds the value
   * sent is pushed again anyway; one whose row is gone or holds another value gets its current value queued
   * again, since the call may have landed after the newer value was shown. Then the record is cleared.
   */
  private void settle(boolean ownOnly) {
    List<String> overtaken = jdbc.sql("""
            SELECT f.sku FROM push_in_flight f
             WHERE f.lane = :lane AND (NOT :ownOnly OR f.owner = :owner)
               AND NOT EXISTS (SELECT 1 FROM push_queue q WHERE q.channel = :channel AND q.sku = f.sku
                                  AND q.quantity = f.quantity AND q.enqueued_at = f.enqueued_at)
             ORDER BY f.sku""")
        .param("lane", lane()).param("ownOnly", ownOnly).param("owner", owner).param("channel", port.channel())
        .query(String.class).list();
    if (!overtaken.isEmpty()) {
      log.info("{}: {} SKUs sent without being recorded may show an older value, queued again: {}", lane(),
          overtaken.size(), overtaken.size() > 10 ? overtaken.subList(0, 10) + "..." : overtaken);
      requeue.accept(overtaken);
    }
    clearInFlight(ownOnly);
  }

  private void clearInFlight(boolean ownOnly) {
    jdbc.sql("DELETE FROM push_in_flight WHERE lane = :lane AND (NOT :ownOnly OR owner = :owner)")
        .param("lane", lane()).param("ownOnly", ownOnly).param("owner", owner).update();
  }

  /** Removes the row if it still holds the value that was read: a newer one stays to be pushed. */
  private int removeIfUnchanged(Waiting waiting) {
    return jdbc.sql("""
            DELETE FROM push_queue
             WHERE channel = :channel AND sku = :sku AND quantity = :quantity AND enqueued_at = :enqueuedAt""")
        .param("channel", port.channel()).param("sku", waiting.sku()).param("quantity", waiting.quantity())
        .param("enqueuedAt", Timestamp.from(waiting.enqueuedAt())).update();
  }

  private boolean holdLease() {
    return transactions.execute(status -> jdbc.sql("""
            INSERT INTO push_leases (channel, owner, lease_until) VALUES (:channel, :owner, now() + make_interval(secs => :seconds))
            ON CONFLICT (channel) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
             WHERE push_leases.owner = excluded.owner OR push_leases.lease_until < now()""")
        .param("channel", lane()).param("owner", owner).param("seconds", lease.toMillis() / 1000.0)
        .update() == 1);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
