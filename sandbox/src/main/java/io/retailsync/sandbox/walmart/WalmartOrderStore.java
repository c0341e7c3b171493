package io.retailsync.sandbox.walmart;

import io.retailsync.sandbox.shopify.ShopifyCatalog;
import io.retailsync.sandbox.support.Amounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import org.springframework.stereotype.Component;

/**
 * The Walmart stand-in's purchase orders, in memory. Every method is synchronized: the connector's polls, its
 * acknowledgements and the control API run concurrently. Every change bumps the changed lines' {@code statusDate}
 * (and with it the order's last-modified time) to a time after the order's previous one, so a poll from the
 * watermark sees the order again.
 */
@Component
class WalmartOrderStore {

  static final Set<String> STATUSES = Set.of("Created", "Acknowledged", "Shipped", "Delivered", "Cancelled");
  /** The status of units refunded in full (Walmart's line status enum has it; when Walmart sets it is unverified). */
  static final String REFUND = "Refund";
  /** {@code refundCharge.refundReason} values of Walmart's orders spec (0.6.3). */
  static final Set<String> REFUND_REASONS = Set.of("BillingError", "TaxExemptCustomer", "ItemNotAsAdvertised",
      "IncorrectItemReceived", "CancelledYetShipped", "ItemNotReceivedByCustomer", "IncorrectShippingPrice",
      "DamagedItem", "DefectiveItem", "CustomerChangedMind", "CustomerReceivedItemLate",
      "Missing Parts / Instructions", "Finance -> Goodwill", "Finance -> Rollback", "Buyer canceled",
      "Customer returned item", "General adjustment", "Merchandise not received",
      "Quality -> Missing Parts / Instructions", "Shipping & Delivery -> Damaged",
      "Shipping & Delivery -> Shipping Price Discrepancy", "Others");

  /** One status entry of a line: {@code quantity} units in {@code status}. */
  static final class StatusEntry {
    final String status;
    int quantity;
    final String cancellationReason;

    StatusEntry(String status, int quantity, String cancellationReason) {
      this.status = status;
      this.quantity = quantity;
      this.cancellationReason = cancellationReason;
    }
  }

  /** What a line's {@code refund} block gives back, as positive amounts (the JSON shows them negative). */
  record LineRefund(String refundId, String reason, String comments, BigDecimal product, BigDecimal productTax,
      BigDecimal shipping, BigDecimal shippingTax) {}

  static final class Line {
    final String lineNumber;
    final String sku;
    final String productName;
    final int quantity;
    final BigDecimal unitPrice;
    final BigDecimal tax;
    final BigDecimal shipping;
    final BigDecimal shippingTax;
    final List<StatusEntry> statuses = new ArrayList<>();
    Instant statusDate;
    LineRefund refund;

    Line(String lineNumber, String sku, String productName, int quantity, BigDecimal unitPrice, BigDecimal tax,
        BigDecimal shipping, BigDecimal shippingTax) {
      this.lineNumber = lineNumber;
      this.sku = sku;
      this.productName = productName;
      this.quantity = quantity;
      this.unitPrice = unitPrice;
      this.tax = tax;
      this.shipping = shipping;
      this.shippingTax = shippingTax;
    }

    int quantityIn(String status) {
      return statuses.stream().filter(entry -> entry.status.equals(status)).mapToInt(entry -> entry.quantity).sum();
    }

    /** Moves every unit in one of {@code from} to {@code to}; whether anything moved. */
    boolean move(Predicate<String> from, String to, String reason) {
      int moved = 0;
      for (StatusEntry entry : statuses) {
        if (from.test(entry.status) && !entry.status.equals(to)) {
          moved += entry.quantity;
          entry.quantity = 0;
        }
      }
      statuses.removeIf(entry -> entry.quantity == 0);
      if (moved == 0) {
        return false;
      }
      StatusEntry existing = statuses.stream().filter(entry -> entry.status.equals(to)).findFirst().orElse(null);
      if (existing != null && reason == null) {
        existing.quantity += moved;
      } else {
        statuses.add(new StatusEntry(to, moved, reason));
      }
      return true;
    }
  }

