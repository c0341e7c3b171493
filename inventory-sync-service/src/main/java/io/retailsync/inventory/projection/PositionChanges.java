package io.retailsync.inventory.projection;

import io.retailsync.inventory.channels.ChannelRule;
import io.retailsync.inventory.channels.ChannelRules;
import io.retailsync.model.InventoryPosition;
import io.retailsync.model.event.EventType;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.sync.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;

/**
 * What follows a change of SKUs, inside the transaction that changed them: each SKU's position (on hand and
 * reserved per location, ATP per channel) is compared with the one published last; only when a value
 * differs is an {@code InventoryPosition} written to the outbox (for {@code retail.inventory-positions.v1},
 * keyed by SKU), and each channel whose ATP changed gets the new quantity queued for its push, replacing
 * any quantity still waiting (the latest value wins).
 */
@Component
public class PositionChanges {

  private static final TypeReference<Map<String, Integer>> ATP = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final ChannelRules rules;
  private final Outbox outbox;
  private final EventFactory events;
  private final Clock clock;
  private final io.retailsync.inventory.push.PushSignal signal;
  private final io.retailsync.inventory.push.PushMetrics pushMetrics;
  private final io.retailsync.inventory.push.PushChannels pushed;
  private final org.springframework.transaction.support.TransactionTemplate transactions;

  PositionChanges(JdbcClient jdbc, ChannelRules rules, Outbox outbox, EventFactory events, Clock clock,
      io.retailsync.inventory.push.PushSignal signal, io.retailsync.inventory.push.PushMetrics pushMetrics,
      io.retailsync.inventory.push.PushChannels pushed,
      org.springframework.transaction.support.TransactionTemplate transactions) {
    this.pushed = pushed;
    this.transactions = transactions;
    this.signal = signal;
    this.pushMetrics = pushMetrics;
    this.jdbc = jdbc;
    this.rules = rules;
    this.outbox = outbox;
    this.events = events;
    this.clock = clock;
  }

  /** The position of a SKU under the rules in force. */
  public InventoryPosition position(SkuStock stock, long revision) {
    List<InventoryPosition.Location> locations = new ArrayList<>();
    java.util.Set<String> names = new java.util.TreeSet<>(stock.locations());
    for (String location : names) {
      locations.add(new InventoryPosition.Location(location, stock.onHand(location), stock.reserved(location)));
    }
    Map<String, Integer> atp = new TreeMap<>();
    for (Map.Entry<String, ChannelRule> rule : rules.all().entrySet()) {
      atp.put(rule.getKey(), rule.getValue().atp(stock));
    }
    return new InventoryPosition(stock.sku(), locations, atp, revision, clock.instant());
  }

