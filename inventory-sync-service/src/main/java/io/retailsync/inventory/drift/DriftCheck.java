package io.retailsync.inventory.drift;

import io.micrometer.core.instrument.Counter;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.inventory.ChannelInventoryPort;
import io.retailsync.erp.ErpPort;
import io.retailsync.erp.StockLevel;
import io.retailsync.inventory.projection.PositionChanges;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.metrics.SyncMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compares what each channel shows, and what the ERP holds, with the projection, a window of SKUs per
 * round (a rolling cursor per channel, so the whole catalogue is covered over a few rounds without a burst
 * of reads against the channel's rate limit). A channel showing another quantity than the projection's ATP
 * for it, with no push of that SKU waiting, is {@code DRIFT}: an exception naming both values, a count in
 * {@code sync_inventory_drift_total{channel}}, and a repair push of the projection's value. A location where
 * the ERP's on hand differs from the projection's is {@code DRIFT} too (channel {@code erp}); it is reported,
 * not repaired (counts, not the check, move on hand).
 */
public class DriftCheck {

  private static final Logger log = LoggerFactory.getLogger(DriftCheck.class);
  public static final String DRIFT = "DRIFT";
  public static final String METRIC = "sync.inventory.drift";

  private final List<ChannelInventoryPort> ports;
  private final Optional<ErpPort> erp;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final PositionChanges positions;
  private final ExceptionQueue exceptions;
  private final SyncMetrics metrics;
  private final Clock clock;
  private final int window;
  private final Map<String, String> cursors = new ConcurrentHashMap<>();
  private final Map<String, Counter> found = new ConcurrentHashMap<>();
  private final java.util.function.BiPredicate<String, Integer> urgent;
  /** How long after a push the channel may still show the value before it (marketplaces apply pushes late). */
  static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(60);

  public DriftCheck(List<ChannelInventoryPort> ports, Optional<ErpPort> erp, JdbcClient jdbc,
      TransactionTemplate transactions, PositionChanges positions, ExceptionQueue exceptions, SyncMetrics metrics,
      Clock clock, int window, List<String> channels, java.util.function.BiPredicate<String, Integer> urgent) {
    this.urgent = urgent;
    this.ports = ports;
    this.erp = erp;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.positions = positions;
    this.exceptions = exceptions;
    this.metrics = metrics;
    this.clock = clock;
    this.window = window;
    channels.forEach(this::counter);
    counter("erp");
  }

  /** One round: a window of SKUs per channel, and the ERP's stock export when there is an ERP. */
  public void checkOnce() {
    for (ChannelInventoryPort port : ports) {
      try {
        checkChannel(port);
      } catch (MarketplaceUnavailableException e) {
        log.info("drift check of {} waits for the channel: {}", port.channel(), e.getMessage());
      }
    }
    erp.ifPresent(this::checkErp);
  }

  /** @return SKUs found drifted in this window */
  int checkChannel(ChannelInventoryPort port) {
    String channel = port.channel();
    String after = cursors.getOrDefault(channel, "");
    record Expected(String sku, Integer atp) {}
    // SKUs with a push waiting, or pushed within the settle window (the channel may not show it yet), are
    // left for a later round
    List<Expected> skus = jdbc.sql("""
            SELECT s.sku, (s.atp ->> :channel)::int FROM skus s
             WHERE s.sku > :after AND jsonb_exists(s.atp, :channel)
               AND NOT EXISTS (SELECT 1 FROM push_queue q WHERE q.channel = :channel AND q.sku = s.sku)
               AND NOT EXISTS (SELECT 1 FROM channel_quantities c WHERE c.channel = :channel AND c.sku = s.sku
                                  AND c.pushed_at > now() - make_interval(secs => :settle))
             ORDER BY s.sku LIMIT :limit""")
        .param("channel", channel).param("after", after).param("limit", window)
        .param("settle", SETTLE.toSeconds())
        .query((rs, row) -> new Expected(rs.getString(1), rs.getInt(2))).list();
    cursors.put(channel, skus.size() < window ? "" : skus.get(skus.size() - 1).sku());
    int drifted = 0;
    for (Expected expected : skus) {
      Optional<Integer> shown = port.readQuantity(expected.sku());
      int showing = shown.orElse(-1);
      if (showing == expected.atp()) {
        continue;
      }
      String reason = channel + " shows " + (shown.isPresent() ? String.valueOf(showing) : "no listing") + " for "
          + expected.sku() + " where the projection has " + expected.atp() + "; a repair push was queued";
      // decided under the SKU's lock: a change made since the read has its own push, never overwritten here
      Boolean repaired = transactions.execute(status -> {
        Integer now = jdbc.sql("SELECT (atp ->> :channel)::int FROM skus WHERE sku = :sku FOR UPDATE")
            .param("channel", channel).param("sku", expected.sku()).query(Integer.class).optional().orElse(null);
        boolean waiting = jdbc.sql("SELECT count(*) FROM push_queue WHERE channel = :channel AND sku = :sku")
            .param("channel", channel).param("sku", expected.sku()).query(Long.class).single() > 0;
        if (now == null || now.intValue() != expected.atp() || waiting) {
          return false;
        }
        exceptions.record(NewException.builder(DRIFT, reason).channel(channel).sku(expected.sku())
            .sourceKey("drift:" + channel + ":" + expected.sku() + ":" + expected.atp() + ":" + showing)
            .build());
        positions.queuePush(channel, expected.sku(), expected.atp(), urgent.test(channel, expected.atp()),
            clock.instant());
        return true;
      });
      if (Boolean.TRUE.equals(repaired)) {
        drifted++;
        counter(channel).increment();
      }
    }
    return drifted;
  }

  /** @return locations and SKUs where the ERP's on hand differs from the projection's */
  int checkErp(ErpPort port) {
    List<StockLevel> levels;
    try {
      levels = port.allStock();
    } catch (UnsupportedOperationException | io.retailsync.erp.ErpUnavailableException e) {
      log.debug("no ERP drift check this round: {}", e.toString());
      return 0;
    }
    int drifted = 0;
    for (StockLevel level : levels) {
      Integer projected = jdbc.sql("SELECT on_hand FROM stock WHERE sku = :sku AND location = :location")
          .param("sku", level.sku()).param("location", level.location()).query(Integer.class).optional().orElse(null);
      if (projected == null || projected == level.onHand()) {
        continue;
      }
      drifted++;
      String reason = "the ERP holds " + level.onHand() + " of " + level.sku() + " at " + level.location()
          + " where the projection has " + projected + " on hand";
      exceptions.record(NewException.builder(DRIFT, reason).channel("erp").sku(level.sku())
          .sourceKey("drift:erp:" + level.sku() + ":" + level.location() + ":" + level.onHand() + ":" + projected)
          .build());
      counter("erp").increment();
    }
    return drifted;
  }

  private Counter counter(String channel) {
    return found.computeIfAbsent(channel, name -> metrics.counter(METRIC, "channel", name));
  }
}
