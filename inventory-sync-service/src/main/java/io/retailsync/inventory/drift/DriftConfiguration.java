package io.retailsync.inventory.drift;

import io.retailsync.connectors.inventory.ChannelInventoryPort;
import io.retailsync.erp.ErpPort;
import io.retailsync.inventory.channels.ChannelRules;
import io.retailsync.inventory.projection.PositionChanges;
import io.retailsync.sync.PeriodicTask;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.metrics.SyncMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The drift check every {@code sync.inventory.drift.interval} (15 minutes unless set; 0 turns it off),
 * {@code sync.inventory.drift.window} SKUs per channel per round, and the ERP compared too when
 * {@code sync.inventory.drift.erp} is true.
 */
@Configuration(proxyBeanMethods = false)
class DriftConfiguration {

  @Bean
  DriftCheck driftCheck(ObjectProvider<ChannelInventoryPort> ports, ObjectProvider<ErpPort> erp, JdbcClient jdbc,
      TransactionTemplate transactions, PositionChanges positions, ExceptionQueue exceptions, SyncMetrics metrics,
      Clock clock, ChannelRules rules, @Value("${sync.inventory.drift.window:200}") int window,
      @Value("${sync.inventory.drift.erp:false}") boolean compareErp) {
    return new DriftCheck(ports.orderedStream().filter(port -> rules.channels().contains(port.channel())).toList(),
        compareErp ? Optional.ofNullable(erp.getIfAvailable()) : Optional.empty(), jdbc, transactions, positions,
        exceptions, metrics, clock, Math.max(1, window), rules.channels(),
        (channel, quantity) -> rules.rule(channel).atOrBelowFloor(quantity));
  }

  @Bean
  PeriodicTask driftCheckTask(DriftCheck check, @Value("${sync.inventory.drift.interval:15m}") Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      return new PeriodicTask("drift-check", Duration.ofDays(36500), Duration.ofDays(36500), () -> {});
    }
    return new PeriodicTask("drift-check", interval, interval, check::checkOnce);
  }
}
