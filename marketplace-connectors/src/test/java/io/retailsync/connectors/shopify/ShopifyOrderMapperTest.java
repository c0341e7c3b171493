package io.retailsync.connectors.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.model.CanonicalValidator;
import io.retailsync.model.Order;
import io.retailsync.model.OrderConsistency;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.model.json.InvalidPayloadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShopifyOrderMapperTest {

  @Test
  void mapsTheOrdersCreateFixtureToItsGoldenCanonicalOrder() throws IOException {
    Order order = ShopifyOrderMapper.toCanonical(ShopifyOrderMapper.parse(fixture("basic.json")));
    assertThat(CanonicalJson.tree(CanonicalJson.toBytes(order)))
        .isEqualTo(CanonicalJson.tree(fixture("basic.canonical.json")));
    assertThat(new CanonicalValidator().violations(order)).isEmpty();
    assertThat(OrderConsistency.check(order)).isEmpty();
  }

  @Test
  void doesNotCarryBuyerPersonalData() throws IOException {
    String canonical = CanonicalJson.toJson(ShopifyOrderMapper.toCanonical(ShopifyOrderMapper.parse(fixture("basic.json"))));
    assertThat(canonical).doesNotContain("jon@example.com", "Chestnut", "Doe", "555");
  }

  @Test
  void garbageIsAnInvalidPayload() {
    assertThatThrownBy(() -> ShopifyOrderMapper.parse("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidPayloadException.class);
    assertThatThrownBy(() -> ShopifyOrderMapper.toCanonical(ShopifyOrderMapper.parse("{}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("no id");
    assertThatThrownBy(() -> ShopifyOrderMapper.toCanonical(ShopifyOrderMapper.parse(
        "{\"id\": 1, \"line_items\": [], \"created_at\": \"yesterday\"}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("created_at");
    assertThatThrownBy(() -> ShopifyOrderMapper.parse("{\"id\": \"abc\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidPayloadException.class);
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = ShopifyOrderMapperTest.class.getResourceAsStream("/fixtures/shopify/orders-create/" + name)) {
      return in.readAllBytes();
    }
  }
}
