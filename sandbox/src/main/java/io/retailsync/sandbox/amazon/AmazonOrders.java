package io.retailsync.sandbox.amazon;

import io.retailsync.sandbox.shopify.ShopifyCatalog;
import io.retailsync.sandbox.support.Amounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The seller's orders as the stand-in holds them, in memory, one lock for all (a test double's volumes).
 * Every change moves the order's {@code LastUpdateDate} forward by at least a second (Amazon's timestamps
 * have whole seconds), so a poll from the watermark sees the new version. Rendering follows Orders API v0:
 * PascalCase fields, money as {@code {"CurrencyCode", "Amount"}} with the amount a decimal string, ISO-8601
 * UTC timestamps without fractions; a {@code Pending} order has no {@code OrderTotal} and no item prices,
 * as Amazon sends it, and a {@code Canceled} one no {@code OrderTotal}.
 */
final class AmazonOrders {

  static final List<String> STATUSES = List.of("PendingAvailability", "Pending", "Unshipped", "PartiallyShipped",
      "Shipped", "InvoiceUnconfirmed", "Canceled", "Unfulfillable");
  /** Marketplaces whose prices are without tax; elsewhere ItemPrice includes VAT/GST and ItemTax is its share. */
  static final Set<String> TAX_EXCLUSIVE = Set.of("ATVPDKIKX0DER", "A2EUQ1WTGCTBG2");
  static final Map<String, String> MARKETPLACE_OF_CURRENCY = Map.of("USD", "ATVPDKIKX0DER", "CAD", "A2EUQ1WTGCTBG2",
      "EUR", "A1PA6795UKMFR9", "GBP", "A1F83G8C2ARO7P", "JPY", "A1VC38T7YXB528");
  private static final Map<String, String> SALES_CHANNEL = Map.of("ATVPDKIKX0DER", "Amazon.com", "A2EUQ1WTGCTBG2",
      "Amazon.ca", "A1PA6795UKMFR9", "Amazon.de", "A1F83G8C2ARO7P", "Amazon.co.uk", "A1VC38T7YXB528", "Amazon.co.jp");

  /** One line as stored; amounts are line totals in the order's currency. */
  static final class Item {
    final String orderItemId;
    final String sku;
    final String title;
    int quantity;
    int shipped;
    BigDecimal itemPrice;
    BigDecimal itemTax;
    BigDecimal shippingPrice;
    BigDecimal shippingTax;
    BigDecimal promotionDiscount;
    BigDecimal promotionDiscountTax;

    Item(String orderItemId, String sku, String title) {
      this.orderItemId = orderItemId;
      this.sku = sku;
      this.title = title;
    }

    void cancel() {
      quantity = 0;
      shipped = 0;
      itemPrice = BigDecimal.ZERO;
      itemTax = BigDecimal.ZERO;
      shippingPrice = BigDecimal.ZERO;
      shippingTax = BigDecimal.ZERO;
      promotionDiscount = BigDecimal.ZERO;
      promotionDiscountTax = BigDecimal.ZERO;
    }
  }

  static final class StoredOrder {
    final String amazonOrderId;
    final String sellerOrderId;
    final Instant purchaseDate;
    final String marketplaceId;
    final String fulfillmentChannel;
    final String currency;
    final boolean facilitator;
    final List<Item> items;
    Instant lastUpdateDate;
    String status;

    StoredOrder(String amazonOrderId, String sellerOrderId, Instant purchaseDate, String marketplaceId,
        String fulfillmentChannel, String currency, boolean facilitator, List<Item> items, String status) {
      this.amazonOrderId = amazonOrderId;
      this.sellerOrderId = sellerOrderId;
      this.purchaseDate = purchaseDate;
      this.lastUpdateDate = purchaseDate;
      this.marketplaceId = marketplaceId;
      this.fulfillmentChannel = fulfillmentChannel;
      this.currency = currency;
      this.facilitator = facilitator;
      this.items = items;
      this.status = status;
    }
  }

  /** What {@code POST /sandbox/amazon/orders} asks for. */
  record OrderSpec(List<LineSpec> lines, String status, String fulfillmentChannel, Boolean marketplaceFacilitator,
      String currency, String marketplaceId, BigDecimal shippingPrice, BigDecimal taxRate, String sellerOrderId,
      Integer count) {}

  record LineSpec(String sku, Integer quantity, BigDecimal unitPrice, BigDecimal promotionDiscount, String title) {}

  private final Map<String, StoredOrder> orders = new LinkedHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  AmazonOrders(Clock clock) {
    this.clock = clock;
  }

  Clock clock() {
    return clock;
  }

