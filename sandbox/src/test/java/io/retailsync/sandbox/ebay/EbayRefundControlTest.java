package io.retailsync.sandbox.ebay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.sandbox.support.SandboxProblem;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/** The refund controls of {@code /sandbox/ebay}: what they answer and which problem a bad request gets. */
class EbayRefundControlTest {

  private final EbayStore store = new EbayStore(new EbaySandboxProperties("id", "secret", "refresh", Duration.ofHours(2), 100));
  private final EbayControlController controls = new EbayControlController(store);

  @Test
  void anOrderRefundAnswersTheOrderInShortWithItsRefunds() {
    String orderId = order();

    Map<String, Object> pending = controls.refund(orderId, new EbayStore.RefundSpec("2.00", "PENDING"));
    JsonNode refunds = EbayStoreTest.JSON.valueToTree(pending).get("refunds");
    String refundId = refunds.get(0).get("refundId").stringValue();
    Map<String, Object> completed = controls.refundStatus(orderId, refundId, new EbayStore.RefundSpec(null, "REFUNDED"));

    assertThat(refunds.get(0).get("refundStatus").stringValue()).isEqualTo("PENDING");
    assertThat(completed.get("orderPaymentStatus")).isEqualTo("PARTIALLY_REFUNDED");
    assertThat(controls.refund(orderId, null).get("orderPaymentStatus")).isEqualTo("FULLY_REFUNDED");
  }

  @Test
  void badRefundsAreProblems() {
    String orderId = order();

    assertProblem(() -> controls.refund("00-00000-00000", null), HttpStatus.NOT_FOUND);
    assertProblem(() -> controls.refund(orderId, new EbayStore.RefundSpec("x", null)), HttpStatus.BAD_REQUEST);
    assertProblem(() -> controls.refund(orderId, new EbayStore.RefundSpec("99.00", null)), HttpStatus.CONFLICT);
    assertProblem(() -> controls.refundStatus(orderId, "5999999999", new EbayStore.RefundSpec(null, "REFUNDED")),
        HttpStatus.NOT_FOUND);
    String refundId = EbayStoreTest.JSON.valueToTree(controls.refund(orderId, new EbayStore.RefundSpec("1.00", null)))
        .get("refunds").get(0).get("refundId").stringValue();
    assertProblem(() -> controls.refundStatus(orderId, refundId, new EbayStore.RefundSpec(null, "FAILED")),
        HttpStatus.CONFLICT);
    assertProblem(() -> controls.refundStatus(orderId, refundId, new EbayStore.RefundSpec(null, "DONE")),
        HttpStatus.BAD_REQUEST);
  }

  private String order() {
    return store.create(new EbayStore.OrderSpec("USD", List.of(
        new EbayStore.LineSpec("SKU-0001", 1, new BigDecimal("10.00"), null, null)), null, null, null, null, null))
        .orderId;
  }

  private static void assertProblem(Runnable call, HttpStatus status) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(SandboxProblem.class,
        problem -> assertThat(problem.status()).isEqualTo(status));
  }
}
