package io.retailsync.connectors.walmart;

import io.retailsync.connectors.walmart.wire.WalmartOrder;
import io.retailsync.connectors.walmart.wire.WalmartRefund;
import io.retailsync.model.CanonicalValidator;
import io.retailsync.model.Refund;
import io.retailsync.model.json.InvalidPayloadException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The refunds of one Walmart purchase order (docs/walmart.md, "Refunds"): every order line's {@code refund} block,
 * grouped by {@code refundId} into one canonical {@link Refund} each.
 *
 * <ul>
 *   <li>a line's {@code PRODUCT} charges become a refunded line (its {@code lineNumber} and SKU): amount the
 *       charges, tax their {@code tax.taxAmount}; quantity the line's ordered units when the refund gives back the
 *       line's whole {@code PRODUCT} amount, else 0 (money only). It is read from the refund and the line as ordered
 *       only, never from the line's status (which moves on after the refund and would change the refund's content
 *       between two reads); restock {@code NO_RESTOCK} (Walmart's returns are not in the order);</li>
 *   <li>{@code SHIPPING} charges, their tax included, are the refund's {@code shippingAmount} (as Shopify's
 *       shipping refunds);</li>
 *   <li>Walmart writes what it refunds negative: amounts are turned positive by the sign of the refund as a whole, so
 *       a reversed discount inside a refund still lowers it;</li>
 *   <li>{@code total} is lines + tax + shipping; {@code reason} the distinct {@code refundReason}s, then the
 *       {@code refundComments};</li>
 *   <li>{@code createdAt} is the order's {@code orderDate}: Walmart gives a refund no date, and a line's
 *       {@code statusDate} moves on with later status changes, which would make the same refund differ between
 *       polls.</li>
 * </ul>
 *
 * A refund that cannot be mapped (no {@code refundId}, an amount that is not one, another currency) is left out
 * with a problem naming it: the order it belongs to is still posted.
 */
final class WalmartRefundMapper {

  static final Comparator<String> LINE_ORDER = Comparator.comparingInt(String::length)
      .thenComparing(Comparator.naturalOrder());
  private static final int MAX_REASON = 255;
  private static final CanonicalValidator VALIDATOR = new CanonicalValidator();

  /** What the refunds of an order came to: the ones mapped, and why any other was left out. */
  record Mapped(List<Refund> refunds, List<String> problems) {}

  private WalmartRefundMapper() {}

  private static final class LineSums {
    final String lineNumber;
    final String sku;
    int quantity;
    BigDecimal fullAmount;
    BigDecimal amount = BigDecimal.ZERO;
    BigDecimal tax = BigDecimal.ZERO;

    LineSums(String lineNumber, String sku) {
      this.lineNumber = lineNumber;
      this.sku = sku;
    }
  }

  private static final class Group {
    final Map<String, LineSums> lines = new TreeMap<>(LINE_ORDER);
    final TreeSet<String> reasons = new TreeSet<>();
    final TreeSet<String> comments = new TreeSet<>();
    BigDecimal shipping = BigDecimal.ZERO;
    BigDecimal shippingTax = BigDecimal.ZERO;
    String problem;
  }

