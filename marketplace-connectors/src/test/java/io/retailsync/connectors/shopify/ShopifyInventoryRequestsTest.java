package io.retailsync.connectors.shopify;

import static io.retailsync.connectors.inventory.InventoryFixtures.TWO_SKUS;
import static io.retailsync.connectors.inventory.InventoryFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.connectors.inventory.InventoryUpdate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The exact variables of inventorySetQuantities per API version, and the call's idempotency key. */
class ShopifyInventoryRequestsTest {

  static final String LOCATION = "gid://shopify/Location/68000000001";
  static final Map<String, String> ITEMS = Map.of("SKU-0001", "gid://shopify/InventoryItem/44000000000001",
      "SKU-0002", "gid://shopify/InventoryItem/44000000000002");

  @Test
  void theVariablesAreTheGoldenOnesBeforeAndFrom202604() {
    assertThat(withKey(ShopifyInventoryClient.setVariables(TWO_SKUS, ITEMS, LOCATION, false)))
        .isEqualTo(fixture("shopify-set-2026-01.json"));
    assertThat(withKey(ShopifyInventoryClient.setVariables(TWO_SKUS, ITEMS, LOCATION, true)))
        .isEqualTo(fixture("shopify-set-2026-04.json"));
    assertThat(ShopifyInventoryClient.SET_MUTATION).contains("inventorySetQuantities(input: $input)"
        + " @idempotent(key: $idempotencyKey)");
  }

  @Test
  void theKeyIsTheSameForTheSameCallInAnyOrderAndDiffersForAnyOtherValue() {
    String key = ShopifyInventoryClient.idempotencyKey(LOCATION, TWO_SKUS);
    assertThat(ShopifyInventoryClient.idempotencyKey(LOCATION, List.of(TWO_SKUS.get(1), TWO_SKUS.get(0))))
        .isEqualTo(key);
    assertThat(ShopifyInventoryClient.idempotencyKey(LOCATION, List.of(new InventoryUpdate("SKU-0001", 8, "k-1"),
        TWO_SKUS.get(1)))).isNotEqualTo(key);
    assertThat(key).matches("[0-9a-f-]{36}");
    assertThat(ShopifyInventoryClient.searchTerm("A\"B")).isEqualTo("sku:\"A\\\"B\"");
  }

  /** The fixture names the key KEY: it is derived, and checked on its own above. */
  private static ObjectNode withKey(ObjectNode variables) {
    String key = variables.path("idempotencyKey").asString();
    ObjectNode input = (ObjectNode) variables.path("input");
    assertThat(input.path("referenceDocumentUri").asString()).isEqualTo("retail-sync://inventory-push/" + key);
    input.put("referenceDocumentUri", "retail-sync://inventory-push/KEY");
    variables.put("idempotencyKey", "KEY");
    return variables;
  }
}
