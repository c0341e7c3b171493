package io.retailsync.connectors.polling;

import io.retailsync.model.Order;
import io.retailsync.model.Refund;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One order as a feed read it, already mapped to the canonical model.
 *
 * @param orderId the marketplace's order id (Amazon {@code AmazonOrderId}, Walmart {@code purchaseOrderId},
 *     eBay {@code orderId})
 * @param lastModified the marketplace's last-modified time of this version; versions are ordered by it
 * @param state what the marketplace's status means for the ERP
 * @param order the canonical order; null only when {@code invalidReason} says why it could not be mapped
 * @param marketplaceStatus the marketplace's own status value, for lineage and exceptions
 * @param raw the order as the marketplace sent it (its JSON, items included), kept with exceptions
 * @param invalidReason why the order cannot be mapped (a field missing, a nonsense value); null when fine
 * @param refunds the refunds the marketplace lists on this version of the order that are completed, each mapped
 *     the same way on every read (same content for the same refund), ordered by {@code createdAt} then
 *     {@code refundId}; never null, empty for an invalid order and for feeds that carry no refunds
 * @param refundProblems why a refund the order lists was left out of {@code refunds} (no id, an amount that is
 *     not one, another currency), one sentence per refund naming it and the field; never null. A bad refund
 *     never makes the order itself invalid: the sale is still posted
 */
public record PolledOrder(String orderId, Instant lastModified, State state, Order order, String marketplaceStatus,
    byte[] raw, String invalidReason, List<Refund> refunds, List<String> refundProblems) {

  public enum State {
    /** Payment or release still pending (Amazon {@code Pending}): not posted yet; a later version will be. */
    WAITING,
    /** To be posted (or updated, when posted before). */
    OPEN,
    /** Cancelled by the marketplace or the buyer: never posted, and cancels one already posted. */
    CANCELLED
  }

  public PolledOrder {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(state, "state");
    if (order == null && invalidReason == null) {
      throw new IllegalArgumentException("a polled order without a canonical order needs the reason why");
    }
    refunds = refunds == null ? List.of() : List.copyOf(refunds);
    refundProblems = refundProblems == null ? List.of() : List.copyOf(refundProblems);
  }

  /** A polled order that carries no refunds. */
  public PolledOrder(String orderId, Instant lastModified, State state, Order order, String marketplaceStatus,
      byte[] raw, String invalidReason) {
    this(orderId, lastModified, state, order, marketplaceStatus, raw, invalidReason, List.of(), List.of());
  }

  public static PolledOrder invalid(String orderId, Instant lastModified, String marketplaceStatus, byte[] raw,
      String reason) {
    return new PolledOrder(orderId, lastModified, State.OPEN, null, marketplaceStatus, raw, reason);
  }

  /** This order with {@code refunds} and {@code refundProblems} in place of its own. */
  public PolledOrder withRefunds(List<Refund> refunds, List<String> refundProblems) {
    return new PolledOrder(orderId, lastModified, state, order, marketplaceStatus, raw, invalidReason, refunds,
        refundProblems);
  }

  public boolean isValid() {
    return invalidReason == null;
  }
}
