package io.retailsync.sync.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the backbone's topics are created ({@code sync.topics}): partitions, replication factor and
 * {@code min.insync.replicas}. The defaults are for production (three brokers, a write acknowledged by
 * two); the local stack and the tests, with one broker, set 1 and 1. Existing topics get their configs
 * (min ISR, {@code max.message.bytes}) brought up to date at start; partitions are only ever added.
 */
@ConfigurationProperties("sync.topics")
public record TopicProperties(
    @DefaultValue("6") int partitions,
    @DefaultValue("3") short replicationFactor,
    @DefaultValue("2") int minInsyncReplicas) {

  public TopicProperties {
    if (partitions < 1) {
      throw new IllegalArgumentException("sync.topics.partitions must be at least 1");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("sync.topics.replication-factor must be at least 1");
    }
    if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(
          "sync.topics.min-insync-replicas must be between 1 and sync.topics.replication-factor");
    }
  }
}
