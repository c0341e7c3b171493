package io.retailsync.inventory.projection;

import static io.retailsync.inventory.projection.PositionChanges.column;

import io.retailsync.inventory.channels.ChannelRule;
import io.retailsync.inventory.channels.ChannelRules;
import io.retailsync.inventory.projection.SkuStock.HoldChange;
import io.retailsync.inventory.projection.SkuStock.OrderHold;
import io.retailsync.model.ReturnReceipt;
import io.retailsync.model.Shipment;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.metrics.SyncMetrics;
import io.micrometer.core.instrument.Counter;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The stock projection in PostgreSQL: on hand and reserved per SKU and location, changed by orders
 * (reserved when taken in, given back when cancelled or rejected), shipments (reservation consumed, on hand
 * down), sellable returns (on hand up) and counts (on hand rebased as of the count, movements after it
 * kept). Every change of a SKU takes the SKU's row lock first, SKUs in sorted order, so changes of one SKU
 * are applied one at a time whichever partition or caller brought them, and two orders for the last unit
 * are decided in one place: the first to lock gets it, the second is oversold. After each change the SKU's
 * position is handed to {@link PositionChanges}.
 */
@Service
public class InventoryProjection {

  public static final String OVERSOLD = "OVERSOLD";

  private final JdbcClient jdbc;
  private final ChannelRules rules;
  private final ExceptionQueue exceptions;
  private final PositionChanges positions;
  private final SyncMetrics metrics;
  private final Clock clock;
  private final Map<String, Counter> oversold = new ConcurrentHashMap<>();

  InventoryProjection(JdbcClient jdbc, ChannelRules rules, ExceptionQueue exceptions, PositionChanges positions,
      SyncMetrics metrics, Clock clock) {
    this.jdbc = jdbc;
    this.rules = rules;
    this.exceptions = exceptions;
    this.positions = positions;
    this.metrics = metrics;
    this.clock = clock;
    for (String channel : rules.channels()) {
      oversoldCounter(channel);
    }
  }

  /**
   * The latest version of an order: what it wants of each SKU. SKUs it no longer has are given back; a
   * cancelled or rejected order holds nothing.
   *
   * @param takenAt when the order was taken in (its event's time), the start of its propagation
   */
  @Transactional
  public void order(String channel, String orderId, Map<String, Integer> ordered, Instant takenAt,
      String correlationId) {
    lockOrder(channel, orderId);
    Map<String, Demand> before = demands(channel, orderId);
    Set<String> skus = new TreeSet<>(ordered.keySet());
    before.keySet().stream().filter(sku -> !sku.isEmpty()).forEach(skus::add);
    Map<String, SkuStock> stocks = lock(skus);
    ChannelRule rule = rules.rule(channel);
    boolean cancelled = before.values().stream().anyMatch(Demand::cancelled);
    boolean rejected = before.values().stream().anyMatch(Demand::rejected);
    for (String sku : skus) {
      Demand previous = before.get(sku);
      Demand next = new Demand(sku, ordered.getOrDefault(sku, 0), previous == null ? 0 : previous.shipped(),
          cancelled, rejected);
      jdbc.sql("""
              INSERT INTO order_demand (channel, order_id, sku, ordered, shipped, cancelled, rejected, taken_at)
              VALUES (:channel, :orderId, :sku, :ordered, 0, :cancelled, :rejected, :takenAt)
              ON CONFLICT (channel, order_id, sku) DO UPDATE SET ordered = excluded.ordered, updated_at = now()""")
          .param("channel", channel).param("orderId", orderId).param("sku", sku).param("ordered", next.ordered())
          .param("cancelled", cancelled).param("rejected", rejected).param("takenAt", Timestamp.from(takenAt)).update();
      rehold(stocks.get(sku), channel, orderId, rule, next.target(), null, correlationId);
    }
    positions.changed(stocks.values(), takenAt);
  }

  /** An order as taken in: what it wants of each SKU. */
  public record PlacedOrder(String channel, String orderId, Map<String, Integer> ordered, Instant takenAt,
      String correlationId) {}

