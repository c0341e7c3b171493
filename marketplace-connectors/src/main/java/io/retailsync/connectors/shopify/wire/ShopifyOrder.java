package io.retailsync.connectors.shopify.wire;

import java.math.BigDecimal;
import java.util.List;

/** The REST-shaped order of {@code orders/*} webhooks, reduced to the fields the suite maps. */
public record ShopifyOrder(
    Long id,
    String name,
    String currency,
    String presentmentCurrency,
    String createdAt,
    String updatedAt,
    String cancelledAt,
    String cancelReason,
    String financialStatus,
    String fulfillmentStatus,
    List<Fulfillment> fulfillments,
    Boolean taxesIncluded,
    Boolean test,
    BigDecimal totalPrice,
    ShopifyMoneySet totalPriceSet,
    BigDecimal totalTax,
    ShopifyMoneySet totalTaxSet,
    List<TaxLine> taxLines,
    List<LineItem> lineItems,
    List<ShippingLine> shippingLines,
    Address shippingAddress) {

  public record LineItem(
      Long id,
      Long variantId,
      String sku,
      String title,
      Integer quantity,
      BigDecimal price,
      ShopifyMoneySet priceSet,
      BigDecimal totalDiscount,
      ShopifyMoneySet totalDiscountSet,
      List<TaxLine> taxLines,
      List<DiscountAllocation> discountAllocations) {}

  public record ShippingLine(
      Long id,
      String title,
      BigDecimal price,
      ShopifyMoneySet priceSet,
      BigDecimal discountedPrice,
      ShopifyMoneySet discountedPriceSet,
      List<TaxLine> taxLines,
      List<DiscountAllocation> discountAllocations) {}

  public record TaxLine(String title, BigDecimal price, BigDecimal rate, ShopifyMoneySet priceSet) {}

  public record DiscountAllocation(BigDecimal amount, ShopifyMoneySet amountSet, Integer discountApplicationIndex) {}

  public record Fulfillment(Long id, String status) {}

  public record Address(String city, String provinceCode, String zip, String countryCode) {}
}
