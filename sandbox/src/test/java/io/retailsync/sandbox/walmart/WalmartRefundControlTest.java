package io.retailsync.sandbox.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailsync.sandbox.support.SandboxProblem;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The refund controls of {@code /sandbox/walmart}: what they answer and which problem a bad request gets. */
class WalmartRefundControlTest {

  private final WalmartOrderStore store = new WalmartOrderStore(new WalmartSandboxProperties("id", "secret",
      Duration.ofMinutes(15), "10001234", new BigDecimal("0.08")));
  private final WalmartControlController controls = new WalmartControlController(store, new WalmartFaults());

  @Test
  void refundingALineAnswersTheOrderWithItsRefundBlock() {
    String id = shippedOrder();

    Map<String, Object> order = controls.refundLine(id, "2",
        new WalmartControlController.LineRefundRequest(new BigDecimal("4.00"), null, "BillingError", "price match"));

    assertThat(lines(order).get(0)).doesNotContainKey("refund");
    assertThat(lines(order).get(1)).containsKey("refund");
    assertThat(controls.refund(id, null)).isNotNull();
    assertThat(store.find(id).orElseThrow().lines.get(0).refund).isNotNull();
  }

  @Test
  void badRefundsAreProblems() {
    String id = shippedOrder();

    assertProblem(() -> controls.refundLine("nope", "1", null), HttpStatus.NOT_FOUND);
    assertProblem(() -> controls.refundLine(id, "9", null), HttpStatus.NOT_FOUND);
    assertProblem(() -> controls.refundLine(id, "1",
        new WalmartControlController.LineRefundRequest(new BigDecimal("-1"), null, null, null)),
        HttpStatus.UNPROCESSABLE_CONTENT);
    assertProblem(() -> controls.refund(id, new WalmartControlController.RefundRequest(
        List.of(new WalmartOrderStore.RefundLineSpec("1", null)), null, "Because", null)),
        HttpStatus.UNPROCESSABLE_CONTENT);
    controls.refundLine(id, "1", null);
    assertProblem(() -> controls.refundLine(id, "1", null), HttpStatus.CONFLICT);
  }

  private String shippedOrder() {
    WalmartOrderStore.PurchaseOrder order = store.create(new WalmartOrderStore.OrderSpec(List.of(
        new WalmartOrderStore.LineSpec("SKU-0001", 1, new BigDecimal("10.00"), null),
        new WalmartOrderStore.LineSpec("SKU-0002", 1, new BigDecimal("20.00"), null)), "Shipped", null, null, null,
        null, null, null, null));
    return order.purchaseOrderId;
  }

  private static void assertProblem(Runnable call, HttpStatus status) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(SandboxProblem.class,
        problem -> assertThat(problem.status()).isEqualTo(status));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> lines(Map<String, Object> order) {
    return (List<Map<String, Object>>) ((Map<String, Object>) order.get("orderLines")).get("orderLine");
  }
}
