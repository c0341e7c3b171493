package io.retailsync.connectors.ebay;

import static io.retailsync.connectors.inventory.InventoryFixtures.TWO_SKUS;
import static io.retailsync.connectors.inventory.InventoryFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.inventory.PushOutcome;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The exact JSON the eBay inventory push sends, and how it reads the per-SKU answers. */
class EbayInventoryRequestsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void theBulkRequestIsTheGoldenOne() {
    assertThat(EbayInventoryClient.bulkBody(TWO_SKUS)).isEqualTo(fixture("ebay-bulk.json"));
  }

  @Test
  void perSkuStatusCodesDecideAndA5xxMakesTheCallUnavailable() {
    PushOutcome outcome = EbayInventoryClient.outcome(TWO_SKUS, JSON.readTree("""
        {"responses": [{"statusCode": 200, "sku": "SKU-0001", "offerId": "1", "errors": [], "warnings": []},
          {"statusCode": 404, "sku": "SKU-0002", "errors": [{"errorId": 25702, "message": "not found"}]}]}
        """));
    assertThat(outcome.accepted()).containsExactly("SKU-0001");
    assertThat(outcome.rejected()).containsEntry("SKU-0002", "errorId 25702: not found");
    assertThatThrownBy(() -> EbayInventoryClient.outcome(TWO_SKUS, JSON.readTree(
        "{\"responses\": [{\"statusCode\": 500, \"sku\": \"SKU-0001\"}]}")))
        .isInstanceOf(MarketplaceUnavailableException.class);
  }
}
