package io.retailsync.sync.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.model.event.EventEnvelope;
import io.retailsync.model.event.EventType;
import io.retailsync.model.failure.PermanentSyncException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class CloudEventCodecTest {

  private final EventFactory events = new EventFactory("order-ingestion-service",
      Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), ZoneOffset.UTC));

  @Test
  void writesTheBinaryModeHeadersOfTheBrief() {
    EventEnvelope event = events.create(EventType.ORDER_CREATED, "shopify:1", "shopify", "shopify:1", "corr-1",
        Map.of("orderId", "1"));
    ProducerRecord<String, byte[]> record = CloudEventCodec.toRecord(event);
    assertThat(record.topic()).isEqualTo("retail.orders.v1");
    assertThat(record.key()).isEqualTo("shopify:1");
    assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(record, "ce_id")).isEqualTo(event.id());
    assertThat(header(record, "ce_source")).isEqualTo("/order-ingestion-service");
    assertThat(header(record, "ce_type")).isEqualTo("retail.sync.OrderCreated");
    assertThat(header(record, "ce_time")).isEqualTo("2026-11-27T15:00:00Z");
    assertThat(header(record, "ce_subject")).isEqualTo("shopify:1");
    assertThat(header(record, "ce_idempotencykey")).isEqualTo("shopify:1");
    assertThat(header(record, "ce_correlationid")).isEqualTo("corr-1");
    assertThat(header(record, "ce_channel")).isEqualTo("shopify");
    assertThat(header(record, "ce_schemaversion")).isEqualTo("1");
    assertThat(header(record, "content-type")).isEqualTo("application/json");
    assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"1\"}");
  }

  @Test
  void readsBackWhatItWrote() {
    EventEnvelope event = events.create(EventType.ORDER_ACCEPTED, "shopify:1", "shopify", "shopify:1", "corr-1",
        Map.of("documentNumber", "SO-1"));
    ProducerRecord<String, byte[]> produced = CloudEventCodec.toRecord(event);
    ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(produced.topic(), 0, 0, produced.key(), produced.value());
    produced.headers().forEach(header -> consumed.headers().add(header));
    EventEnvelope read = CloudEventCodec.fromRecord(consumed);
    assertThat(read.id()).isEqualTo(event.id());
    assertThat(read.type()).isEqualTo(EventType.ORDER_ACCEPTED);
    assertThat(read.correlationId()).isEqualTo("corr-1");
    assertThat(read.payload()).isEqualTo(event.payload());
  }

  @Test
  void aRecordThatIsNotACloudEventIsAPermanentFailure() {
    ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>("retail.orders.v1", 0, 0, "k", "{}".getBytes());
    assertThatThrownBy(() -> CloudEventCodec.fromRecord(garbage)).isInstanceOf(PermanentSyncException.class);
  }

  private static String header(ProducerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
