package io.retailsync.inventory.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.inventory.InventorySyncApplication;
import io.retailsync.model.ReturnReceipt;
import io.retailsync.model.Shipment;
import io.retailsync.testsupport.SyncInfrastructure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Random interleavings of orders (and their edits), cancellations, shipments, returns and stock counts,
 * arriving in any order (a count older than movements already applied, a shipment before its order, a
 * cancellation before its order), applied one by one to the real projection in PostgreSQL, must end with
 * the same stock as a plain recomputation from the same history: on hand per location = the newest count
 * + the movements after it; reserved per SKU = what every live order still wants.
 */
class ProjectionMatchesRecomputationIT {

  private static final List<String> LOCATIONS = List.of("WH-EAST", "WH-WEST", "3PL-CENTRAL");
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final AtomicInteger TRIES = new AtomicInteger();

  private static ConfigurableApplicationContext context;
  private static InventoryProjection projection;
  private static JdbcClient jdbc;

  @BeforeContainer
  static void start() {
    Map<String, Object> properties = new HashMap<>(SyncInfrastructure.springProperties());
    properties.put("server.port", "0");
    properties.put("sync.inventory.locations", String.join(",", LOCATIONS));
    properties.put("sync.inventory.channel-names", "shopify,amazon");
    properties.put("sync.inventory.channels.amazon.locations", "WH-EAST,WH-WEST");
    properties.put("sync.outbox.relay-enabled", "false");
    properties.put("spring.kafka.listener.auto-startup", "false");
    context = InventorySyncApplication.builder().properties(properties).run();
    projection = context.getBean(InventoryProjection.class);
    jdbc = context.getBean(JdbcClient.class);
  }

  @AfterContainer
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  sealed interface Step permits Place, Cancel, Ship, Return, Count {}

  record Place(int order, Map<Integer, Integer> units) implements Step {}

  record Cancel(int order) implements Step {}

  record Ship(int order, int location, int sku, int quantity, int minute) implements Step {}

  record Return(int location, int sku, int quantity, boolean sellable, int minute) implements Step {}

  record Count(int location, int sku, int onHand, int minute) implements Step {}

  @Property(tries = 60)
  void theProjectionEqualsARecomputationFromTheSameHistory(@ForAll("histories") List<Step> history) {
    String run = "p" + TRIES.incrementAndGet() + "-" + System.nanoTime();
    AtomicInteger ids = new AtomicInteger();
    // consecutive orders are taken in together, as the listener does with a poll's order events: the new ones
    // reserved in one go, a repeated one (an update) on its own in its place
    List<InventoryProjection.PlacedOrder> placed = new java.util.ArrayList<>();
    for (Step step : history) {
      if (step instanceof Place place) {
        Map<String, Integer> units = new TreeMap<>();
        place.units().forEach((sku, quantity) -> units.merge(sku(run, sku), quantity, Integer::sum));
        placed.add(new InventoryProjection.PlacedOrder(channel(place.order()), orderId(run, place.order()), units, T0,
            null));
        continue;
      }
      projection.orders(placed);
      placed.clear();
      if (step instanceof Cancel cancel) {
        projection.orderCancelled(channel(cancel.order()), orderId(run, cancel.order()), T0, null);
      } else if (step instanceof Ship ship) {
        projection.shipment(new Shipment(run + "-f" + ids.incrementAndGet(), channel(ship.order()), orderId(run, ship.order()),
            LOCATIONS.get(ship.location()), "UPS", null, null, null, T0.plusSeconds(60L * ship.minute()),
            List.of(new Shipment.Line(sku(run, ship.sku()), ship.quantity()))), "h");
      } else if (step instanceof Return back) {
        projection.returnReceipt(new ReturnReceipt(run + "-r" + ids.incrementAndGet(), "shopify", orderId(run, 0),
            LOCATIONS.get(back.location()), T0.plusSeconds(60L * back.minute()),
            List.of(new ReturnReceipt.Line(sku(run, back.sku()), back.quantity(),
                back.sellable() ? ReturnReceipt.Condition.SELLABLE : ReturnReceipt.Condition.DAMAGED))), "h");
      } else if (step instanceof Count count) {
        projection.count(run + "-c" + ids.incrementAndGet(), LOCATIONS.get(count.location()),
            T0.plusSeconds(60L * count.minute()), Map.of(sku(run, count.sku()), count.onHand()));
      }
    }
    projection.orders(placed);

    Recomputed expected = recompute(history);
    for (int sku = 0; sku < 2; sku++) {
      String name = sku(run, sku);
      Map<String, int[]> stored = new TreeMap<>();
      jdbc.sql("SELECT location, on_hand, reserved FROM stock WHERE sku = :sku").param("sku", name)
          .query((rs, row) -> stored.put(rs.getString(1), new int[] {rs.getInt(2), rs.getInt(3)})).list();
      int reserved = 0;
      for (int location = 0; location < LOCATIONS.size(); location++) {
        int[] row = stored.getOrDefault(LOCATIONS.get(location), new int[] {0, 0});
        assertThat(row[0]).as("on hand of sku %d at %s", sku, LOCATIONS.get(location))
            .isEqualTo(expected.onHand().getOrDefault(location + ":" + sku, 0));
        assertThat(row[1]).as("reserved at %s", LOCATIONS.get(location)).isNotNegative();
        reserved += row[1];
      }
      assertThat(reserved).as("reserved of sku %d over all locations", sku)
          .isEqualTo(expected.reserved().getOrDefault(sku, 0));
      Map<String, Integer> held = new TreeMap<>();
      jdbc.sql("SELECT location, sum(quantity) FROM reservations WHERE sku = :sku GROUP BY location").param("sku", name)
          .query((rs, row) -> held.put(rs.getString(1), rs.getInt(2))).list();
      for (Map.Entry<String, int[]> row : stored.entrySet()) {
        assertThat(held.getOrDefault(row.getKey(), 0)).as("reservations at %s add up to reserved", row.getKey())
            .isEqualTo(row.getValue()[1]);
      }
      int amazonHeld = jdbc.sql("""
              SELECT coalesce(sum(quantity), 0) FROM reservations
               WHERE sku = :sku AND channel = 'amazon' AND location = '3PL-CENTRAL'""")
          .param("sku", name).query(Integer.class).single();
      assertThat(amazonHeld).as("amazon orders are never reserved outside their locations").isZero();
      if (!stored.isEmpty()) {
        var stock = projection.read(name).orElseThrow();
        int onHandAll = stored.values().stream().mapToInt(row -> row[0]).sum();
        assertThat(context.getBean(PositionChanges.class).position(stock, 0).atpByChannel().get("shopify"))
            .isEqualTo(Math.max(0, onHandAll - reserved));
      }
    }
  }

