package io.retailsync.connectors.amazon.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One element of {@code getOrderItems}' {@code payload.OrderItems}. {@code ItemPrice} is the line's price
 * (unit price × {@code QuantityOrdered}); {@code PromotionDiscount} is the line's promotions;
 * {@code ItemTax}, {@code ShippingPrice} and the shipping amounts are line totals too.
 */
public record AmazonOrderItem(
    @JsonProperty("ASIN") String asin,
    @JsonProperty("SellerSKU") String sellerSku,
    String orderItemId,
    String title,
    Integer quantityOrdered,
    Integer quantityShipped,
    AmazonMoney itemPrice,
    AmazonMoney itemTax,
    AmazonMoney shippingPrice,
    AmazonMoney shippingTax,
    AmazonMoney shippingDiscount,
    AmazonMoney shippingDiscountTax,
    AmazonMoney promotionDiscount,
    AmazonMoney promotionDiscountTax,
    List<String> promotionIds,
    TaxCollection taxCollection) {

  /** {@code Model} {@code MarketplaceFacilitator}: Amazon collects and remits the item's tax. */
  public record TaxCollection(String model, String responsibleParty) {}
}