  /**
   * Several orders in the order given, as {@link #order} one after the other would apply them, but with the
   * orders never seen before reserved together: their order locks in one statement, their SKUs locked and
   * read once, their demand, reservations and stock written in one statement each. An order seen before
   * (an update, a replay, or a second version in the same list) is applied on its own, in its place.
   */
  @Transactional
  public void orders(List<PlacedOrder> placed) {
    if (placed.isEmpty()) {
      return;
    }
    lockOrders(placed.stream().map(o -> orderLockKey(o.channel(), o.orderId())).toList());
    java.util.Set<String> known = new java.util.HashSet<>(jdbc.sql("""
            SELECT DISTINCT d.channel, d.order_id FROM order_demand d
              JOIN unnest(cast(:channels AS text[]), cast(:orderIds AS text[])) AS o(channel, order_id)
                ON d.channel = o.channel AND d.order_id = o.order_id""")
        .param("channels", placed.stream().map(PlacedOrder::channel).toArray(String[]::new))
        .param("orderIds", placed.stream().map(PlacedOrder::orderId).toArray(String[]::new))
        .query((rs, row) -> rs.getString(1) + '\0' + rs.getString(2)).list());
    List<PlacedOrder> fresh = new java.util.ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (PlacedOrder order : placed) {
      String key = order.channel() + '\0' + order.orderId();
      if (known.contains(key) || !seen.add(key)) {
        reserveNew(fresh);
        fresh.clear();
        order(order.channel(), order.orderId(), order.ordered(), order.takenAt(), order.correlationId());
      } else {
        fresh.add(order);
      }
    }
    reserveNew(fresh);
  }

  /** The key of an order's advisory lock. */
  public static String orderLockKey(String channel, String orderId) {
    return "inventory-order:" + channel + ":" + orderId;
  }

  /**
   * Takes, ahead of the changes of a poll, the order locks (sorted, in one statement) and then the row locks of
   * the SKUs named plus those the orders hold demand for (sorted, in one statement): the later changes then
   * find their locks held, so a poll that mixes orders, cancellations and shipments still takes order locks
   * before SKU locks and SKU locks in order.
   */
  @Transactional
  public void lockAhead(Collection<OrderRef> orders, Collection<String> skus) {
    lockOrders(orders.stream().map(order -> orderLockKey(order.channel(), order.orderId())).toList());
    Set<String> all = new TreeSet<>(skus);
    if (!orders.isEmpty()) {
      all.addAll(jdbc.sql("""
              SELECT DISTINCT d.sku FROM order_demand d
                JOIN unnest(cast(:channels AS text[]), cast(:orderIds AS text[])) AS o(channel, order_id)
                  ON d.channel = o.channel AND d.order_id = o.order_id
               WHERE d.sku <> ''""")
          .param("channels", orders.stream().map(OrderRef::channel).toArray(String[]::new))
          .param("orderIds", orders.stream().map(OrderRef::orderId).toArray(String[]::new))
          .query(String.class).list());
    }
    lockRows(all);
  }

  /** An order by channel and id. */
  public record OrderRef(String channel, String orderId) {}

  private void lockOrders(Collection<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    jdbc.sql("""
            SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
                                    FROM (SELECT unnest(cast(:keys AS text[])) AS k ORDER BY 1) keys) locked""")
        .param("keys", new TreeSet<>(keys).toArray(String[]::new))
        .query(Long.class).single();
  }