  /** Creates {@code count} orders (default one) from the spec. */
  synchronized List<StoredOrder> create(OrderSpec spec) {
    int count = spec.count() == null ? 1 : spec.count();
    require(count >= 1 && count <= 1000, "count must be between 1 and 1000");
    require(spec.lines() != null && !spec.lines().isEmpty(), "lines must hold at least one line");
    require(spec.lines().size() <= 100, "an order holds at most 100 lines");
    String status = spec.status() == null ? "Unshipped" : spec.status();
    require(STATUSES.contains(status), "status must be one of " + STATUSES);
    String channel = spec.fulfillmentChannel() == null ? "MFN" : spec.fulfillmentChannel();
    require(channel.equals("MFN") || channel.equals("AFN"), "fulfillmentChannel must be MFN or AFN");
    String currency = spec.currency() == null ? "USD" : spec.currency();
    int scale = Amounts.scale(currency);
    String marketplace = spec.marketplaceId() != null ? spec.marketplaceId()
        : MARKETPLACE_OF_CURRENCY.getOrDefault(currency, "ATVPDKIKX0DER");
    require(marketplace.matches("[A-Z0-9]{8,20}"), "marketplaceId is not a marketplace id");
    BigDecimal rate = spec.taxRate() == null ? new BigDecimal("0.08") : spec.taxRate();
    require(rate.signum() >= 0 && rate.compareTo(BigDecimal.ONE) < 0, "taxRate must be at least 0 and below 1");
    BigDecimal shipping = Amounts.check("shippingPrice", spec.shippingPrice(), BigDecimal.ZERO, currency);
    require(spec.sellerOrderId() == null || spec.sellerOrderId().matches("[\\x21-\\x7E]{1,40}"),
        "sellerOrderId must be 1–40 printable characters");
    boolean inclusive = !TAX_EXCLUSIVE.contains(marketplace);
    List<StoredOrder> created = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < spec.lines().size(); i++) {
        items.add(item(spec.lines().get(i), i, currency, scale, rate, inclusive, i == 0 ? shipping : BigDecimal.ZERO));
      }
      String id = newOrderId();
      StoredOrder order = new StoredOrder(id, spec.sellerOrderId() == null ? id : spec.sellerOrderId(),
          nextTimestamp(null), marketplace, channel, currency,
          spec.marketplaceFacilitator() == null ? TAX_EXCLUSIVE.contains(marketplace) : spec.marketplaceFacilitator(),
          items, status);
      if (status.equals("Shipped") || status.equals("InvoiceUnconfirmed")) {
        items.forEach(item -> item.shipped = item.quantity);
      }
      orders.put(id, order);
      created.add(order);
    }
    return created;
  }

  private Item item(LineSpec line, int index, String currency, int scale, BigDecimal rate, boolean inclusive,
      BigDecimal shipping) {
    String field = "lines[" + index + "]";
    require(line != null, field + " is null");
    require(line.sku() != null && line.sku().matches("[\\x21-\\x7E]{1,40}"), field + ".sku must be 1–40 printable"
        + " characters");
    int quantity = line.quantity() == null ? 1 : line.quantity();
    require(quantity >= 1 && quantity <= 10_000, field + ".quantity must be between 1 and 10000");
    ShopifyCatalog.Item catalog = ShopifyCatalog.item(line.sku());
    // the catalog's prices have cents: in a currency without them (JPY) they are rounded
    BigDecimal unit = Amounts.check(field + ".unitPrice", line.unitPrice(),
        catalog.price().setScale(scale, RoundingMode.HALF_UP), currency);
    BigDecimal price = unit.multiply(BigDecimal.valueOf(quantity)).setScale(scale, RoundingMode.UNNECESSARY);
    BigDecimal promotion = Amounts.check(field + ".promotionDiscount", line.promotionDiscount(), BigDecimal.ZERO,
        currency).setScale(scale, RoundingMode.UNNECESSARY);
    require(promotion.compareTo(price) <= 0, field + ".promotionDiscount exceeds the line's price");
    require(line.title() == null || (line.title().length() <= 500 && line.title().indexOf('\u0000') < 0),
        field + ".title must be at most 500 characters without NUL");
    Item item = new Item(newDigits(14), line.sku(), line.title() != null ? line.title()
        : catalog.title() + ", " + catalog.variantTitle());
    item.quantity = quantity;
    item.itemPrice = price;
    item.promotionDiscount = promotion;
    item.itemTax = tax(price, rate, inclusive, scale);
    item.promotionDiscountTax = tax(promotion, rate, inclusive, scale);
    item.shippingPrice = shipping.setScale(scale, RoundingMode.UNNECESSARY);
    item.shippingTax = tax(item.shippingPrice, rate, inclusive, scale);
    return item;
  }

  /** Tax on an amount, or (VAT marketplaces) the tax share of an amount that includes it. */
  private static BigDecimal tax(BigDecimal amount, BigDecimal rate, boolean inclusive, int scale) {
    if (inclusive) {
      return amount.multiply(rate).divide(BigDecimal.ONE.add(rate), scale, RoundingMode.HALF_UP);
    }
    return amount.multiply(rate).setScale(scale, RoundingMode.HALF_UP);
  }

  synchronized Optional<StoredOrder> find(String amazonOrderId) {
    return Optional.ofNullable(orders.get(amazonOrderId));
  }

  synchronized List<StoredOrder> all() {
    return List.copyOf(orders.values());
  }

  synchronized void clear() {
    orders.clear();
  }

  /** Sets the status (any of Amazon's); shipping statuses mark the units shipped. */
  synchronized StoredOrder setStatus(String amazonOrderId, String status) {
    StoredOrder order = existing(amazonOrderId);
    require(status != null && STATUSES.contains(status), "status must be one of " + STATUSES);
    order.status = status;
    if (status.equals("Shipped") || status.equals("InvoiceUnconfirmed")) {
      order.items.forEach(item -> item.shipped = item.quantity);
    } else if (status.equals("PartiallyShipped") && order.items.stream().allMatch(item -> item.shipped == 0)) {
      order.items.stream().filter(item -> item.quantity > 0).findFirst().ifPresent(item -> item.shipped = 1);
    } else if (status.equals("Canceled")) {
      order.items.forEach(Item::cancel);
    }
    touch(order);
    return order;
  }

  /** Cancels the whole order, as the buyer or seller would before shipment. */
  synchronized StoredOrder cancel(String amazonOrderId) {
    StoredOrder order = existing(amazonOrderId);
    if (order.items.stream().anyMatch(item -> item.shipped > 0)) {
      throw new IllegalStateException("order " + amazonOrderId + " has shipped units and cannot be cancelled");
    }
    return setStatus(amazonOrderId, "Canceled");
  }

  /** Cancels one line: Amazon keeps it with {@code QuantityOrdered} 0; the last line cancels the order. */
  synchronized StoredOrder cancelItem(String amazonOrderId, String orderItemId) {
    StoredOrder order = existing(amazonOrderId);
    Item item = order.items.stream().filter(i -> i.orderItemId.equals(orderItemId)).findFirst()
        .orElseThrow(() -> new NotFound("order " + amazonOrderId + " has no item " + orderItemId));
    if (item.shipped > 0) {
      throw new IllegalStateException("item " + orderItemId + " has shipped units and cannot be cancelled");
    }
    item.cancel();
    if (order.items.stream().allMatch(i -> i.quantity == 0)) {
      order.status = "Canceled";
    }
    touch(order);
    return order;
  }

  /**
   * The orders of one {@code getOrders} run, in (LastUpdateDate, AmazonOrderId) order, after the position
   * {@code afterUpdate}/{@code afterId} (exclusive; null for the first page), at most {@code limit + 1} so
   * the caller knows whether there is a next page.
   */
  synchronized List<StoredOrder> select(Predicate<StoredOrder> filter, Comparator<StoredOrder> order,
      Predicate<StoredOrder> afterPosition, int limit) {
    return orders.values().stream().filter(filter).filter(afterPosition).sorted(order).limit(limit + 1L).toList();
  }

  private void touch(StoredOrder order) {
    order.lastUpdateDate = nextTimestamp(order.lastUpdateDate);
  }

  /** Now, in whole seconds, and at least a second after {@code previous}. */
  private Instant nextTimestamp(Instant previous) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return previous != null && !now.isAfter(previous) ? previous.plus(Duration.ofSeconds(1)) : now;
  }

  private StoredOrder existing(String amazonOrderId) {
    StoredOrder order = orders.get(amazonOrderId);
    if (order == null) {
      throw new NotFound("the sandbox seller has no order " + amazonOrderId);
    }
    return order;
  }

  /** 3-7-7 digits, as Amazon's ids ({@code 113-…} for the US marketplace's web orders). */
  private String newOrderId() {
    String id;
    do {
      id = "11" + random.nextInt(10) + "-" + newDigits(7) + "-" + newDigits(7);
    } while (orders.containsKey(id));
    return id;
  }

  private String newDigits(int length) {
    StringBuilder digits = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      digits.append(random.nextInt(10));
    }
    return digits.toString();
  }

  // ---- rendering as Orders API v0 ----

  static Map<String, Object> render(StoredOrder order) {
    Map<String, Object> json = new LinkedHashMap<>();
    boolean pending = order.status.equals("Pending") || order.status.equals("PendingAvailability");
    boolean cancelled = order.status.equals("Canceled") || order.status.equals("Unfulfillable");
    json.put("AmazonOrderId", order.amazonOrderId);
    json.put("SellerOrderId", order.sellerOrderId);
    json.put("PurchaseDate", order.purchaseDate.toString());
    json.put("LastUpdateDate", order.lastUpdateDate.toString());
    json.put("OrderStatus", order.status);
    json.put("FulfillmentChannel", order.fulfillmentChannel);
    json.put("SalesChannel", SALES_CHANNEL.getOrDefault(order.marketplaceId, "Amazon.com"));
    json.put("ShipServiceLevel", "Std US D2D Dom");
    if (!pending && !cancelled) {
      json.put("OrderTotal", money(total(order), order.currency));
    }
    int shipped = order.items.stream().mapToInt(item -> item.shipped).sum();
    int ordered = order.items.stream().mapToInt(item -> item.quantity).sum();
    json.put("NumberOfItemsShipped", shipped);
    json.put("NumberOfItemsUnshipped", ordered - shipped);
    json.put("PaymentMethod", "Other");
    json.put("PaymentMethodDetails", List.of("Standard"));
    json.put("MarketplaceId", order.marketplaceId);
    json.put("ShipmentServiceLevelCategory", "Standard");
    json.put("OrderType", "StandardOrder");
    json.put("EarliestShipDate", order.purchaseDate.plus(Duration.ofDays(1)).toString());
    json.put("LatestShipDate", order.purchaseDate.plus(Duration.ofDays(2)).toString());
    json.put("IsBusinessOrder", false);
    json.put("IsPrime", order.fulfillmentChannel.equals("AFN"));
    json.put("IsPremiumOrder", false);
    json.put("IsGlobalExpressEnabled", false);
    json.put("IsReplacementOrder", "false");
    json.put("IsSoldByAB", false);
    json.put("IsISPU", false);
    json.put("IsAccessPointOrder", false);
    json.put("HasRegulatedItems", false);
    json.put("ShippingAddress", TAX_EXCLUSIVE.contains(order.marketplaceId)
        ? Map.of("StateOrRegion", "WA", "PostalCode", "98109-5210", "City", "SEATTLE", "CountryCode", "US")
        : Map.of("PostalCode", "10115", "City", "Berlin", "CountryCode", "DE"));
    return json;
  }

  static Map<String, Object> renderItem(StoredOrder order, Item item) {
    boolean pending = order.status.equals("Pending") || order.status.equals("PendingAvailability");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ASIN", "B0" + String.format("%08X", item.sku.hashCode()));
    json.put("SellerSKU", item.sku);
    json.put("OrderItemId", item.orderItemId);
    json.put("Title", item.title);
    json.put("QuantityOrdered", item.quantity);
    json.put("QuantityShipped", item.shipped);
    json.put("ProductInfo", Map.of("NumberOfItems", "1"));
    if (!pending) {
      json.put("ItemPrice", money(item.itemPrice, order.currency));
      json.put("ShippingPrice", money(item.shippingPrice, order.currency));
      json.put("ItemTax", money(item.itemTax, order.currency));
      json.put("ShippingTax", money(item.shippingTax, order.currency));
      json.put("ShippingDiscount", money(BigDecimal.ZERO, order.currency));
      json.put("ShippingDiscountTax", money(BigDecimal.ZERO, order.currency));
      json.put("PromotionDiscount", money(item.promotionDiscount, order.currency));
      json.put("PromotionDiscountTax", money(item.promotionDiscountTax, order.currency));
    }
    json.put("PromotionIds", item.promotionDiscount.signum() > 0 ? List.of("SANDBOX-PROMO") : List.of());
    json.put("IsGift", "false");
    json.put("ConditionId", "New");
    json.put("ConditionSubtypeId", "New");
    json.put("IsTransparency", false);
    json.put("SerialNumberRequired", false);
    if (order.facilitator) {
      json.put("TaxCollection", Map.of("Model", "MarketplaceFacilitator", "ResponsibleParty", "Amazon Services, Inc."));
    }
    return json;
  }

  /** What the buyer pays: prices, shipping, less promotions, plus tax where prices are without it. */
  static BigDecimal total(StoredOrder order) {
    boolean inclusive = !TAX_EXCLUSIVE.contains(order.marketplaceId);
    BigDecimal total = BigDecimal.ZERO;
    for (Item item : order.items) {
      total = total.add(item.itemPrice).add(item.shippingPrice).subtract(item.promotionDiscount);
      if (!inclusive) {
        total = total.add(item.itemTax).add(item.shippingTax).subtract(item.promotionDiscountTax);
      }
    }
    return total;
  }

  static Map<String, String> money(BigDecimal amount, String currency) {
    Map<String, String> money = new LinkedHashMap<>();
    money.put("CurrencyCode", currency);
    money.put("Amount", Amounts.format(amount, currency));
    return money;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }
}