  record Recomputed(Map<String, Integer> onHand, Map<Integer, Integer> reserved) {}

  /** The plain recomputation: no increments, every figure from the whole history. */
  static Recomputed recompute(List<Step> history) {
    Map<String, Count> newest = new HashMap<>();
    List<int[]> movements = new ArrayList<>(); // location, sku, delta, minute
    Map<Integer, Map<Integer, Integer>> ordered = new HashMap<>();
    Map<String, Integer> shipped = new HashMap<>();
    Set<Integer> cancelled = new HashSet<>();
    for (Step step : history) {
      if (step instanceof Place place) {
        ordered.put(place.order(), place.units());
      } else if (step instanceof Cancel cancel) {
        cancelled.add(cancel.order());
      } else if (step instanceof Ship ship) {
        movements.add(new int[] {ship.location(), ship.sku(), -ship.quantity(), ship.minute()});
        shipped.merge(ship.order() + ":" + ship.sku(), ship.quantity(), Integer::sum);
      } else if (step instanceof Return back) {
        if (back.sellable()) {
          movements.add(new int[] {back.location(), back.sku(), back.quantity(), back.minute()});
        }
      } else if (step instanceof Count count) {
        String key = count.location() + ":" + count.sku();
        Count before = newest.get(key);
        if (before == null || count.minute() > before.minute()) {
          newest.put(key, count);
        }
      }
    }
    Map<String, Integer> onHand = new LinkedHashMap<>();
    for (int location = 0; location < LOCATIONS.size(); location++) {
      for (int sku = 0; sku < 2; sku++) {
        Count base = newest.get(location + ":" + sku);
        int units = base == null ? 0 : base.onHand();
        for (int[] movement : movements) {
          if (movement[0] == location && movement[1] == sku && (base == null || movement[3] > base.minute())) {
            units += movement[2];
          }
        }
        onHand.put(location + ":" + sku, units);
      }
    }
    Map<Integer, Integer> reserved = new HashMap<>();
    ordered.forEach((order, units) -> {
      if (!cancelled.contains(order)) {
        units.forEach((sku, quantity) ->
            reserved.merge(sku, Math.max(0, quantity - shipped.getOrDefault(order + ":" + sku, 0)), Integer::sum));
      }
    });
    return new Recomputed(onHand, reserved);
  }

  @Provide
  Arbitrary<List<Step>> histories() {
    Arbitrary<Integer> order = Arbitraries.integers().between(0, 5);
    Arbitrary<Integer> location = Arbitraries.integers().between(0, 2);
    Arbitrary<Integer> sku = Arbitraries.integers().between(0, 1);
    Arbitrary<Integer> minute = Arbitraries.integers().between(0, 30);
    Arbitrary<Step> place = Combinators.combine(order, Arbitraries.maps(sku, Arbitraries.integers().between(1, 4)).ofMinSize(1).ofMaxSize(2))
        .as(Place::new);
    Arbitrary<Step> cancel = order.map(Cancel::new);
    Arbitrary<Step> ship = Combinators.combine(order, location, sku, Arbitraries.integers().between(1, 3), minute).as(Ship::new);
    Arbitrary<Step> back = Combinators.combine(location, sku, Arbitraries.integers().between(1, 2), Arbitraries.of(true, false), minute)
        .as(Return::new);
    Arbitrary<Step> count = Combinators.combine(location, sku, Arbitraries.integers().between(0, 6), minute).as(Count::new);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, place), net.jqwik.api.Tuple.of(1, cancel), net.jqwik.api.Tuple.of(2, ship),
        net.jqwik.api.Tuple.of(1, back), net.jqwik.api.Tuple.of(2, count))
        .list().ofMinSize(1).ofMaxSize(25);
  }

  private static String sku(String run, int sku) {
    return run + "-SKU-" + sku;
  }

  private static String orderId(String run, int order) {
    return run + "-o" + order;
  }

  private static String channel(int order) {
    return order % 2 == 0 ? "shopify" : "amazon";
  }
}