  /** Orders without any demand yet (their locks held): reserved in memory in turn, written together. */
  private void reserveNew(List<PlacedOrder> fresh) {
    if (fresh.isEmpty()) {
      return;
    }
    java.util.Set<String> skus = new TreeSet<>();
    fresh.forEach(order -> skus.addAll(order.ordered().keySet()));
    Map<String, SkuStock> stocks = lock(skus);
    List<String[]> demands = new java.util.ArrayList<>();
    List<String[]> holds = new java.util.ArrayList<>();
    Map<String, List<String>> holders = new java.util.HashMap<>();
    Map<String, Set<String>> touched = new TreeMap<>();
    for (PlacedOrder order : fresh) {
      ChannelRule rule = rules.rule(order.channel());
      List<SkuStock> changed = new java.util.ArrayList<>();
      for (Map.Entry<String, Integer> line : new TreeMap<>(order.ordered()).entrySet()) {
        String sku = line.getKey();
        SkuStock stock = stocks.get(sku);
        changed.add(stock);
        demands.add(new String[] {order.channel(), order.orderId(), sku, String.valueOf(line.getValue()),
            order.takenAt().toString()});
        if (line.getValue() <= 0) {
          continue;
        }
        HoldChange change = stock.hold(OrderHold.NONE, line.getValue(), rule.locations(), null);
        change.hold().byLocation().forEach((location, units) -> {
          if (units != 0) {
            holds.add(new String[] {order.channel(), order.orderId(), sku, location, String.valueOf(units)});
            touched.computeIfAbsent(sku, ignored -> new TreeSet<>()).add(location);
          }
        });
        if (change.shortfall() > 0) {
          List<String> others = new java.util.ArrayList<>(holders.getOrDefault(sku, List.of()));
          java.util.Collections.reverse(others);
          others.addAll(jdbc.sql("""
                  SELECT channel || ':' || order_id FROM reservations WHERE sku = :sku ORDER BY reserved_at DESC LIMIT 5""")
              .param("sku", sku).query(String.class).list());
          List<String> named = others.stream().distinct().limit(5).toList();
          fileOversold(order.channel(), order.orderId(), sku, order.correlationId(), "order " + order.channel() + ":"
              + order.orderId() + " found " + change.shortfall() + " of its " + line.getValue() + " unit(s) of " + sku
              + " nowhere available in " + rule.locations()
              + (named.isEmpty() ? "" : "; the units are held by " + String.join(", ", named))
              + ": cancel it or source the units", "oversold:" + order.channel() + ":" + order.orderId() + ":" + sku);
        }
        if (change.hold().total() > 0) {
          holders.computeIfAbsent(sku, ignored -> new java.util.ArrayList<>()).add(order.channel() + ":" + order.orderId());
        }
      }
      positions.changed(changed, order.takenAt());
    }
    jdbc.sql("""
            INSERT INTO order_demand (channel, order_id, sku, ordered, shipped, cancelled, rejected, taken_at)
            SELECT channel, order_id, sku, ordered, 0, false, false, taken_at
              FROM unnest(cast(:channels AS text[]), cast(:orderIds AS text[]), cast(:skus AS text[]),
                          cast(:ordered AS int[]), cast(:takenAt AS timestamptz[]))
                   AS d(channel, order_id, sku, ordered, taken_at)
            ON CONFLICT (channel, order_id, sku) DO UPDATE SET ordered = excluded.ordered, updated_at = now()""")
        .param("channels", column(demands, 0)).param("orderIds", column(demands, 1)).param("skus", column(demands, 2))
        .param("ordered", column(demands, 3)).param("takenAt", column(demands, 4)).update();
    if (holds.isEmpty()) {
      return;
    }
    jdbc.sql("""
            INSERT INTO reservations (channel, order_id, sku, location, quantity, reserved_at)
            SELECT channel, order_id, sku, location, quantity, clock_timestamp()
              FROM unnest(cast(:channels AS text[]), cast(:orderIds AS text[]), cast(:skus AS text[]),
                          cast(:locations AS text[]), cast(:units AS int[])) WITH ORDINALITY
                   AS r(channel, order_id, sku, location, quantity, position)
             ORDER BY position
            ON CONFLICT (channel, order_id, sku, location) DO UPDATE SET quantity = excluded.quantity""")
        .param("channels", column(holds, 0)).param("orderIds", column(holds, 1)).param("skus", column(holds, 2))
        .param("locations", column(holds, 3)).param("units", column(holds, 4)).update();
    List<String[]> reserved = new java.util.ArrayList<>();
    touched.forEach((sku, locations) -> locations.forEach(location ->
        reserved.add(new String[] {sku, location, String.valueOf(stocks.get(sku).reserved(location))})));
    jdbc.sql("""
            INSERT INTO stock (sku, location, on_hand, reserved)
            SELECT sku, location, 0, reserved
              FROM unnest(cast(:skus AS text[]), cast(:locations AS text[]), cast(:reserved AS int[]))
                   AS r(sku, location, reserved)
            ON CONFLICT (sku, location) DO UPDATE SET reserved = excluded.reserved""")
        .param("skus", column(reserved, 0)).param("locations", column(reserved, 1)).param("reserved", column(reserved, 2))
        .update();
  }

