package io.retailsync.settlement.reconciliation;

import io.micrometer.core.instrument.Gauge;
import io.retailsync.sync.metrics.SyncMetrics;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code sync_settlement_variance_amount{channel,currency}}: the unexplained amount of the latest
 * reconciled settlement per channel and currency (zero when every cent is matched), registered at start
 * for every channel and each of {@code sync.settlement.currencies} so the finance panel and its alert see
 * a series before the first report. The reconciliation sets it.
 */
@Component
public class VarianceMetrics {

  private final Map<String, AtomicReference<BigDecimal>> variances = new ConcurrentHashMap<>();
  private final SyncMetrics metrics;

  VarianceMetrics(SyncMetrics metrics, @Value("${sync.settlement.currencies:USD}") List<String> currencies) {
    this.metrics = metrics;
    for (String channel : SyncMetrics.CONNECTOR_CHANNELS) {
      for (String currency : currencies) {
        gauge(channel, currency);
      }
    }
  }

  public void reconciled(String channel, String currency, BigDecimal unexplained) {
    gauge(channel, currency).set(unexplained.abs());
  }

  private AtomicReference<BigDecimal> gauge(String channel, String currency) {
    return variances.computeIfAbsent(channel + "/" + currency, key -> {
      AtomicReference<BigDecimal> value = new AtomicReference<>(BigDecimal.ZERO);
      Gauge.builder(SyncMetrics.SETTLEMENT_VARIANCE_AMOUNT, value, held -> held.get().doubleValue())
          .description("Unexplained amount of the latest reconciled settlement, by channel and currency")
          .tag("channel", channel).tag("currency", currency).register(metrics.registry());
      return value;
    });
  }
}
