package io.retailsync.sandbox.shopify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates realistic REST-shaped {@code orders/create} bodies (API version 2026-01): numeric ids, shop-local
 * timestamps, money as strings with {@code *_set} money sets, line and shipping tax lines, discount codes
 * with their applications and per-line allocations.
 *
 * <p>With {@code taxes_included = false} the arithmetic holds exactly: {@code total_line_items_price = Σ
 * price × quantity}, {@code subtotal_price = total_line_items_price − total_discounts}, {@code total_tax =
 * Σ line tax + Σ shipping tax}, {@code total_price = subtotal_price + Σ shipping price + total_tax}. As on
 * real Shopify, a discount code's per-line share is in {@code discount_allocations} while the legacy
 * {@code line_items[].total_discount} stays {@code "0.00"}.
 *
 * <p>Deterministic: the same settings give the same orders, byte for byte. Thread-safe (one order at a time).
 */
public final class ShopifyOrderFactory {

  /** A Black Friday morning in the shop's time zone (US Eastern, standard time). */
  public static final OffsetDateTime DEFAULT_START = OffsetDateTime.parse("2026-11-27T10:00:00-05:00");

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter SHOPIFY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
  private static final BigDecimal DISCOUNT_PERCENT = new BigDecimal("10.0");
  private static final String DISCOUNT_CODE = "SAVE10";
  private static final BigDecimal FREE_SHIPPING_FROM = new BigDecimal("100.00");
  private static final BigDecimal STANDARD_SHIPPING = new BigDecimal("5.99");

  private record Tax(String title, BigDecimal rate) {}

  private record Region(String address1, String city, String province, String provinceCode, String zip,
      BigDecimal latitude, BigDecimal longitude, boolean shippingTaxable, List<Tax> taxes) {}

  private record Customer(long id, String firstName, String lastName, String phone) {
    String email() {
      return firstName.toLowerCase() + "." + lastName.toLowerCase() + "@example.com";
    }
  }

  private static final List<Region> REGIONS = List.of(
      new Region("350 5th Ave", "New York", "New York", "NY", "10118", new BigDecimal("40.7484405"),
          new BigDecimal("-73.9856644"), true,
          List.of(new Tax("New York State Tax", new BigDecimal("0.04")),
              new Tax("New York City Tax", new BigDecimal("0.045")))),
      new Region("1100 Congress Ave", "Austin", "Texas", "TX", "78701", new BigDecimal("30.2746652"),
          new BigDecimal("-97.7403505"), true,
          List.of(new Tax("Texas State Tax", new BigDecimal("0.0625")),
              new Tax("Austin City Tax", new BigDecimal("0.01")))),
      new Region("233 S Wacker Dr", "Chicago", "Illinois", "IL", "60606", new BigDecimal("41.8788761"),
          new BigDecimal("-87.6359294"), false,
          List.of(new Tax("Illinois State Tax", new BigDecimal("0.0625")),
              new Tax("Chicago City Tax", new BigDecimal("0.0125")))),
      new Region("1000 SW Broadway", "Portland", "Oregon", "OR", "97205", new BigDecimal("45.5163719"),
          new BigDecimal("-122.6829498"), false, List.of()));

  private static final List<Customer> CUSTOMERS = List.of(
      new Customer(6_812_345_670_001L, "Ava", "Thompson", "+12125550101"),
      new Customer(6_812_345_670_002L, "Liam", "Garcia", "+15125550102"),
      new Customer(6_812_345_670_003L, "Mia", "Nguyen", "+13125550103"),
      new Customer(6_812_345_670_004L, "Noah", "Patel", "+15035550104"),
      new Customer(6_812_345_670_005L, "Emma", "Okafor", "+12125550105"),
      new Customer(6_812_345_670_006L, "Lucas", "Schmidt", "+15125550106"),
      new Customer(6_812_345_670_007L, "Sofia", "Rossi", "+13125550107"),
      new Customer(6_812_345_670_008L, "Ethan", "Kim", "+15035550108"));

