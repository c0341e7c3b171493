package io.retailsync.sync;

import io.retailsync.model.event.EventHeaders;
import io.retailsync.testsupport.SyncInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what a topic holds, from its beginning, with a consumer group of its own. */
final class KafkaTestRecords {

  private KafkaTestRecords() {}

  /** Every record of {@code topic} matching {@code wanted}, reading until {@code enough} holds or time runs out. */
  static List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<ConsumerRecord<String, byte[]>> wanted,
      Predicate<List<ConsumerRecord<String, byte[]>>> enough, Duration timeout) {
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SyncInfrastructure.kafkaBootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!enough.test(seen) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (wanted.test(record)) {
            seen.add(record);
          }
        }
      }
    }
    return seen;
  }

  /** Every record {@code topic} holds now with one of these event ids, read to its end offsets. */
  static List<ConsumerRecord<String, byte[]>> readAll(String topic, List<String> eventIds) {
    return io.retailsync.testsupport.TopicReader.readAll(topic, record -> eventIds.contains(header(record, EventHeaders.ID)));
  }

  static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
