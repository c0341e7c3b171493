package io.retailsync.connectors.walmart;

import static io.retailsync.connectors.inventory.InventoryFixtures.TWO_SKUS;
import static io.retailsync.connectors.inventory.InventoryFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The exact JSON the Walmart inventory push sends. */
class WalmartInventoryRequestsTest {

  @Test
  void theSingleUpdateAndTheFeedAreTheGoldenOnes() {
    assertThat(WalmartInventoryClient.inventoryBody("SKU-0001", 7)).isEqualTo(fixture("walmart-inventory.json"));
    assertThat(WalmartInventoryClient.feedDocument(TWO_SKUS)).isEqualTo(fixture("walmart-feed.json"));
  }
}