  static final class PurchaseOrder {
    final long seq;
    final String purchaseOrderId;
    final String customerOrderId;
    final Instant orderDate;
    final String currency;
    final String shipNodeType;
    final List<Line> lines = new ArrayList<>();

    PurchaseOrder(long seq, String purchaseOrderId, String customerOrderId, Instant orderDate, String currency,
        String shipNodeType) {
      this.seq = seq;
      this.purchaseOrderId = purchaseOrderId;
      this.customerOrderId = customerOrderId;
      this.orderDate = orderDate;
      this.currency = currency;
      this.shipNodeType = shipNodeType;
    }

    Instant lastModified() {
      Instant latest = orderDate;
      for (Line line : lines) {
        if (line.statusDate != null && line.statusDate.isAfter(latest)) {
          latest = line.statusDate;
        }
      }
      return latest;
    }

    boolean hasStatus(String status) {
      return lines.stream().anyMatch(line -> line.quantityIn(status) > 0);
    }
  }

  /** The order spec of {@code POST /sandbox/walmart/orders}. */
  record OrderSpec(List<LineSpec> lines, String status, String currency, String purchaseOrderId,
      String customerOrderId, BigDecimal shipping, BigDecimal taxRate, Instant orderDate, String shipNodeType) {}

  record LineSpec(String sku, Integer quantity, BigDecimal unitPrice, String productName) {}

  /** One line of a refund: the whole line when {@code amount} is null, else that much of its price. */
  record RefundLineSpec(String lineNumber, BigDecimal amount) {}

  /** One page of a query, rendered under the lock: its orders, the total, where it ended, whether more follow. */
  record Page(List<Map<String, Object>> orders, int totalCount, long lastSeq, int returnedBefore, boolean more) {}

  /** One acknowledge call as received. */
  record Acknowledgement(String purchaseOrderId, Instant receivedAt, int status, String correlationId) {}

  private final WalmartSandboxProperties properties;
  private final Map<String, PurchaseOrder> orders = new LinkedHashMap<>();
  private final List<Acknowledgement> acknowledgements = new ArrayList<>();
  private final long idBase = Instant.now().getEpochSecond();
  private long seq;
  private long refundSeq;
  private Instant lastChange = Instant.EPOCH;

  WalmartOrderStore(WalmartSandboxProperties properties) {
    this.properties = properties;
  }

