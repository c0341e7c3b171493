package io.retailsync.inventory.push;

import io.micrometer.core.instrument.Gauge;
import io.retailsync.sync.metrics.SyncMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The push metrics per channel, registered at start: {@code sync_inventory_pushes_total{channel,outcome}}
 * (sent, rejected, failed: SKUs, not calls), {@code sync_inventory_pushes_coalesced_total{channel}} (a
 * waiting quantity replaced by a newer one before it was sent) and {@code sync_inventory_pushes_waiting{channel}}.
 */
public class PushMetrics {

  public static final String PUSHES = "sync.inventory.pushes";
  public static final String COALESCED = "sync.inventory.pushes.coalesced";
  public static final String WAITING = "sync.inventory.pushes.waiting";

  private final SyncMetrics metrics;
  private final Map<String, AtomicLong> waiting = new ConcurrentHashMap<>();

  public PushMetrics(SyncMetrics metrics, List<String> channels) {
    this.metrics = metrics;
    for (String channel : channels) {
      for (String outcome : List.of("sent", "rejected", "failed")) {
        metrics.counter(PUSHES, "channel", channel, "outcome", outcome);
      }
      metrics.counter(COALESCED, "channel", channel);
      AtomicLong value = new AtomicLong();
      waiting.put(channel, value);
      Gauge.builder(WAITING, value, AtomicLong::get).tag("channel", channel)
          .description("Quantities waiting to be pushed to the channel").register(metrics.registry());
    }
  }

  public void coalesced(String channel) {
    metrics.counter(COALESCED, "channel", channel).increment();
  }

  /** Reads the queue's size per channel into the gauges. */
  public void refreshWaiting(JdbcClient jdbc) {
    Map<String, Long> counts = new java.util.HashMap<>();
    jdbc.sql("SELECT channel, count(*) FROM push_queue GROUP BY channel")
        .query((rs, row) -> counts.put(rs.getString(1), rs.getLong(2))).list();
    waiting.forEach((channel, value) -> value.set(counts.getOrDefault(channel, 0L)));
  }
}
