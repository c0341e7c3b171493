package io.retailsync.connectors.amazon;

import io.retailsync.connectors.amazon.wire.AmazonMoney;
import io.retailsync.connectors.amazon.wire.AmazonOrder;
import io.retailsync.connectors.amazon.wire.AmazonOrderItem;
import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.model.Address;
import io.retailsync.model.Money;
import io.retailsync.model.Order;
import io.retailsync.model.OrderLine;
import io.retailsync.model.json.InvalidPayloadException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place Amazon's Orders API v0 meets the canonical model (see docs/amazon.md for the field-by-field
 * mapping). An order and its items become one {@link PolledOrder}; an order that cannot be mapped becomes an
 * invalid one naming the field at fault, so one bad order never fails its page. Buyer data is not carried.
 *
 * <p>Money: {@code ItemPrice} is the line's price, so the unit price is {@code ItemPrice / QuantityOrdered}.
 * When that does not divide at the currency's scale (10.00 for 3), the unit price is rounded up to the next
 * minor unit (3.34) and what that adds to the line (0.02) is added to the line's discount, so the line's
 * net amount is exactly Amazon's and no cent is created or lost.
 */
public final class AmazonOrderMapper {

  public static final String CHANNEL = "amazon";

  /** Amazon's status values, and what each means for the ERP. */
  private static final Map<String, PolledOrder.State> STATES = Map.of(
      "PendingAvailability", PolledOrder.State.WAITING,
      "Pending", PolledOrder.State.WAITING,
      "Unshipped", PolledOrder.State.OPEN,
      "PartiallyShipped", PolledOrder.State.OPEN,
      "Shipped", PolledOrder.State.OPEN,
      "InvoiceUnconfirmed", PolledOrder.State.OPEN,
      "Canceled", PolledOrder.State.CANCELLED,
      // Multi-Channel Fulfillment orders Amazon cannot fulfil: nothing ships, nothing is sold on Amazon
      "Unfulfillable", PolledOrder.State.CANCELLED);

  /** Marketplaces whose prices exclude sales tax (tax on top, as {@code ItemTax}); elsewhere VAT/GST is included. */
  private static final Set<String> TAX_EXCLUSIVE_MARKETPLACES = Set.of("ATVPDKIKX0DER", "A2EUQ1WTGCTBG2");
  private static final Set<String> TAX_EXCLUSIVE_CURRENCIES = Set.of("USD", "CAD");

  /** The currency of each marketplace, for an order that carries no amount at all (a pending one). */
  private static final Map<String, String> MARKETPLACE_CURRENCIES = Map.ofEntries(
      Map.entry("ATVPDKIKX0DER", "USD"), Map.entry("A2EUQ1WTGCTBG2", "CAD"), Map.entry("A1AM78C64UM0Y8", "MXN"),
      Map.entry("A2Q3Y263D00KWC", "BRL"), Map.entry("A1F83G8C2ARO7P", "GBP"), Map.entry("A1PA6795UKMFR9", "EUR"),
      Map.entry("A13V1IB3VIYZZH", "EUR"), Map.entry("APJ6JRA9NG5V4", "EUR"), Map.entry("A1RKKUPIHCS9HS", "EUR"),
      Map.entry("A1805IZSGTT6HS", "EUR"), Map.entry("AMEN7PMS3EDWL", "EUR"), Map.entry("A28R8C7NBKEWEA", "EUR"),
      Map.entry("A2NODRKZP88ZB9", "SEK"), Map.entry("A1C3SOZRARQ6R3", "PLN"), Map.entry("A33AVAJ2PDY3EV", "TRY"),
      Map.entry("A1VC38T7YXB528", "JPY"), Map.entry("A39IBJ37TRP1C6", "AUD"), Map.entry("A19VAU5U5O7RUS", "SGD"),
      Map.entry("A21TJRUUN4KGV", "INR"), Map.entry("A2VIGQ35RCS4UG", "AED"), Map.entry("A17E79C6D8DWNP", "SAR"),
      Map.entry("ARBP9OOSHTCHU", "EGP"));

  private static final int MAX_TITLE = 255;
  private static final int MAX_ID = 64;

  static final JsonMapper WIRE = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private AmazonOrderMapper() {}

  /** What an {@code OrderStatus} means; {@code null} for a value Amazon does not define. */
  public static PolledOrder.State state(String orderStatus) {
    return orderStatus == null ? null : STATES.get(orderStatus);
  }

