package io.retailsync.connectors.ebay.wire;

/**
 * {@code paymentSummary.refunds[]} of an eBay order (eBay's {@code OrderRefund}): {@code refundStatus}
 * {@code PENDING}, {@code REFUNDED} or {@code FAILED}, always given; {@code amount} the seller's net (eBay-collected
 * tax not included); {@code refundDate} and {@code refundReferenceId} (eBay's id of the refund) only once it is
 * issued; {@code refundId} for refunds issued at order level through issueRefund.
 */
public record EbayOrderRefund(EbayAmount amount, String refundDate, String refundId, String refundReferenceId,
    String refundStatus) {}