  /** An order cancelled: everything it holds goes back, for good. */
  @Transactional
  public void orderCancelled(String channel, String orderId, Instant at, String correlationId) {
    mark(channel, orderId, "cancelled", true, at, correlationId);
  }

  /** An order the ERP rejected gives its units back; {@code false}: the ERP accepted it after all. */
  @Transactional
  public void orderRejected(String channel, String orderId, boolean rejected, Instant at, String correlationId) {
    mark(channel, orderId, "rejected", rejected, at, correlationId);
  }

  private void mark(String channel, String orderId, String flag, boolean value, Instant at, String correlationId) {
    lockOrder(channel, orderId);
    Map<String, Demand> demands = demands(channel, orderId);
    boolean unchanged = demands.values().stream()
        .allMatch(d -> (flag.equals("cancelled") ? d.cancelled() : d.rejected()) == value);
    if (demands.isEmpty() || unchanged) {
      if (demands.isEmpty() && value) {
        // the order itself has not been read yet (another topic, or a later partition): remember the flag
        jdbc.sql("INSERT INTO order_demand (channel, order_id, sku, ordered, " + flag + ", taken_at) "
                + "VALUES (:channel, :orderId, '', 0, true, :at) ON CONFLICT DO NOTHING")
            .param("channel", channel).param("orderId", orderId).param("at", Timestamp.from(at)).update();
      }
      return;
    }
    Map<String, SkuStock> stocks = lock(demands.keySet().stream().filter(sku -> !sku.isEmpty()).toList());
    ChannelRule rule = rules.rule(channel);
    jdbc.sql("UPDATE order_demand SET " + flag + " = :value, updated_at = now() WHERE channel = :channel AND order_id = :orderId")
        .param("value", value).param("channel", channel).param("orderId", orderId).update();
    for (Demand demand : demands.values()) {
      if (demand.sku().isEmpty()) {
        continue;
      }
      Demand next = flag.equals("cancelled")
          ? new Demand(demand.sku(), demand.ordered(), demand.shipped(), value, demand.rejected())
          : new Demand(demand.sku(), demand.ordered(), demand.shipped(), demand.cancelled(), value);
      rehold(stocks.get(demand.sku()), channel, orderId, rule, next.target(), null, correlationId);
    }
    positions.changed(stocks.values(), at);
  }

  /** Units that left a location for an order; applied once by fulfilment id. */
  @Transactional
  public boolean shipment(Shipment shipment, String contentHash) {
    lockOrder(shipment.channel(), shipment.orderId());
    if (!firstTime("shipment", shipment.fulfillmentId(), contentHash)) {
      return false;
    }
    Map<String, Integer> units = new TreeMap<>();
    shipment.lines().forEach(line -> units.merge(line.sku(), line.quantity(), Math::addExact));
    Map<String, SkuStock> stocks = lock(units.keySet());
    ChannelRule rule = rules.rule(shipment.channel());
    Map<String, Demand> demands = demands(shipment.channel(), shipment.orderId());
    for (Map.Entry<String, Integer> line : units.entrySet()) {
      String sku = line.getKey();
      SkuStock stock = stocks.get(sku);
      move(stock, shipment.location(), -line.getValue(), shipment.shippedAt(),
          "shipment:" + shipment.fulfillmentId() + ":" + sku, "SHIPMENT");
      Demand demand = demands.get(sku);
      int shipped = (demand == null ? 0 : demand.shipped()) + line.getValue();
      jdbc.sql("""
              INSERT INTO order_demand (channel, order_id, sku, ordered, shipped, taken_at)
              VALUES (:channel, :orderId, :sku, 0, :shipped, :at)
              ON CONFLICT (channel, order_id, sku) DO UPDATE SET shipped = :shipped, updated_at = now()""")
          .param("channel", shipment.channel()).param("orderId", shipment.orderId()).param("sku", sku)
          .param("shipped", shipped).param("at", Timestamp.from(shipment.shippedAt())).update();
      int target = demand == null ? 0
          : new Demand(sku, demand.ordered(), shipped, demand.cancelled(), demand.rejected()).target();
      rehold(stock, shipment.channel(), shipment.orderId(), rule, target, shipment.location(), null);
      if (stock.onHand(shipment.location()) < 0) {
        fileOversold(shipment.channel(), shipment.orderId(), sku, null, "on hand of " + sku + " at "
            + shipment.location() + " is " + stock.onHand(shipment.location()) + " after shipment "
            + shipment.fulfillmentId() + ": more left than the projection knew of",
            "negative-on-hand:" + shipment.fulfillmentId() + ":" + sku);
      }
    }
    positions.changed(stocks.values(), clock.instant());
    return true;
  }

