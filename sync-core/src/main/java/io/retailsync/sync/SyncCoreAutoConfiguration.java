package io.retailsync.sync;

import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.model.event.Topics;
import io.retailsync.sync.events.ConsumedEvents;
import io.retailsync.sync.events.EventFactory;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.ExceptionReplayer;
import io.retailsync.sync.exceptions.KafkaRecordReplayer;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.sync.idempotency.IdempotencyStore;
import io.retailsync.sync.instances.InstanceRegistry;
import io.retailsync.sync.kafka.ConsumerRetryProperties;
import io.retailsync.sync.kafka.DeadLetterRecoverer;
import io.retailsync.sync.kafka.SyncErrorHandlers;
import io.retailsync.sync.kafka.TopicProperties;
import io.retailsync.sync.lineage.LineageStore;
import io.retailsync.sync.metrics.SyncMetrics;
import io.retailsync.sync.outbox.Outbox;
import io.retailsync.sync.outbox.OutboxProperties;
import io.retailsync.sync.outbox.OutboxRelay;
import io.retailsync.sync.outbox.OutboxRowReplayer;
import io.retailsync.sync.retention.RetentionProperties;
import io.retailsync.sync.retention.RetentionPurger;
import io.retailsync.sync.retention.RetentionRule;
import io.retailsync.sync.schema.SyncCoreMigrationStrategy;
import io.retailsync.sync.web.ProblemDetailsAdvice;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * sync-core's parts, wired once for every service: idempotency store, outbox and relay, consumer error
 * handling (retry, pause, DLT), exception queue with its API, lineage, metrics and problem details.
 * Active in a context that names its service ({@code sync.service.name}), so a non-service context on
 * the same classpath (the sandbox in the local stack) stays untouched.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnProperty(name = "sync.service.name")
@EnableConfigurationProperties({ServiceProperties.class, OutboxProperties.class, ConsumerRetryProperties.class,
    TopicProperties.class, RetentionProperties.class})