  /**
   * Maps one element of {@code payload.Orders} with the items {@code getOrderItems} gave for it (all pages).
   * Never throws: what cannot be mapped is an invalid polled order with the reason.
   */
  public static PolledOrder map(JsonNode order, List<JsonNode> items) {
    byte[] raw = raw(order, items);
    if (order == null || !order.isObject()) {
      return PolledOrder.invalid(unknownId(raw), null, null, raw, "an element of payload.Orders is not an object");
    }
    String orderId;
    try {
      orderId = orderId(order);
    } catch (InvalidPayloadException e) {
      return PolledOrder.invalid(unknownId(raw), null, textOf(order, "OrderStatus"), raw, e.getMessage());
    }
    String status = textOf(order, "OrderStatus");
    Instant lastModified = null;
    PolledOrder.State state = state(status);
    try {
      if (status == null) {
        throw new InvalidPayloadException("OrderStatus is missing");
      }
      if (state == null) {
        throw new InvalidPayloadException("OrderStatus is not one of Amazon's values: " + printable(status));
      }
      lastModified = instant("LastUpdateDate", textOf(order, "LastUpdateDate"), true);
      AmazonOrder wire = bind(order, AmazonOrder.class, "");
      List<AmazonOrderItem> wireItems = new ArrayList<>();
      List<JsonNode> given = items == null ? List.of() : items;
      for (int i = 0; i < given.size(); i++) {
        wireItems.add(bind(given.get(i), AmazonOrderItem.class, "OrderItems[" + i + "]"));
      }
      Order canonical = toCanonical(wire, wireItems, state != PolledOrder.State.OPEN);
      return new PolledOrder(orderId, lastModified, state, canonical, status, raw, null);
    } catch (RuntimeException e) {
      String reason = "Amazon order " + orderId + " cannot be mapped: " + e.getMessage();
      if (state == null || state == PolledOrder.State.OPEN) {
        return PolledOrder.invalid(orderId, lastModified, status == null ? null : printable(status), raw, reason);
      }
      return new PolledOrder(orderId, lastModified, state, null, status, raw, reason);
    }
  }

  /**
   * The canonical order. {@code lenient} (a pending or cancelled order, which Amazon often sends without
   * prices or total) reads a missing price as zero; a present but wrong value is refused either way.
   *
   * @throws InvalidPayloadException naming the field that cannot be mapped
   */
  public static Order toCanonical(AmazonOrder order, List<AmazonOrderItem> items, boolean lenient) {
    String orderId = id("AmazonOrderId", order.amazonOrderId());
    String currency = currency(order, items);
    int scale = Money.minorUnits(currency);
    if (items.isEmpty() && !lenient) {
      throw new InvalidPayloadException("OrderItems is empty");
    }
    List<OrderLine> lines = new ArrayList<>();
    BigDecimal shipping = BigDecimal.ZERO;
    BigDecimal shippingTax = BigDecimal.ZERO;
    boolean facilitator = false;
    for (int i = 0; i < items.size(); i++) {
      AmazonOrderItem item = items.get(i);
      String path = "OrderItems[" + i + "]";
      if (item == null) {
        throw new InvalidPayloadException(path + " is null");
      }
      lines.add(line(item, path, currency, scale, lenient));
      shipping = shipping.add(difference(path, item.shippingPrice(), "ShippingPrice", item.shippingDiscount(),
          "ShippingDiscount", currency));
      shippingTax = shippingTax.add(difference(path, item.shippingTax(), "ShippingTax", item.shippingDiscountTax(),
          "ShippingDiscountTax", currency));
      facilitator |= item.taxCollection() != null
          && "MarketplaceFacilitator".equalsIgnoreCase(item.taxCollection().model());
    }
    BigDecimal total = amount("OrderTotal", order.orderTotal(), currency);
    return new Order(CHANNEL, orderId,
        present(order.sellerOrderId()) ? id("SellerOrderId", order.sellerOrderId()) : orderId,
        instant("PurchaseDate", order.purchaseDate(), true),
        instant("LastUpdateDate", order.lastUpdateDate(), false),
        currency, shipTo(order.shippingAddress()), lines, shipping, shippingTax, total,
        taxIncluded(order, currency) ? Boolean.TRUE : null,
        "AFN".equals(order.fulfillmentChannel()) ? Boolean.TRUE : null,
        facilitator ? Boolean.TRUE : null,
        instant("LatestShipDate", order.latestShipDate(), false));
  }

