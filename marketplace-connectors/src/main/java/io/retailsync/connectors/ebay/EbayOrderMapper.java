package io.retailsync.connectors.ebay;

import io.retailsync.connectors.ebay.wire.EbayAmount;
import io.retailsync.connectors.ebay.wire.EbayLineItem;
import io.retailsync.connectors.ebay.wire.EbayOrder;
import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.model.Address;
import io.retailsync.model.CanonicalValidator;
import io.retailsync.model.Money;
import io.retailsync.model.Order;
import io.retailsync.model.OrderLine;
import io.retailsync.model.json.InvalidPayloadException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place eBay's Fulfillment API order meets the canonical model (see docs/ebay.md for the field
 * table). Everything is booked in the seller's currency ({@code value}/{@code currency} of each amount; the
 * buyer's {@code convertedFrom*} values are ignored). Buyer names, e-mail, phone and street lines are not
 * bound.
 *
 * <p>Money: {@code lineItemCost} is unit price × quantity; the unit price is that divided by the quantity,
 * rounded <em>up</em> to the currency's minor unit, and what rounding added (less than one minor unit per
 * piece) is added to the line's discount, so the line's net amount is exactly eBay's. Seller-collected
 * {@code taxes[]} are the line tax; tax eBay collects and remits ({@code ebayCollectAndRemitTaxes[]}, which
 * eBay may also repeat in {@code taxes[]} with the same amount) is not the seller's: it is left out of the
 * line tax, the order is marked {@code marketplaceCollectsTax}, and it is taken out of the canonical total
 * ({@code pricingSummary.total} includes it), so the order still adds up.
 *
 * <p>Refunds do not change the order; they become {@link PolledOrder#refunds()} ({@link EbayRefundMapper}).
 */
public final class EbayOrderMapper {

  public static final String CHANNEL = "ebay";

  static final JsonMapper WIRE = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  private static final CanonicalValidator VALIDATOR = new CanonicalValidator();

  private EbayOrderMapper() {}

  /**
   * Maps one order of a getOrders page. Never throws for bad input: an order that cannot be mapped comes
   * back as {@link PolledOrder#invalid} naming the field, so it does not fail its page.
   */
  public static PolledOrder toPolled(JsonNode node) {
    byte[] raw = WIRE.writeValueAsBytes(node);
    String orderId = idOf(node, raw);
    Instant lastModified = lastModifiedOf(node);
    String status = statusOf(node);
    EbayOrder wire;
    try {
      wire = WIRE.treeToValue(node, EbayOrder.class);
    } catch (JacksonException e) {
      return PolledOrder.invalid(orderId, lastModified, status, raw,
          "not an eBay order: " + pathOf(e) + e.getOriginalMessage());
    }
    try {
      if (wire == null) {
        throw new InvalidPayloadException("not an eBay order: null");
      }
      Order order = toCanonical(wire);
      List<String> violations = VALIDATOR.violations(order);
      if (!violations.isEmpty()) {
        return PolledOrder.invalid(orderId, lastModified, status, raw,
            "eBay order " + orderId + " is not a valid order: " + String.join("; ", violations));
      }
      EbayRefundMapper.Mapped refunds = EbayRefundMapper.map(node, order.orderId(), order.currency(), order.lines());
      return new PolledOrder(orderId, order.updatedAt() != null ? order.updatedAt() : order.createdAt(), state(wire),
          order, status, raw, null, refunds.refunds(), refunds.problems());
    } catch (InvalidPayloadException | IllegalArgumentException | ArithmeticException | NullPointerException e) {
      return PolledOrder.invalid(orderId, lastModified, status, raw,
          "eBay order " + orderId + " cannot be mapped: " + e.getMessage());
    }
  }

  /** Parses one order's JSON (a fixture, a getOrder answer) and maps it. */
  public static PolledOrder toPolled(byte[] json) {
    JsonNode node;
    try {
      node = WIRE.readTree(json);
    } catch (JacksonException e) {
      return PolledOrder.invalid("invalid-" + digest(json), null, null, json,
          "not JSON: " + e.getOriginalMessage());
    }
    return toPolled(node);
  }

  /** What eBay's status means for the ERP (docs/ebay.md, "Status"). */
  public static PolledOrder.State state(EbayOrder order) {
    String cancel = order.cancelStatus() == null ? null : order.cancelStatus().cancelState();
    if ("CANCELED".equals(cancel)) {
      return PolledOrder.State.CANCELLED;
    }
    String payment = order.orderPaymentStatus();
    if ("PENDING".equals(payment) || "FAILED".equals(payment)) {
      return PolledOrder.State.WAITING;
    }
    return PolledOrder.State.OPEN;
  }

  public static Order toCanonical(EbayOrder order) {
    require(order.orderId(), "orderId");
    if (order.lineItems() == null || order.lineItems().isEmpty()) {
      throw new InvalidPayloadException("lineItems is missing or empty");
    }
    EbayOrder.PricingSummary pricing = order.pricingSummary();
    String currency = currencyOf(order);
    List<OrderLine> lines = new ArrayList<>();
    BigDecimal shipping = BigDecimal.ZERO;
    BigDecimal lineShippingDiscount = BigDecimal.ZERO;
    BigDecimal collectedByEbay = BigDecimal.ZERO;
    boolean marketplaceTax = Boolean.TRUE.equals(order.ebayCollectAndRemitTax());
    Instant shipBy = null;
    for (int i = 0; i < order.lineItems().size(); i++) {
      String path = "lineItems[" + i + "]";
      EbayLineItem item = order.lineItems().get(i);
      if (item == null) {
        throw new InvalidPayloadException(path + " is null");
      }
      lines.add(line(item, path, currency));
      EbayLineItem.DeliveryCost delivery = item.deliveryCost();
      if (delivery != null) {
        shipping = shipping.add(amount(delivery.shippingCost(), path + ".deliveryCost.shippingCost", currency, ZERO_IF_ABSENT))
            .add(amount(delivery.handlingCost(), path + ".deliveryCost.handlingCost", currency, ZERO_IF_ABSENT));
        lineShippingDiscount = lineShippingDiscount.add(
            amount(delivery.discountAmount(), path + ".deliveryCost.discountAmount", currency, ZERO_IF_ABSENT).abs());
      }
      List<EbayLineItem.CollectAndRemitTax> remitted = list(item.ebayCollectAndRemitTaxes(), path + ".ebayCollectAndRemitTaxes");
      for (int k = 0; k < remitted.size(); k++) {
        collectedByEbay = collectedByEbay.add(amount(remitted.get(k).amount(),
            path + ".ebayCollectAndRemitTaxes[" + k + "].amount", currency, ZERO_IF_ABSENT));
        marketplaceTax = true;
      }
      EbayLineItem.FulfillmentInstructions instructions = item.lineItemFulfillmentInstructions();
      if (instructions != null && instructions.shipByDate() != null) {
        Instant lineShipBy = instant(instructions.shipByDate(), path + ".lineItemFulfillmentInstructions.shipByDate");
        shipBy = shipBy == null || lineShipBy.isBefore(shipBy) ? lineShipBy : shipBy;
      }
    }
    BigDecimal shippingDiscount = lineShippingDiscount.signum() != 0 || pricing == null ? lineShippingDiscount
        : amount(pricing.deliveryDiscount(), "pricingSummary.deliveryDiscount", currency, ZERO_IF_ABSENT).abs();
    BigDecimal total = pricing == null || pricing.total() == null ? null
        : amount(pricing.total(), "pricingSummary.total", currency, REQUIRED).subtract(collectedByEbay);
    return new Order(CHANNEL, order.orderId(), orderNumber(order), instant(order.creationDate(), "creationDate"),
        order.lastModifiedDate() == null ? null : instant(order.lastModifiedDate(), "lastModifiedDate"), currency,
        shipTo(order), lines, shipping.subtract(shippingDiscount), BigDecimal.ZERO, total, null, null,
        marketplaceTax ? Boolean.TRUE : null, shipBy);
  }

  private static OrderLine line(EbayLineItem item, String path, String currency) {
    require(item.lineItemId(), path + ".lineItemId");
    if (item.quantity() == null || item.quantity() < 1) {
      throw new InvalidPayloadException(path + ".quantity must be a positive number, got " + item.quantity());
    }
    int quantity = item.quantity();
    BigDecimal cost = amount(item.lineItemCost(), path + ".lineItemCost", currency, REQUIRED);
    if (cost.signum() < 0) {
      throw new InvalidPayloadException(path + ".lineItemCost must not be negative: " + cost.toPlainString());
    }
    int scale = Money.minorUnits(currency);
    BigDecimal unitPrice = cost.divide(BigDecimal.valueOf(quantity), scale, RoundingMode.UP);
    BigDecimal roundingDiscount = unitPrice.multiply(BigDecimal.valueOf(quantity)).subtract(cost);
    BigDecimal discount = BigDecimal.ZERO;
    List<EbayLineItem.AppliedPromotion> promotions = list(item.appliedPromotions(), path + ".appliedPromotions");
    for (int k = 0; k < promotions.size(); k++) {
      discount = discount.add(amount(promotions.get(k).discountAmount(),
          path + ".appliedPromotions[" + k + "].discountAmount", currency, ZERO_IF_ABSENT).abs());
    }
    if (promotions.isEmpty() && item.discountedLineItemCost() != null) {
      BigDecimal discounted = amount(item.discountedLineItemCost(), path + ".discountedLineItemCost", currency, REQUIRED);
      discount = cost.subtract(discounted).max(BigDecimal.ZERO);
    }
    return new OrderLine(item.lineItemId(), sku(item, path), quantity, unitPrice, discount.add(roundingDiscount),
        sellerTax(item, path, currency), item.title());
  }

  /**
   * The line's seller tax: {@code taxes[]} less the entries eBay collects and remits. eBay repeats a
   * collect-and-remit tax in {@code taxes[]} with the same amount; such an entry is matched (by amount, and
   * by tax type where both give one) and left out, once per remitted entry.
   */
  private static BigDecimal sellerTax(EbayLineItem item, String path, String currency) {
    List<EbayLineItem.Tax> taxes = list(item.taxes(), path + ".taxes");
    List<EbayLineItem.CollectAndRemitTax> remitted = new ArrayList<>(
        list(item.ebayCollectAndRemitTaxes(), path + ".ebayCollectAndRemitTaxes"));
    BigDecimal tax = BigDecimal.ZERO;
    for (int k = 0; k < taxes.size(); k++) {
      EbayLineItem.Tax entry = taxes.get(k);
      BigDecimal value = amount(entry.amount(), path + ".taxes[" + k + "].amount", currency, ZERO_IF_ABSENT);
      EbayLineItem.CollectAndRemitTax match = null;
      for (EbayLineItem.CollectAndRemitTax candidate : remitted) {
        BigDecimal remittedValue = amount(candidate.amount(), path + ".ebayCollectAndRemitTaxes[].amount", currency,
            ZERO_IF_ABSENT);
        boolean sameType = entry.taxType() == null || candidate.taxType() == null
            || entry.taxType().equals(candidate.taxType());
        if (sameType && remittedValue.compareTo(value) == 0) {
          match = candidate;
          break;
        }
      }
      if (match != null) {
        remitted.remove(match);
      } else {
        tax = tax.add(value);
      }
    }
    return tax;
  }

  /** The seller's SKU; without one (listings need none on eBay) {@code legacyItemId[-legacyVariationId]}. */
  private static String sku(EbayLineItem item, String path) {
    if (item.sku() != null && !item.sku().isBlank()) {
      return item.sku().trim();
    }
    if (item.legacyItemId() == null || item.legacyItemId().isBlank()) {
      throw new InvalidPayloadException(path + " has neither sku nor legacyItemId");
    }
    String variation = item.legacyVariationId();
    return item.legacyItemId().trim() + (variation == null || variation.isBlank() ? "" : "-" + variation.trim());
  }

  /** The seller's currency: that of {@code pricingSummary.total}, else of the first line's cost. */
  private static String currencyOf(EbayOrder order) {
    EbayOrder.PricingSummary pricing = order.pricingSummary();
    String currency = pricing != null && pricing.total() != null ? pricing.total().currency() : null;
    String path = "pricingSummary.total.currency";
    if (currency == null) {
      EbayLineItem first = order.lineItems().get(0);
      currency = first == null || first.lineItemCost() == null ? null : first.lineItemCost().currency();
      path = "lineItems[0].lineItemCost.currency";
    }
    if (currency == null || !Money.isKnownCurrency(currency)) {
      throw new InvalidPayloadException(path + " is not an ISO 4217 currency: " + currency);
    }
    return currency;
  }

  /** {@code salesRecordReference} (the seller's sales record number), else {@code legacyOrderId}. */
  private static String orderNumber(EbayOrder order) {
    String number = order.salesRecordReference() != null && !order.salesRecordReference().isBlank()
        ? order.salesRecordReference() : order.legacyOrderId();
    return number == null || number.isBlank() ? null : number.trim();
  }

  private static Address shipTo(EbayOrder order) {
    List<EbayOrder.FulfillmentStartInstruction> instructions = order.fulfillmentStartInstructions();
    if (instructions == null) {
      return null;
    }
    for (EbayOrder.FulfillmentStartInstruction instruction : instructions) {
      if (instruction != null && instruction.shippingStep() != null && instruction.shippingStep().shipTo() != null
          && instruction.shippingStep().shipTo().contactAddress() != null) {
        EbayOrder.ContactAddress address = instruction.shippingStep().shipTo().contactAddress();
        return new Address(address.city(), address.stateOrProvince(), address.postalCode(), address.countryCode());
      }
    }
    return null;
  }

  private static final boolean REQUIRED = true;
  private static final boolean ZERO_IF_ABSENT = false;

  /**
   * An amount in the order's currency, read from its decimal string; refuses garbage, another currency and
   * values no order has (before any arithmetic touches them).
   */
  static BigDecimal amount(EbayAmount amount, String path, String currency, boolean required) {
    if (amount == null || amount.value() == null) {
      if (required) {
        throw new InvalidPayloadException(path + " is missing");
      }
      return BigDecimal.ZERO;
    }
    if (amount.currency() != null && !amount.currency().equals(currency)) {
      throw new InvalidPayloadException(path + " is in " + amount.currency() + ", the order in " + currency);
    }
    String text = amount.value().trim();
    if (text.length() > 40) {
      throw new InvalidPayloadException(path + ".value is not an amount: too long");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new InvalidPayloadException(path + ".value is not a decimal amount: " + printable(text));
    }
    if (Math.abs(value.scale()) > 100 || value.precision() - value.scale() > Money.MAX_INTEGER_DIGITS) {
      throw new InvalidPayloadException(path + ".value " + text + " is larger or finer than any amount accepted");
    }
    BigDecimal significant = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    if (significant.scale() > Money.minorUnits(currency)) {
      throw new InvalidPayloadException(path + ".value " + text + " has more decimals than " + currency + " allows");
    }
    return value;
  }

  private static <T> List<T> list(List<T> items, String path) {
    if (items == null) {
      return List.of();
    }
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        throw new InvalidPayloadException(path + "[" + i + "] is null");
      }
    }
    return items;
  }

  private static void require(String value, String path) {
    if (value == null || value.isBlank()) {
      throw new InvalidPayloadException(path + " is missing");
    }
  }

  static Instant instant(String value, String path) {
    if (value == null) {
      throw new InvalidPayloadException(path + " is missing");
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidPayloadException(path + " is not an ISO-8601 UTC timestamp: " + printable(value));
    }
  }

  private static String idOf(JsonNode node, byte[] raw) {
    JsonNode id = node == null ? null : node.get("orderId");
    if (id != null && id.isString() && !id.asString().isBlank()) {
      return printable(id.asString());
    }
    return "invalid-" + digest(raw);
  }

  private static Instant lastModifiedOf(JsonNode node) {
    JsonNode value = node == null ? null : node.get("lastModifiedDate");
    if (value == null || !value.isString()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.asString()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** eBay's own status, for lineage and exceptions: {@code fulfillment/payment[/cancel:state]}. */
  private static String statusOf(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    String fulfillment = text(node.get("orderFulfillmentStatus"));
    String payment = text(node.get("orderPaymentStatus"));
    JsonNode cancelStatus = node.get("cancelStatus");
    String cancel = cancelStatus == null ? null : text(cancelStatus.get("cancelState"));
    String status = fulfillment + "/" + payment + (cancel == null || "NONE_REQUESTED".equals(cancel) ? "" : "/cancel:" + cancel);
    return printable(status.length() > 100 ? status.substring(0, 100) : status);
  }

  private static String text(JsonNode node) {
    return node != null && node.isString() ? node.asString() : null;
  }

  /** Control characters (NUL included) as U+FFFD, so a reason or id can be stored and shown. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
    for (int i = 0; i < text.length() && i < 200; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '\uFFFD' : c);
    }
    return out.toString();
  }

  private static String pathOf(JacksonException failure) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : failure.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "" : path + ": ";
  }

  private static String digest(byte[] raw) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