  synchronized PurchaseOrder create(OrderSpec spec) {
    if (spec == null || spec.lines() == null || spec.lines().isEmpty() || spec.lines().size() > 200) {
      throw new IllegalArgumentException("lines must hold 1 to 200 lines");
    }
    String status = spec.status() == null ? "Created" : spec.status();
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("status must be one of " + STATUSES + ", got " + status);
    }
    String currency = spec.currency() == null ? "USD" : spec.currency();
    int scale = Amounts.scale(currency);
    BigDecimal taxRate = spec.taxRate() == null ? properties.taxRate() : spec.taxRate();
    if (taxRate.signum() < 0 || taxRate.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("taxRate must be between 0 and 1");
    }
    BigDecimal shipping = Amounts.check("shipping", spec.shipping(), BigDecimal.ZERO, currency);
    String shipNodeType = spec.shipNodeType() == null ? "SellerFulfilled" : spec.shipNodeType();
    if (!Set.of("SellerFulfilled", "WFSFulfilled", "3PLFulfilled").contains(shipNodeType)) {
      throw new IllegalArgumentException("shipNodeType must be SellerFulfilled, WFSFulfilled or 3PLFulfilled");
    }
    long next = seq + 1;
    String purchaseOrderId = spec.purchaseOrderId() == null ? idBase + String.format("%04d", next)
        : spec.purchaseOrderId();
    if (!purchaseOrderId.matches("[0-9A-Za-z-]{1,40}")) {
      throw new IllegalArgumentException("purchaseOrderId must be 1 to 40 letters, digits or dashes");
    }
    if (orders.containsKey(purchaseOrderId)) {
      throw new IllegalStateException("purchase order " + purchaseOrderId + " exists already");
    }
    Instant now = tick();
    Instant orderDate = spec.orderDate() == null ? now : spec.orderDate().truncatedTo(ChronoUnit.MILLIS);
    PurchaseOrder order = new PurchaseOrder(next, purchaseOrderId,
        spec.customerOrderId() == null ? "5" + purchaseOrderId : spec.customerOrderId(), orderDate, currency,
        shipNodeType);
    for (int i = 0; i < spec.lines().size(); i++) {
      LineSpec line = spec.lines().get(i);
      String at = "lines[" + i + "]";
      if (line == null || line.sku() == null || line.sku().isBlank() || line.sku().length() > 64) {
        throw new IllegalArgumentException(at + ".sku must be 1 to 64 characters");
      }
      int quantity = line.quantity() == null ? 1 : line.quantity();
      if (quantity < 1 || quantity > 999) {
        throw new IllegalArgumentException(at + ".quantity must be between 1 and 999");
      }
      ShopifyCatalog.Item item = ShopifyCatalog.item(line.sku());
      BigDecimal unitPrice = Amounts.check(at + ".unitPrice", line.unitPrice(), item.price(), currency);
      BigDecimal lineAmount = unitPrice.multiply(BigDecimal.valueOf(quantity)).setScale(scale, RoundingMode.HALF_UP);
      BigDecimal lineShipping = i == 0 ? shipping.setScale(scale, RoundingMode.HALF_UP) : BigDecimal.ZERO;
      Line created = new Line(Integer.toString(i + 1), line.sku(),
          line.productName() == null ? item.title() : line.productName(), quantity, unitPrice,
          lineAmount.multiply(taxRate).setScale(scale, RoundingMode.HALF_UP), lineShipping,
          lineShipping.multiply(taxRate).setScale(scale, RoundingMode.HALF_UP));
      created.statuses.add(new StatusEntry(status, quantity, status.equals("Cancelled")
          ? "CUSTOMER_REQUESTED_SELLER_TO_CANCEL" : null));
      created.statusDate = now;
      order.lines.add(created);
    }
    seq = next;
    orders.put(purchaseOrderId, order);
    return order;
  }

  synchronized Optional<PurchaseOrder> find(String purchaseOrderId) {
    return Optional.ofNullable(orders.get(purchaseOrderId));
  }

  /** Every order matching {@code filter}, newest first (by creation sequence, which pagination relies on). */
  synchronized List<PurchaseOrder> query(Predicate<PurchaseOrder> filter) {
    return orders.values().stream().filter(filter).sorted(Comparator.comparingLong((PurchaseOrder o) -> o.seq)
        .reversed()).toList();
  }

  /**
   * A page of the orders matching {@code filter}, newest first: those created before sequence {@code beforeSeq}
   * (all when null), at most {@code limit}.
   */
  synchronized Page page(Predicate<PurchaseOrder> filter, Long beforeSeq, int limit) {
    List<PurchaseOrder> matching = query(filter);
    List<PurchaseOrder> rest = beforeSeq == null ? matching
        : matching.stream().filter(order -> order.seq < beforeSeq).toList();
    List<PurchaseOrder> page = rest.subList(0, Math.min(limit, rest.size()));
    List<Map<String, Object>> rendered = page.stream().map(this::render).toList();
    return new Page(rendered, matching.size(), page.isEmpty() ? 0 : page.get(page.size() - 1).seq,
        matching.size() - rest.size(), rest.size() > page.size());
  }

  /** The order as Walmart's API shows it, rendered under the lock. */
  synchronized Map<String, Object> render(PurchaseOrder order) {
    return WalmartOrderJson.order(order);
  }

  synchronized List<PurchaseOrder> all() {
    return List.copyOf(orders.values());
  }

  /**
   * Walmart's acknowledge: {@code Created} units become {@code Acknowledged}. An order already acknowledged is
   * acknowledged again without change; one with nothing {@code Created} or {@code Acknowledged} is refused
   * (empty result).
   */
  synchronized Optional<PurchaseOrder> acknowledge(PurchaseOrder order) {
    if (!order.hasStatus("Created") && !order.hasStatus("Acknowledged")) {
      return Optional.empty();
    }
    Instant now = null;
    for (Line line : order.lines) {
      if (line.move("Created"::equals, "Acknowledged", null)) {
        now = now == null ? tick(order) : now;
        line.statusDate = now;
      }
    }
    return Optional.of(order);
  }

  synchronized void recordAcknowledgement(String purchaseOrderId, int status, String correlationId) {
    acknowledgements.add(new Acknowledgement(purchaseOrderId, Instant.now(), status, correlationId));
  }

  synchronized List<Acknowledgement> acknowledgements() {
    return List.copyOf(acknowledgements);
  }

  /** Cancels what is not shipped of one line ({@code lineNumber}) or of every line (null); whether any was. */
  synchronized boolean cancel(PurchaseOrder order, String lineNumber, String reason) {
    String why = reason == null ? "CUSTOMER_REQUESTED_SELLER_TO_CANCEL" : reason;
    boolean changed = false;
    Instant now = null;
    for (Line line : order.lines) {
      if (lineNumber == null || line.lineNumber.equals(lineNumber)) {
        if (line.move(s -> s.equals("Created") || s.equals("Acknowledged"), "Cancelled", why)) {
          now = now == null ? tick(order) : now;
          line.statusDate = now;
          changed = true;
        }
      }
    }
    return changed;
  }

  /** Sets every unit not cancelled or refunded of one line (or of all) to {@code status}; whether anything changed. */
  synchronized boolean setStatus(PurchaseOrder order, String lineNumber, String status) {
    if (!STATUSES.contains(status) || status.equals("Cancelled")) {
      throw new IllegalArgumentException("status must be one of Created, Acknowledged, Shipped, Delivered "
          + "(cancel through .../cancel), got " + status);
    }
    boolean changed = false;
    Instant now = null;
    for (Line line : order.lines) {
      if (lineNumber == null || line.lineNumber.equals(lineNumber)) {
        if (line.move(s -> !s.equals("Cancelled") && !s.equals(REFUND), status, null)) {
          now = now == null ? tick(order) : now;
          line.statusDate = now;
          changed = true;
        }
      }
    }
    return changed;
  }

  /**
   * Walmart's refund of shipped lines, as one refund (one {@code refundId}) over {@code lines} (every shipped line
   * not refunded yet when null). A line refunded whole is Walmart's full refund: its price and tax for the units
   * shipped, which move to status {@code Refund}, and its shipping with its tax unless {@code shipping} is false. A
   * line given an {@code amount} has that much of its price refunded, its tax in proportion, no unit back, and its
   * shipping only when {@code shipping} is true. Walmart shows one refund per line: a line refunded before is
   * refused ({@link IllegalStateException}), as is a line with nothing shipped; a bad amount or reason is an
   * {@link IllegalArgumentException}. Returns the refund's id.
   */
  synchronized String refund(PurchaseOrder order, List<RefundLineSpec> lines, Boolean shipping, String reason,
      String comments) {
    String why = reason == null ? "CustomerChangedMind" : reason;
    if (!REFUND_REASONS.contains(why)) {
      throw new IllegalArgumentException("reason must be one of Walmart's refund reasons " + REFUND_REASONS
          + ", got " + reason);
    }
    if (comments != null && comments.length() > 200) {
      throw new IllegalArgumentException("comments must be at most 200 characters");
    }
    List<RefundLineSpec> specs = lines;
    if (specs == null) {
      specs = order.lines.stream().filter(line -> line.refund == null && shipped(line) > 0)
          .map(line -> new RefundLineSpec(line.lineNumber, null)).toList();
      if (specs.isEmpty()) {
        throw new IllegalStateException("purchase order " + order.purchaseOrderId
            + " has no shipped line that is not refunded yet");
      }
    }
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("lines must name at least one line");
    }
    int scale = Amounts.scale(order.currency);
    List<Line> targets = new ArrayList<>();
    List<LineRefund> refunds = new ArrayList<>();
    String refundId = idBase + String.format("%05d", refundSeq + 1);
    for (int i = 0; i < specs.size(); i++) {
      RefundLineSpec spec = specs.get(i);
      String at = "lines[" + i + "]";
      Line line = spec == null || spec.lineNumber() == null ? null : order.lines.stream()
          .filter(candidate -> candidate.lineNumber.equals(spec.lineNumber())).findFirst().orElse(null);
      if (line == null) {
        throw new IllegalArgumentException(at + ".lineNumber names no line of purchase order " + order.purchaseOrderId);
      }
      if (targets.contains(line)) {
        throw new IllegalArgumentException(at + ".lineNumber " + line.lineNumber + " is named twice");
      }
      if (line.refund != null) {
        throw new IllegalStateException("line " + line.lineNumber + " of purchase order " + order.purchaseOrderId
            + " was refunded already (refund " + line.refund.refundId() + ")");
      }
      int units = shipped(line);
      if (units == 0) {
        throw new IllegalStateException("line " + line.lineNumber + " of purchase order " + order.purchaseOrderId
            + " has nothing shipped to refund (cancel what is not shipped)");
      }
      BigDecimal ordered = line.unitPrice.multiply(BigDecimal.valueOf(line.quantity)).setScale(scale, RoundingMode.HALF_UP);
      BigDecimal product;
      BigDecimal productTax;
      boolean whole = spec.amount() == null;
      if (whole) {
        product = line.unitPrice.multiply(BigDecimal.valueOf(units)).setScale(scale, RoundingMode.HALF_UP);
        productTax = line.tax.multiply(BigDecimal.valueOf(units))
            .divide(BigDecimal.valueOf(line.quantity), scale, RoundingMode.HALF_UP);
      } else {
        product = Amounts.check(at + ".amount", spec.amount(), null, order.currency).setScale(scale, RoundingMode.UNNECESSARY);
        BigDecimal refundable = line.unitPrice.multiply(BigDecimal.valueOf(units)).setScale(scale, RoundingMode.HALF_UP);
        if (product.signum() == 0 || product.compareTo(refundable) > 0) {
          throw new IllegalArgumentException(at + ".amount must be more than 0 and at most the price of the units"
              + " shipped, " + refundable.toPlainString());
        }
        productTax = ordered.signum() == 0 ? BigDecimal.ZERO
            : line.tax.multiply(product).divide(ordered, scale, RoundingMode.HALF_UP);
      }
      boolean withShipping = shipping == null ? whole : shipping;
      refunds.add(new LineRefund(refundId, why, comments, product, productTax,
          withShipping ? line.shipping : BigDecimal.ZERO, withShipping ? line.shippingTax : BigDecimal.ZERO));
      targets.add(line);
    }
    Instant now = tick(order);
    for (int i = 0; i < targets.size(); i++) {
      Line line = targets.get(i);
      line.refund = refunds.get(i);
      if (specs.get(i).amount() == null) {
        line.move(status -> status.equals("Shipped") || status.equals("Delivered"), REFUND, null);
      }
      line.statusDate = now;
    }
    refundSeq++;
    return refundId;
  }

  private static int shipped(Line line) {
    return line.quantityIn("Shipped") + line.quantityIn("Delivered");
  }

  synchronized boolean hasLine(PurchaseOrder order, String lineNumber) {
    return order.lines.stream().anyMatch(line -> line.lineNumber.equals(lineNumber));
  }

  /** Now, at millisecond precision, strictly after every change so far (so a change always moves forward). */
  private Instant tick() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    lastChange = now.isAfter(lastChange) ? now : lastChange.plus(Duration.ofMillis(1));
    return lastChange;
  }

  private Instant tick(PurchaseOrder order) {
    Instant now = tick();
    Instant previous = order.lastModified();
    return now.isAfter(previous) ? now : previous.plusMillis(1);
  }
}
