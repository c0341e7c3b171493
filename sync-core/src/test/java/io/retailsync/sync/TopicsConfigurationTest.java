package io.retailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.model.event.Topics;
import io.retailsync.sync.kafka.TopicProperties;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The backbone's topics take partitions, replication and min ISR from properties, never from literals. */
class TopicsConfigurationTest {

  @Test
  void everyTopicAndItsDeadLetterTopicUseTheConfiguredLayout() {
    List<NewTopic> topics = SyncCoreAutoConfiguration.backboneTopics(new TopicProperties(12, (short) 3, 2));

    assertThat(topics).hasSize(Topics.ALL.size() * 2);
    assertThat(topics).allSatisfy(topic -> {
      assertThat(topic.numPartitions()).isEqualTo(12);
      assertThat(topic.replicationFactor()).isEqualTo((short) 3);
      assertThat(topic.configs()).containsEntry("min.insync.replicas", "2")
          .containsEntry("max.message.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES));
    });
    assertThat(topics).filteredOn(topic -> topic.name().equals(Topics.INVENTORY_POSITIONS)).singleElement()
        .satisfies(topic -> assertThat(topic.configs()).containsEntry("cleanup.policy", "compact"));
    assertThat(topics).extracting(NewTopic::name).contains(Topics.deadLetter(Topics.ORDERS));
  }

  @Test
  void productionDefaultsAndRefusalsOfImpossibleLayouts() {
    TopicProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
        .bindOrCreate("sync.topics", TopicProperties.class);
    assertThat(defaults).isEqualTo(new TopicProperties(6, (short) 3, 2));
    TopicProperties local = new Binder(new MapConfigurationPropertySource(Map.of(
        "sync.topics.replication-factor", "1", "sync.topics.min-insync-replicas", "1")))
        .bindOrCreate("sync.topics", TopicProperties.class);
    assertThat(local).isEqualTo(new TopicProperties(6, (short) 1, 1));
    assertThatThrownBy(() -> new TopicProperties(6, (short) 1, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min-insync-replicas");
    assertThatThrownBy(() -> new TopicProperties(0, (short) 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
