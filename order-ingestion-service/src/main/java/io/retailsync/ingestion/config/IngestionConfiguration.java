package io.retailsync.ingestion.config;

import io.retailsync.model.CanonicalValidator;
import io.retailsync.sync.metrics.SyncMetrics;
import io.retailsync.erp.ErpPort;
import io.retailsync.erp.ErpProperties;
import io.retailsync.ingestion.erpposting.OrderSweeper;
import io.retailsync.sync.PeriodicTask;
import io.retailsync.sync.instances.InstanceRegistry;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import io.retailsync.sync.security.ServiceAccessRules;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IngestionProperties.class, io.retailsync.ingestion.enrichment.EnrichmentProperties.class})
class IngestionConfiguration {

  @Bean
  CanonicalValidator canonicalValidator() {
    return new CanonicalValidator();
  }

  /** Order counters of every channel this service takes orders from, at zero from start-up. */
  @Bean
  InitializingBean orderChannelMetrics(SyncMetrics metrics, IngestionProperties properties) {
    return () -> {
      java.util.List<String> channels = new java.util.ArrayList<>(SyncMetrics.CONNECTOR_CHANNELS);
      channels.addAll(properties.genericChannels());
      metrics.registerOrderChannels(channels);
    };
  }

  /**
   * The posting's time bounds must nest, or a claim could run out while its holder still posts, or a poll
   * could outlast {@code max.poll.interval.ms} and hand its partitions to another consumer mid-batch: no ERP
   * call of a batch starts after its budget, so batch budget + the longest ERP operation &lt; max poll
   * interval, and batch budget + the longest call + the in-flight grace &lt; the claim lease (a write that got
   * no answer may still be stored that long after its call).
   */
  @Bean
  InitializingBean postingTimeBounds(IngestionProperties properties, ErpProperties erp, Environment environment) {
    return () -> {
      java.time.Duration pollInterval = java.time.Duration.ofMillis(environment.getProperty(
          "spring.kafka.consumer.properties.max.poll.interval.ms", Long.class, 300_000L));
      // a lookup (a read, with its retries) may start up to the deadline; a post's calls only before it
      java.time.Duration worstPoll = properties.batchBudget().plus(erp.maxOperationTime());
      if (worstPoll.compareTo(pollInterval) >= 0) {
        throw new IllegalStateException("sync.ingestion.batch-budget (" + properties.batchBudget()
            + ") plus the longest ERP operation (" + erp.maxOperationTime() + ") must stay below "
            + "max.poll.interval.ms (" + pollInterval + ")");
      }
      java.time.Duration worstHold = properties.batchBudget().plus(erp.maxCallTime()).plus(properties.inFlightGrace());
      if (worstHold.compareTo(properties.claimLease()) >= 0) {
        throw new IllegalStateException("sync.ingestion.claim-lease (" + properties.claimLease()
            + ") must outlast batch-budget plus the longest ERP call plus in-flight-grace (" + worstHold + ")");
      }
    };
  }

  /** The ERP's calls per second are this service's, divided among its live instances, not multiplied. */
  @Bean
  InitializingBean erpRateShare(InstanceRegistry instances, ErpPort erp) {
    return () -> instances.onLiveCountChange(erp::shareRateAmong);
  }

  /** The sweeper's rounds, every {@code sync.ingestion.sweep-interval}. */
  @Bean
  PeriodicTask orderSweep(OrderSweeper sweeper, IngestionProperties properties) {
    return new PeriodicTask("order-sweeper", properties.sweepInterval(), properties.sweepInterval(), sweeper::sweepOnce);
  }

  /** Who may call what on 8081 (docs/contract.md, "Roles"). */
  @Bean
  ServiceAccessRules ingestionAccessRules() {
    return rules -> rules
        .requestMatchers(HttpMethod.POST, "/api/orders").hasRole("INGEST")
        .requestMatchers("/api/exceptions", "/api/exceptions/**").hasRole("OPS")
        .requestMatchers("/api/lineage/**").hasRole("OPS")
        .requestMatchers("/api/sku-aliases", "/api/sku-aliases/**").hasRole("OPS");
  }
}