  /**
   * Where a factory's sequence starts. {@link #seeded(long)} gives each seed its own id range.
   *
   * @param maxSpacing the largest gap between two consecutive orders' {@code created_at}
   * @param currency shop and presentment currency; a two-decimal ISO 4217 code
   */
  public record Settings(long seed, long firstOrderId, long firstLineItemId, int firstOrderNumber,
      OffsetDateTime start, Duration maxSpacing, String currency, boolean test) {

    public Settings {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(maxSpacing, "maxSpacing");
      Objects.requireNonNull(currency, "currency");
      if (java.util.Currency.getInstance(currency).getDefaultFractionDigits() != 2) {
        throw new IllegalArgumentException("the factory generates two-decimal currencies only, not " + currency);
      }
      if (firstOrderId <= 0 || firstLineItemId <= 0 || firstOrderNumber <= 0 || maxSpacing.isNegative()) {
        throw new IllegalArgumentException("ids, order number and spacing must be positive");
      }
    }

    public static Settings seeded(long seed) {
      long slot = Math.floorMod(seed, 1_000_000L) * 1_000_000L;
      return new Settings(seed, 5_000_000_000_000L + slot, 13_000_000_000_000L + slot, 1001, DEFAULT_START,
          Duration.ofSeconds(90), "USD", false);
    }

    public Settings withFirstOrderId(long id) {
      return new Settings(seed, id, firstLineItemId, firstOrderNumber, start, maxSpacing, currency, test);
    }

    public Settings withFirstLineItemId(long id) {
      return new Settings(seed, firstOrderId, id, firstOrderNumber, start, maxSpacing, currency, test);
    }

    public Settings withFirstOrderNumber(int number) {
      return new Settings(seed, firstOrderId, firstLineItemId, number, start, maxSpacing, currency, test);
    }

    public Settings withStart(OffsetDateTime time) {
      return new Settings(seed, firstOrderId, firstLineItemId, firstOrderNumber, time, maxSpacing, currency, test);
    }

    public Settings withMaxSpacing(Duration spacing) {
      return new Settings(seed, firstOrderId, firstLineItemId, firstOrderNumber, start, spacing, currency, test);
    }

    public Settings withCurrency(String code) {
      return new Settings(seed, firstOrderId, firstLineItemId, firstOrderNumber, start, maxSpacing, code, test);
    }

    public Settings withTest(boolean testOrders) {
      return new Settings(seed, firstOrderId, firstLineItemId, firstOrderNumber, start, maxSpacing, currency,
          testOrders);
    }
  }

  /**
   * What one order contains; null means "pick at random". Random orders have 1–3 distinct SKUs from
   * {@code SKU-0001 … SKU-0990} (never the last-unit SKUs), 1–3 units each, and a 40 % chance of a
   * 10 % discount code.
   *
   * @param skus one line per SKU, in this order (SKUs outside the item master are allowed)
   * @param quantity units on every line
   * @param discount whether the {@code SAVE10} discount code applies
   * @param createdAt the order's {@code created_at} instead of the factory's clock (which it does not advance)
   */
  public record OrderOptions(List<String> skus, Integer quantity, Boolean discount, OffsetDateTime createdAt) {

    public OrderOptions {
      skus = skus == null ? null : List.copyOf(skus);
      if (skus != null && skus.isEmpty()) {
        throw new IllegalArgumentException("skus must not be empty");
      }
      if (quantity != null && quantity <= 0) {
        throw new IllegalArgumentException("quantity must be positive");
      }
    }

    public static OrderOptions random() {
      return new OrderOptions(null, null, null, null);
    }

    public static OrderOptions of(List<String> skus, Integer quantity) {
      return new OrderOptions(skus, quantity, null, null);
    }

    public OrderOptions withDiscount(boolean apply) {
      return new OrderOptions(skus, quantity, apply, createdAt);
    }

