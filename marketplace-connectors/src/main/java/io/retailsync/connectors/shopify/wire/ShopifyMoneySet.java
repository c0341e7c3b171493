package io.retailsync.connectors.shopify.wire;

import java.math.BigDecimal;

/** A Shopify money set: the amount in the shop's currency and in the buyer's (presentment) currency. */
public record ShopifyMoneySet(Money shopMoney, Money presentmentMoney) {

  public record Money(BigDecimal amount, String currencyCode) {}
}
