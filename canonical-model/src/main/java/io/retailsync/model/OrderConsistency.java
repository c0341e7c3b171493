package io.retailsync.model;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Checks that a well-formed order adds up. An inconsistency is a business exception (the order is
 * held for operations), not a malformed payload.
 */
public final class OrderConsistency {

  public enum Problem { TOTALS_MISMATCH }

  public record Finding(Problem problem, String reason) {}

  private OrderConsistency() {}

  public static Optional<Finding> check(Order order) {
    if (order.total() != null) {
      BigDecimal computed = order.computedTotal();
      if (computed.compareTo(order.total()) != 0) {
        return Optional.of(new Finding(Problem.TOTALS_MISMATCH, "order total " + order.total().toPlainString()
            + " " + order.currency() + " differs from lines + shipping + tax = " + computed.toPlainString()));
      }
    }
    for (OrderLine line : order.lines()) {
      if (line.discount().compareTo(line.unitPrice().multiply(BigDecimal.valueOf(line.quantity()))) > 0) {
        return Optional.of(new Finding(Problem.TOTALS_MISMATCH,
            "line " + line.lineId() + " discount exceeds its price × quantity"));
      }
    }
    return Optional.empty();
  }
}
