package io.retailsync.sandbox.walmart;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A purchase order in Walmart's JSON: dates as epoch milliseconds, {@code orderLineQuantity.amount} and
 * {@code statusQuantity.amount} as strings, charge and tax amounts as JSON numbers, the buyer as Walmart shows it
 * to the seller (a relay e-mail address, a made-up name and street). Called under the store's lock.
 */
final class WalmartOrderJson {

  private WalmartOrderJson() {}

  static Map<String, Object> order(WalmartOrderStore.PurchaseOrder order) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("purchaseOrderId", order.purchaseOrderId);
    json.put("customerOrderId", order.customerOrderId);
    json.put("customerEmailId", Long.toHexString(order.seq * 2654435761L).toUpperCase() + "@relay.walmart.com");
    json.put("orderType", "REGULAR");
    json.put("orderDate", order.orderDate.toEpochMilli());
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("name", "Sandbox Buyer " + order.seq);
    address.put("address1", (100 + order.seq % 900) + " Sandbox Way");
    address.put("address2", null);
    address.put("city", "Bentonville");
    address.put("state", "AR");
    address.put("postalCode", "72716");
    address.put("country", "USA");
    address.put("addressType", "RESIDENTIAL");
    Map<String, Object> shipping = new LinkedHashMap<>();
    shipping.put("phone", "4795550100");
    shipping.put("estimatedDeliveryDate", order.orderDate.plus(Duration.ofDays(5)).toEpochMilli());
    shipping.put("estimatedShipDate", order.orderDate.plus(Duration.ofDays(2)).toEpochMilli());
    shipping.put("methodCode", "Standard");
    shipping.put("postalAddress", address);
    json.put("shippingInfo", shipping);
    List<Map<String, Object>> lines = new ArrayList<>();
    for (WalmartOrderStore.Line line : order.lines) {
      lines.add(line(order, line));
    }
    json.put("orderLines", Map.of("orderLine", lines));
    json.put("shipNode", Map.of("type", order.shipNodeType));
    return json;
  }

  private static Map<String, Object> line(WalmartOrderStore.PurchaseOrder order, WalmartOrderStore.Line line) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("lineNumber", line.lineNumber);
    json.put("item", Map.of("productName", line.productName, "sku", line.sku));
    List<Map<String, Object>> charges = new ArrayList<>();
    charges.add(charge("PRODUCT", "ItemPrice", line.unitPrice.multiply(BigDecimal.valueOf(line.quantity)), line.tax,
        order.currency));
    if (line.shipping.signum() > 0) {
      charges.add(charge("SHIPPING", "Shipping", line.shipping, line.shippingTax, order.currency));
    }
    json.put("charges", Map.of("charge", charges));
    json.put("orderLineQuantity", quantity(line.quantity));
    json.put("statusDate", line.statusDate.toEpochMilli());
    List<Map<String, Object>> statuses = new ArrayList<>();
    for (WalmartOrderStore.StatusEntry entry : line.statuses) {
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("status", entry.status);
      status.put("statusQuantity", quantity(entry.quantity));
      if (entry.cancellationReason != null) {
        status.put("cancellationReason", entry.cancellationReason);
      }
      statuses.add(status);
    }
    json.put("orderLineStatuses", Map.of("orderLineStatus", statuses));
    if (line.refund != null) {
      json.put("refund", refund(line.refund, order.currency));
    }
    Map<String, Object> fulfillment = new LinkedHashMap<>();
    fulfillment.put("fulfillmentOption", "S2H");
    fulfillment.put("shipMethod", "STANDARD");
    fulfillment.put("pickUpDateTime", order.orderDate.plus(Duration.ofDays(2)).toEpochMilli());
    json.put("fulfillment", fulfillment);
    return json;
  }

  /** Walmart's refund block: what is given back as negative charges, each with its {@code refundReason}. */
  private static Map<String, Object> refund(WalmartOrderStore.LineRefund refund, String currency) {
    List<Map<String, Object>> charges = new ArrayList<>();
    if (refund.product().signum() > 0) {
      charges.add(refundCharge(refund.reason(), charge("PRODUCT", "ItemPrice", refund.product().negate(),
          refund.productTax().negate(), currency)));
    }
    if (refund.shipping().signum() > 0) {
      charges.add(refundCharge(refund.reason(), charge("SHIPPING", "Shipping", refund.shipping().negate(),
          refund.shippingTax().negate(), currency)));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("refundId", refund.refundId());
    if (refund.comments() != null) {
      json.put("refundComments", refund.comments());
    }
    json.put("refundCharges", Map.of("refundCharge", charges));
    return json;
  }

  private static Map<String, Object> refundCharge(String reason, Map<String, Object> charge) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("refundReason", reason);
    json.put("charge", charge);
    return json;
  }

  private static Map<String, Object> charge(String type, String name, BigDecimal amount, BigDecimal tax,
      String currency) {
    Map<String, Object> charge = new LinkedHashMap<>();
    charge.put("chargeType", type);
    charge.put("chargeName", name);
    charge.put("chargeAmount", money(amount, currency));
    charge.put("tax", Map.of("taxName", "Tax1", "taxAmount", money(tax, currency)));
    return charge;
  }

  /** Walmart writes amounts as plain JSON numbers without trailing zeros: {@code 10}, {@code 0.8}. */
  private static Map<String, Object> money(BigDecimal amount, String currency) {
    Map<String, Object> money = new LinkedHashMap<>();
    money.put("currency", currency);
    money.put("amount", new BigDecimal(amount.stripTrailingZeros().toPlainString()));
    return money;
  }

  private static Map<String, Object> quantity(int amount) {
    return Map.of("unitOfMeasurement", "EACH", "amount", Integer.toString(amount));
  }
}
