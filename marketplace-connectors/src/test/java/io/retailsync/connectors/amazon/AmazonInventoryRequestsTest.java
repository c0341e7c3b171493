package io.retailsync.connectors.amazon;

import static io.retailsync.connectors.inventory.InventoryFixtures.TWO_SKUS;
import static io.retailsync.connectors.inventory.InventoryFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.connectors.inventory.PushOutcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exact JSON the Amazon inventory push sends, and how it reads a processing report. */
class AmazonInventoryRequestsTest {

  @Test
  void thePatchAndTheFeedDocumentAreTheGoldenOnes() {
    assertThat(AmazonListingsClient.patchBody("PRODUCT", 7)).isEqualTo(fixture("amazon-patch.json"));
    assertThat(AmazonListingsClient.feedDocument("A1SANDBOXSELLER", "PRODUCT", TWO_SKUS))
        .isEqualTo(fixture("amazon-feed.json"));
  }

  @Test
  void aReportRejectsTheMessagesWithErrorsAndAcceptsTheRest() {
    String report = """
        {"header": {"sellerId": "A1SANDBOXSELLER", "version": "2.0", "feedId": "5001"},
         "issues": [{"messageId": 2, "sku": "SKU-0002", "code": "90220", "severity": "ERROR", "message": "bad"},
                    {"messageId": 1, "sku": "SKU-0001", "code": "18448", "severity": "WARNING", "message": "meh"}],
         "summary": {"errors": 1, "warnings": 1, "messagesProcessed": 2, "messagesAccepted": 1, "messagesInvalid": 1}}
        """;
    PushOutcome outcome = AmazonListingsClient.outcome("5001", "DONE", TWO_SKUS, report.getBytes(StandardCharsets.UTF_8));
    assertThat(outcome.accepted()).containsExactly("SKU-0001");
    assertThat(outcome.rejected()).containsEntry("SKU-0002", "90220: bad");

    PushOutcome fatal = AmazonListingsClient.outcome("5002", "FATAL", TWO_SKUS,
        "{\"issues\": [{\"code\": \"4000000\", \"severity\": \"ERROR\", \"message\": \"unreadable\"}]}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(fatal.accepted()).isEmpty();
    assertThat(fatal.rejected()).hasSize(2).containsEntry("SKU-0001", "amazon feed 5002 FATAL: 4000000: unreadable");
  }
}
