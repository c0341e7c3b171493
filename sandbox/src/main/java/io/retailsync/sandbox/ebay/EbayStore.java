package io.retailsync.sandbox.ebay;

import io.retailsync.sandbox.shopify.ShopifyCatalog;
import io.retailsync.sandbox.support.Amounts;
import io.retailsync.sandbox.support.SandboxProblem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * The eBay stand-in's state, in memory: the orders it sold, the access tokens it issued, the faults asked
 * for and the calls the connector made. One lock guards it all (the stand-in serves tests and the local
 * stack, not load), so every read sees a whole order.
 */
@Component
class EbayStore {

  static final Set<String> LINE_STATUSES = Set.of("NOT_STARTED", "IN_PROGRESS", "FULFILLED");
  static final Set<String> PAYMENT_STATUSES = Set.of("PAID", "PENDING", "FAILED");
  /** The collect-and-remit sales tax rate the stand-in charges (a California-like 8.25 %). */
  static final BigDecimal REMIT_RATE = new BigDecimal("0.0825");
  private static final int MAX_CALLS = 1000;

  static final Set<String> REFUND_STATUSES = Set.of("PENDING", "REFUNDED", "FAILED");

  /** {@code POST /sandbox/ebay/orders/{id}/refund}: how much (all that is left when absent) and its status. */
  record RefundSpec(String amount, String status) {}

  /** A control-API order spec; everything but the lines is optional. */
  record OrderSpec(String currency, List<LineSpec> lines, Boolean ebayCollectAndRemit, String sellerTaxRate,
      String shippingCost, String paymentStatus, String fulfillmentStatus) {}

  /** One line: a SKU (or {@code noSku} for a listing without one), quantity, optional price and discount. */
  record LineSpec(String sku, Integer quantity, BigDecimal unitPrice, BigDecimal discount, Boolean noSku) {}

  /** {@code PUT /sandbox/ebay/faults}. */
  record Faults(Double rateLimitPerSecond, Integer throttleNext, Integer failNext, Integer tokenLifetimeSeconds) {
    static final Faults NONE = new Faults(null, 0, 0, null);
  }

  /** A call the connector made to the marketplace paths. */
  record Call(String at, String method, String path, String query, int status, String auth) {}

  /** What a marketplace call is answered with before it reaches its handler, when a fault or limit says so. */
  enum Verdict { PASS, THROTTLED, FAILED }

  private final EbaySandboxProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, EbaySandboxOrder> orders = new LinkedHashMap<>();
  private final Map<String, Instant> tokens = new LinkedHashMap<>();
  private final Deque<Call> calls = new ArrayDeque<>();
  private final Deque<Long> recentCalls = new ArrayDeque<>();
  private Faults faults = Faults.NONE;
  private int throttleLeft;
  private int failLeft;
  private long sequence;
  private long refundSequence;
  private Instant lastStamp = Instant.EPOCH;

  EbayStore(EbaySandboxProperties properties) {
    this.properties = properties;
    this.clock = Clock.systemUTC();
  }

  // ---- orders

