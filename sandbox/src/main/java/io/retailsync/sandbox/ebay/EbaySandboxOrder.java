package io.retailsync.sandbox.ebay;

import io.retailsync.sandbox.support.Amounts;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One order the eBay stand-in sold, held as state (guarded by {@link EbayStore}'s lock) and rendered as the
 * Fulfillment API's {@code Order} JSON: amounts as {@code {"value": "12.30", "currency": "USD"}} strings,
 * timestamps {@code 2026-12-01T10:00:00.000Z}.
 */
final class EbaySandboxOrder {

  static final DateTimeFormatter EBAY_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  static final class Line {
    final String lineItemId;
    final String legacyItemId;
    final String legacyVariationId;
    final String sku;
    final String title;
    final int quantity;
    final BigDecimal unitPrice;
    final BigDecimal discount;
    final BigDecimal shippingCost;
    final BigDecimal sellerTax;
    final BigDecimal remittedTax;
    String fulfillmentStatus = "NOT_STARTED";

    Line(String lineItemId, String legacyItemId, String legacyVariationId, String sku, String title, int quantity,
        BigDecimal unitPrice, BigDecimal discount, BigDecimal shippingCost, BigDecimal sellerTax, BigDecimal remittedTax) {
      this.lineItemId = lineItemId;
      this.legacyItemId = legacyItemId;
      this.legacyVariationId = legacyVariationId;
      this.sku = sku;
      this.title = title;
      this.quantity = quantity;
      this.unitPrice = unitPrice;
      this.discount = discount;
      this.shippingCost = shippingCost;
      this.sellerTax = sellerTax;
      this.remittedTax = remittedTax;
    }

    BigDecimal cost() {
      return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }

    BigDecimal total() {
      return cost().subtract(discount).add(shippingCost).add(sellerTax).add(remittedTax);
    }

    /** What the seller got for the line: eBay's refund amounts leave out the tax eBay collected. */
    BigDecimal net() {
      return total().subtract(remittedTax);
    }
  }

  /**
   * One refund: of a line ({@code lineItemId}; listed on the line and in {@code paymentSummary.refunds[]} under the
   * same {@code refundId}) or of the order (in {@code paymentSummary.refunds[]} only). {@code date} and
   * {@code refundReferenceId} exist once it is {@code REFUNDED}, as eBay gives them only to issued refunds.
   */
  static final class Refund {
    final String refundId;
    final String lineItemId;
    final BigDecimal amount;
    String status;
    Instant date;
    String refundReferenceId;

    Refund(String refundId, String lineItemId, BigDecimal amount) {
      this.refundId = refundId;
      this.lineItemId = lineItemId;
      this.amount = amount;
    }

    boolean refunded() {
      return "REFUNDED".equals(status);
    }
  }

  final String orderId;
  final String legacyOrderId;
  final String salesRecordReference;
  final Instant created;
  final String currency;
  final boolean collectAndRemit;
  final List<Line> lines;
  Instant lastModified;
  String paymentStatus;
  String cancelState = "NONE_REQUESTED";
  Instant cancelledAt;
  final List<Refund> refunds = new ArrayList<>();

  EbaySandboxOrder(String orderId, String legacyOrderId, String salesRecordReference, Instant created, String currency,
      boolean collectAndRemit, List<Line> lines, String paymentStatus) {
    this.orderId = orderId;
    this.legacyOrderId = legacyOrderId;
    this.salesRecordReference = salesRecordReference;
    this.created = created;
    this.lastModified = created;
    this.currency = currency;
    this.collectAndRemit = collectAndRemit;
    this.lines = List.copyOf(lines);
    this.paymentStatus = paymentStatus;
  }

  /** eBay's order status from its lines: all fulfilled, some, or none. */
  String fulfillmentStatus() {
    long fulfilled = lines.stream().filter(line -> "FULFILLED".equals(line.fulfillmentStatus)).count();
    if (fulfilled == lines.size()) {
      return "FULFILLED";
    }
    boolean started = fulfilled > 0 || lines.stream().anyMatch(line -> "IN_PROGRESS".equals(line.fulfillmentStatus));
    return started ? "IN_PROGRESS" : "NOT_STARTED";
  }

  BigDecimal total() {
    return lines.stream().map(Line::total).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** What can still be refunded: the seller's net of the order less every refund not failed. */
  BigDecimal refundable() {
    BigDecimal given = refunds.stream().filter(refund -> !"FAILED".equals(refund.status)).map(refund -> refund.amount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    return sum(Line::net).subtract(given);
  }

  Optional<Refund> lineRefund(String lineItemId) {
    return refunds.stream().filter(refund -> lineItemId.equals(refund.lineItemId)).findFirst();
  }

  /** {@code totalDueSeller}: the total (eBay's collected tax in it) less what was refunded and its collected tax. */
  private BigDecimal dueSeller() {
    if ("CANCELED".equals(cancelState)) {
      return BigDecimal.ZERO;
    }
    BigDecimal due = total();
    for (Refund refund : refunds) {
      if (refund.refunded()) {
        due = due.subtract(refund.amount);
        if (refund.lineItemId != null) {
          due = due.subtract(lines.stream().filter(line -> line.lineItemId.equals(refund.lineItemId))
              .map(line -> line.remittedTax).findFirst().orElse(BigDecimal.ZERO));
        }
      }
    }
    return due;
  }

  /** The order as getOrders and getOrder answer it. */
  Map<String, Object> toJson() {
    Map<String, Object> order = new LinkedHashMap<>();
    order.put("orderId", orderId);
    order.put("legacyOrderId", legacyOrderId);
    order.put("creationDate", EBAY_TIME.format(created));
    order.put("lastModifiedDate", EBAY_TIME.format(lastModified));
    order.put("orderFulfillmentStatus", fulfillmentStatus());
    order.put("orderPaymentStatus", paymentStatus);
    order.put("sellerId", "sandbox-seller");
    order.put("buyer", Map.of("username", "sandbox_buyer_" + orderId.substring(orderId.length() - 5),
        "taxAddress", Map.of("stateOrProvince", "CA", "postalCode", "95125", "countryCode", "US")));
    BigDecimal subtotal = sum(Line::cost);
    BigDecimal discounts = sum(line -> line.discount);
    BigDecimal shipping = sum(line -> line.shippingCost);
    BigDecimal tax = sum(line -> line.sellerTax.add(line.remittedTax));
    Map<String, Object> pricing = new LinkedHashMap<>();
    pricing.put("priceSubtotal", amount(subtotal));
    if (discounts.signum() > 0) {
      pricing.put("priceDiscountSubtotal", amount(discounts.negate()));
    }
    pricing.put("deliveryCost", amount(shipping));
    if (tax.signum() > 0) {
      pricing.put("tax", amount(tax));
    }
    pricing.put("total", amount(total()));
    order.put("pricingSummary", pricing);
    Map<String, Object> cancelStatus = new LinkedHashMap<>();
    cancelStatus.put("cancelState", cancelState);
    List<Object> cancelRequests = new ArrayList<>();
    if (cancelledAt != null) {
      cancelRequests.add(Map.of("cancelRequestId", "5" + orderId.replaceAll("\\D", "").substring(0, 9),
          "cancelRequestState", "COMPLETED", "cancelReason", "BUYER_ASKED_CANCEL", "cancelInitiator", "BUYER",
          "cancelRequestedDate", EBAY_TIME.format(cancelledAt), "cancelCompletedDate", EBAY_TIME.format(cancelledAt)));
    }
    cancelStatus.put("cancelRequests", cancelRequests);
    order.put("cancelStatus", cancelStatus);
    Map<String, Object> payment = new LinkedHashMap<>();
    payment.put("totalDueSeller", amount(dueSeller()));
    List<Object> summaryRefunds = new ArrayList<>();
    for (Refund refund : refunds) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("refundId", refund.refundId);
      if (refund.refundReferenceId != null) {
        json.put("refundReferenceId", refund.refundReferenceId);
      }
      if (refund.date != null) {
        json.put("refundDate", EBAY_TIME.format(refund.date));
      }
      json.put("amount", amount(refund.amount));
      json.put("refundStatus", refund.status);
      summaryRefunds.add(json);
    }
    payment.put("refunds", summaryRefunds);
    payment.put("payments", "PENDING".equals(paymentStatus) ? List.of() : List.of(Map.of("paymentMethod", "EBAY",
        "paymentReferenceId", "SANDBOX" + orderId.replaceAll("\\D", ""), "paymentDate", EBAY_TIME.format(created),
        "amount", amount(total()), "paymentStatus", "FAILED".equals(paymentStatus) ? "FAILED" : "PAID")));
    order.put("paymentSummary", payment);
    order.put("fulfillmentStartInstructions", List.of(Map.of(
        "fulfillmentInstructionsType", "SHIP_TO",
        "minEstimatedDeliveryDate", EBAY_TIME.format(created.plusSeconds(3 * 86_400)),
        "maxEstimatedDeliveryDate", EBAY_TIME.format(created.plusSeconds(6 * 86_400)),
        "ebaySupportedFulfillment", false,
        "shippingStep", Map.of(
            "shipTo", Map.of("fullName", "Sandbox Buyer",
                "contactAddress", Map.of("addressLine1", "2145 Hamilton Ave", "city", "San Jose",
                    "stateOrProvince", "CA", "postalCode", "95125", "countryCode", "US"),
                "primaryPhone", Map.of("phoneNumber", "4085550100"),
                "email", "buyer@sandbox.invalid"),
            "shippingCarrierCode", "USPS", "shippingServiceCode", "USPSPriority"))));
    order.put("fulfillmentHrefs", List.of());
    List<Object> items = new ArrayList<>();
    for (Line line : lines) {
      items.add(lineJson(line));
    }
    order.put("lineItems", items);
    if (collectAndRemit) {
      order.put("ebayCollectAndRemitTax", true);
    }
    order.put("salesRecordReference", salesRecordReference);
    order.put("totalFeeBasisAmount", amount(total()));
    return order;
  }

  private Map<String, Object> lineJson(Line line) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("lineItemId", line.lineItemId);
    item.put("legacyItemId", line.legacyItemId);
    if (line.legacyVariationId != null) {
      item.put("legacyVariationId", line.legacyVariationId);
    }
    if (line.sku != null) {
      item.put("sku", line.sku);
    }
    item.put("title", line.title);
    item.put("lineItemCost", amount(line.cost()));
    item.put("quantity", line.quantity);
    item.put("soldFormat", "FIXED_PRICE");
    item.put("listingMarketplaceId", "EBAY_US");
    item.put("purchaseMarketplaceId", "EBAY_US");
    item.put("lineItemFulfillmentStatus", line.fulfillmentStatus);
    item.put("total", amount(line.total()));
    item.put("deliveryCost", Map.of("shippingCost", amount(line.shippingCost)));
    List<Object> promotions = new ArrayList<>();
    if (line.discount.signum() > 0) {
      promotions.add(Map.of("promotionId", "5000" + line.lineItemId.substring(line.lineItemId.length() - 6),
          "description", "Sandbox promotion", "discountAmount", amount(line.discount)));
      item.put("discountedLineItemCost", amount(line.cost().subtract(line.discount)));
    }
    item.put("appliedPromotions", promotions);
    List<Object> taxes = new ArrayList<>();
    if (line.sellerTax.signum() > 0) {
      taxes.add(Map.of("amount", amount(line.sellerTax), "taxType", "STATE_SALES_TAX"));
    }
    if (line.remittedTax.signum() > 0) {
      // eBay repeats a collect-and-remit tax in taxes[] with the same amount
      taxes.add(Map.of("amount", amount(line.remittedTax), "taxType", "STATE_SALES_TAX"));
      item.put("ebayCollectAndRemitTaxes", List.of(Map.of("taxType", "STATE_SALES_TAX", "amount",
          amount(line.remittedTax), "collectionMethod", "NET")));
    }
    item.put("taxes", taxes);
    item.put("properties", Map.of("buyerProtection", true));
    item.put("lineItemFulfillmentInstructions", Map.of(
        "minEstimatedDeliveryDate", EBAY_TIME.format(created.plusSeconds(3 * 86_400)),
        "maxEstimatedDeliveryDate", EBAY_TIME.format(created.plusSeconds(6 * 86_400)),
        "shipByDate", EBAY_TIME.format(created.plusSeconds(2 * 86_400)),
        "guaranteedDelivery", false));
    List<Object> lineRefunds = new ArrayList<>();
    for (Refund refund : refunds) {
      if (line.lineItemId.equals(refund.lineItemId)) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("refundId", refund.refundId);
        if (refund.date != null) {
          json.put("refundDate", EBAY_TIME.format(refund.date));
        }
        json.put("amount", amount(refund.amount));
        lineRefunds.add(json);
      }
    }
    item.put("refunds", lineRefunds);
    return item;
  }

  /** What the control API lists: the order's ids, state and lines in short. */
  Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("orderId", orderId);
    summary.put("salesRecordReference", salesRecordReference);
    summary.put("creationDate", EBAY_TIME.format(created));
    summary.put("lastModifiedDate", EBAY_TIME.format(lastModified));
    summary.put("orderFulfillmentStatus", fulfillmentStatus());
    summary.put("orderPaymentStatus", paymentStatus);
    summary.put("cancelState", cancelState);
    summary.put("currency", currency);
    summary.put("total", Amounts.format(total(), currency));
    List<Object> items = new ArrayList<>();
    for (Line line : lines) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("lineItemId", line.lineItemId);
      item.put("sku", line.sku);
      item.put("legacyItemId", line.legacyItemId);
      item.put("quantity", line.quantity);
      item.put("unitPrice", Amounts.format(line.unitPrice, currency));
      item.put("lineItemFulfillmentStatus", line.fulfillmentStatus);
      items.add(item);
    }
    summary.put("lineItems", items);
    List<Object> given = new ArrayList<>();
    for (Refund refund : refunds) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("refundId", refund.refundId);
      json.put("lineItemId", refund.lineItemId);
      json.put("amount", Amounts.format(refund.amount, currency));
      json.put("refundStatus", refund.status);
      given.add(json);
    }
    summary.put("refunds", given);
    return summary;
  }

  private BigDecimal sum(java.util.function.Function<Line, BigDecimal> amount) {
    return lines.stream().map(amount).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  Map<String, Object> amount(BigDecimal value) {
    Map<String, Object> amount = new LinkedHashMap<>();
    amount.put("value", Amounts.format(value, currency));
    amount.put("currency", currency);
    return amount;
  }
}