public class SyncCoreAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean
  FaultHooks faultHooks() {
    return FaultHooks.NONE;
  }

  @Bean
  SyncMetrics syncMetrics(MeterRegistry registry, ServiceProperties service) {
    return new SyncMetrics(registry, service.tag());
  }

  @Bean
  EventFactory eventFactory(ServiceProperties service, Clock clock) {
    return new EventFactory(service.name(), clock);
  }

  @Bean
  @ConditionalOnMissingBean
  FlywayMigrationStrategy syncCoreMigrationStrategy() {
    return new SyncCoreMigrationStrategy();
  }

  @Bean
  @ConditionalOnMissingBean
  TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
    return new TransactionTemplate(transactionManager);
  }

  @Bean
  IdempotencyStore idempotencyStore(JdbcClient jdbc) {
    return new IdempotencyStore(jdbc);
  }

  @Bean
  OutboxRelay outboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
      OutboxProperties properties, FaultHooks faults, ExceptionQueue exceptions, MeterRegistry registry) {
    return new OutboxRelay(jdbc, transactions, kafka, properties, faults, exceptions, registry);
  }

  @Bean
  OutboxRowReplayer outboxRowReplayer(ObjectProvider<OutboxRelay> relay) {
    return new OutboxRowReplayer(() -> relay.getObject());
  }

  /** Live instances of this service ({@code sync.instances.heartbeat-interval}, {@code .expiry}). */
  @Bean
  InstanceRegistry instanceRegistry(JdbcClient jdbc,
      @org.springframework.beans.factory.annotation.Value("${sync.instances.heartbeat-interval:2s}") java.time.Duration heartbeat,
      @org.springframework.beans.factory.annotation.Value("${sync.instances.expiry:10s}") java.time.Duration expiry) {
    return new InstanceRegistry(jdbc, heartbeat, expiry);
  }

  @Bean
  RetentionPurger retentionPurger(JdbcClient jdbc, TransactionTemplate transactions, RetentionProperties properties,
      ObjectProvider<RetentionRule> serviceRules, Clock clock, SyncMetrics metrics) {
    List<RetentionRule> rules = new java.util.ArrayList<>(RetentionPurger.syncCoreRules(properties));
    serviceRules.orderedStream().forEach(rules::add);
    return new RetentionPurger(jdbc, transactions, properties, rules, clock, metrics);
  }

  @Bean
  @ConditionalOnProperty(name = "sync.retention.enabled", matchIfMissing = true)
  PeriodicTask retentionPurge(RetentionPurger purger, RetentionProperties properties) {
    return new PeriodicTask("retention-purge", properties.interval(), properties.interval(), purger::purgeOnce);
  }

  @Bean
  Outbox outbox(org.springframework.jdbc.core.JdbcTemplate template, ObjectProvider<OutboxRelay> relay) {
    return new Outbox(template, () -> relay.ifAvailable(OutboxRelay::wake));
  }

  @Bean
  KafkaRecordReplayer kafkaRecordReplayer(Outbox outbox) {
    return new KafkaRecordReplayer(outbox);
  }

  @Bean
  ExceptionQueue exceptionQueue(JdbcClient jdbc, TransactionTemplate transactions,
      ObjectProvider<ExceptionReplayer> replayers, SyncMetrics metrics) {
    return new ExceptionQueue(jdbc, transactions, () -> replayers.orderedStream().toList(), metrics);
  }

  /** Keeps {@code sync_exceptions_open} current: entries change through several paths and services. */
  @Bean
  PeriodicTask exceptionGaugeRefresher(ExceptionQueue exceptions) {
    return new PeriodicTask("exception-gauge", Duration.ZERO, Duration.ofSeconds(5), exceptions::refreshGauge);
  }

  @Bean
  ConsumedEvents consumedEvents(JdbcClient jdbc, SyncMetrics metrics) {
    return new ConsumedEvents(jdbc, metrics);
  }

  @Bean
  LineageStore lineageStore(JdbcClient jdbc) {
    return new LineageStore(jdbc);
  }

  @Bean
  DeadLetterRecoverer deadLetterRecoverer(KafkaTemplate<String, byte[]> kafka, ExceptionQueue exceptions,
      SyncMetrics metrics) {
    return new DeadLetterRecoverer(kafka, exceptions, metrics);
  }

  @Bean(destroyMethod = "shutdown")
  ThreadPoolTaskScheduler syncConsumerPauseScheduler() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setThreadNamePrefix("consumer-resume-");
    scheduler.setPoolSize(1);
    scheduler.initialize();
    return scheduler;
  }

  @Bean
  @ConditionalOnMissingBean(CommonErrorHandler.class)
  CommonErrorHandler syncKafkaErrorHandler(ConsumerRetryProperties retry, DeadLetterRecoverer recoverer,
      KafkaListenerEndpointRegistry registry, ThreadPoolTaskScheduler syncConsumerPauseScheduler,
      SyncMetrics metrics) {
    return SyncErrorHandlers.create(retry, recoverer,
        new ListenerContainerPauseService(registry, syncConsumerPauseScheduler), metrics);
  }

  /**
   * The backbone's topics and their dead-letter topics, created if missing, with the partitions,
   * replication and min ISR of {@code sync.topics}, and a record size limit that carries anything the
   * intake accepts ({@link Topics#MAX_MESSAGE_BYTES}).
   */
  @Bean
  KafkaAdmin.NewTopics syncTopics(TopicProperties properties) {
    return new KafkaAdmin.NewTopics(backboneTopics(properties).toArray(NewTopic[]::new));
  }

  static List<NewTopic> backboneTopics(TopicProperties properties) {
    List<NewTopic> topics = new java.util.ArrayList<>();
    for (String topic : Topics.ALL) {
      boolean compacted = topic.equals(Topics.INVENTORY_POSITIONS);
      topics.add(topic(topic, properties, compacted));
      topics.add(topic(Topics.deadLetter(topic), properties, false));
    }
    return topics;
  }

  private static NewTopic topic(String name, TopicProperties properties, boolean compacted) {
    TopicBuilder topic = TopicBuilder.name(name).partitions(properties.partitions())
        .replicas(properties.replicationFactor())
        .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(properties.minInsyncReplicas()))
        .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(Topics.MAX_MESSAGE_BYTES));
    if (compacted) {
      topic.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    return topic.build();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @Import({ProblemDetailsAdvice.class, io.retailsync.sync.exceptions.ExceptionApi.class})
  static class WebApi {}

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnProperty(name = "sync.service.lineage-api", havingValue = "true")
  @Import(io.retailsync.sync.lineage.LineageApi.class)
  static class LineageWebApi {}
}