  /** Never throws: what cannot be mapped is a problem, never a failure of the order. */
  static Mapped map(String orderId, Instant orderDate, String currency, List<WalmartOrder.OrderLine> lines) {
    Map<String, Group> groups = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      WalmartOrder.OrderLine line = lines.get(i);
      JsonNode node = line == null ? null : line.refund();
      if (node == null || node.isNull() || node.isMissingNode()) {
        continue;
      }
      String at = "orderLines.orderLine[" + i + "].refund";
      String refundId = idOf(node);
      if (refundId == null) {
        problems.add(printable("Walmart order " + orderId + ": " + at + " has no refundId; the refund is left out"));
        continue;
      }
      Group group = groups.computeIfAbsent(refundId, id -> new Group());
      if (group.problem != null) {
        continue;
      }
      try {
        add(group, line, i, WalmartOrderMapper.WIRE.treeToValue(node, WalmartRefund.class), currency);
      } catch (JacksonException e) {
        group.problem = at + ": " + e.getOriginalMessage();
      } catch (RuntimeException e) {
        group.problem = e.getMessage();
      }
    }
    List<Refund> refunds = new ArrayList<>();
    for (Map.Entry<String, Group> entry : groups.entrySet()) {
      Group group = entry.getValue();
      try {
        if (group.problem == null) {
          refunds.add(refund(orderId, entry.getKey(), orderDate, currency, group));
        }
      } catch (RuntimeException e) {
        group.problem = e.getMessage();
      }
      if (group.problem != null) {
        problems.add(printable("Walmart order " + orderId + " refund " + entry.getKey() + ": " + group.problem
            + "; the refund is left out"));
      }
    }
    refunds.sort(Comparator.comparing(Refund::createdAt).thenComparing(Refund::refundId));
    return new Mapped(refunds, problems);
  }

  private static void add(Group group, WalmartOrder.OrderLine line, int index, WalmartRefund refund,
      String currency) {
    String at = "orderLines.orderLine[" + index + "].refund";
    List<WalmartRefund.RefundCharge> charges = refund.refundCharges() == null ? null
        : refund.refundCharges().refundCharge();
    if (charges == null || charges.isEmpty()) {
      throw new InvalidPayloadException(at + ".refundCharges.refundCharge is missing or empty");
    }
    LineSums sums = group.lines.get(line.lineNumber());
    for (int c = 0; c < charges.size(); c++) {
      String chargeAt = at + ".refundCharges.refundCharge[" + c + "]";
      WalmartRefund.RefundCharge refundCharge = charges.get(c);
      WalmartOrder.Charge charge = refundCharge == null ? null : refundCharge.charge();
      if (charge == null) {
        throw new InvalidPayloadException(chargeAt + ".charge is missing");
      }
      BigDecimal amount = WalmartOrderMapper.money(chargeAt + ".charge.chargeAmount", charge.chargeAmount(), currency,
          true);
      BigDecimal tax = charge.tax() == null ? BigDecimal.ZERO
          : WalmartOrderMapper.money(chargeAt + ".charge.tax.taxAmount", charge.tax().taxAmount(), currency, false);
      String type = charge.chargeType() == null ? "" : charge.chargeType().trim().toUpperCase(Locale.ROOT);
      switch (type) {
        case "PRODUCT" -> {
          if (sums == null) {
            sums = new LineSums(line.lineNumber(), line.item().sku().trim());
            sums.quantity = orderedQuantity(line, index);
            sums.fullAmount = productAmount(line, currency);
            group.lines.put(line.lineNumber(), sums);
          }
          sums.amount = sums.amount.add(amount);
          sums.tax = sums.tax.add(tax);
        }
        case "SHIPPING" -> {
          group.shipping = group.shipping.add(amount);
          group.shippingTax = group.shippingTax.add(tax);
        }
        default -> throw new InvalidPayloadException(chargeAt + ".charge.chargeType " + charge.chargeType()
            + " is not a charge the suite maps (PRODUCT, SHIPPING)");
      }
      if (refundCharge.refundReason() != null && !refundCharge.refundReason().isBlank()) {
        group.reasons.add(refundCharge.refundReason().trim());
      }
    }
    if (refund.refundComments() != null && !refund.refundComments().isBlank()) {
      group.comments.add(refund.refundComments().trim());
    }
  }

  /** The line's ordered units (0 when Walmart does not say). */
  private static int orderedQuantity(WalmartOrder.OrderLine line, int index) {
    return line.orderLineQuantity() == null || line.orderLineQuantity().amount() == null ? 0
        : WalmartOrderMapper.quantity("orderLines.orderLine[" + index + "].orderLineQuantity.amount",
            line.orderLineQuantity().amount());
  }

  /** The line's {@code PRODUCT} charges as ordered, or null when they cannot be read. */
  private static BigDecimal productAmount(WalmartOrder.OrderLine line, String currency) {
    if (line.charges() == null || line.charges().charge() == null) {
      return null;
    }
    BigDecimal total = BigDecimal.ZERO;
    for (WalmartOrder.Charge charge : line.charges().charge()) {
      if (charge != null && "PRODUCT".equalsIgnoreCase(charge.chargeType())) {
        try {
          total = total.add(WalmartOrderMapper.money("charge", charge.chargeAmount(), currency, true).abs());
        } catch (RuntimeException unreadable) {
          return null;
        }
      }
    }
    return total;
  }

  private static Refund refund(String orderId, String refundId, Instant orderDate, String currency, Group group) {
    BigDecimal net = group.shipping.add(group.shippingTax);
    for (LineSums line : group.lines.values()) {
      net = net.add(line.amount).add(line.tax);
    }
    // Walmart's refunds are negative; a refund shown positive is taken as it stands
    BigDecimal sign = net.signum() < 0 ? BigDecimal.ONE.negate() : BigDecimal.ONE;
    List<Refund.Line> lines = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (LineSums line : group.lines.values()) {
      BigDecimal amount = positive(line.amount.multiply(sign), "line " + line.lineNumber + " amount");
      BigDecimal tax = positive(line.tax.multiply(sign), "line " + line.lineNumber + " tax");
      int units = line.fullAmount != null && line.fullAmount.signum() > 0 && amount.compareTo(line.fullAmount) == 0
          ? line.quantity : 0;
      lines.add(new Refund.Line(line.lineNumber, line.sku, units, amount, tax, Refund.RestockType.NO_RESTOCK));
      total = total.add(amount).add(tax);
    }
    BigDecimal shipping = positive(group.shipping.multiply(sign), "shipping")
        .add(positive(group.shippingTax.multiply(sign), "shipping tax"));
    total = total.add(shipping);
    Refund refund = new Refund(WalmartOrderMapper.CHANNEL, orderId, refundId, orderDate, currency, lines, shipping,
        total, reason(group));
    List<String> violations = VALIDATOR.violations(refund);
    if (!violations.isEmpty()) {
      throw new InvalidPayloadException("the canonical refund is invalid: " + String.join("; ", violations));
    }
    return refund;
  }

  private static BigDecimal positive(BigDecimal amount, String what) {
    if (amount.signum() < 0) {
      throw new InvalidPayloadException("its " + what + " goes the other way than the refund as a whole ("
          + amount.negate().toPlainString() + ")");
    }
    return amount;
  }

  private static String reason(Group group) {
    String reasons = String.join(", ", group.reasons);
    String comments = String.join("; ", group.comments);
    String reason = reasons.isEmpty() ? comments : comments.isEmpty() ? reasons : reasons + ": " + comments;
    if (reason.isEmpty()) {
      return null;
    }
    return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
  }

  /** Control characters (NUL included) as U+FFFD: a problem is stored and shown, and PostgreSQL refuses NUL. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.chars().forEach(c -> out.append(Character.isISOControl(c) ? '\uFFFD' : (char) c));
    return out.toString();
  }

  private static String idOf(JsonNode refund) {
    JsonNode id = refund.get("refundId");
    if (id != null && (id.isString() || id.isIntegralNumber()) && !id.asString().isBlank()) {
      return id.asString().trim();
    }
    return null;
  }
}
