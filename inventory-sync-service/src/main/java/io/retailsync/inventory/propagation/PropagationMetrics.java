package io.retailsync.inventory.propagation;

import io.micrometer.core.instrument.Timer;
import io.retailsync.sync.metrics.SyncMetrics;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code sync_inventory_propagation_seconds{channel}}: from an order taken in to every channel showing the
 * new quantity, one histogram per channel, registered at start so the propagation panel and its alert
 * see a series before the first push. The channel pushes record into it.
 */
@Component
public class PropagationMetrics {

  private final Map<String, Timer> byChannel;

  PropagationMetrics(SyncMetrics metrics) {
    byChannel = metrics.channelHistograms(SyncMetrics.INVENTORY_PROPAGATION,
        "From an order taken in to the channel showing the new available quantity", Duration.ofMinutes(30));
  }

  public void propagated(String channel, Duration elapsed) {
    Timer timer = byChannel.get(channel);
    if (timer != null) {
      timer.record(elapsed);
    }
  }
}
