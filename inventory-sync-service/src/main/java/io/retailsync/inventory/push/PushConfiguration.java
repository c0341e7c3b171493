package io.retailsync.inventory.push;

import io.retailsync.connectors.inventory.ChannelInventoryPort;
import io.retailsync.inventory.channels.ChannelRules;
import io.retailsync.inventory.propagation.PropagationMetrics;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.instances.InstanceRegistry;
import io.retailsync.sync.metrics.SyncMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A pusher for every channel that has both a rule and an inventory connector (the marketplaces' base
 * URLs decide which connectors exist); a channel without a connector (a generic one) has its ATP computed
 * and published, and nothing pushed.
 */
@Configuration(proxyBeanMethods = false)
class PushConfiguration {

  private static final Logger log = LoggerFactory.getLogger(PushConfiguration.class);

  @Bean
  PushMetrics pushMetrics(SyncMetrics metrics, ChannelRules rules) {
    List<String> channels = new ArrayList<>(new LinkedHashSet<>(SyncMetrics.CONNECTOR_CHANNELS));
    rules.channels().stream().filter(channel -> !channels.contains(channel)).forEach(channels::add);
    return new PushMetrics(metrics, channels);
  }

  @Bean
  PushScheduler pushScheduler(ObjectProvider<ChannelInventoryPort> ports, ChannelRules rules, JdbcClient jdbc,
      TransactionTemplate transactions, ExceptionQueue exceptions, PropagationMetrics propagation, SyncMetrics metrics,
      InstanceRegistry instances, Clock clock, PushSignal signal, PushMetrics pushMetrics,
      @Value("${sync.inventory.push.lease:30s}") Duration lease,
      @Value("${sync.inventory.push.idle-wait:100ms}") Duration idleWait,
      @Value("${sync.inventory.push.linger:100ms}") Duration linger,
      @Value("${sync.inventory.push.min-interval:1s}") Duration minInterval) {
    List<ChannelPusher> pushers = new ArrayList<>();
    for (ChannelInventoryPort port : ports.orderedStream().toList()) {
      if (!rules.channels().contains(port.channel())) {
        log.info("{} has an inventory connector but no channel rule: not pushed", port.channel());
        continue;
      }
      pushers.add(new ChannelPusher(port, jdbc, transactions, exceptions, propagation, metrics, clock,
          instances.instanceId(), lease, linger, minInterval));
    }
    log.info("inventory pushes to {}", pushers.stream().map(ChannelPusher::channel).toList());
    return new PushScheduler(pushers, signal, pushMetrics, jdbc, idleWait.toMillis());
  }
}
