package io.retailsync.inventory.config;

import io.retailsync.erp.ErpPort;
import io.retailsync.inventory.channels.ChannelRules;
import io.retailsync.inventory.channels.InventoryProperties;
import io.retailsync.inventory.snapshots.ErpStockPoll;
import io.retailsync.inventory.snapshots.ReceiveSnapshot;
import io.retailsync.sync.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InventoryProperties.class)
class InventoryConfiguration {

  /** The ERP's stock export read as counts, when {@code sync.inventory.erp-stock-poll} is a positive interval. */
  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
      "T(java.time.Duration).parse('PT0S').compareTo(T(org.springframework.boot.convert.DurationStyle).detectAndParse("
          + "'${sync.inventory.erp-stock-poll:0s}')) < 0")
  PeriodicTask erpStockPollTask(InventoryProperties properties, ObjectProvider<ErpPort> erp, ReceiveSnapshot snapshots,
      ChannelRules rules, Clock clock) {
    ErpPort port = erp.getIfAvailable();
    if (port == null) {
      throw new IllegalStateException("sync.inventory.erp-stock-poll is set but no ERP is configured (sync.erp.base-url)");
    }
    ErpStockPoll poll = new ErpStockPoll(port, snapshots, rules.locations(), properties.erpStockPoll(), clock);
    Duration tick = properties.erpStockPoll().compareTo(Duration.ofSeconds(10)) < 0 ? properties.erpStockPoll()
        : Duration.ofSeconds(10);
    return new PeriodicTask("erp-stock-poll", Duration.ofSeconds(1), tick, poll::round);
  }
}