    public OrderOptions withCreatedAt(OffsetDateTime time) {
      return new OrderOptions(skus, quantity, discount, time);
    }
  }

  private final Settings settings;
  private final Random random;
  private long nextOrderId;
  private long nextLineItemId;
  private long nextShippingLineId;
  private int nextOrderNumber;
  private OffsetDateTime clock;

  public ShopifyOrderFactory(long seed) {
    this(Settings.seeded(seed));
  }

  public ShopifyOrderFactory(Settings settings) {
    this.settings = settings;
    this.random = new Random(settings.seed());
    this.nextOrderId = settings.firstOrderId();
    this.nextLineItemId = settings.firstLineItemId();
    this.nextShippingLineId = settings.firstLineItemId() + 500_000_000_000L;
    this.nextOrderNumber = settings.firstOrderNumber();
    this.clock = settings.start().truncatedTo(ChronoUnit.SECONDS);
  }

  public Settings settings() {
    return settings;
  }

  public synchronized ShopifyOrder next() {
    return next(OrderOptions.random());
  }

  public synchronized ShopifyOrder next(OrderOptions options) {
    long id = nextOrderId;
    nextOrderId += 1 + random.nextInt(50);
    int orderNumber = nextOrderNumber++;
    OffsetDateTime createdAt = clock;
    long spacing = settings.maxSpacing().toSeconds();
    long step = spacing <= 0 ? 0 : 1 + random.nextInt((int) Math.min(spacing, Integer.MAX_VALUE));
    if (options.createdAt() != null) {
      createdAt = options.createdAt().truncatedTo(ChronoUnit.SECONDS);
    } else {
      clock = clock.plusSeconds(step);
    }
    Customer customer = CUSTOMERS.get(random.nextInt(CUSTOMERS.size()));
    Region region = REGIONS.get(random.nextInt(REGIONS.size()));
    boolean discount = options.discount() != null ? options.discount() : random.nextInt(10) < 4;
    List<String> skus = options.skus() != null ? options.skus() : randomSkus();
    List<Integer> quantities = new ArrayList<>();
    for (int i = 0; i < skus.size(); i++) {
      quantities.add(options.quantity() != null ? options.quantity() : 1 + random.nextInt(3));
    }
    String token = String.format("%016x%016x", random.nextLong(), random.nextLong());
    String confirmation = confirmationNumber();
    return build(id, orderNumber, createdAt, customer, region, discount, skus, quantities, token, confirmation);
  }

  private List<String> randomSkus() {
    int count = 1 + random.nextInt(3);
    Set<String> skus = new LinkedHashSet<>();
    while (skus.size() < count) {
      skus.add(ShopifyCatalog.sku(1 + random.nextInt(ShopifyCatalog.LAST_UNIT_SKUS_FROM - 1)));
    }
    return List.copyOf(skus);
  }

  private String confirmationNumber() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder number = new StringBuilder();
    for (int i = 0; i < 9; i++) {
      number.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return number.toString();
  }

