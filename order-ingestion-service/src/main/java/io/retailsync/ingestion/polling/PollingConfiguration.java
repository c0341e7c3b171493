package io.retailsync.ingestion.polling;

import io.retailsync.connectors.polling.OrderFeed;
import io.retailsync.connectors.shopify.ShopifyReconcileFeeds;
import io.retailsync.ingestion.intake.ReceiveOrder;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.instances.InstanceRegistry;
import io.retailsync.sync.metrics.SyncMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pollers of every order feed the connectors configured (a feed exists when its marketplace's
 * {@code base-url} is set). {@code sync.ingestion.polling.enabled=false} keeps the feeds but runs no
 * rounds (tests drive {@link OrderFeedPoller#pollOnce} themselves).
 */
@Configuration(proxyBeanMethods = false)
class PollingConfiguration {

  @Bean
  OrderFeedPoller orderFeedPoller(ObjectProvider<OrderFeed> feeds, ObjectProvider<ShopifyReconcileFeeds> shopify,
      PollState state, ReceiveOrder receiveOrder, io.retailsync.ingestion.intake.ReceiveRefund receiveRefund,
      MarketplaceAcknowledgements acknowledgements,
      ExceptionQueue exceptions, SyncMetrics metrics, InstanceRegistry instances, Clock clock,
      @Value("${sync.ingestion.polling.run-lease:5m}") Duration runLease,
      @Value("${sync.ingestion.polling.max-pages-per-run:100}") int maxPagesPerRun,
      @Value("${sync.ingestion.polling.enabled:true}") boolean enabled) {
    List<OrderFeed> all = new ArrayList<>(feeds.orderedStream().toList());
    shopify.ifAvailable(reconcile -> all.addAll(reconcile.feeds()));
    return new OrderFeedPoller(all, state, receiveOrder, receiveRefund, acknowledgements, exceptions, metrics, instances, clock,
        runLease, maxPagesPerRun, enabled);
  }
}
