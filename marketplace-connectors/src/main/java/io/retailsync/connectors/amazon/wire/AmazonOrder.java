package io.retailsync.connectors.amazon.wire;

/**
 * One element of {@code getOrders}' {@code payload.Orders} (Orders API v0), reduced to the fields the suite
 * maps or keeps an eye on. Buyer data ({@code BuyerInfo}, street lines) is not bound.
 */
public record AmazonOrder(
    String amazonOrderId,
    String sellerOrderId,
    String purchaseDate,
    String lastUpdateDate,
    String orderStatus,
    String fulfillmentChannel,
    String salesChannel,
    String orderType,
    AmazonMoney orderTotal,
    String marketplaceId,
    String earliestShipDate,
    String latestShipDate,
    Integer numberOfItemsShipped,
    Integer numberOfItemsUnshipped,
    ShippingAddress shippingAddress) {

  /** The parts of the ship-to address that are not personal data (Amazon sends them without an RDT). */
  public record ShippingAddress(String city, String stateOrRegion, String postalCode, String countryCode) {}
}