  /** Returned units received: sellable ones go back on hand; damaged ones do not (they are written off). */
  @Transactional
  public boolean returnReceipt(ReturnReceipt receipt, String contentHash) {
    if (!firstTime("return", receipt.receiptId(), contentHash)) {
      return false;
    }
    Map<String, Integer> sellable = new TreeMap<>();
    receipt.lines().stream().filter(line -> line.condition() == ReturnReceipt.Condition.SELLABLE)
        .forEach(line -> sellable.merge(line.sku(), line.quantity(), Math::addExact));
    if (sellable.isEmpty()) {
      return true;
    }
    Map<String, SkuStock> stocks = lock(sellable.keySet());
    for (Map.Entry<String, Integer> line : sellable.entrySet()) {
      move(stocks.get(line.getKey()), receipt.location(), line.getValue(), receipt.receivedAt(),
          "return:" + receipt.receiptId() + ":" + line.getKey(), "RETURN");
    }
    positions.changed(stocks.values(), clock.instant());
    return true;
  }

  /**
   * Counted on-hand quantities of one location as of {@code takenAt}: each SKU's on hand becomes the count
   * plus the movements recorded after it; reservations are kept. A count older than the one applied for a
   * SKU and location changes nothing.
   *
   * @return how many SKUs the count changed
   */
  @Transactional
  public int count(String snapshotId, String location, Instant takenAt, Map<String, Integer> counted) {
    Map<String, SkuStock> stocks = lock(counted.keySet());
    int applied = 0;
    for (Map.Entry<String, Integer> item : new TreeMap<>(counted).entrySet()) {
      String sku = item.getKey();
      Instant base = jdbc.sql("SELECT base_taken_at FROM stock WHERE sku = :sku AND location = :location")
          .param("sku", sku).param("location", location)
          .query((rs, row) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant()).optional().orElse(null);
      if (base != null && !takenAt.isAfter(base)) {
        continue;
      }
      int movedSince = jdbc.sql("""
              SELECT coalesce(sum(delta), 0) FROM stock_movements
               WHERE sku = :sku AND location = :location AND occurred_at > :takenAt""")
          .param("sku", sku).param("location", location).param("takenAt", Timestamp.from(takenAt))
          .query(Integer.class).single();
      SkuStock stock = stocks.get(sku);
      stock.rebase(location, item.getValue(), movedSince);
      jdbc.sql("""
              INSERT INTO stock (sku, location, on_hand, reserved, base_on_hand, base_taken_at, base_snapshot_id)
              VALUES (:sku, :location, :onHand, 0, :counted, :takenAt, :snapshotId)
              ON CONFLICT (sku, location) DO UPDATE
                 SET on_hand = excluded.on_hand, base_on_hand = excluded.base_on_hand,
                     base_taken_at = excluded.base_taken_at, base_snapshot_id = excluded.base_snapshot_id""")
          .param("sku", sku).param("location", location).param("onHand", stock.onHand(location))
          .param("counted", item.getValue()).param("takenAt", Timestamp.from(takenAt)).param("snapshotId", snapshotId)
          .update();
      applied++;
    }
    positions.changed(stocks.values(), clock.instant());
    return applied;
  }

