package io.retailsync.connectors.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The golden request bodies under {@code fixtures/inventory}, and the updates they were written for. */
public final class InventoryFixtures {

  public static final List<InventoryUpdate> TWO_SKUS = List.of(new InventoryUpdate("SKU-0001", 7, "k-1"),
      new InventoryUpdate("SKU-0002", 0, "k-2"));
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private InventoryFixtures() {}

  public static JsonNode fixture(String name) {
    try (InputStream in = InventoryFixtures.class.getResourceAsStream("/fixtures/inventory/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return JSON.readTree(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
