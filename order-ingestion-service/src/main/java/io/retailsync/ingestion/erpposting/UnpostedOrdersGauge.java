package io.retailsync.ingestion.erpposting;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.sync.metrics.SyncMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@code sync_orders_unposted}: orders received but not yet accepted or rejected by the ERP. */
@Component
class UnpostedOrdersGauge {

  private final JdbcClient jdbc;
  private final AtomicLong unposted = new AtomicLong();
  private volatile Instant lastRead = Instant.EPOCH;

  UnpostedOrdersGauge(JdbcClient jdbc, MeterRegistry registry) {
    this.jdbc = jdbc;
    Gauge.builder(SyncMetrics.ORDERS_UNPOSTED, this, UnpostedOrdersGauge::read)
        .description("Orders received and not yet posted to the ERP").register(registry);
  }

  private double read() {
    Instant now = Instant.now();
    if (Duration.between(lastRead, now).toSeconds() >= 2) {
      lastRead = now;
      try {
        unposted.set(jdbc.sql("SELECT count(*) FROM received_orders WHERE status = 'RECEIVED' AND cancelled_at IS NULL").query(Long.class).single());
      } catch (RuntimeException e) {
        // keep the last value while the database is away
      }
    }
    return unposted.get();
  }
}