  /**
   * SKUs changed in the current transaction. Their positions are compared, published and queued once, just
   * before it commits, from the SKUs' last state: a transaction that changes a SKU many times (a batch of
   * order events) writes one position and one queued quantity per channel for it. Without a transaction
   * this happens at once.
   *
   * @param originAt when the change began (an order taken in, a count received): the start of the
   *     propagation the channels' pushes measure; of several changes of a SKU, the earliest counts
   */
  public void changed(Collection<SkuStock> stocks, Instant originAt) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()
        || !TransactionSynchronizationManager.isActualTransactionActive()) {
      Map<String, Changed> now = new TreeMap<>();
      stocks.forEach(stock -> now.put(stock.sku(), new Changed(stock, originAt)));
      publish(now.values());
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Changed> pending = (Map<String, Changed>) TransactionSynchronizationManager.getResource(this);
    if (pending == null) {
      Map<String, Changed> bound = new TreeMap<>();
      pending = bound;
      TransactionSynchronizationManager.bindResource(this, bound);
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void beforeCommit(boolean readOnly) {
          publish(bound.values());
        }

        @Override
        public void afterCompletion(int status) {
          TransactionSynchronizationManager.unbindResourceIfPossible(PositionChanges.this);
        }
      });
    }
    for (SkuStock stock : stocks) {
      pending.merge(stock.sku(), new Changed(stock, originAt),
          (earlier, later) -> new Changed(later.stock(), earlier.originAt().isBefore(later.originAt())
              ? earlier.originAt() : later.originAt()));
    }
  }

  /** A SKU's latest stock in a transaction and when its first change there began. */
  private record Changed(SkuStock stock, Instant originAt) {}

  /** A channel's new quantity for a SKU, to be queued. */
  public record Queued(String channel, String sku, int quantity, boolean urgent, Instant originAt) {}

  private void publish(Collection<Changed> changes) {
    if (changes.isEmpty()) {
      return;
    }
    record Last(String hash, Map<String, Integer> atp, long revision) {}
    Map<String, Last> last = new java.util.HashMap<>();
    jdbc.sql("SELECT sku, position_hash, atp::text, revision FROM skus WHERE sku = ANY(:skus)")
        .param("skus", changes.stream().map(change -> change.stock().sku()).toArray(String[]::new))
        .query((rs, row) -> last.put(rs.getString(1), new Last(rs.getString(2),
            rs.getString(3) == null ? Map.of() : CanonicalJson.mapper().readValue(rs.getString(3), ATP), rs.getLong(4))))
        .list();
    List<String[]> updates = new ArrayList<>();
    List<Queued> pushes = new ArrayList<>();
    List<io.retailsync.model.event.EventEnvelope> published = new ArrayList<>();
    for (Changed change : changes) {
      SkuStock stock = change.stock();
      Last before = last.getOrDefault(stock.sku(), new Last(null, Map.of(), 0));
      InventoryPosition position = position(stock, before.revision() + 1);
      String hash = hash(position);
      if (hash.equals(before.hash())) {
        continue;
      }
      updates.add(new String[] {stock.sku(), hash, CanonicalJson.toJson(position.atpByChannel()),
          String.valueOf(position.revision())});
      published.add(events.create(EventType.INVENTORY_POSITION, stock.sku(), null,
          stock.sku() + ":r" + position.revision(), null, position));
      for (Map.Entry<String, Integer> atp : position.atpByChannel().entrySet()) {
        Integer was = before.atp().get(atp.getKey());
        if (was == null || !was.equals(atp.getValue())) {
          pushes.add(new Queued(atp.getKey(), stock.sku(), atp.getValue(), urgent(atp.getKey(), atp.getValue()),
              change.originAt()));
        }
      }
    }
    if (!updates.isEmpty()) {
      jdbc.sql("""
              UPDATE skus SET position_hash = u.hash, atp = cast(u.atp AS jsonb), revision = u.revision, updated_at = now()
                FROM unnest(cast(:skus AS text[]), cast(:hashes AS text[]), cast(:atps AS text[]),
                            cast(:revisions AS bigint[])) AS u(sku, hash, atp, revision)
               WHERE skus.sku = u.sku""")
          .param("skus", column(updates, 0)).param("hashes", column(updates, 1)).param("atps", column(updates, 2))
          .param("revisions", column(updates, 3)).update();
    }
    outbox.appendAll(published);
    queuePushes(pushes);
  }

  /** One column of rows, as the text array a multi-row {@code unnest(cast(:x AS ...[]))} statement takes. */
  static String[] column(List<String[]> rows, int index) {
    return rows.stream().map(row -> row[index]).toArray(String[]::new);
  }

  /**
   * Queues a channel's new quantity for a SKU, replacing one still waiting (counted as coalesced) but
   * keeping the older origin, so the propagation measured is that of the first change not yet shown.
   */
  public void queuePush(String channel, String sku, int quantity, boolean urgent, Instant originAt) {
    queuePushes(List.of(new Queued(channel, sku, quantity, urgent, originAt)));
  }

  /** {@link #queuePush} for many quantities in one statement (at most one per channel and SKU). */
  public void queuePushes(List<Queued> quantities) {
    List<Queued> wanted = quantities.stream().filter(one -> pushed.pushed(one.channel()))
        // a channel without a connector (a generic one) reads its quantity from the positions topic or the API
        .sorted(java.util.Comparator.comparing(Queued::channel).thenComparing(Queued::sku)).toList();
    if (wanted.isEmpty()) {
      return;
    }
    List<String> replaced = jdbc.sql("""
            WITH input AS (
                   SELECT * FROM unnest(cast(:channels AS text[]), cast(:skus AS text[]), cast(:quantities AS int[]),
                                        cast(:urgent AS boolean[]), cast(:origins AS timestamptz[]))
                            AS t(channel, sku, quantity, urgent, origin_at)),
                 previous AS (
                   SELECT q.channel, q.sku FROM push_queue q JOIN input i ON q.channel = i.channel AND q.sku = i.sku)
            INSERT INTO push_queue (channel, sku, quantity, urgent, origin_at, enqueued_at)
            SELECT channel, sku, quantity, urgent, origin_at, clock_timestamp() FROM input ORDER BY channel, sku
            ON CONFLICT (channel, sku) DO UPDATE
               SET quantity = excluded.quantity, urgent = excluded.urgent,
                   origin_at = least(push_queue.origin_at, excluded.origin_at), enqueued_at = excluded.enqueued_at
            RETURNING CASE WHEN EXISTS (SELECT 1 FROM previous p
                                         WHERE p.channel = push_queue.channel AND p.sku = push_queue.sku)
                           THEN push_queue.channel END""")
        .param("channels", wanted.stream().map(Queued::channel).toArray(String[]::new))
        .param("skus", wanted.stream().map(Queued::sku).toArray(String[]::new))
        .param("quantities", wanted.stream().map(one -> String.valueOf(one.quantity())).toArray(String[]::new))
        .param("urgent", wanted.stream().map(one -> String.valueOf(one.urgent())).toArray(String[]::new))
        .param("origins", wanted.stream().map(one -> one.originAt().toString()).toArray(String[]::new))
        .query(String.class).list();
    io.retailsync.sync.tx.AfterCommit.run(() -> {
      replaced.stream().filter(java.util.Objects::nonNull).forEach(pushMetrics::coalesced);
      signal.queued();
    });
  }

  /**
   * Queues the current quantity of each SKU for the channel again, under the SKUs' locks (taken in SKU order,
   * as every projection change takes them): after a push that may have landed after a newer one.
   */
  public void requeueCurrent(String channel, java.util.List<String> skus) {
    transactions.executeWithoutResult(status -> {
      String[] sorted = new java.util.TreeSet<>(skus).toArray(String[]::new);
      List<Queued> current = jdbc.sql("""
              SELECT sku, (atp ->> :channel)::int FROM skus WHERE sku = ANY(:skus) ORDER BY sku FOR UPDATE""")
          .param("channel", channel).param("skus", sorted)
          .query((rs, row) -> rs.getObject(2) == null ? null
              : new Queued(channel, rs.getString(1), rs.getInt(2), urgent(channel, rs.getInt(2)), clock.instant()))
          .list().stream().filter(java.util.Objects::nonNull).toList();
      queuePushes(current);
    });
  }

  /** Whether a channel's quantity goes ahead of the others: zero, or at the channel's floor. */
  public boolean urgent(String channel, int quantity) {
    return rules.rule(channel).atOrBelowFloor(quantity);
  }

  private static String hash(InventoryPosition position) {
    return io.retailsync.model.json.Sha256.hex(CanonicalJson.toBytes(position.locations()),
        CanonicalJson.toBytes(position.atpByChannel()));
  }
}