  synchronized EbaySandboxOrder create(OrderSpec spec) {
    if (spec == null || spec.lines() == null || spec.lines().isEmpty()) {
      throw SandboxProblem.badRequest("an order needs at least one line");
    }
    String currency = spec.currency() == null ? "USD" : spec.currency();
    try {
      Amounts.scale(currency);
    } catch (IllegalArgumentException e) {
      throw SandboxProblem.badRequest(e.getMessage());
    }
    String payment = spec.paymentStatus() == null ? "PAID" : spec.paymentStatus();
    if (!PAYMENT_STATUSES.contains(payment)) {
      throw SandboxProblem.badRequest("paymentStatus must be one of " + PAYMENT_STATUSES);
    }
    String lineStatus = spec.fulfillmentStatus() == null ? "NOT_STARTED" : spec.fulfillmentStatus();
    if (!LINE_STATUSES.contains(lineStatus)) {
      throw SandboxProblem.badRequest("fulfillmentStatus must be one of " + LINE_STATUSES);
    }
    if (orders.size() >= properties.maxOrders()) {
      throw SandboxProblem.conflict("the eBay stand-in holds " + orders.size() + " orders already");
    }
    boolean remit = Boolean.TRUE.equals(spec.ebayCollectAndRemit());
    BigDecimal sellerRate = rate(spec.sellerTaxRate());
    BigDecimal shipping;
    try {
      shipping = Amounts.check("shippingCost", amountOrNull(spec.shippingCost()), BigDecimal.ZERO, currency);
    } catch (IllegalArgumentException e) {
      throw SandboxProblem.badRequest(e.getMessage());
    }
    long number = ++sequence;
    String orderId = String.format("%02d-%05d-%05d", 26, number % 100_000, Math.floorMod(number * 7919 + 12345, 100_000));
    List<EbaySandboxOrder.Line> lines = new ArrayList<>();
    for (int i = 0; i < spec.lines().size(); i++) {
      LineSpec line = spec.lines().get(i);
      String field = "lines[" + i + "]";
      if (line == null || line.sku() == null || line.sku().isBlank()) {
        throw SandboxProblem.badRequest(field + ".sku is missing (it picks the catalog item even for noSku lines)");
      }
      int quantity = line.quantity() == null ? 1 : line.quantity();
      if (quantity < 1 || quantity > 10_000) {
        throw SandboxProblem.badRequest(field + ".quantity must be 1–10000");
      }
      ShopifyCatalog.Item item = ShopifyCatalog.item(line.sku());
      BigDecimal unitPrice;
      BigDecimal discount;
      try {
        unitPrice = Amounts.check(field + ".unitPrice", line.unitPrice(), item.price(), currency)
            .setScale(Amounts.scale(currency), RoundingMode.UNNECESSARY);
        discount = Amounts.check(field + ".discount", line.discount(), BigDecimal.ZERO, currency);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw SandboxProblem.badRequest(e.getMessage());
      }
      BigDecimal cost = unitPrice.multiply(BigDecimal.valueOf(quantity));
      if (discount.compareTo(cost) > 0) {
        throw SandboxProblem.badRequest(field + ".discount exceeds unitPrice × quantity");
      }
      BigDecimal lineShipping = i == 0 ? shipping : BigDecimal.ZERO;
      BigDecimal base = cost.subtract(discount).add(lineShipping);
      int scale = Amounts.scale(currency);
      BigDecimal sellerTax = base.multiply(sellerRate).setScale(scale, RoundingMode.HALF_UP);
      BigDecimal remitted = remit ? base.multiply(REMIT_RATE).setScale(scale, RoundingMode.HALF_UP) : BigDecimal.ZERO;
      boolean noSku = Boolean.TRUE.equals(line.noSku());
      String legacyItemId = Long.toString(325_500_000_000L + item.productId() % 100_000_000L);
      EbaySandboxOrder.Line built = new EbaySandboxOrder.Line(
          String.format("1%06d%07d", number % 1_000_000, i + 1), legacyItemId,
          noSku ? Long.toString(625_000_000_000L + item.variantId() % 100_000_000L) : null,
          noSku ? null : line.sku(), item.title() + " - " + item.variantTitle(), quantity, unitPrice,
          discount.setScale(scale, RoundingMode.UNNECESSARY), lineShipping.setScale(scale, RoundingMode.UNNECESSARY),
          sellerTax, remitted);
      built.fulfillmentStatus = lineStatus;
      lines.add(built);
    }
    EbaySandboxOrder order = new EbaySandboxOrder(orderId, lines.get(0).legacyItemId + "-" + (2_865_000_000_000L + number),
        Long.toString(1000 + number), stamp(), currency, remit, lines, payment);
    orders.put(orderId, order);
    return order;
  }

  synchronized void clearOrders() {
    orders.clear();
  }

  synchronized Optional<EbaySandboxOrder> find(String orderId) {
    return Optional.ofNullable(orders.get(orderId));
  }

  /** Orders matching {@code filter}, newest first (creation date descending), as getOrders lists them. */
  synchronized List<Map<String, Object>> search(Predicate<EbaySandboxOrder> filter, int offset, int limit,
      int[] total) {
    List<EbaySandboxOrder> matching = orders.values().stream().filter(filter)
        .sorted(Comparator.comparing((EbaySandboxOrder order) -> order.created).reversed()
            .thenComparing(order -> order.orderId, Comparator.reverseOrder()))
        .toList();
    total[0] = matching.size();
    return matching.stream().skip(offset).limit(limit).map(EbaySandboxOrder::toJson).toList();
  }

