package io.retailsync.connectors.ebay.wire;

import java.util.List;

/**
 * An order of the Fulfillment API ({@code GET /sell/fulfillment/v1/order}), reduced to the fields the suite
 * maps. Buyer names, e-mail, phone and street lines are deliberately not bound.
 */
public record EbayOrder(
    String orderId,
    String legacyOrderId,
    String salesRecordReference,
    String creationDate,
    String lastModifiedDate,
    String orderFulfillmentStatus,
    String orderPaymentStatus,
    CancelStatus cancelStatus,
    Boolean ebayCollectAndRemitTax,
    List<FulfillmentStartInstruction> fulfillmentStartInstructions,
    PricingSummary pricingSummary,
    List<EbayLineItem> lineItems) {

  public record CancelStatus(String cancelState, List<CancelRequest> cancelRequests) {}

  public record CancelRequest(String cancelRequestId, String cancelRequestState, String cancelReason,
      String cancelInitiator, String cancelRequestedDate, String cancelCompletedDate) {}

  public record FulfillmentStartInstruction(String fulfillmentInstructionsType, ShippingStep shippingStep) {}

  public record ShippingStep(ShipTo shipTo, String shippingCarrierCode, String shippingServiceCode) {}

  /** Only the contact address is bound; {@code fullName}, {@code primaryPhone} and {@code email} are not. */
  public record ShipTo(ContactAddress contactAddress) {}

  /** Only city, region, postal code and country; the street lines are not bound. */
  public record ContactAddress(String city, String stateOrProvince, String postalCode, String countryCode) {}

  public record PricingSummary(EbayAmount priceSubtotal, EbayAmount priceDiscountSubtotal, EbayAmount deliveryCost,
      EbayAmount deliveryDiscount, EbayAmount tax, EbayAmount adjustment, EbayAmount fee, EbayAmount total) {}
}
