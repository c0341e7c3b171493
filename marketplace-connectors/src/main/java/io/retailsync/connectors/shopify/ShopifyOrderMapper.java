package io.retailsync.connectors.shopify;

import io.retailsync.connectors.shopify.wire.ShopifyMoneySet;
import io.retailsync.connectors.shopify.wire.ShopifyOrder;
import io.retailsync.model.Address;
import io.retailsync.model.Order;
import io.retailsync.model.OrderLine;
import io.retailsync.model.json.InvalidPayloadException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place Shopify's order format meets the canonical model. Amounts come from the shop-money side
 * of each money set (the ERP books in the shop's currency), falling back to the legacy plain fields;
 * timestamps with the shop's offset become UTC instants. Buyer names, e-mail and street lines are not
 * carried.
 */
public final class ShopifyOrderMapper {

  public static final String CHANNEL = "shopify";

  private static final JsonMapper WIRE = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private ShopifyOrderMapper() {}

  public static ShopifyOrder parse(byte[] rawBody) {
    try {
      ShopifyOrder order = WIRE.readValue(rawBody, ShopifyOrder.class);
      if (order == null) {
        throw new InvalidPayloadException("empty Shopify order payload");
      }
      return order;
    } catch (JacksonException e) {
      throw new InvalidPayloadException("not a Shopify order: " + e.getOriginalMessage(), e);
    }
  }

  public static Order toCanonical(ShopifyOrder order) {
    if (order.id() == null) {
      throw new InvalidPayloadException("Shopify order has no id");
    }
    if (order.lineItems() == null) {
      throw new InvalidPayloadException("Shopify order " + order.id() + " has no line_items");
    }
    String currency = order.currency();
    List<OrderLine> lines = order.lineItems().stream().map(item -> toLine(order, item)).toList();
    List<ShopifyOrder.ShippingLine> shipping = order.shippingLines() == null ? List.of() : order.shippingLines();
    BigDecimal shippingAmount = sum(shipping, line -> shopAmount(line.discountedPriceSet(), line.discountedPrice() != null
        ? line.discountedPrice() : shopAmount(line.priceSet(), line.price())));
    BigDecimal shippingTax = sum(shipping, line -> taxOf(line.taxLines()));
    return new Order(CHANNEL, String.valueOf(order.id()), order.name(), instant("created_at", order.createdAt()),
        order.updatedAt() == null ? null : instant("updated_at", order.updatedAt()), currency,
        order.shippingAddress() == null ? null : new Address(order.shippingAddress().city(),
            order.shippingAddress().provinceCode(), order.shippingAddress().zip(), order.shippingAddress().countryCode()),
        lines, shippingAmount, shippingTax, shopAmount(order.totalPriceSet(), order.totalPrice()),
        Boolean.TRUE.equals(order.taxesIncluded()) ? Boolean.TRUE : null);
  }

  private static OrderLine toLine(ShopifyOrder order, ShopifyOrder.LineItem item) {
    if (item == null || item.id() == null) {
      throw new InvalidPayloadException("Shopify order " + order.id() + " has a line item without id");
    }
    BigDecimal discount = item.discountAllocations() != null && !item.discountAllocations().isEmpty()
        ? sum(item.discountAllocations(), allocation -> shopAmount(allocation.amountSet(), allocation.amount()))
        : shopAmount(item.totalDiscountSet(), item.totalDiscount());
    return new OrderLine(String.valueOf(item.id()), item.sku() == null ? null : item.sku().trim(),
        item.quantity() == null ? -1 : item.quantity(), shopAmount(item.priceSet(), item.price()),
        discount == null ? BigDecimal.ZERO : discount, taxOf(item.taxLines()), item.title());
  }

  private static BigDecimal taxOf(List<ShopifyOrder.TaxLine> taxLines) {
    return taxLines == null ? BigDecimal.ZERO : sum(taxLines, tax -> shopAmount(tax.priceSet(), tax.price()));
  }

  private static BigDecimal shopAmount(ShopifyMoneySet set, BigDecimal fallback) {
    if (set != null && set.shopMoney() != null && set.shopMoney().amount() != null) {
      return set.shopMoney().amount();
    }
    return fallback;
  }

  private static <T> BigDecimal sum(List<T> items, Function<T, BigDecimal> amount) {
    BigDecimal total = BigDecimal.ZERO;
    for (T item : items) {
      BigDecimal value = amount.apply(item);
      if (value != null) {
        total = total.add(value);
      }
    }
    return total;
  }

  private static Instant instant(String field, String value) {
    if (value == null) {
      throw new InvalidPayloadException("Shopify order has no " + field);
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidPayloadException(field + " is not an ISO-8601 timestamp with offset: " + value, e);
    }
  }
}