  synchronized Map<String, Object> json(String orderId) {
    return find(orderId).map(EbaySandboxOrder::toJson).orElse(null);
  }

  synchronized List<Map<String, Object>> summaries() {
    return orders.values().stream().map(EbaySandboxOrder::summary).toList();
  }

  /** Sets the fulfillment status of one line or of all, and/or the payment status; bumps lastModifiedDate. */
  synchronized Map<String, Object> changeStatus(String orderId, String status, String lineItemId, String payment) {
    EbaySandboxOrder order = existing(orderId);
    if (status == null && payment == null) {
      throw SandboxProblem.badRequest("give status (a line fulfillment status) and/or paymentStatus");
    }
    if (status != null && !LINE_STATUSES.contains(status)) {
      throw SandboxProblem.badRequest("status must be one of " + LINE_STATUSES);
    }
    if (payment != null && !PAYMENT_STATUSES.contains(payment)) {
      throw SandboxProblem.badRequest("paymentStatus must be one of " + PAYMENT_STATUSES);
    }
    if ("CANCELED".equals(order.cancelState)) {
      throw SandboxProblem.conflict("order " + orderId + " is cancelled");
    }
    if (status != null) {
      List<EbaySandboxOrder.Line> targets = lineItemId == null ? order.lines
          : order.lines.stream().filter(line -> line.lineItemId.equals(lineItemId)).toList();
      if (targets.isEmpty()) {
        throw SandboxProblem.notFound("order " + orderId + " has no line " + lineItemId);
      }
      targets.forEach(line -> line.fulfillmentStatus = status);
    }
    if (payment != null) {
      order.paymentStatus = payment;
    }
    order.lastModified = stamp();
    return order.summary();
  }

  /** The buyer's cancellation, completed: cancelState CANCELED, the payment refunded in full. */
  synchronized Map<String, Object> cancel(String orderId) {
    EbaySandboxOrder order = existing(orderId);
    if ("FULFILLED".equals(order.fulfillmentStatus())) {
      throw SandboxProblem.conflict("order " + orderId + " is shipped; eBay cancels only unshipped orders");
    }
    if (!"CANCELED".equals(order.cancelState)) {
      order.cancelState = "CANCELED";
      order.cancelledAt = stamp();
      BigDecimal left = order.refundable();
      if (left.signum() > 0) {
        EbaySandboxOrder.Refund refund = newRefund(null, left);
        order.refunds.add(refund);
        refunded(order, refund, order.cancelledAt);
      }
      order.paymentStatus = "FULLY_REFUNDED";
      order.lastModified = order.cancelledAt;
    }
    return order.summary();
  }

  /**
   * A refund of one line (eBay has no per-line cancel state: a line the seller cannot ship is refunded) of what
   * the seller got for it: listed in the line's refunds[] and in paymentSummary.refunds[] under one refundId, the
   * order PARTIALLY_REFUNDED (FULLY_ when nothing is left). A line refunded before is left as it is.
   */
  synchronized Map<String, Object> refundLine(String orderId, String lineItemId) {
    EbaySandboxOrder order = existing(orderId);
    EbaySandboxOrder.Line line = order.lines.stream().filter(l -> l.lineItemId.equals(lineItemId)).findFirst()
        .orElseThrow(() -> SandboxProblem.notFound("order " + orderId + " has no line " + lineItemId));
    if ("CANCELED".equals(order.cancelState)) {
      throw SandboxProblem.conflict("order " + orderId + " is cancelled");
    }
    if (order.lineRefund(lineItemId).isEmpty()) {
      BigDecimal amount = line.net().min(order.refundable());
      if (amount.signum() <= 0) {
        throw SandboxProblem.conflict("order " + orderId + " has nothing left to refund");
      }
      Instant now = stamp();
      EbaySandboxOrder.Refund refund = newRefund(lineItemId, amount);
      order.refunds.add(refund);
      refunded(order, refund, now);
      order.lastModified = now;
    }
    return order.summary();
  }

