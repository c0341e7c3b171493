package io.retailsync.inventory.projection;

import io.retailsync.inventory.channels.ChannelRule;
import io.retailsync.inventory.channels.ChannelRules;
import io.retailsync.model.InventoryPosition;
import io.retailsync.model.event.EventType;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.sync.outbox.Outbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
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
   * @param originAt when the change began (an order taken in, a count received): the start of the
   *     propagation the channels' pushes measure
   */
  public void changed(Collection<SkuStock> stocks, Instant originAt) {
    for (SkuStock stock : stocks) {
      record Last(String hash, Map<String, Integer> atp, long revision) {}
      Last last = jdbc.sql("SELECT position_hash, atp::text, revision FROM skus WHERE sku = :sku")
          .param("sku", stock.sku())
          .query((rs, row) -> new Last(rs.getString(1),
              rs.getString(2) == null ? Map.of() : CanonicalJson.mapper().readValue(rs.getString(2), ATP),
              rs.getLong(3)))
          .single();
      InventoryPosition position = position(stock, last.revision() + 1);
      String hash = hash(position);
      if (hash.equals(last.hash())) {
        continue;
      }
      jdbc.sql("""
              UPDATE skus SET position_hash = :hash, atp = cast(:atp AS jsonb), revision = :revision, updated_at = now()
               WHERE sku = :sku""")
          .param("hash", hash).param("atp", CanonicalJson.toJson(position.atpByChannel()))
          .param("revision", position.revision()).param("sku", stock.sku()).update();
      outbox.append(events.create(EventType.INVENTORY_POSITION, stock.sku(), null,
          stock.sku() + ":r" + position.revision(), null, position));
      for (Map.Entry<String, Integer> atp : position.atpByChannel().entrySet()) {
        Integer before = last.atp().get(atp.getKey());
        if (before == null || !before.equals(atp.getValue())) {
          queuePush(atp.getKey(), stock.sku(), atp.getValue(), urgent(atp.getKey(), atp.getValue()), originAt);
        }
      }
    }
  }

  /**
   * Queues a channel's new quantity for a SKU, replacing one still waiting (counted as coalesced) but
   * keeping the older origin, so the propagation measured is that of the first change not yet shown.
   */
  public void queuePush(String channel, String sku, int quantity, boolean urgent, Instant originAt) {
    if (!pushed.pushed(channel)) {
      // a channel without a connector (a generic one) reads its quantity from the positions topic or the API
      return;
    }
    Integer replaced = jdbc.sql("""
            WITH previous AS (SELECT quantity FROM push_queue WHERE channel = :channel AND sku = :sku)
            INSERT INTO push_queue (channel, sku, quantity, urgent, origin_at, enqueued_at)
            VALUES (:channel, :sku, :quantity, :urgent, :origin, clock_timestamp())
            ON CONFLICT (channel, sku) DO UPDATE
               SET quantity = excluded.quantity, urgent = excluded.urgent,
                   origin_at = least(push_queue.origin_at, excluded.origin_at), enqueued_at = excluded.enqueued_at
            RETURNING (SELECT quantity FROM previous)""")
        .param("channel", channel).param("sku", sku).param("quantity", quantity).param("urgent", urgent)
        .param("origin", Timestamp.from(originAt)).query(Integer.class).optional().orElse(null);
    io.retailsync.sync.tx.AfterCommit.run(() -> {
      if (replaced != null) {
        pushMetrics.coalesced(channel);
      }
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
      jdbc.sql("SELECT sku, (atp ->> :channel)::int FROM skus WHERE sku = ANY(:skus) ORDER BY sku FOR UPDATE")
          .param("channel", channel).param("skus", sorted)
          .query((rs, row) -> java.util.Map.entry(rs.getString(1), rs.getObject(2) == null ? -1 : rs.getInt(2))).list()
          .stream().filter(entry -> entry.getValue() >= 0)
          .forEach(entry -> queuePush(channel, entry.getKey(), entry.getValue(), urgent(channel, entry.getValue()),
              clock.instant()));
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
