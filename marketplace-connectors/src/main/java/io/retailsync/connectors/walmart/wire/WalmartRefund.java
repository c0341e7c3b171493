package io.retailsync.connectors.walmart.wire;

import java.util.List;

/**
 * An order line's {@code refund} as {@code GET /v3/orders} shows it: {@code refundId} (optional in Walmart's
 * spec), {@code refundComments}, and the refunded charges, each with its {@code refundReason} and a charge shaped
 * like the line's own ({@code PRODUCT} or {@code SHIPPING}, {@code chargeAmount}, {@code tax.taxAmount}). Walmart
 * writes refunded amounts negative (the spec's refund examples); its getAnOrder example shows them positive.
 */
public record WalmartRefund(String refundId, String refundComments, RefundCharges refundCharges) {

  public record RefundCharges(List<RefundCharge> refundCharge) {}

  public record RefundCharge(String refundReason, WalmartOrder.Charge charge) {}
}
