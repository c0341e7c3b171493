package io.retailsync.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.model.CanonicalFixtures;
import io.retailsync.model.Order;
import io.retailsync.model.OrderCancellation;
import io.retailsync.model.Refund;
import io.retailsync.model.event.OrderAccepted;
import io.retailsync.model.event.OrderRejected;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Pins the JSON of every event payload the suite produces. A failing test here means a change would
 * break consumers: make it additive, or bump the topic's version (docs/events.md).
 */
class GoldenEventJsonTest {

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of("OrderCreated", CanonicalFixtures.anOrder(), Order.class),
        Arguments.of("OrderCancelled", new OrderCancellation("shopify", "820982911946154508",
            Instant.parse("2026-11-27T16:00:00Z"), "customer", false), OrderCancellation.class),
        Arguments.of("OrderAccepted", new OrderAccepted("shopify", "820982911946154508",
            "shopify:820982911946154508", "SO-000042", Instant.parse("2026-11-27T15:00:01Z")), OrderAccepted.class),
        Arguments.of("OrderRejected", new OrderRejected("shopify", "820982911946154508",
            "shopify:820982911946154508", "UNKNOWN_SKU", "SKU-9999 is not in the item master",
            Instant.parse("2026-11-27T15:00:01Z")), OrderRejected.class),
        Arguments.of("RefundIssued", CanonicalFixtures.aRefund(), Refund.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void payloadMatchesItsGoldenFile(String eventName, Object payload, Class<?> type) {
    JsonNode golden = CanonicalJson.tree(golden(eventName));
    JsonNode produced = CanonicalJson.tree(CanonicalJson.toBytes(payload));
    assertThat(produced).as("JSON of %s", eventName).isEqualTo(golden);
    assertThat(CanonicalJson.read(golden(eventName), type)).isEqualTo(payload);
  }

  private static byte[] golden(String eventName) {
    String path = "/golden/" + eventName + ".json";
    try (InputStream in = GoldenEventJsonTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
