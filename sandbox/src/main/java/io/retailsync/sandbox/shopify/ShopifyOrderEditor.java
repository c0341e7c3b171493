package io.retailsync.sandbox.shopify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Changes a REST-shaped Shopify order the way the shop's admin would, keeping the factory's arithmetic
 * exact ({@code total_price = subtotal_price + shipping + total_tax}, taxes per line, the {@code SAVE10}
 * percentage re-allocated): change a line's quantity or add a line, cancel, fulfil (fully or in part), and
 * refund lines and shipping, building the {@code refunds/create} body with amounts derived from the lines.
 * Every change sets a new {@code updated_at}, at least one second after the previous one (Shopify's
 * timestamps have whole seconds; versions are told apart by them). Pure: works on copies.
 */
final class ShopifyOrderEditor {

  static final ZoneOffset SHOP_OFFSET = ZoneOffset.ofHours(-5);
  static final Set<String> CANCEL_REASONS = Set.of("customer", "fraud", "inventory", "declined", "other", "staff");
  static final Set<String> RESTOCK_TYPES = Set.of("no_restock", "cancel", "return", "legacy_restock");
  private static final DateTimeFormatter SHOPIFY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
  private static final long LOCATION_ID = 655_441_491L;
  static final JsonMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A change the order does not allow (an unknown line, more units than it has): the caller's mistake. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  record LineQuantity(long lineItemId, int quantity) {}

  record NewLine(String sku, int quantity, BigDecimal price) {}

  record RefundLine(long lineItemId, int quantity, String restockType) {}

  /** A refund: the changed order and the {@code refunds/create} body. */
  record Refunded(ObjectNode order, ObjectNode refund) {}

  private ShopifyOrderEditor() {}