  private ShopifyOrder build(long id, int orderNumber, OffsetDateTime createdAt, Customer customer, Region region,
      boolean discount, List<String> skus, List<Integer> quantities, String token, String confirmation) {
    String currency = settings.currency();
    String created = SHOPIFY_TIME.format(createdAt);
    String updated = SHOPIFY_TIME.format(createdAt.plusSeconds(1));

    BigDecimal lineItemsTotal = BigDecimal.ZERO;
    BigDecimal discountsTotal = BigDecimal.ZERO;
    BigDecimal taxTotal = BigDecimal.ZERO;
    Map<String, BigDecimal> taxByTitle = new LinkedHashMap<>();
    int weight = 0;
    ArrayNode lineItems = NODES.arrayNode();
    List<ShopifyOrder.Line> lines = new ArrayList<>();
    for (int i = 0; i < skus.size(); i++) {
      ShopifyCatalog.Item item = ShopifyCatalog.item(skus.get(i));
      int quantity = quantities.get(i);
      long lineItemId = nextLineItemId;
      nextLineItemId += 1 + random.nextInt(20);
      BigDecimal gross = item.price().multiply(BigDecimal.valueOf(quantity));
      BigDecimal allocation = discount ? percent(gross, DISCOUNT_PERCENT) : BigDecimal.ZERO;
      BigDecimal net = gross.subtract(allocation);
      ArrayNode taxLines = NODES.arrayNode();
      for (Tax tax : region.taxes()) {
        BigDecimal amount = money(net.multiply(tax.rate()));
        taxLines.add(taxLine(tax, amount, currency));
        taxByTitle.merge(tax.title(), amount, BigDecimal::add);
        taxTotal = taxTotal.add(amount);
      }
      ObjectNode line = lineItemNode(lineItemId, item, item.price(), quantity, currency);
      lineItems.add(line);
      line.set("tax_lines", taxLines);
      line.putArray("duties");
      ArrayNode allocations = line.putArray("discount_allocations");
      if (discount) {
        ObjectNode allocationNode = allocations.addObject();
        allocationNode.put("amount", text(allocation));
        allocationNode.set("amount_set", moneySet(allocation, currency));
        allocationNode.put("discount_application_index", 0);
      }
      lineItemsTotal = lineItemsTotal.add(gross);
      discountsTotal = discountsTotal.add(allocation);
      weight += item.grams() * quantity;
      lines.add(new ShopifyOrder.Line(lineItemId, item.sku(), quantity, item.price()));
    }
    BigDecimal subtotal = lineItemsTotal.subtract(discountsTotal);

    boolean free = subtotal.compareTo(FREE_SHIPPING_FROM) >= 0;
    BigDecimal shippingPrice = free ? new BigDecimal("0.00") : STANDARD_SHIPPING;
    ArrayNode shippingTaxLines = NODES.arrayNode();
    if (region.shippingTaxable() && shippingPrice.signum() > 0) {
      for (Tax tax : region.taxes()) {
        BigDecimal amount = money(shippingPrice.multiply(tax.rate()));
        shippingTaxLines.add(taxLine(tax, amount, currency));
        taxByTitle.merge(tax.title(), amount, BigDecimal::add);
        taxTotal = taxTotal.add(amount);
      }
    }
    BigDecimal total = subtotal.add(shippingPrice).add(taxTotal);

    ObjectNode order = NODES.objectNode();
    order.put("id", id);
    order.put("admin_graphql_api_id", "gid://shopify/Order/" + id);
    order.put("app_id", 580111);
    order.put("browser_ip", "203.0.113." + (1 + Math.floorMod(id, 250)));
    order.put("buyer_accepts_marketing", false);
    order.putNull("cancel_reason");
    order.putNull("cancelled_at");
    order.putNull("closed_at");
    order.put("confirmation_number", confirmation);
    order.put("confirmed", true);
    order.put("contact_email", customer.email());
    order.put("created_at", created);
    order.put("currency", currency);
    order.put("current_subtotal_price", text(subtotal));
    order.set("current_subtotal_price_set", moneySet(subtotal, currency));
    order.put("current_total_discounts", text(discountsTotal));
    order.set("current_total_discounts_set", moneySet(discountsTotal, currency));
    order.put("current_total_price", text(total));
    order.set("current_total_price_set", moneySet(total, currency));
    order.put("current_total_tax", text(taxTotal));
    order.set("current_total_tax_set", moneySet(taxTotal, currency));
    order.put("customer_locale", "en-US");
    ArrayNode discountCodes = order.putArray("discount_codes");
    if (discount) {
      ObjectNode code = discountCodes.addObject();
      code.put("code", DISCOUNT_CODE);
      code.put("amount", text(discountsTotal));
      code.put("type", "percentage");
    }
    order.put("email", customer.email());
    order.put("estimated_taxes", false);
    order.put("financial_status", "paid");
    order.putNull("fulfillment_status");
    order.put("landing_site", "/");
    order.put("name", "#" + orderNumber);
    order.putNull("note");
    order.putArray("note_attributes");
    order.put("number", orderNumber - 1000);
    order.put("order_number", orderNumber);
    order.putArray("payment_gateway_names").add("shopify_payments");
    order.putNull("phone");
    order.put("presentment_currency", currency);
    order.put("processed_at", created);
    order.put("source_name", "web");
    order.put("subtotal_price", text(subtotal));
    order.set("subtotal_price_set", moneySet(subtotal, currency));
    order.put("tags", "");
    order.put("tax_exempt", false);
    ArrayNode orderTaxLines = order.putArray("tax_lines");
    for (Tax tax : region.taxes()) {
      BigDecimal amount = taxByTitle.get(tax.title());
      if (amount != null) {
        orderTaxLines.add(taxLine(tax, amount, currency));
      }
    }
    order.put("taxes_included", false);
    order.put("test", settings.test());
    order.put("token", token);
    order.put("total_discounts", text(discountsTotal));
    order.set("total_discounts_set", moneySet(discountsTotal, currency));
    order.put("total_line_items_price", text(lineItemsTotal));
    order.set("total_line_items_price_set", moneySet(lineItemsTotal, currency));
    order.put("total_outstanding", "0.00");
    order.put("total_price", text(total));
    order.set("total_price_set", moneySet(total, currency));
    order.set("total_shipping_price_set", moneySet(shippingPrice, currency));
    order.put("total_tax", text(taxTotal));
    order.set("total_tax_set", moneySet(taxTotal, currency));
    order.put("total_tip_received", "0.00");
    order.put("total_weight", weight);
    order.put("updated_at", updated);
    order.putNull("user_id");
    order.set("billing_address", address(customer, region));
    order.set("customer", customer(customer, region, created, currency));
    ArrayNode applications = order.putArray("discount_applications");
    if (discount) {
      ObjectNode application = applications.addObject();
      application.put("target_type", "line_item");
      application.put("type", "discount_code");
      application.put("value", DISCOUNT_PERCENT.toPlainString());
      application.put("value_type", "percentage");
      application.put("allocation_method", "across");
      application.put("target_selection", "all");
      application.put("code", DISCOUNT_CODE);
    }
    order.putArray("fulfillments");
    order.set("line_items", lineItems);
    order.putNull("payment_terms");
    order.putArray("refunds");
    order.set("shipping_address", address(customer, region));
    ArrayNode shippingLines = order.putArray("shipping_lines");
    ObjectNode shipping = shippingLines.addObject();
    long shippingLineId = nextShippingLineId;
    nextShippingLineId += 1 + random.nextInt(20);
    String shippingTitle = free ? "Free Shipping" : "Standard";
    shipping.put("id", shippingLineId);
    shipping.putNull("carrier_identifier");
    shipping.put("code", shippingTitle);
    shipping.put("discounted_price", text(shippingPrice));
    shipping.set("discounted_price_set", moneySet(shippingPrice, currency));
    shipping.put("is_removed", false);
    shipping.putNull("phone");
    shipping.put("price", text(shippingPrice));
    shipping.set("price_set", moneySet(shippingPrice, currency));
    shipping.putNull("requested_fulfillment_service_id");
    shipping.put("source", "shopify");
    shipping.put("title", shippingTitle);
    shipping.set("tax_lines", shippingTaxLines);
    shipping.putArray("discount_allocations");

    return new ShopifyOrder(id, "#" + orderNumber, orderNumber, currency, createdAt, total, lines,
        JSON.writeValueAsBytes(order));
  }

