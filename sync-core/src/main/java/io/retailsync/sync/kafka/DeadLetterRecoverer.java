package io.retailsync.sync.kafka;

import io.retailsync.model.event.Topics;
import io.retailsync.sync.exceptions.ExceptionQueue;
import io.retailsync.sync.exceptions.NewException;
import io.retailsync.sync.metrics.SyncMetrics;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * What happens to a record that failed permanently after bounded retries: a copy goes to
 * {@code <topic>.DLT} with the error in headers (the one direct Kafka write of a service), and an
 * exception entry with the original record is filed so operations can see it and replay it.
 */
public class DeadLetterRecoverer implements ConsumerRecordRecoverer {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeadLetterRecoverer.class);

  public static final String REPLAY_KIND = "kafka-record";

  private final DeadLetterPublishingRecoverer deadLetters;
  private final ExceptionQueue exceptions;
  private final SyncMetrics metrics;

  public DeadLetterRecoverer(KafkaOperations<?, ?> kafka, ExceptionQueue exceptions, SyncMetrics metrics) {
    this.deadLetters = new DeadLetterPublishingRecoverer(kafka,
        (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
    this.deadLetters.setFailIfSendResultIsError(true);
    this.exceptions = exceptions;
    this.metrics = metrics;
  }

  /**
   * Files the exception, then copies the record to its DLT. Filing is best effort: a record whose entry
   * cannot be stored (whatever is in it) still reaches the DLT with the error in its headers, so it never
   * blocks its partition; only a DLT that cannot be written makes the container try the record again.
   */
  @Override
  public void accept(ConsumerRecord<?, ?> record, Exception failure) {
    try {
      exceptions.record(NewException.builder(FailureClassifier.exceptionType(failure), FailureClassifier.reason(failure))
          .channel(header(record, "ce_channel"))
          .orderId(orderIdFromKey(record.key()))
          .correlationId(header(record, "ce_correlationid"))
          .sourceKey("kafka:" + record.topic() + ":" + record.partition() + ":" + record.offset())
          .replay(REPLAY_KIND, record.topic())
          .payload(payloadBytes(record.value()), headers(record))
          .build());
    } catch (RuntimeException filingFailed) {
      log.error("could not file the exception for {}-{}@{}; the record goes to {} all the same: {}", record.topic(),
          record.partition(), record.offset(), Topics.deadLetter(record.topic()), filingFailed.toString());
      metrics.exceptionNotFiled();
    }
    deadLetters.accept(record, failure);
    metrics.deadLettered(record.topic());
  }

  private static String orderIdFromKey(Object key) {
    if (key == null) {
      return null;
    }
    String text = key.toString();
    int colon = text.indexOf(':');
    return colon < 0 ? null : text.substring(colon + 1);
  }

  private static byte[] payloadBytes(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    return value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      if (header.value() != null) {
        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    if (record.key() != null) {
      headers.put("kafka_key", record.key().toString());
    }
    return headers;
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