  /**
   * A refund of the order as a whole (issueRefund's {@code orderLevelRefundAmount}): money only, listed in
   * {@code paymentSummary.refunds[]}. {@code amount} defaults to all that is left; {@code PENDING} and
   * {@code FAILED} change no payment status ({@link #refundStatus} completes a pending one).
   */
  synchronized Map<String, Object> refundOrder(String orderId, RefundSpec spec) {
    EbaySandboxOrder order = existing(orderId);
    if ("CANCELED".equals(order.cancelState)) {
      throw SandboxProblem.conflict("order " + orderId + " is cancelled (and refunded with it)");
    }
    String status = spec == null || spec.status() == null ? "REFUNDED" : spec.status();
    if (!REFUND_STATUSES.contains(status)) {
      throw SandboxProblem.badRequest("status must be one of " + REFUND_STATUSES);
    }
    BigDecimal left = order.refundable();
    BigDecimal amount;
    try {
      amount = Amounts.check("amount", spec == null ? null : amountOrNull("amount", spec.amount()), left,
          order.currency).setScale(Amounts.scale(order.currency), RoundingMode.UNNECESSARY);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw SandboxProblem.badRequest(e.getMessage());
    }
    if (amount.signum() == 0 || amount.compareTo(left) > 0) {
      throw SandboxProblem.conflict("order " + orderId + " has " + Amounts.format(left, order.currency)
          + " left to refund; amount must be more than 0 and at most that");
    }
    Instant now = stamp();
    EbaySandboxOrder.Refund refund = newRefund(null, amount);
    order.refunds.add(refund);
    if (status.equals("REFUNDED")) {
      refunded(order, refund, now);
    } else {
      refund.status = status;
    }
    order.lastModified = now;
    return order.summary();
  }

  /** Completes a {@code PENDING} refund: {@code REFUNDED} (dated now) or {@code FAILED}. */
  synchronized Map<String, Object> refundStatus(String orderId, String refundId, String status) {
    EbaySandboxOrder order = existing(orderId);
    EbaySandboxOrder.Refund refund = order.refunds.stream().filter(r -> r.refundId.equals(refundId)).findFirst()
        .orElseThrow(() -> SandboxProblem.notFound("order " + orderId + " has no refund " + refundId));
    if (!"REFUNDED".equals(status) && !"FAILED".equals(status)) {
      throw SandboxProblem.badRequest("status must be REFUNDED or FAILED");
    }
    if (!"PENDING".equals(refund.status)) {
      throw SandboxProblem.conflict("refund " + refundId + " is " + refund.status + ", not PENDING");
    }
    Instant now = stamp();
    if (status.equals("REFUNDED")) {
      refunded(order, refund, now);
    } else {
      refund.status = status;
    }
    order.lastModified = now;
    return order.summary();
  }

  private EbaySandboxOrder.Refund newRefund(String lineItemId, BigDecimal amount) {
    long number = ++refundSequence;
    return new EbaySandboxOrder.Refund(String.format("5%09d", number), lineItemId, amount);
  }

  /** Issues a listed refund at {@code at}: its date and reference id, and the order's payment status after it. */
  private static void refunded(EbaySandboxOrder order, EbaySandboxOrder.Refund refund, Instant at) {
    refund.status = "REFUNDED";
    refund.date = at;
    refund.refundReferenceId = String.format("%016X", Long.parseLong(refund.refundId) * 0x9E3779B97F4A7C15L);
    order.paymentStatus = order.refundable().signum() > 0 ? "PARTIALLY_REFUNDED" : "FULLY_REFUNDED";
  }

  private EbaySandboxOrder existing(String orderId) {
    EbaySandboxOrder order = orders.get(orderId);
    if (order == null) {
      throw SandboxProblem.notFound("the eBay stand-in has no order " + orderId);
    }
    return order;
  }