  static ObjectNode read(String body) {
    JsonNode node = JSON.readTree(body);
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalStateException("stored order is not a JSON object");
    }
    return object;
  }

  static String write(JsonNode node) {
    return JSON.writeValueAsString(node);
  }

  /** The next {@code updated_at}: now, or one second after the previous one when that is later. */
  static String nextUpdatedAt(ObjectNode order, OffsetDateTime now) {
    OffsetDateTime previous = OffsetDateTime.parse(order.get("updated_at").asString());
    OffsetDateTime next = now.withOffsetSameInstant(SHOP_OFFSET).truncatedTo(ChronoUnit.SECONDS);
    if (!next.isAfter(previous)) {
      next = previous.plusSeconds(1).withOffsetSameInstant(SHOP_OFFSET);
    }
    return SHOPIFY_TIME.format(next);
  }

  /** New quantities for existing lines and new lines; totals recomputed. */
  static ObjectNode edit(ObjectNode stored, List<LineQuantity> quantities, List<NewLine> added, OffsetDateTime now) {
    ObjectNode order = stored.deepCopy();
    refuseWhenCancelled(order, "edited");
    if (quantities.isEmpty() && added.isEmpty()) {
      throw new Refused("give setQuantities or addLines");
    }
    ArrayNode items = (ArrayNode) order.get("line_items");
    for (LineQuantity change : quantities) {
      ObjectNode line = line(order, change.lineItemId());
      if (change.quantity() < 1) {
        throw new Refused("quantity of line " + change.lineItemId() + " must be at least 1");
      }
      int fulfilled = line.get("quantity").asInt() - line.get("fulfillable_quantity").asInt();
      if (change.quantity() < fulfilled) {
        throw new Refused("line " + change.lineItemId() + " has " + fulfilled + " units fulfilled already");
      }
      line.put("quantity", change.quantity());
      line.put("current_quantity", change.quantity());
      line.put("fulfillable_quantity", change.quantity() - fulfilled);
    }
    long nextId = maxLineId(order) + 1;
    for (NewLine add : added) {
      if (add.sku() == null || add.sku().isBlank() || add.quantity() < 1) {
        throw new Refused("a new line needs a sku and a quantity of at least 1");
      }
      items.add(newLine(order, nextId++, add));
    }
    recompute(order);
    order.put("updated_at", nextUpdatedAt(stored, now));
    refreshFulfillmentStatus(order);
    return order;
  }

  /** Cancelled: {@code cancelled_at}, {@code cancel_reason}, {@code financial_status} refunded or voided. */
  static ObjectNode cancel(ObjectNode stored, String reason, boolean refund, OffsetDateTime now) {
    ObjectNode order = stored.deepCopy();
    refuseWhenCancelled(order, "cancelled again");
    String why = reason == null || reason.isBlank() ? "customer" : reason;
    if (!CANCEL_REASONS.contains(why)) {
      throw new Refused("reason must be one of " + CANCEL_REASONS);
    }
    String updatedAt = nextUpdatedAt(stored, now);
    order.put("cancelled_at", updatedAt);
    order.put("cancel_reason", why);
    order.put("financial_status", refund ? "refunded" : "voided");
    if (refund) {
      for (String field : List.of("current_total_price", "current_subtotal_price", "current_total_tax",
          "current_total_discounts")) {
        order.put(field, "0.00");
        order.set(field + "_set", moneySet(BigDecimal.ZERO, order.get("currency").asString()));
      }
    }
    order.put("updated_at", updatedAt);
    return order;
  }

  /**
   * A fulfillment of the given units (all that remain when {@code lines} is empty): a {@code fulfillments[]}
   * entry, the lines' {@code fulfillable_quantity} and {@code fulfillment_status}, the order's
   * {@code fulfillment_status} ({@code partial} or {@code fulfilled}).
   */
  static ObjectNode fulfil(ObjectNode stored, List<LineQuantity> lines, OffsetDateTime now) {
    ObjectNode order = stored.deepCopy();
    refuseWhenCancelled(order, "fulfilled");
    List<LineQuantity> units = new ArrayList<>(lines);
    if (units.isEmpty()) {
      for (JsonNode line : order.get("line_items")) {
        int open = line.get("fulfillable_quantity").asInt();
        if (open > 0) {
          units.add(new LineQuantity(line.get("id").asLong(), open));
        }
      }
    }
    if (units.isEmpty()) {
      throw new Refused("order " + order.get("id").asString() + " has nothing left to fulfil");
    }
    String updatedAt = nextUpdatedAt(stored, now);
    ArrayNode fulfillments = order.has("fulfillments") && order.get("fulfillments").isArray()
        ? (ArrayNode) order.get("fulfillments") : order.putArray("fulfillments");
    long orderId = order.get("id").asLong();
    long fulfillmentId = orderId * 10 + fulfillments.size() + 1;
    ObjectNode fulfillment = NODES.objectNode();
    fulfillment.put("id", fulfillmentId);
    fulfillment.put("admin_graphql_api_id", "gid://shopify/Fulfillment/" + fulfillmentId);
    fulfillment.put("created_at", updatedAt);
    fulfillment.put("location_id", LOCATION_ID);
    fulfillment.put("name", order.get("name").asString() + "." + (fulfillments.size() + 1));
    fulfillment.put("order_id", orderId);
    fulfillment.putObject("origin_address");
    fulfillment.putObject("receipt");
    fulfillment.put("service", "manual");
    fulfillment.putNull("shipment_status");
    fulfillment.put("status", "success");
    fulfillment.put("tracking_company", "UPS");
    String tracking = "1Z999AA1" + String.format("%010d", Math.floorMod(fulfillmentId, 10_000_000_000L));
    fulfillment.put("tracking_number", tracking);
    fulfillment.putArray("tracking_numbers").add(tracking);
    fulfillment.put("tracking_url", "https://www.ups.com/track?tracknum=" + tracking);
    fulfillment.putArray("tracking_urls").add("https://www.ups.com/track?tracknum=" + tracking);
    fulfillment.put("updated_at", updatedAt);
    ArrayNode fulfilledLines = fulfillment.putArray("line_items");
    for (LineQuantity unit : units) {
      ObjectNode line = line(order, unit.lineItemId());
      int open = line.get("fulfillable_quantity").asInt();
      if (unit.quantity() < 1 || unit.quantity() > open) {
        throw new Refused("line " + unit.lineItemId() + " has " + open + " units left to fulfil, not "
            + unit.quantity());
      }
      line.put("fulfillable_quantity", open - unit.quantity());
      line.put("fulfillment_status", open - unit.quantity() == 0 ? "fulfilled" : "partial");
      ObjectNode copy = line.deepCopy();
      copy.put("quantity", unit.quantity());
      fulfilledLines.add(copy);
    }
    fulfillments.add(fulfillment);
    refreshFulfillmentStatus(order);
    order.put("updated_at", updatedAt);
    return order;
  }

  /**
   * A refund of the given units (and the shipping, when asked): each line's subtotal and tax are its
   * share of the line's net amount and tax, rounded so that refunding every unit gives back exactly the
   * line's totals; the transaction pays back lines + tax + shipping. The order records the refund in
   * {@code refunds[]}, lowers {@code current_quantity} and becomes {@code partially_refunded} or
   * {@code refunded}.
   */
  static Refunded refund(ObjectNode stored, List<RefundLine> lines, boolean shipping, String note, long refundId,
      OffsetDateTime now) {
    ObjectNode order = stored.deepCopy();
    if (lines.isEmpty() && !shipping) {
      throw new Refused("give lines to refund, or shipping: true");
    }
    String currency = order.get("currency").asString();
    String updatedAt = nextUpdatedAt(stored, now);
    long orderId = order.get("id").asLong();
    ArrayNode previous = order.has("refunds") && order.get("refunds").isArray()
        ? (ArrayNode) order.get("refunds") : order.putArray("refunds");
    Map<Long, Integer> refundedBefore = new LinkedHashMap<>();
    boolean shippingRefundedBefore = false;
    for (JsonNode earlier : previous) {
      for (JsonNode item : earlier.path("refund_line_items")) {
        refundedBefore.merge(item.get("line_item_id").asLong(), item.get("quantity").asInt(), Integer::sum);
      }
      for (JsonNode adjustment : earlier.path("order_adjustments")) {
        shippingRefundedBefore |= "shipping_refund".equals(adjustment.path("kind").asString());
      }
    }
    if (shipping && shippingRefundedBefore) {
      throw new Refused("the shipping of order " + orderId + " was refunded already");
    }

    ObjectNode refund = NODES.objectNode();
    refund.put("id", refundId);
    refund.put("admin_graphql_api_id", "gid://shopify/Refund/" + refundId);
    refund.put("created_at", updatedAt);
    refund.put("note", note);
    refund.put("order_id", orderId);
    refund.put("processed_at", updatedAt);
    refund.putNull("user_id");
    refund.putArray("duties");
    refund.set("total_duties_set", moneySet(BigDecimal.ZERO, currency));
    ArrayNode refundItems = refund.putArray("refund_line_items");
    BigDecimal paidBack = BigDecimal.ZERO;
    boolean restock = false;
    Map<Long, Integer> inThisRefund = new LinkedHashMap<>();
    long refundLineId = refundId * 10;
    for (RefundLine wanted : lines) {
      ObjectNode line = line(order, wanted.lineItemId());
      String restockType = wanted.restockType() == null || wanted.restockType().isBlank() ? "return"
          : wanted.restockType();
      if (!RESTOCK_TYPES.contains(restockType)) {
        throw new Refused("restockType must be one of " + RESTOCK_TYPES);
      }
      int quantity = line.get("quantity").asInt();
      int before = refundedBefore.getOrDefault(wanted.lineItemId(), 0) + inThisRefund.getOrDefault(wanted.lineItemId(), 0);
      if (wanted.quantity() < 1 || before + wanted.quantity() > quantity) {
        throw new Refused("line " + wanted.lineItemId() + " has " + (quantity - before) + " units left to refund, not "
            + wanted.quantity());
      }
      inThisRefund.merge(wanted.lineItemId(), wanted.quantity(), Integer::sum);
      BigDecimal net = lineNet(line);
      BigDecimal tax = lineTax(line);
      BigDecimal subtotal = share(net, before + wanted.quantity(), quantity).subtract(share(net, before, quantity));
      BigDecimal lineTax = share(tax, before + wanted.quantity(), quantity).subtract(share(tax, before, quantity));
      ObjectNode item = refundItems.addObject();
      item.put("id", ++refundLineId);
      item.put("line_item_id", wanted.lineItemId());
      if ("no_restock".equals(restockType)) {
        item.putNull("location_id");
      } else {
        item.put("location_id", LOCATION_ID);
        restock = true;
      }
      item.put("quantity", wanted.quantity());
      item.put("restock_type", restockType);
      item.put("subtotal", subtotal);
      item.set("subtotal_set", moneySet(subtotal, currency));
      item.put("total_tax", lineTax);
      item.set("total_tax_set", moneySet(lineTax, currency));
      item.set("line_item", line.deepCopy());
      paidBack = paidBack.add(subtotal).add(lineTax);
      line.put("current_quantity", Math.max(0, line.path("current_quantity").asInt(quantity) - wanted.quantity()));
    }
    refund.put("restock", restock);
    ArrayNode adjustments = refund.putArray("order_adjustments");
    if (shipping) {
      BigDecimal amount = BigDecimal.ZERO;
      BigDecimal tax = BigDecimal.ZERO;
      for (JsonNode line : order.path("shipping_lines")) {
        amount = amount.add(money(line.path("discounted_price").asString(line.path("price").asString("0"))));
        for (JsonNode taxLine : line.path("tax_lines")) {
          tax = tax.add(money(taxLine.get("price").asString()));
        }
      }
      ObjectNode adjustment = adjustments.addObject();
      adjustment.put("id", refundId * 10 + 9);
      adjustment.put("order_id", orderId);
      adjustment.put("refund_id", refundId);
      adjustment.put("amount", text(amount.negate()));
      adjustment.set("amount_set", moneySet(amount.negate(), currency));
      adjustment.put("tax_amount", text(tax.negate()));
      adjustment.set("tax_amount_set", moneySet(tax.negate(), currency));
      adjustment.put("kind", "shipping_refund");
      adjustment.put("reason", "Shipping refund");
      paidBack = paidBack.add(amount).add(tax);
    }
    ArrayNode transactions = refund.putArray("transactions");
    ObjectNode transaction = transactions.addObject();
    transaction.put("id", refundId * 10 + 8);
    transaction.put("admin_graphql_api_id", "gid://shopify/OrderTransaction/" + (refundId * 10 + 8));
    transaction.put("amount", text(paidBack));
    transaction.putNull("authorization");
    transaction.put("created_at", updatedAt);
    transaction.put("currency", currency);
    transaction.putNull("device_id");
    transaction.putNull("error_code");
    transaction.put("gateway", "shopify_payments");
    transaction.put("kind", "refund");
    transaction.putNull("location_id");
    transaction.putNull("message");
    transaction.put("order_id", orderId);
    transaction.put("parent_id", orderId * 10 + 7);
    transaction.put("processed_at", updatedAt);
    transaction.putObject("receipt");
    transaction.put("source_name", "web");
    transaction.put("status", "success");
    transaction.put("test", order.path("test").asBoolean(false));
    transaction.putNull("user_id");
    refund.putArray("refund_shipping_lines");

    previous.add(refund.deepCopy());
    boolean everything = shipping || shippingRefundedBefore;
    for (JsonNode line : order.get("line_items")) {
      long id = line.get("id").asLong();
      int refunded = refundedBefore.getOrDefault(id, 0) + inThisRefund.getOrDefault(id, 0);
      everything &= refunded >= line.get("quantity").asInt();
    }
    order.put("financial_status", everything ? "refunded" : "partially_refunded");
    order.put("updated_at", updatedAt);
    return new Refunded(order, refund);
  }

  /** The totals again from the lines, as the factory computes them. */
  static void recompute(ObjectNode order) {
    String currency = order.get("currency").asString();
    BigDecimal percent = discountPercent(order);
    BigDecimal itemsTotal = BigDecimal.ZERO;
    BigDecimal discounts = BigDecimal.ZERO;
    BigDecimal taxTotal = BigDecimal.ZERO;
    Map<String, BigDecimal> taxByTitle = new LinkedHashMap<>();
    Map<String, JsonNode> taxNodes = new LinkedHashMap<>();
    long weight = 0;
    for (JsonNode node : order.get("line_items")) {
      ObjectNode line = (ObjectNode) node;
      BigDecimal gross = money(line.get("price").asString()).multiply(BigDecimal.valueOf(line.get("quantity").asInt()));
      BigDecimal allocation = BigDecimal.ZERO;
      ArrayNode allocations = line.has("discount_allocations") ? (ArrayNode) line.get("discount_allocations")
          : line.putArray("discount_allocations");
      if (percent != null) {
        allocation = money(gross.multiply(percent).movePointLeft(2));
        allocations.removeAll();
        ObjectNode share = allocations.addObject();
        share.put("amount", text(allocation));
        share.set("amount_set", moneySet(allocation, currency));
        share.put("discount_application_index", 0);
      } else {
        for (JsonNode share : allocations) {
          allocation = allocation.add(money(share.get("amount").asString()));
        }
      }
      BigDecimal net = gross.subtract(allocation);
      for (JsonNode taxNode : line.path("tax_lines")) {
        ObjectNode tax = (ObjectNode) taxNode;
        BigDecimal amount = money(net.multiply(tax.get("rate").decimalValue()));
        tax.put("price", text(amount));
        tax.set("price_set", moneySet(amount, currency));
        taxByTitle.merge(tax.get("title").asString(), amount, BigDecimal::add);
        taxNodes.putIfAbsent(tax.get("title").asString(), tax);
        taxTotal = taxTotal.add(amount);
      }
      itemsTotal = itemsTotal.add(gross);
      discounts = discounts.add(allocation);
      weight += line.path("grams").asLong(0) * line.get("quantity").asInt();
    }
    BigDecimal shippingTotal = BigDecimal.ZERO;
    for (JsonNode line : order.path("shipping_lines")) {
      shippingTotal = shippingTotal.add(money(line.path("discounted_price").asString(line.path("price").asString("0"))));
      for (JsonNode tax : line.path("tax_lines")) {
        BigDecimal amount = money(tax.get("price").asString());
        taxByTitle.merge(tax.get("title").asString(), amount, BigDecimal::add);
        taxNodes.putIfAbsent(tax.get("title").asString(), tax);
        taxTotal = taxTotal.add(amount);
      }
    }
    BigDecimal subtotal = itemsTotal.subtract(discounts);
    BigDecimal total = subtotal.add(shippingTotal).add(taxTotal);
    ArrayNode orderTaxLines = order.putArray("tax_lines");
    taxByTitle.forEach((title, amount) -> {
      ObjectNode tax = ((ObjectNode) taxNodes.get(title)).deepCopy();
      tax.put("price", text(amount));
      tax.set("price_set", moneySet(amount, currency));
      orderTaxLines.add(tax);
    });
    JsonNode codes = order.path("discount_codes");
    if (codes.isArray() && !codes.isEmpty()) {
      ((ObjectNode) codes.get(0)).put("amount", text(discounts));
    }
    setMoney(order, "total_line_items_price", itemsTotal, currency);
    setMoney(order, "total_discounts", discounts, currency);
    setMoney(order, "current_total_discounts", discounts, currency);
    setMoney(order, "subtotal_price", subtotal, currency);
    setMoney(order, "current_subtotal_price", subtotal, currency);
    setMoney(order, "total_tax", taxTotal, currency);
    setMoney(order, "current_total_tax", taxTotal, currency);
    setMoney(order, "total_price", total, currency);
    setMoney(order, "current_total_price", total, currency);
    order.put("total_weight", weight);
  }

  private static void setMoney(ObjectNode order, String field, BigDecimal amount, String currency) {
    order.put(field, text(amount));
    order.set(field + "_set", moneySet(amount, currency));
  }

  private static BigDecimal discountPercent(ObjectNode order) {
    for (JsonNode application : order.path("discount_applications")) {
      if ("percentage".equals(application.path("value_type").asString())) {
        return new BigDecimal(application.get("value").asString());
      }
    }
    return null;
  }

  private static ObjectNode newLine(ObjectNode order, long id, NewLine add) {
    String currency = order.get("currency").asString();
    ShopifyCatalog.Item item = ShopifyCatalog.item(add.sku());
    BigDecimal price = add.price() != null ? money(add.price()) : money(item.price());
    ObjectNode line = ShopifyOrderFactory.lineItemNode(id, item, price, add.quantity(), currency);
    ArrayNode taxes = line.putArray("tax_lines");
    JsonNode first = order.get("line_items").isEmpty() ? null : order.get("line_items").get(0);
    if (first != null) {
      for (JsonNode tax : first.path("tax_lines")) {
        ObjectNode copy = ((ObjectNode) tax).deepCopy();
        taxes.add(copy);
      }
    }
    line.putArray("duties");
    line.putArray("discount_allocations");
    return line;
  }

  private static void refreshFulfillmentStatus(ObjectNode order) {
    int total = 0;
    int open = 0;
    for (JsonNode line : order.get("line_items")) {
      total += line.get("quantity").asInt();
      open += line.get("fulfillable_quantity").asInt();
    }
    if (open == total) {
      order.putNull("fulfillment_status");
    } else {
      order.put("fulfillment_status", open == 0 ? "fulfilled" : "partial");
    }
  }

  private static void refuseWhenCancelled(ObjectNode order, String what) {
    if (order.hasNonNull("cancelled_at")) {
      throw new Refused("order " + order.get("id").asString() + " is cancelled and cannot be " + what);
    }
  }

  private static ObjectNode line(ObjectNode order, long lineItemId) {
    for (JsonNode line : order.get("line_items")) {
      if (line.get("id").asLong() == lineItemId) {
        return (ObjectNode) line;
      }
    }
    throw new Refused("order " + order.get("id").asString() + " has no line item " + lineItemId);
  }

  private static long maxLineId(ObjectNode order) {
    long max = 0;
    for (JsonNode line : order.get("line_items")) {
      max = Math.max(max, line.get("id").asLong());
    }
    return max;
  }

  private static BigDecimal lineNet(JsonNode line) {
    BigDecimal gross = money(line.get("price").asString()).multiply(BigDecimal.valueOf(line.get("quantity").asInt()));
    BigDecimal discount = BigDecimal.ZERO;
    for (JsonNode share : line.path("discount_allocations")) {
      discount = discount.add(money(share.get("amount").asString()));
    }
    return gross.subtract(discount);
  }

  private static BigDecimal lineTax(JsonNode line) {
    BigDecimal tax = BigDecimal.ZERO;
    for (JsonNode taxLine : line.path("tax_lines")) {
      tax = tax.add(money(taxLine.get("price").asString()));
    }
    return tax;
  }

  /** {@code amount × units / of}, to the cent: the first {@code units} of {@code of}. */
  private static BigDecimal share(BigDecimal amount, int units, int of) {
    return amount.multiply(BigDecimal.valueOf(units)).divide(BigDecimal.valueOf(of), 2, RoundingMode.HALF_UP);
  }

  static ObjectNode moneySet(BigDecimal amount, String currency) {
    return ShopifyOrderFactory.moneySet(amount, currency);
  }

  private static BigDecimal money(String amount) {
    return money(new BigDecimal(amount));
  }

  private static BigDecimal money(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP);
  }

  private static String text(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
