package io.retailsync.connectors.shopify;

import io.retailsync.connectors.shopify.wire.ShopifyMoneySet;
import io.retailsync.connectors.shopify.wire.ShopifyOrder;
import io.retailsync.model.Address;
import io.retailsync.model.Money;
import io.retailsync.model.Order;
import io.retailsync.model.OrderLine;
import io.retailsync.model.json.InvalidPayloadException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place Shopify's order format meets the canonical model. Amounts come from the shop-money side
 * of each money set (the ERP books in the shop's currency), falling back to the legacy plain fields;
 * timestamps with the shop's offset become UTC instants. Buyer names, e-mail and street lines are not
 * carried.
 *
 * <p>Sources of truth for the money (docs/shopify.md): {@code total_price} is what the buyer pays and
 * {@code total_tax} the order's tax; line and shipping {@code tax_lines} are Shopify's allocation of that
 * tax. Where the allocation is missing (older API versions and many apps send tax only at order level) the
 * order tax is allocated to the lines by their net amounts; where it differs from the order tax by no more
 * than its rounding (one minor unit per taxed line), the difference is put on the lines with the most tax.
 * An order that still does not add up is a {@code TOTALS_MISMATCH}, never adjusted further.
 */
public final class ShopifyOrderMapper {

  public static final String CHANNEL = "shopify";

  private static final JsonMapper WIRE = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  private static final Pattern ORDER_ID = Pattern.compile("^\\s*\\{\\s*\"id\"\\s*:\\s*\"?(\\d{1,20})");
  private static final Pattern ANY_ID = Pattern.compile("\"id\"\\s*:\\s*\"?(\\d{1,20})");

  private ShopifyOrderMapper() {}

  public static ShopifyOrder parse(byte[] rawBody) {
    try {
      ShopifyOrder order = WIRE.readValue(rawBody, ShopifyOrder.class);
      if (order == null) {
        throw new InvalidPayloadException("empty Shopify order payload");
      }
      return order;
    } catch (JacksonException e) {
      String path = path(e);
      throw new InvalidPayloadException("not a Shopify order: " + (path.isEmpty() ? "" : path + ": ")
          + e.getOriginalMessage(), e);
    }
  }

  /** Where in the body binding failed, e.g. {@code line_items[0].price}. */
  static String path(JacksonException failure) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : failure.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** Parses and maps a delivery's body; anything that cannot be mapped is an {@link InvalidPayloadException}. */
  public static Order toCanonical(byte[] rawBody) {
    return toCanonical(parse(rawBody));
  }

  public static Order toCanonical(ShopifyOrder order) {
    try {
      return map(order);
    } catch (InvalidPayloadException e) {
      throw e;
    } catch (IllegalArgumentException | ArithmeticException | NullPointerException e) {
      // an amount finer than its currency, an unknown currency, a value the model refuses
      throw new InvalidPayloadException("Shopify order " + order.id() + " cannot be mapped: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the order is cancelled and whether its fulfilment has started: Shopify's order-level
   * {@code fulfillment_status} ({@code partial}, {@code fulfilled}) or any recorded fulfillment that is not
   * cancelled.
   */
  public static ShopifyOrderLifecycle lifecycle(ShopifyOrder order) {
    String status = order.fulfillmentStatus() == null ? "" : order.fulfillmentStatus().toLowerCase();
    boolean started = status.equals("partial") || status.equals("fulfilled")
        || (order.fulfillments() != null && order.fulfillments().stream()
            .anyMatch(f -> f != null && !"cancelled".equalsIgnoreCase(f.status()) && !"failure".equalsIgnoreCase(f.status())));
    Instant cancelledAt = order.cancelledAt() == null || order.cancelledAt().isBlank() ? null
        : instant("cancelled_at", order.cancelledAt());
    if (cancelledAt != null && (cancelledAt.isBefore(Instant.parse("1900-01-01T00:00:00Z"))
        || cancelledAt.isAfter(Instant.parse("9999-12-31T23:59:59Z")))) {
      throw new InvalidPayloadException("cancelled_at " + order.cancelledAt() + " is outside 1900–9999");
    }
    return new ShopifyOrderLifecycle(cancelledAt, order.cancelReason(), started);
  }

  /**
   * The order id of a body that could not be read as an order (a non-numeric price, damaged bytes), so its
   * exception can be found by order: the top-level {@code id} when the JSON parses, otherwise the first
   * {@code "id": n} at the start of the text.
   */
  public static Optional<String> orderIdOf(byte[] rawBody) {
    try {
      JsonNode tree = WIRE.readTree(rawBody);
      JsonNode id = tree == null ? null : tree.get("id");
      if (id != null && (id.isIntegralNumber() || (id.isString() && id.asString().matches("\\d{1,20}")))) {
        return Optional.of(id.isIntegralNumber() ? id.bigIntegerValue().toString() : id.asString());
      }
      return Optional.empty();
    } catch (JacksonException unreadable) {
      String head = new String(rawBody, 0, Math.min(rawBody.length, 4096), StandardCharsets.UTF_8);
      Matcher first = ORDER_ID.matcher(head);
      if (first.find()) {
        return Optional.of(first.group(1));
      }
      Matcher any = ANY_ID.matcher(head);
      return any.find() ? Optional.of(any.group(1)) : Optional.empty();
    }
  }

  private static Order map(ShopifyOrder order) {
    if (order.id() == null) {
      throw new InvalidPayloadException("Shopify order has no id");
    }
    if (order.lineItems() == null) {
      throw new InvalidPayloadException("Shopify order " + order.id() + " has no line_items");
    }
    String currency = order.currency();
    List<ShopifyOrder.ShippingLine> shipping = present(order, "shipping_lines", order.shippingLines());
    BigDecimal shippingAmount = sum(shipping, line -> shopAmount(line.discountedPriceSet(), line.discountedPrice() != null
        ? line.discountedPrice() : shopAmount(line.priceSet(), line.price())));
    BigDecimal shippingTax = sum(shipping, line -> taxOf(order, line.taxLines()));
    List<OrderLine> lines = new ArrayList<>();
    List<ShopifyOrder.LineItem> items = order.lineItems();
    for (int i = 0; i < items.size(); i++) {
      lines.add(toLine(order, items.get(i), i));
    }
    BigDecimal orderTax = orderTax(order);
    if (orderTax != null && Money.isKnownCurrency(currency)) {
      lines = TaxAllocation.reconcile(lines, orderTax.subtract(shippingTax), Money.minorUnits(currency));
    }
    return new Order(CHANNEL, String.valueOf(order.id()), order.name(), instant("created_at", order.createdAt()),
        order.updatedAt() == null ? null : instant("updated_at", order.updatedAt()), currency,
        order.shippingAddress() == null ? null : new Address(order.shippingAddress().city(),
            order.shippingAddress().provinceCode(), order.shippingAddress().zip(), order.shippingAddress().countryCode()),
        lines, shippingAmount, shippingTax, shopAmount(order.totalPriceSet(), order.totalPrice()),
        Boolean.TRUE.equals(order.taxesIncluded()) ? Boolean.TRUE : null);
  }

  /** The order's tax: {@code total_tax} (shop money), else the sum of the order-level {@code tax_lines}. */
  private static BigDecimal orderTax(ShopifyOrder order) {
    BigDecimal total = shopAmount(order.totalTaxSet(), order.totalTax());
    if (total != null) {
      return total;
    }
    List<ShopifyOrder.TaxLine> taxLines = order.taxLines();
    return taxLines == null || taxLines.isEmpty() ? null : taxOf(order, taxLines);
  }

  private static OrderLine toLine(ShopifyOrder order, ShopifyOrder.LineItem item, int index) {
    if (item == null || item.id() == null) {
      throw new InvalidPayloadException("Shopify order " + order.id() + " has a line item without id (line_items["
          + index + "])");
    }
    List<ShopifyOrder.DiscountAllocation> allocations = present(order, "discount_allocations", item.discountAllocations());
    BigDecimal discount = !allocations.isEmpty()
        ? sum(allocations, allocation -> shopAmount(allocation.amountSet(), allocation.amount()))
        : shopAmount(item.totalDiscountSet(), item.totalDiscount());
    return new OrderLine(String.valueOf(item.id()), item.sku() == null ? null : item.sku().trim(),
        item.quantity() == null ? -1 : item.quantity(), shopAmount(item.priceSet(), item.price()),
        discount == null ? BigDecimal.ZERO : discount, taxOf(order, item.taxLines()), item.title());
  }

  private static BigDecimal taxOf(ShopifyOrder order, List<ShopifyOrder.TaxLine> taxLines) {
    return sum(present(order, "tax_lines", taxLines), tax -> shopAmount(tax.priceSet(), tax.price()));
  }

  /** A list that may be absent (empty) but holds no null element: {@code [null]} is not Shopify's. */
  private static <T> List<T> present(ShopifyOrder order, String field, List<T> items) {
    if (items == null) {
      return List.of();
    }
    if (items.contains(null)) {
      throw new InvalidPayloadException("Shopify order " + order.id() + " has a null element in " + field);
    }
    return items;
  }

  private static BigDecimal shopAmount(ShopifyMoneySet set, BigDecimal fallback) {
    if (set != null && set.shopMoney() != null && set.shopMoney().amount() != null) {
      return plausible(set.shopMoney().amount());
    }
    return fallback == null ? null : plausible(fallback);
  }

  /**
   * Refuses an amount no order has before any arithmetic touches it: {@code 1e99999999} is a short string
   * but adding it to a cent means a hundred-million-digit number (seconds to minutes of CPU).
   */
  static BigDecimal plausible(BigDecimal amount) {
    if (Math.abs(amount.scale()) > 100 || amount.precision() - amount.scale() > Money.MAX_INTEGER_DIGITS) {
      throw new InvalidPayloadException("amount " + amount + " is larger or finer than any amount accepted");
    }
    return amount;
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

  static Instant instant(String field, String value) {
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
