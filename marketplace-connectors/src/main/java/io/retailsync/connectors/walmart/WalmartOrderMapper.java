package io.retailsync.connectors.walmart;

import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.connectors.walmart.wire.WalmartOrder;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place Walmart's purchase orders meet the canonical model (docs/walmart.md).
 *
 * <ul>
 *   <li>order id {@code purchaseOrderId}, order number {@code customerOrderId}, created {@code orderDate} (epoch
 *       ms), last modified the latest line {@code statusDate} (else {@code orderDate}), ship-by
 *       {@code shippingInfo.estimatedShipDate};</li>
 *   <li>one canonical line per Walmart line ({@code lineNumber}, {@code item.sku}), quantity
 *       {@code orderLineQuantity.amount} minus what its {@code Cancelled} statuses hold; a line cancelled in full
 *       is left out, and an order whose every line is cancelled is {@link PolledOrder.State#CANCELLED};</li>
 *   <li>money from the line charges: {@code PRODUCT} charges are the line's price for its ordered quantity, a
 *       negative {@code PRODUCT} charge (Walmart's {@code SubscriptionDiscount} and the like) is a discount,
 *       {@code SHIPPING} charges are the order's shipping, each charge's {@code tax.taxAmount} its tax. A line
 *       partly cancelled keeps the share of its charges its remaining quantity bears (rounded half-up to the
 *       currency's minor unit). The unit price is the line's price divided by its quantity, rounded up to the
 *       minor unit; what that rounding adds is booked as discount, so the line still sums to Walmart's
 *       charge;</li>
 *   <li>the total is what the posted lines' charges and taxes add up to; prices exclude tax; the tax is
 *       Walmart's to remit when {@code marketplaceCollectsTax} (marketplace facilitator);</li>
 *   <li>the lines' {@code refund} blocks become {@link PolledOrder#refunds()} ({@link WalmartRefundMapper}); they do
 *       not change the order.</li>
 * </ul>
 *
 * An order that cannot be mapped becomes {@link PolledOrder#invalid} with the field that is wrong: one bad
 * order never fails its page.
 */
public final class WalmartOrderMapper {

  public static final String CHANNEL = "walmart";
  public static final String CREATED = "Created";
  public static final String CANCELLED = "Cancelled";

  static final JsonMapper WIRE = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private static final Map<String, String> ISO3_TO_ISO2 = iso3Countries();
  private static final int MAX_TITLE = 255;

  private final boolean marketplaceCollectsTax;
  private final CanonicalValidator validator = new CanonicalValidator();

  public WalmartOrderMapper(boolean marketplaceCollectsTax) {
    this.marketplaceCollectsTax = marketplaceCollectsTax;
  }

  /** One page of {@code GET /v3/orders}: its orders, each mapped on its own, and {@code meta.nextCursor}. */
  public record Page(List<PolledOrder> orders, String nextCursor, Integer totalCount) {}

  /**
   * Reads a page body. A body that is not Walmart's list shape is an {@link InvalidPayloadException}; an order
   * inside it that cannot be mapped is an invalid {@link PolledOrder}, not a failure of the page.
   */
  public Page readPage(byte[] body) {
    JsonNode root;
    try {
      root = WIRE.readTree(body);
    } catch (JacksonException e) {
      throw new InvalidPayloadException("Walmart order list is not JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode list = root == null ? null : root.get("list");
    if (list == null || !list.isObject()) {
      throw new InvalidPayloadException("Walmart order list has no list object");
    }
    JsonNode meta = list.path("meta");
    JsonNode cursor = meta.get("nextCursor");
    String nextCursor = cursor != null && cursor.isString() && !cursor.asString().isBlank() ? cursor.asString() : null;
    JsonNode total = meta.get("totalCount");
    JsonNode orders = list.path("elements").path("order");
    List<PolledOrder> mapped = new ArrayList<>();
    if (orders.isArray()) {
      for (JsonNode order : orders) {
        mapped.add(map(order));
      }
    } else if (!orders.isMissingNode() && !orders.isNull()) {
      throw new InvalidPayloadException("Walmart order list: list.elements.order is not an array");
    }
    return new Page(mapped, nextCursor, total != null && total.isIntegralNumber() ? total.intValue() : null);
  }

  /** Maps one order as Walmart sent it (the JSON of one {@code order} element); never throws. */
  public PolledOrder map(byte[] rawOrder) {
    JsonNode node;
    try {
      node = WIRE.readTree(rawOrder);
    } catch (JacksonException e) {
      return PolledOrder.invalid(unidentified(rawOrder), null, null, rawOrder,
          "Walmart order is not JSON: " + e.getOriginalMessage());
    }
    return map(node == null ? WIRE.nullNode() : node, rawOrder);
  }

  /** Maps one {@code order} element of a page; never throws. */
  public PolledOrder map(JsonNode node) {
    return map(node, WIRE.writeValueAsBytes(node));
  }

  private PolledOrder map(JsonNode node, byte[] raw) {
    String orderId = orderIdOf(node).orElseGet(() -> unidentified(raw));
    Instant lastModified = lastModifiedOf(node);
    String status = statusOf(node);
    if (!node.isObject()) {
      return PolledOrder.invalid(orderId, lastModified, status, raw, "Walmart order is not a JSON object");
    }
    try {
      WalmartOrder order = WIRE.treeToValue(node, WalmartOrder.class);
      return toPolled(order, raw);
    } catch (JacksonException e) {
      String path = path(e);
      return PolledOrder.invalid(orderId, lastModified, status, raw, "Walmart order " + orderId + ": "
          + (path.isEmpty() ? "" : path + ": ") + e.getOriginalMessage());
    } catch (InvalidPayloadException e) {
      return PolledOrder.invalid(orderId, lastModified, status, raw, "Walmart order " + orderId + ": " + e.getMessage());
    } catch (RuntimeException e) {
      // an amount finer than its currency, an unknown currency, a value the model refuses
      return PolledOrder.invalid(orderId, lastModified, status, raw, "Walmart order " + orderId
          + " cannot be mapped: " + e.getMessage());
    }
  }

  private PolledOrder toPolled(WalmartOrder order, byte[] raw) {
    String orderId = text("purchaseOrderId", order.purchaseOrderId());
    if (order.orderDate() == null) {
      throw new InvalidPayloadException("orderDate is missing");
    }
    Instant createdAt = epochMillis("orderDate", order.orderDate());
    List<WalmartOrder.OrderLine> wireLines = order.orderLines() == null ? null : order.orderLines().orderLine();
    if (wireLines == null || wireLines.isEmpty()) {
      throw new InvalidPayloadException("orderLines.orderLine is missing or empty");
    }
    String currency = currencyOf(wireLines);
    int scale = Money.minorUnits(currency);
    List<LineFacts> facts = new ArrayList<>();
    Instant lastModified = createdAt;
    Set<String> statuses = new LinkedHashSet<>();
    for (int i = 0; i < wireLines.size(); i++) {
      LineFacts line = lineFacts(wireLines.get(i), i, currency);
      facts.add(line);
      statuses.addAll(line.statuses());
      if (line.statusDate() != null && line.statusDate().isAfter(lastModified)) {
        lastModified = line.statusDate();
      }
    }
    boolean cancelled = facts.stream().allMatch(line -> line.open() == 0);
    List<OrderLine> lines = new ArrayList<>();
    BigDecimal shipping = BigDecimal.ZERO;
    BigDecimal shippingTax = BigDecimal.ZERO;
    for (LineFacts line : facts) {
      // a cancelled order keeps what was ordered, so its cancellation names every line; otherwise what is left
      int quantity = cancelled ? line.ordered() : line.open();
      if (quantity == 0) {
        continue;
      }
      Sums sums = line.sums().share(quantity, line.ordered(), scale);
      BigDecimal unitPrice = sums.product().divide(BigDecimal.valueOf(quantity), scale, RoundingMode.CEILING);
      BigDecimal rounding = unitPrice.multiply(BigDecimal.valueOf(quantity)).subtract(sums.product());
      lines.add(new OrderLine(line.lineNumber(), line.sku(), quantity, unitPrice, sums.discount().add(rounding),
          sums.tax(), line.title()));
      shipping = shipping.add(sums.shipping());
      shippingTax = shippingTax.add(sums.shippingTax());
    }
    Order canonical = new Order(CHANNEL, orderId, order.customerOrderId(), createdAt, lastModified, currency,
        shipTo(order.shippingInfo()), lines, shipping, shippingTax, null, null,
        order.shipNode() != null && "WFSFulfilled".equalsIgnoreCase(order.shipNode().type()) ? Boolean.TRUE : null,
        marketplaceCollectsTax ? Boolean.TRUE : null,
        order.shippingInfo() == null || order.shippingInfo().estimatedShipDate() == null ? null
            : epochMillis("shippingInfo.estimatedShipDate", order.shippingInfo().estimatedShipDate()));
    canonical = withTotal(canonical);
    List<String> violations = validator.violations(canonical);
    if (!violations.isEmpty()) {
      throw new InvalidPayloadException("the canonical order is invalid: " + String.join("; ", violations));
    }
    WalmartRefundMapper.Mapped refunds = WalmartRefundMapper.map(orderId, createdAt, currency, wireLines);
    return new PolledOrder(orderId, lastModified, cancelled ? PolledOrder.State.CANCELLED : PolledOrder.State.OPEN,
        canonical, String.join(",", statuses), raw, null, refunds.refunds(), refunds.problems());
  }

  /** The total of what the posted lines' charges and taxes come to. */
  private static Order withTotal(Order order) {
    return new Order(order.channel(), order.orderId(), order.orderNumber(), order.createdAt(), order.updatedAt(),
        order.currency(), order.shipTo(), order.lines(), order.shippingAmount(), order.shippingTax(),
        order.computedTotal(), order.taxesIncluded(), order.fulfilledByMarketplace(), order.marketplaceCollectsTax(),
        order.shipBy());
  }

  /** Amounts of one line for its ordered quantity: price, discount, tax (of both), shipping and its tax. */
  private record Sums(BigDecimal product, BigDecimal discount, BigDecimal tax, BigDecimal shipping,
      BigDecimal shippingTax) {

    /** The share {@code quantity} of {@code ordered} units bear, half-up at the currency's minor unit. */
    Sums share(int quantity, int ordered, int scale) {
      if (quantity == ordered) {
        return this;
      }
      return new Sums(part(product, quantity, ordered, scale), part(discount, quantity, ordered, scale),
          part(tax, quantity, ordered, scale), part(shipping, quantity, ordered, scale),
          part(shippingTax, quantity, ordered, scale));
    }

    private static BigDecimal part(BigDecimal amount, int quantity, int ordered, int scale) {
      return amount.multiply(BigDecimal.valueOf(quantity)).divide(BigDecimal.valueOf(ordered), scale,
          RoundingMode.HALF_UP);
    }
  }

  private record LineFacts(String lineNumber, String sku, String title, int ordered, int open, Sums sums,
      Set<String> statuses, Instant statusDate) {}

  private static LineFacts lineFacts(WalmartOrder.OrderLine line, int index, String currency) {
    String at = "orderLines.orderLine[" + index + "]";
    if (line == null) {
      throw new InvalidPayloadException(at + " is null");
    }
    String lineNumber = text(at + ".lineNumber", line.lineNumber());
    String sku = text(at + ".item.sku", line.item() == null ? null : line.item().sku());
    String title = line.item() == null ? null : line.item().productName();
    if (title != null && title.length() > MAX_TITLE) {
      title = title.substring(0, MAX_TITLE);
    }
    int ordered = quantity(at + ".orderLineQuantity.amount",
        line.orderLineQuantity() == null ? null : line.orderLineQuantity().amount());
    List<WalmartOrder.OrderLineStatus> statuses = line.orderLineStatuses() == null ? null
        : line.orderLineStatuses().orderLineStatus();
    if (statuses == null || statuses.isEmpty()) {
      throw new InvalidPayloadException(at + ".orderLineStatuses.orderLineStatus is missing or empty");
    }
    Set<String> names = new LinkedHashSet<>();
    int cancelled = 0;
    for (int s = 0; s < statuses.size(); s++) {
      WalmartOrder.OrderLineStatus status = statuses.get(s);
      String statusAt = at + ".orderLineStatuses.orderLineStatus[" + s + "]";
      if (status == null) {
        throw new InvalidPayloadException(statusAt + " is null");
      }
      String name = text(statusAt + ".status", status.status());
      names.add(name);
      if (CANCELLED.equalsIgnoreCase(name)) {
        cancelled += quantity(statusAt + ".statusQuantity.amount",
            status.statusQuantity() == null ? null : status.statusQuantity().amount());
      }
    }
    List<WalmartOrder.Charge> charges = line.charges() == null || line.charges().charge() == null ? List.of()
        : line.charges().charge();
    BigDecimal product = BigDecimal.ZERO;
    BigDecimal discount = BigDecimal.ZERO;
    BigDecimal tax = BigDecimal.ZERO;
    BigDecimal shipping = BigDecimal.ZERO;
    BigDecimal shippingTax = BigDecimal.ZERO;
    for (int c = 0; c < charges.size(); c++) {
      String chargeAt = at + ".charges.charge[" + c + "]";
      WalmartOrder.Charge charge = charges.get(c);
      if (charge == null) {
        throw new InvalidPayloadException(chargeAt + " is null");
      }
      BigDecimal amount = money(chargeAt + ".chargeAmount", charge.chargeAmount(), currency, true);
      BigDecimal chargeTax = charge.tax() == null ? BigDecimal.ZERO
          : money(chargeAt + ".tax.taxAmount", charge.tax().taxAmount(), currency, false);
      String type = text(chargeAt + ".chargeType", charge.chargeType()).toUpperCase(Locale.ROOT);
      switch (type) {
        case "PRODUCT" -> {
          if (amount.signum() < 0) {
            discount = discount.subtract(amount);
          } else {
            product = product.add(amount);
          }
          tax = tax.add(chargeTax);
        }
        case "SHIPPING" -> {
          shipping = shipping.add(amount);
          shippingTax = shippingTax.add(chargeTax);
        }
        default -> throw new InvalidPayloadException(chargeAt + ".chargeType " + charge.chargeType()
            + " is not a charge the suite maps (PRODUCT, SHIPPING)");
      }
    }
    Instant statusDate = line.statusDate() == null ? null : epochMillis(at + ".statusDate", line.statusDate());
    return new LineFacts(lineNumber, sku.trim(), title, ordered, Math.max(0, ordered - cancelled),
        new Sums(product, discount, tax, shipping, shippingTax), names, statusDate);
  }

  /** The order's currency: the first charge's, which every other charge and tax must share. */
  private static String currencyOf(List<WalmartOrder.OrderLine> lines) {
    for (WalmartOrder.OrderLine line : lines) {
      if (line != null && line.charges() != null && line.charges().charge() != null) {
        for (WalmartOrder.Charge charge : line.charges().charge()) {
          if (charge != null && charge.chargeAmount() != null && charge.chargeAmount().currency() != null) {
            String currency = charge.chargeAmount().currency().trim();
            if (!Money.isKnownCurrency(currency)) {
              throw new InvalidPayloadException("chargeAmount.currency " + currency
                  + " is not an ISO 4217 currency with a minor unit");
            }
            return currency;
          }
        }
      }
    }
    throw new InvalidPayloadException("no line has a charge with a currency (orderLines.orderLine[].charges)");
  }

  static BigDecimal money(String at, WalmartOrder.Money money, String currency, boolean required) {
    if (money == null || money.amount() == null) {
      if (required) {
        throw new InvalidPayloadException(at + ".amount is missing");
      }
      return BigDecimal.ZERO;
    }
    if (money.currency() != null && !currency.equals(money.currency().trim())) {
      throw new InvalidPayloadException(at + ".currency " + money.currency() + " differs from the order's "
          + currency);
    }
    BigDecimal amount = money.amount();
    // refused before any arithmetic: 1e999999999 is short text but a hundred-million-digit number
    if (Math.abs(amount.scale()) > 100 || amount.precision() - amount.scale() > Money.MAX_INTEGER_DIGITS) {
      throw new InvalidPayloadException(at + ".amount " + amount + " is larger or finer than any amount accepted");
    }
    if (amount.stripTrailingZeros().scale() > Money.minorUnits(currency)) {
      throw new InvalidPayloadException(at + ".amount " + amount.toPlainString() + " has more decimals than "
          + currency + " allows");
    }
    return amount;
  }

  static int quantity(String at, String amount) {
    if (amount == null || amount.isBlank()) {
      throw new InvalidPayloadException(at + " is missing");
    }
    String text = amount.trim();
    if (!text.matches("\\d{1,9}(\\.0+)?")) {
      throw new InvalidPayloadException(at + " is not a whole quantity: " + excerpt(text));
    }
    return Integer.parseInt(text.contains(".") ? text.substring(0, text.indexOf('.')) : text);
  }

  private static String text(String at, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidPayloadException(at + " is missing");
    }
    return value;
  }

  private static Instant epochMillis(String at, long millis) {
    // Walmart dates are epoch milliseconds; a value in seconds would land in January 1970
    if (millis < Instant.parse("1990-01-01T00:00:00Z").toEpochMilli()
        || millis > Instant.parse("9999-12-31T23:59:59Z").toEpochMilli()) {
      throw new InvalidPayloadException(at + " " + millis + " is not an epoch-millisecond date");
    }
    return Instant.ofEpochMilli(millis);
  }

  private static Address shipTo(WalmartOrder.ShippingInfo info) {
    if (info == null || info.postalAddress() == null) {
      return null;
    }
    WalmartOrder.PostalAddress address = info.postalAddress();
    String country = address.country() == null ? null : address.country().trim().toUpperCase(Locale.ROOT);
    if (country != null && country.length() == 3) {
      country = ISO3_TO_ISO2.get(country);
    } else if (country != null && country.length() != 2) {
      country = null;
    }
    return new Address(address.city(), address.state(), address.postalCode(), country);
  }

  /** Whether a {@link PolledOrder#marketplaceStatus()} of this mapper has a line still {@code Created}. */
  public static boolean hasCreatedLines(String marketplaceStatus) {
    if (marketplaceStatus == null) {
      return false;
    }
    for (String status : marketplaceStatus.split(",")) {
      if (CREATED.equalsIgnoreCase(status.trim())) {
        return true;
      }
    }
    return false;
  }

  private static java.util.Optional<String> orderIdOf(JsonNode node) {
    JsonNode id = node == null ? null : node.get("purchaseOrderId");
    if (id != null && (id.isString() || id.isIntegralNumber()) && !id.asString().isBlank()) {
      return java.util.Optional.of(id.asString());
    }
    return java.util.Optional.empty();
  }

  /** A stable id for an order without a readable {@code purchaseOrderId}: its content's digest. */
  private static String unidentified(byte[] raw) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
      return "unidentified-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Instant lastModifiedOf(JsonNode node) {
    long latest = Long.MIN_VALUE;
    JsonNode orderDate = node == null ? null : node.get("orderDate");
    if (orderDate != null && orderDate.isIntegralNumber()) {
      latest = orderDate.longValue();
    }
    JsonNode lines = node == null ? null : node.path("orderLines").path("orderLine");
    if (lines != null && lines.isArray()) {
      for (JsonNode line : lines) {
        JsonNode date = line.get("statusDate");
        if (date != null && date.isIntegralNumber()) {
          latest = Math.max(latest, date.longValue());
        }
      }
    }
    return latest > 0 && latest < 253402300799000L ? Instant.ofEpochMilli(latest) : null;
  }

  private static String statusOf(JsonNode node) {
    Set<String> statuses = new LinkedHashSet<>();
    JsonNode lines = node == null ? null : node.path("orderLines").path("orderLine");
    if (lines != null && lines.isArray()) {
      for (JsonNode line : lines) {
        for (JsonNode status : line.path("orderLineStatuses").path("orderLineStatus")) {
          JsonNode name = status.get("status");
          if (name != null && name.isString()) {
            statuses.add(name.asString());
          }
        }
      }
    }
    return statuses.isEmpty() ? null : String.join(",", statuses);
  }

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

  private static String excerpt(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
    return new String(shown.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
  }

  private static Map<String, String> iso3Countries() {
    Map<String, String> countries = new TreeMap<>();
    for (String iso2 : Locale.getISOCountries()) {
      try {
        countries.put(new Locale("", iso2).getISO3Country(), iso2);
      } catch (java.util.MissingResourceException ignored) {
        // a country without a three-letter code
      }
    }
    return Map.copyOf(countries);
  }
}