  private static ObjectNode customer(Customer customer, Region region, String created, String currency) {
    ObjectNode node = NODES.objectNode();
    node.put("id", customer.id());
    node.put("email", customer.email());
    node.put("created_at", created);
    node.put("updated_at", created);
    node.put("first_name", customer.firstName());
    node.put("last_name", customer.lastName());
    node.put("state", "disabled");
    node.putNull("note");
    node.put("verified_email", true);
    node.putNull("multipass_identifier");
    node.put("tax_exempt", false);
    node.put("phone", customer.phone());
    node.put("currency", currency);
    node.putArray("tax_exemptions");
    node.put("admin_graphql_api_id", "gid://shopify/Customer/" + customer.id());
    ObjectNode address = address(customer, region);
    address.put("id", customer.id() + 1_000_000_000_000L);
    address.put("customer_id", customer.id());
    address.put("default", true);
    node.set("default_address", address);
    return node;
  }

  private static ObjectNode address(Customer customer, Region region) {
    ObjectNode node = NODES.objectNode();
    node.put("first_name", customer.firstName());
    node.put("address1", region.address1());
    node.put("phone", customer.phone());
    node.put("city", region.city());
    node.put("zip", region.zip());
    node.put("province", region.province());
    node.put("country", "United States");
    node.put("last_name", customer.lastName());
    node.putNull("address2");
    node.putNull("company");
    node.put("latitude", region.latitude());
    node.put("longitude", region.longitude());
    node.put("name", customer.firstName() + " " + customer.lastName());
    node.put("country_code", "US");
    node.put("province_code", region.provinceCode());
    return node;
  }

