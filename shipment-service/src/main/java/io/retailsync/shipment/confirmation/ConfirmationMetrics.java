package io.retailsync.shipment.confirmation;

import io.micrometer.core.instrument.Timer;
import io.retailsync.sync.metrics.SyncMetrics;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code sync_shipment_confirmation_delay_seconds{channel}}: from a shipment leaving the warehouse to the
 * marketplace accepting its confirmation, one histogram per channel, registered at start so the SLA panel
 * and its alert see a series before the first shipment. The confirmation senders record into it.
 */
@Component
public class ConfirmationMetrics {

  private final Map<String, Timer> byChannel;

  ConfirmationMetrics(SyncMetrics metrics) {
    byChannel = metrics.channelHistograms(SyncMetrics.SHIPMENT_CONFIRMATION_DELAY,
        "From a shipment leaving to its confirmation accepted by the marketplace", Duration.ofDays(3));
  }

  public void confirmed(String channel, Duration delay) {
    Timer timer = byChannel.get(channel);
    if (timer != null) {
      timer.record(delay);
    }
  }
}
