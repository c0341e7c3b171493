package io.retailsync.connectors.amazon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The golden fixtures: {@code <name>.orders.json} (getOrders), {@code .items.json} (getOrderItems), {@code .canonical.json}. */
final class AmazonFixtures {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private AmazonFixtures() {}

  static byte[] bytes(String file) {
    try (InputStream in = AmazonFixtures.class.getResourceAsStream("/fixtures/amazon/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode order(String name) {
    return JSON.readTree(bytes(name + ".orders.json")).get("payload").get("Orders").get(0);
  }

  static List<JsonNode> items(String name) {
    List<JsonNode> items = new ArrayList<>();
    JSON.readTree(bytes(name + ".items.json")).get("payload").get("OrderItems").forEach(items::add);
    return items;
  }
}
