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

  /**
   * The channels whose quantities are queued: the marketplaces with a rule, whether or not this instance
   * has their connector (another instance may push them); a generic channel (no connector anywhere) reads
   * its quantity from the positions topic or the API instead.
   */
  @Bean
  PushChannels pushChannels(ChannelRules rules) {
    return new PushChannels(rules.channels().stream().filter(SyncMetrics.CONNECTOR_CHANNELS::contains)
        .collect(java.util.stream.Collectors.toSet()));
  }

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
      io.retailsync.inventory.projection.PositionChanges positions, io.retailsync.sync.faults.FaultHooks faults,
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
      // two lanes per channel: everything (batched, feeds where the API has them), and the urgent rows alone
      // in small batches on the API's quick path, so a zero never waits behind a feed's rate limit
      for (boolean urgentLane : new boolean[] {false, true}) {
        pushers.add(new ChannelPusher(port, jdbc, transactions, exceptions, propagation, metrics, clock,
            instances.instanceId(), lease, linger, minInterval, urgentLane,
            skus -> positions.requeueCurrent(port.channel(), skus), faults));
      }
    }
    log.info("inventory pushes to {}", pushers.stream().map(ChannelPusher::lane).toList());
    return new PushScheduler(pushers, signal, pushMetrics, jdbc, idleWait.toMillis());
  }
}
