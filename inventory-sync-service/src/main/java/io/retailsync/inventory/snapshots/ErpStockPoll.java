package io.retailsync.inventory.snapshots;

import io.retailsync.erp.ErpPort;
import io.retailsync.erp.StockLevel;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ERP's stock export and applies it as one count per location, as of the moment the export was
 * asked for (units that left after it are movements the count does not yet show, and they are kept).
 * Locations the inventory does not know are left out and logged; a SKU the export lists twice for a
 * location is summed.
 */
public class ErpStockPoll {

  private static final Logger log = LoggerFactory.getLogger(ErpStockPoll.class);

  private final ErpPort erp;
  private final ReceiveSnapshot snapshots;
  private final List<String> locations;
  private final Clock clock;

  private final java.time.Duration interval;
  private volatile Instant lastRead;

  public ErpStockPoll(ErpPort erp, ReceiveSnapshot snapshots, List<String> locations, java.time.Duration interval,
      Clock clock) {
    this.erp = erp;
    this.snapshots = snapshots;
    this.locations = locations;
    this.interval = interval;
    this.clock = clock;
  }

  /**
   * One round of the schedule, which runs often: reads the export when the interval since the last
   * successful read is over, so a failed read (the ERP not up yet) is tried again within seconds rather
   * than an interval later.
   */
  public void round() {
    Instant last = lastRead;
    if (last != null && clock.instant().isBefore(last.plus(interval))) {
      return;
    }
    Instant started = clock.instant();
    pollOnce();
    lastRead = started;
  }

  public void pollOnce() {
    Instant askedAt = clock.instant();
    List<StockLevel> levels = erp.allStock();
    Map<String, Map<String, Integer>> byLocation = new TreeMap<>();
    java.util.Set<String> unknown = new java.util.TreeSet<>();
    for (StockLevel level : levels) {
      if (!locations.contains(level.location())) {
        unknown.add(level.location());
        continue;
      }
      byLocation.computeIfAbsent(level.location(), location -> new LinkedHashMap<>())
          .merge(level.sku(), Math.max(0, level.onHand()), Integer::sum);
    }
    if (!unknown.isEmpty()) {
      log.warn("the ERP's stock export names locations the inventory does not know, left out: {}", unknown);
    }
    for (Map.Entry<String, Map<String, Integer>> count : byLocation.entrySet()) {
      ReceiveSnapshot.Result result = snapshots.receive(new ReceiveSnapshot.Count(
          "erp-stock:" + count.getKey() + ":" + askedAt.toEpochMilli(), count.getKey(), askedAt, count.getValue(), "erp"));
      log.info("ERP stock of {}: {} SKUs, {} changed", count.getKey(), result.items(), result.applied());
    }
  }
}
