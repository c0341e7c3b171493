package io.retailsync.connectors.shopify.wire;

import java.math.BigDecimal;
import java.util.List;

/** The refund of a {@code refunds/create} webhook, reduced to the fields the suite maps. */
public record ShopifyRefund(
    Long id,
    Long orderId,
    String createdAt,
    String note,
    List<RefundLineItem> refundLineItems,
    List<Transaction> transactions,
    List<OrderAdjustment> orderAdjustments) {

  public record RefundLineItem(
      Long id,
      Long lineItemId,
      Integer quantity,
      String restockType,
      BigDecimal subtotal,
      ShopifyMoneySet subtotalSet,
      BigDecimal totalTax,
      ShopifyMoneySet totalTaxSet,
      LineItem lineItem) {}

  public record LineItem(Long id, String sku, String title) {}

  public record Transaction(Long id, String kind, String status, BigDecimal amount, String currency) {}

  public record OrderAdjustment(
      Long id,
      String kind,
      String reason,
      BigDecimal amount,
      ShopifyMoneySet amountSet,
      BigDecimal taxAmount,
      ShopifyMoneySet taxAmountSet) {}
}
