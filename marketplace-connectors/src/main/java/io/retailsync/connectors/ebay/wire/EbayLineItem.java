package io.retailsync.connectors.ebay.wire;

import java.util.List;

/** One {@code lineItems[]} element of an eBay order. */
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
    FulfillmentInstructions lineItemFulfillmentInstructions,
    List<LineItemRefund> refunds) {

  public record DeliveryCost(EbayAmount shippingCost, EbayAmount handlingCost, EbayAmount importCharges,
      EbayAmount shippingIntermediationFee, EbayAmount discountAmount) {}

  public record AppliedPromotion(String promotionId, String description, EbayAmount discountAmount) {}

  public record Tax(EbayAmount amount, String taxType) {}

  public record CollectAndRemitTax(EbayAmount amount, String taxType, String collectionMethod) {}

  public record FulfillmentInstructions(String shipByDate, String minEstimatedDeliveryDate,
      String maxEstimatedDeliveryDate, Boolean guaranteedDelivery) {}

  public record LineItemRefund(EbayAmount amount, String refundDate, String refundId, String refundReferenceId) {}
}