  /** Now, to the millisecond, strictly after the last stamp, so every change moves lastModifiedDate on. */
  private Instant stamp() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    lastStamp = now.isAfter(lastStamp) ? now : lastStamp.plusMillis(1);
    return lastStamp;
  }

  // ---- tokens

  synchronized Map<String, Object> issueToken(boolean userToken) {
    Duration lifetime = faults.tokenLifetimeSeconds() != null
        ? Duration.ofSeconds(faults.tokenLifetimeSeconds()) : properties.tokenLifetime();
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = "v^1.1#i^1#sandbox#" + HexFormat.of().formatHex(bytes);
    tokens.put(token, clock.instant().plus(lifetime));
    tokens.entrySet().removeIf(entry -> entry.getValue().isBefore(clock.instant().minus(Duration.ofHours(1))));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("access_token", token);
    answer.put("expires_in", lifetime.toSeconds());
    answer.put("token_type", userToken ? "User Access Token" : "Application Access Token");
    return answer;
  }

  /** Whether {@code token} was issued here and has not expired. */
  synchronized boolean valid(String token) {
    Instant expiry = tokens.get(token);
    return expiry != null && clock.instant().isBefore(expiry);
  }

  // ---- faults and calls

  synchronized void faults(Faults next) {
    Faults given = next == null ? Faults.NONE : next;
    if (given.rateLimitPerSecond() != null && given.rateLimitPerSecond() <= 0) {
      throw SandboxProblem.badRequest("rateLimitPerSecond must be positive");
    }
    if (given.tokenLifetimeSeconds() != null && given.tokenLifetimeSeconds() < 1) {
      throw SandboxProblem.badRequest("tokenLifetimeSeconds must be at least 1");
    }
    faults = given;
    throttleLeft = given.throttleNext() == null ? 0 : Math.max(0, given.throttleNext());
    failLeft = given.failNext() == null ? 0 : Math.max(0, given.failNext());
  }

  synchronized Map<String, Object> faults() {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("rateLimitPerSecond", faults.rateLimitPerSecond());
    answer.put("throttleNext", throttleLeft);
    answer.put("failNext", failLeft);
    answer.put("tokenLifetimeSeconds", faults.tokenLifetimeSeconds());
    return answer;
  }

  /** Decides, for one authenticated marketplace call, whether a fault or the rate limit answers it. */
  synchronized Verdict admit() {
    if (failLeft > 0) {
      failLeft--;
      return Verdict.FAILED;
    }
    if (throttleLeft > 0) {
      throttleLeft--;
      return Verdict.THROTTLED;
    }
    if (faults.rateLimitPerSecond() != null) {
      long now = System.nanoTime();
      while (!recentCalls.isEmpty() && now - recentCalls.peekFirst() >= 1_000_000_000L) {
        recentCalls.pollFirst();
      }
      if (recentCalls.size() >= Math.max(1, (int) Math.floor(faults.rateLimitPerSecond()))) {
        return Verdict.THROTTLED;
      }
      recentCalls.addLast(now);
    }
    return Verdict.PASS;
  }

  /** Seconds until a throttled caller may call again: what the 429's {@code Retry-After} says. */
  synchronized long retryAfterSeconds() {
    return 1;
  }

  /** {@code auth}: {@code valid}, {@code invalid} or {@code missing} (the token itself is never kept). */
  synchronized void record(String method, String path, String query, int status, String auth) {
    calls.addLast(new Call(EbaySandboxOrder.EBAY_TIME.format(clock.instant()), method, path, query, status, auth));
    while (calls.size() > MAX_CALLS) {
      calls.pollFirst();
    }
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized void clearCalls() {
    calls.clear();
  }

  private static BigDecimal rate(String text) {
    if (text == null) {
      return BigDecimal.ZERO;
    }
    try {
      BigDecimal rate = new BigDecimal(text);
      if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
        throw SandboxProblem.badRequest("sellerTaxRate must be between 0 and 1");
      }
      return rate;
    } catch (NumberFormatException e) {
      throw SandboxProblem.badRequest("sellerTaxRate is not a decimal: " + text);
    }
  }

  private static BigDecimal amountOrNull(String text) {
    return amountOrNull("shippingCost", text);
  }

  private static BigDecimal amountOrNull(String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw SandboxProblem.badRequest(field + " is not a decimal: " + text);
    }
  }
}