  private static OrderLine line(AmazonOrderItem item, String path, String currency, int scale, boolean lenient) {
    String lineId = id(path + ".OrderItemId", item.orderItemId());
    String sku = id(path + ".SellerSKU", item.sellerSku());
    Integer quantity = item.quantityOrdered();
    if (quantity == null) {
      throw new InvalidPayloadException(path + ".QuantityOrdered is missing");
    }
    if (quantity < 0) {
      throw new InvalidPayloadException(path + ".QuantityOrdered must not be negative, got " + quantity);
    }
    BigDecimal itemPrice = amount(path + ".ItemPrice", item.itemPrice(), currency);
    if (itemPrice == null) {
      if (quantity > 0 && !lenient) {
        throw new InvalidPayloadException(path + ".ItemPrice is missing");
      }
      itemPrice = BigDecimal.ZERO;
    }
    BigDecimal unitPrice;
    BigDecimal rounding = BigDecimal.ZERO;
    if (quantity == 0) {
      // a cancelled line: Amazon keeps it with quantity 0
      if (itemPrice.signum() != 0) {
        throw new InvalidPayloadException(path + ".ItemPrice is " + itemPrice.toPlainString()
            + " for QuantityOrdered 0");
      }
      unitPrice = BigDecimal.ZERO;
    } else {
      BigDecimal count = BigDecimal.valueOf(quantity);
      unitPrice = itemPrice.divide(count, scale, RoundingMode.CEILING);
      rounding = unitPrice.multiply(count).subtract(itemPrice);
    }
    BigDecimal promotion = orZero(amount(path + ".PromotionDiscount", item.promotionDiscount(), currency));
    BigDecimal tax = difference(path, item.itemTax(), "ItemTax", item.promotionDiscountTax(), "PromotionDiscountTax",
        currency);
    return new OrderLine(lineId, sku, quantity, unitPrice, promotion.add(rounding), tax,
        title(path + ".Title", item.title()));
  }

  /** {@code minuend − subtrahend} of one item (shipping less its discount, tax less the promotion's tax). */
  private static BigDecimal difference(String path, AmazonMoney minuend, String minuendName, AmazonMoney subtrahend,
      String subtrahendName, String currency) {
    BigDecimal value = orZero(amount(path + "." + minuendName, minuend, currency));
    BigDecimal less = orZero(amount(path + "." + subtrahendName, subtrahend, currency));
    BigDecimal result = value.subtract(less);
    if (result.signum() < 0) {
      throw new InvalidPayloadException(path + "." + subtrahendName + " " + less.toPlainString() + " exceeds "
          + minuendName + " " + value.toPlainString());
    }
    return result;
  }

  /** The order's currency: {@code OrderTotal}'s, else the first amount's, else the marketplace's. */
  private static String currency(AmazonOrder order, List<AmazonOrderItem> items) {
    String currency = null;
    String from = null;
    if (order.orderTotal() != null && order.orderTotal().currencyCode() != null) {
      currency = order.orderTotal().currencyCode();
      from = "OrderTotal.CurrencyCode";
    }
    for (int i = 0; currency == null && i < items.size(); i++) {
      AmazonOrderItem item = items.get(i);
      if (item != null && item.itemPrice() != null && item.itemPrice().currencyCode() != null) {
        currency = item.itemPrice().currencyCode();
        from = "OrderItems[" + i + "].ItemPrice.CurrencyCode";
      }
    }
    if (currency == null && order.marketplaceId() != null) {
      currency = MARKETPLACE_CURRENCIES.get(order.marketplaceId());
      from = "MarketplaceId";
    }
    if (currency == null) {
      throw new InvalidPayloadException("the order has no currency (no OrderTotal, no ItemPrice, unknown MarketplaceId)");
    }
    if (!Money.isKnownCurrency(currency)) {
      throw new InvalidPayloadException(from + " is not an ISO 4217 currency: " + printable(currency));
    }
    return currency;
  }

  /** An amount in the order's currency, at most at its scale, not negative; null when absent. */
  private static BigDecimal amount(String path, AmazonMoney money, String currency) {
    if (money == null || money.amount() == null) {
      return null;
    }
    if (money.currencyCode() != null && !money.currencyCode().equals(currency)) {
      throw new InvalidPayloadException(path + ".CurrencyCode " + printable(money.currencyCode())
          + " differs from the order's currency " + currency);
    }
    String text = money.amount().trim();
    if (text.isEmpty() || text.length() > 40) {
      throw new InvalidPayloadException(path + ".Amount is not a decimal amount: " + printable(money.amount()));
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new InvalidPayloadException(path + ".Amount is not a decimal amount: " + printable(money.amount()));
    }
    if (value.signum() < 0) {
      throw new InvalidPayloadException(path + ".Amount must not be negative, got " + text);
    }
    try {
      return Money.scaleFor(currency, value);
    } catch (IllegalArgumentException e) {
      throw new InvalidPayloadException(path + ".Amount " + e.getMessage());
    }
  }

