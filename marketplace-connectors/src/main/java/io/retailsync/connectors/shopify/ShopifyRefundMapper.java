package io.retailsync.connectors.shopify;

import io.retailsync.connectors.shopify.wire.ShopifyMoneySet;
import io.retailsync.connectors.shopify.wire.ShopifyRefund;
import io.retailsync.model.Refund;
import io.retailsync.model.json.InvalidPayloadException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place a Shopify refund ({@code refunds/create}) meets the canonical {@link Refund}. Amounts are
 * the shop-money side. Each refunded line carries its {@code subtotal} and {@code total_tax}; refunded
 * shipping is Shopify's {@code shipping_refund} order adjustment (a negative amount there, a positive
 * one here, its tax included). The refund's total is what the successful {@code refund} transactions
 * paid back, or, where no transaction is given, lines + tax + shipping. See docs/shopify.md.
 */
public final class ShopifyRefundMapper {

  private static final JsonMapper WIRE = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private ShopifyRefundMapper() {}

  public static Refund toCanonical(byte[] rawBody) {
    ShopifyRefund refund;
    try {
      refund = WIRE.readValue(rawBody, ShopifyRefund.class);
    } catch (JacksonException e) {
      String path = ShopifyOrderMapper.path(e);
      throw new InvalidPayloadException("not a Shopify refund: " + (path.isEmpty() ? "" : path + ": ")
          + e.getOriginalMessage(), e);
    }
    if (refund == null) {
      throw new InvalidPayloadException("empty Shopify refund payload");
    }
    try {
      return map(refund);
    } catch (InvalidPayloadException e) {
      throw e;
    } catch (IllegalArgumentException | ArithmeticException | NullPointerException e) {
      throw new InvalidPayloadException("Shopify refund " + refund.id() + " cannot be mapped: " + e.getMessage(), e);
    }
  }

  private static Refund map(ShopifyRefund refund) {
    if (refund.id() == null) {
      throw new InvalidPayloadException("Shopify refund has no id");
    }
    if (refund.orderId() == null) {
      throw new InvalidPayloadException("Shopify refund " + refund.id() + " has no order_id");
    }
    String currency = currencyOf(refund);
    if (currency == null) {
      throw new InvalidPayloadException("Shopify refund " + refund.id() + " names no currency (no money set or transaction)");
    }
    List<Refund.Line> lines = new ArrayList<>();
    BigDecimal computed = BigDecimal.ZERO;
    List<ShopifyRefund.RefundLineItem> items = refund.refundLineItems() == null ? List.of() : refund.refundLineItems();
    for (int i = 0; i < items.size(); i++) {
      ShopifyRefund.RefundLineItem item = items.get(i);
      if (item == null || item.lineItemId() == null) {
        throw new InvalidPayloadException("Shopify refund " + refund.id() + " has a refund line without line_item_id"
            + " (refund_line_items[" + i + "])");
      }
      BigDecimal amount = amount(item.subtotalSet(), item.subtotal());
      BigDecimal tax = amount(item.totalTaxSet(), item.totalTax());
      if (amount == null) {
        throw new InvalidPayloadException("Shopify refund " + refund.id() + " has no subtotal in refund_line_items[" + i + "]");
      }
      String sku = item.lineItem() == null || item.lineItem().sku() == null ? null : item.lineItem().sku().trim();
      lines.add(new Refund.Line(String.valueOf(item.lineItemId()), sku, item.quantity() == null ? 0 : item.quantity(),
          amount, tax, restock(item.restockType())));
      computed = computed.add(amount).add(tax == null ? BigDecimal.ZERO : tax);
    }
    BigDecimal shipping = BigDecimal.ZERO;
    for (ShopifyRefund.OrderAdjustment adjustment : nonNull(refund.orderAdjustments())) {
      if ("shipping_refund".equalsIgnoreCase(adjustment.kind())) {
        BigDecimal value = amount(adjustment.amountSet(), adjustment.amount());
        BigDecimal tax = amount(adjustment.taxAmountSet(), adjustment.taxAmount());
        shipping = shipping.add(value == null ? BigDecimal.ZERO : value.negate())
            .add(tax == null ? BigDecimal.ZERO : tax.negate());
      }
    }
    computed = computed.add(shipping);
    BigDecimal paidBack = null;
    for (ShopifyRefund.Transaction transaction : nonNull(refund.transactions())) {
      if ("refund".equalsIgnoreCase(transaction.kind()) && "success".equalsIgnoreCase(transaction.status())
          && transaction.amount() != null) {
        paidBack = (paidBack == null ? BigDecimal.ZERO : paidBack).add(ShopifyOrderMapper.plausible(transaction.amount()));
      }
    }
    return new Refund(ShopifyOrderMapper.CHANNEL, String.valueOf(refund.orderId()), String.valueOf(refund.id()),
        ShopifyOrderMapper.instant("created_at", refund.createdAt()), currency, lines, shipping,
        paidBack != null ? paidBack : computed, refund.note());
  }

  private static String currencyOf(ShopifyRefund refund) {
    for (ShopifyRefund.RefundLineItem item : nonNull(refund.refundLineItems())) {
      String code = code(item.subtotalSet());
      if (code != null) {
        return code;
      }
    }
    for (ShopifyRefund.OrderAdjustment adjustment : nonNull(refund.orderAdjustments())) {
      String code = code(adjustment.amountSet());
      if (code != null) {
        return code;
      }
    }
    return nonNull(refund.transactions()).stream().map(ShopifyRefund.Transaction::currency).filter(Objects::nonNull)
        .findFirst().map(code -> code.toUpperCase(Locale.ROOT)).orElse(null);
  }

  private static String code(ShopifyMoneySet set) {
    return set == null || set.shopMoney() == null ? null : set.shopMoney().currencyCode();
  }

  private static BigDecimal amount(ShopifyMoneySet set, BigDecimal fallback) {
    if (set != null && set.shopMoney() != null && set.shopMoney().amount() != null) {
      return ShopifyOrderMapper.plausible(set.shopMoney().amount());
    }
    return fallback == null ? null : ShopifyOrderMapper.plausible(fallback);
  }

  private static Refund.RestockType restock(String type) {
    if (type == null) {
      return Refund.RestockType.NO_RESTOCK;
    }
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "cancel" -> Refund.RestockType.CANCEL;
      case "return", "legacy_restock" -> Refund.RestockType.RETURN;
      default -> Refund.RestockType.NO_RESTOCK;
    };
  }

  private static <T> List<T> nonNull(List<T> items) {
    return items == null ? List.of() : items.stream().filter(Objects::nonNull).toList();
  }
}