  private static ObjectNode taxLine(Tax tax, BigDecimal amount, String currency) {
    ObjectNode node = NODES.objectNode();
    node.put("channel_liable", false);
    node.put("price", text(amount));
    node.set("price_set", moneySet(amount, currency));
    node.put("rate", tax.rate());
    node.put("title", tax.title());
    return node;
  }

  static ObjectNode moneySet(BigDecimal amount, String currency) {
    ObjectNode set = NODES.objectNode();
    for (String side : new String[] {"shop_money", "presentment_money"}) {
      ObjectNode money = set.putObject(side);
      money.put("amount", text(amount));
      money.put("currency_code", currency);
    }
    return set;
  }

  private static BigDecimal percent(BigDecimal amount, BigDecimal percent) {
    return money(amount.multiply(percent).movePointLeft(2));
  }

  private static BigDecimal money(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP);
  }

  private static String text(BigDecimal amount) {
    return money(amount).toPlainString();
  }

  /**
   * A line item's own fields as Shopify sends them, up to {@code vendor}; the caller adds its
   * {@code tax_lines}, {@code duties} and {@code discount_allocations}.
   */
  static ObjectNode lineItemNode(long id, ShopifyCatalog.Item item, BigDecimal price, int quantity, String currency) {
    ObjectNode line = NODES.objectNode();
    line.put("id", id);
    line.put("admin_graphql_api_id", "gid://shopify/LineItem/" + id);
    line.putArray("attributed_staffs");
    line.put("current_quantity", quantity);
    line.put("fulfillable_quantity", quantity);
    line.put("fulfillment_service", "manual");
    line.putNull("fulfillment_status");
    line.put("gift_card", false);
    line.put("grams", item.grams());
    line.put("name", item.title() + " - " + item.variantTitle());
    line.put("price", text(price));
    line.set("price_set", moneySet(price, currency));
    line.put("product_exists", true);
    line.put("product_id", item.productId());
    line.putArray("properties");
    line.put("quantity", quantity);
    line.put("requires_shipping", true);
    line.put("sku", item.sku());
    line.put("taxable", true);
    line.put("title", item.title());
    line.put("total_discount", "0.00");
    line.set("total_discount_set", moneySet(BigDecimal.ZERO, currency));
    line.put("variant_id", item.variantId());
    line.put("variant_inventory_management", "shopify");
    line.put("variant_title", item.variantTitle());
    line.put("vendor", item.vendor());
    return line;
  }

}
