package io.retailsync.connectors.ebay.wire;

import java.util.List;

/**
 * One {@code lineItems[]} element of an eBay order. Its {@code refunds[]} are read on their own, as
 * {@link LineItemRefund}s, so a refund that cannot be read leaves the order readable.
 */
public record EbayLineItem(
    String lineItemId,
    String legacyItemId,
    String legacyVariationId,
    String sku,
    String title,
    Integer quantity,
    EbayAmount lineItemCost,
    EbayAmount discountedLineItemCost,
    DeliveryCost deliveryCost,
    List<AppliedPromotion> appliedPromotions,
    List<Tax> taxes,
    List<CollectAndRemitTax> ebayCollectAndRemitTaxes,
    EbayAmount total,
    String lineItemFulfillmentStatus,
    FulfillmentInstructions lineItemFulfillmentInstructions) {

  public record DeliveryCost(EbayAmount shippingCost, EbayAmount handlingCost, EbayAmount importCharges,
      EbayAmount shippingIntermediationFee, EbayAmount discountAmount) {}

  public record AppliedPromotion(String promotionId, String description, EbayAmount discountAmount) {}

  public record Tax(EbayAmount amount, String taxType) {}

  public record CollectAndRemitTax(EbayAmount amount, String taxType, String collectionMethod) {}

  public record FulfillmentInstructions(String shipByDate, String minEstimatedDeliveryDate,
      String maxEstimatedDeliveryDate, Boolean guaranteedDelivery) {}

  /**
   * {@code lineItems[].refunds[]}: no status of its own; {@code refundDate} only once the refund is issued;
   * {@code refundId} for refunds issued per line through issueRefund; {@code refundReferenceId} "reserved for
   * internal or future use" in eBay's docs. {@code amount} is the seller's net (eBay-collected tax not included).
   */
  public record LineItemRefund(EbayAmount amount, String refundDate, String refundId, String refundReferenceId) {}
}