  /** The SKU's stock as stored, without locking; empty when the SKU was never seen. */
  public java.util.Optional<SkuStock> read(String sku) {
    List<Object[]> rows = jdbc.sql("SELECT location, on_hand, reserved FROM stock WHERE sku = :sku ORDER BY location")
        .param("sku", sku).query((rs, row) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getInt(3)}).list();
    boolean known = !rows.isEmpty() || jdbc.sql("SELECT count(*) FROM skus WHERE sku = :sku").param("sku", sku)
        .query(Long.class).single() > 0;
    if (!known) {
      return java.util.Optional.empty();
    }
    SkuStock stock = new SkuStock(sku);
    rows.forEach(row -> stock.with((String) row[0], (Integer) row[1], (Integer) row[2]));
    return java.util.Optional.of(stock);
  }

  /**
   * Takes the order's lock (until the transaction ends) before its demand is read: events of one order come
   * from several topics (orders, acknowledgements, shipments), so several consumers may work on it at once.
   * Always before any SKU lock, and nothing takes an order lock after a SKU lock, so the two cannot deadlock:
   * a poll takes all of its order and SKU locks ahead ({@link #lockAhead}), so within it this only re-enters.
   */
  private void lockOrder(String channel, String orderId) {
    lockOrders(List.of(orderLockKey(channel, orderId)));
  }

  /** Locks the SKUs (creating their rows) in sorted order and reads their stock. */
  Map<String, SkuStock> lock(Collection<String> skus) {
    String[] sorted = lockRows(skus);
    Map<String, SkuStock> stocks = new LinkedHashMap<>();
    if (sorted.length == 0) {
      return stocks;
    }
    for (String sku : sorted) {
      stocks.put(sku, new SkuStock(sku));
    }
    jdbc.sql("SELECT sku, location, on_hand, reserved FROM stock WHERE sku = ANY(:skus)").param("skus", sorted)
        .query((rs, row) -> stocks.get(rs.getString(1)).with(rs.getString(2), rs.getInt(3), rs.getInt(4))).list();
    return stocks;
  }

  /** Locks the SKUs' rows (creating them) in sorted order, without reading their stock; the SKUs, sorted. */
  private String[] lockRows(Collection<String> skus) {
    String[] sorted = new TreeSet<>(skus).toArray(String[]::new);
    if (sorted.length > 0) {
      jdbc.sql("INSERT INTO skus (sku) SELECT unnest(cast(:skus AS text[])) ORDER BY 1 ON CONFLICT DO NOTHING")
          .param("skus", sorted).update();
      jdbc.sql("SELECT sku FROM skus WHERE sku = ANY(:skus) ORDER BY sku FOR UPDATE").param("skus", sorted)
          .query(String.class).list();
    }
    return sorted;
  }

  private void rehold(SkuStock stock, String channel, String orderId, ChannelRule rule, int target,
      String releaseFirst, String correlationId) {
    Map<String, Integer> held = new TreeMap<>();
    jdbc.sql("SELECT location, quantity FROM reservations WHERE channel = :channel AND order_id = :orderId AND sku = :sku")
        .param("channel", channel).param("orderId", orderId).param("sku", stock.sku())
        .query((rs, row) -> held.put(rs.getString(1), rs.getInt(2))).list();
    OrderHold current = new OrderHold(held);
    if (current.total() == target) {
      return;
    }
    HoldChange change = stock.hold(current, target, rule.locations(), releaseFirst);
    Set<String> touched = new TreeSet<>(held.keySet());
    touched.addAll(change.hold().byLocation().keySet());
    for (String location : touched) {
      int units = change.hold().byLocation().getOrDefault(location, 0);
      if (units == 0) {
        jdbc.sql("DELETE FROM reservations WHERE channel = :channel AND order_id = :orderId AND sku = :sku AND location = :location")
            .param("channel", channel).param("orderId", orderId).param("sku", stock.sku()).param("location", location)
            .update();
      } else {
        jdbc.sql("""
                INSERT INTO reservations (channel, order_id, sku, location, quantity) VALUES (:channel, :orderId, :sku, :location, :units)
                ON CONFLICT (channel, order_id, sku, location) DO UPDATE SET quantity = excluded.quantity""")
            .param("channel", channel).param("orderId", orderId).param("sku", stock.sku()).param("location", location)
            .param("units", units).update();
      }
      jdbc.sql("""
              INSERT INTO stock (sku, location, on_hand, reserved) VALUES (:sku, :location, 0, :reserved)
              ON CONFLICT (sku, location) DO UPDATE SET reserved = excluded.reserved""")
          .param("sku", stock.sku()).param("location", location).param("reserved", stock.reserved(location)).update();
    }
    if (change.shortfall() > 0) {
      List<String> others = jdbc.sql("""
              SELECT channel || ':' || order_id FROM reservations
               WHERE sku = :sku AND NOT (channel = :channel AND order_id = :orderId)
               ORDER BY reserved_at DESC LIMIT 5""")
          .param("sku", stock.sku()).param("channel", channel).param("orderId", orderId).query(String.class).list();
      fileOversold(channel, orderId, stock.sku(), correlationId, "order " + channel + ":" + orderId + " found "
          + change.shortfall() + " of its " + target + " unit(s) of " + stock.sku() + " nowhere available in "
          + rule.locations() + (others.isEmpty() ? "" : "; the units are held by " + String.join(", ", others))
          + ": cancel it or source the units", "oversold:" + channel + ":" + orderId + ":" + stock.sku());
    }
  }

  private void move(SkuStock stock, String location, int delta, Instant at, String movementId, String kind) {
    int inserted = jdbc.sql("""
            INSERT INTO stock_movements (movement_id, sku, location, delta, occurred_at, kind)
            VALUES (:id, :sku, :location, :delta, :at, :kind) ON CONFLICT DO NOTHING""")
        .param("id", movementId).param("sku", stock.sku()).param("location", location).param("delta", delta)
        .param("at", Timestamp.from(at)).param("kind", kind).update();
    if (inserted == 0) {
      return;
    }
    Instant base = jdbc.sql("SELECT base_taken_at FROM stock WHERE sku = :sku AND location = :location")
        .param("sku", stock.sku()).param("location", location)
        .query((rs, row) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant()).optional().orElse(null);
    if (base != null && !at.isAfter(base)) {
      // the count taken after this movement already reflects it
      return;
    }
    stock.move(location, delta);
    jdbc.sql("""
            INSERT INTO stock (sku, location, on_hand, reserved) VALUES (:sku, :location, :onHand, 0)
            ON CONFLICT (sku, location) DO UPDATE SET on_hand = excluded.on_hand""")
        .param("sku", stock.sku()).param("location", location).param("onHand", stock.onHand(location)).update();
  }

  private boolean firstTime(String kind, String id, String contentHash) {
    return jdbc.sql("""
            INSERT INTO applied_documents (kind, document_id, content_hash) VALUES (:kind, :id, :hash)
            ON CONFLICT DO NOTHING""")
        .param("kind", kind).param("id", id).param("hash", contentHash).update() == 1;
  }

  private void fileOversold(String channel, String orderId, String sku, String correlationId, String reason,
      String sourceKey) {
    exceptions.record(NewException.builder(OVERSOLD, reason).channel(channel).orderId(orderId).sku(sku)
        .correlationId(correlationId).sourceKey(sourceKey).build());
    Counter counter = oversoldCounter(channel);
    io.retailsync.sync.tx.AfterCommit.run(counter::increment);
  }

  private Counter oversoldCounter(String channel) {
    return oversold.computeIfAbsent(channel, name -> metrics.counter("sync.inventory.oversold", "channel", name));
  }

  private Map<String, Demand> demands(String channel, String orderId) {
    Map<String, Demand> found = new LinkedHashMap<>();
    jdbc.sql("""
            SELECT sku, ordered, shipped, cancelled, rejected FROM order_demand
             WHERE channel = :channel AND order_id = :orderId ORDER BY sku""")
        .param("channel", channel).param("orderId", orderId)
        .query((rs, row) -> new Demand(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getBoolean(4), rs.getBoolean(5)))
        .list()
        .forEach(demand -> found.put(demand.sku(), demand));
    return found;
  }

  /** An order's demand for one SKU (the SKU '' only marks a flag heard of before the order itself). */
  private record Demand(String sku, int ordered, int shipped, boolean cancelled, boolean rejected) {

    /** The units the order is to hold: what is ordered and not shipped, unless cancelled or rejected. */
    int target() {
      return cancelled || rejected ? 0 : Math.max(0, ordered - shipped);
    }
  }

  /** Every SKU known, in pages, for full recomputations. */
  public List<String> skusAfter(String after, int limit) {
    return jdbc.sql("SELECT sku FROM skus WHERE sku > :after ORDER BY sku LIMIT :limit")
        .param("after", after).param("limit", limit).query(String.class).list();
  }
}