  private static boolean taxIncluded(AmazonOrder order, String currency) {
    if (order.marketplaceId() != null && MARKETPLACE_CURRENCIES.containsKey(order.marketplaceId())) {
      return !TAX_EXCLUSIVE_MARKETPLACES.contains(order.marketplaceId());
    }
    return !TAX_EXCLUSIVE_CURRENCIES.contains(currency);
  }

  private static Address shipTo(AmazonOrder.ShippingAddress address) {
    if (address == null) {
      return null;
    }
    String country = address.countryCode() == null || address.countryCode().trim().length() != 2 ? null
        : address.countryCode().trim();
    Address shipTo = new Address(fitting(address.city(), 100), fitting(address.stateOrRegion(), 20),
        fitting(address.postalCode(), 20), country);
    return shipTo.city() == null && shipTo.region() == null && shipTo.postalCode() == null
        && shipTo.countryCode() == null ? null : shipTo;
  }

  /** A routing detail that does not fit the canonical field is left out rather than failing the order. */
  private static String fitting(String value, int max) {
    if (value == null || value.isBlank() || value.length() > max || hasControl(value)) {
      return null;
    }
    return value.trim();
  }

  private static String title(String path, String title) {
    if (title == null) {
      return null;
    }
    if (title.indexOf('\u0000') >= 0) {
      throw new InvalidPayloadException(path + " contains a NUL character");
    }
    if (title.codePointCount(0, title.length()) <= MAX_TITLE) {
      return title;
    }
    return title.substring(0, title.offsetByCodePoints(0, MAX_TITLE - 1)) + "…";
  }

  private static String id(String path, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidPayloadException(path + " is missing");
    }
    if (value.indexOf('\u0000') >= 0) {
      throw new InvalidPayloadException(path + " contains a NUL character");
    }
    if (hasControl(value)) {
      throw new InvalidPayloadException(path + " contains control characters");
    }
    if (value.length() > MAX_ID) {
      throw new InvalidPayloadException(path + " is longer than " + MAX_ID + " characters");
    }
    return value;
  }

  private static String orderId(JsonNode order) {
    JsonNode id = order.get("AmazonOrderId");
    if (id == null || id.isNull()) {
      throw new InvalidPayloadException("AmazonOrderId is missing");
    }
    if (!id.isString()) {
      throw new InvalidPayloadException("AmazonOrderId is not a string");
    }
    return id("AmazonOrderId", id.stringValue());
  }

  private static Instant instant(String field, String value, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        throw new InvalidPayloadException(field + " is missing");
      }
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidPayloadException(field + " is not an ISO-8601 timestamp: " + printable(value));
    }
  }

  private static <T> T bind(JsonNode node, Class<T> type, String prefix) {
    if (node == null || !node.isObject()) {
      throw new InvalidPayloadException((prefix.isEmpty() ? "the order" : prefix) + " is not an object");
    }
    try {
      return WIRE.treeToValue(node, type);
    } catch (JacksonException e) {
      String path = path(e);
      String at = prefix.isEmpty() ? path : path.isEmpty() ? prefix : prefix + "." + path;
      throw new InvalidPayloadException((at.isEmpty() ? "" : at + ": ") + e.getOriginalMessage(), e);
    }
  }

  /** Where binding failed, e.g. {@code OrderTotal.Amount}. */
  private static String path(JacksonException failure) {
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

  /** The order as Amazon sent it, with its items as {@code OrderItems}: what an exception entry keeps. */
  public static byte[] raw(JsonNode order, List<JsonNode> items) {
    ObjectNode raw;
    if (order != null && order.isObject()) {
      raw = ((ObjectNode) order).deepCopy();
    } else {
      raw = WIRE.createObjectNode();
      raw.set("Order", order);
    }
    if (items != null) {
      ArrayNode array = raw.putArray("OrderItems");
      items.forEach(array::add);
    }
    return WIRE.writeValueAsBytes(raw);
  }

  private static String unknownId(byte[] raw) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
      return "unknown-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String textOf(JsonNode order, String field) {
    JsonNode value = order == null ? null : order.get(field);
    return value != null && value.isString() ? value.stringValue() : null;
  }

  /** A value quoted in a reason: control characters escaped, at most 80 characters. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder();
    value.codePoints().limit(80).forEach(c -> {
      if (c < 0x20 || c == 0x7F) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return "'" + out + (value.codePointCount(0, value.length()) > 80 ? "…" : "") + "'";
  }

  private static boolean hasControl(String value) {
    return value.chars().anyMatch(c -> c < 0x20 || c == 0x7F);
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
