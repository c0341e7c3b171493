package io.retailsync.connectors.ebay;

import io.retailsync.connectors.ebay.wire.EbayAmount;
import io.retailsync.connectors.ebay.wire.EbayLineItem;
import io.retailsync.connectors.ebay.wire.EbayOrderRefund;
import io.retailsync.model.CanonicalValidator;
import io.retailsync.model.OrderLine;
import io.retailsync.model.Refund;
import io.retailsync.model.json.InvalidPayloadException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The refunds of one eBay order (docs/ebay.md, "Refunds"), from {@code lineItems[].refunds[]} and
 * {@code paymentSummary.refunds[]}, one canonical {@link Refund} per refund however many places list it.
 *
 * <ul>
 *   <li>line refunds are grouped by {@code refundId} (else {@code refundReferenceId}); each line they touch is a
 *       refunded line: amount eBay's {@code amount} (the seller's net), tax 0 and quantity 0 (eBay says neither),
 *       restock {@code NO_RESTOCK};</li>
 *   <li>a {@code paymentSummary} refund sharing an id with a line group is that refund: its {@code refundStatus}
 *       decides and its amount is the total. Line refunds without any id (older payloads, the suite's first
 *       fixtures) are grouped by {@code refundDate}; a line group left without a counterpart is the
 *       {@code paymentSummary} refund of the same date and amount that has no other {@code refundId};</li>
 *   <li>a {@code paymentSummary} refund no line lists is a refund of money only: no lines, its amount the
 *       total;</li>
 *   <li>only {@code REFUNDED} counts: {@code PENDING} comes back on a later poll with a newer
 *       {@code lastModifiedDate}, {@code FAILED} gave nothing back. A line refund with no {@code paymentSummary}
 *       counterpart counts once it has its {@code refundDate} (eBay gives one only to an issued refund);</li>
 *   <li>{@code createdAt} is the earliest {@code refundDate}, {@code shippingAmount} 0 (eBay does not split a
 *       refund), no reason (getOrders gives none).</li>
 * </ul>
 *
 * A refund that cannot be mapped is left out with a problem naming it; the order it belongs to is still posted.
 */
final class EbayRefundMapper {

  private static final Comparator<String> LINE_ORDER = Comparator.comparingInt(String::length)
      .thenComparing(Comparator.naturalOrder());
  private static final CanonicalValidator VALIDATOR = new CanonicalValidator();

  /** What the refunds of an order came to: the ones mapped, and why any other was left out. */
  record Mapped(List<Refund> refunds, List<String> problems) {}

  private record LineEntry(int line, EbayLineItem.LineItemRefund refund, String path) {}

  private record OrderEntry(EbayOrderRefund refund, String path) {}

  /** One refund as the order lists it: its line entries, its {@code paymentSummary} entry, or both. */
  private static final class Candidate {
    final List<LineEntry> lines = new ArrayList<>();
    OrderEntry order;
    String problem;
    boolean ambiguous;
  }

  private EbayRefundMapper() {}

  /**
   * Never throws. {@code lines} are the canonical order's lines, one per {@code lineItems[]} element in the same
   * order; a refunded line takes its {@code lineId} and SKU from them.
   */
  static Mapped map(JsonNode order, String orderId, String currency, List<OrderLine> lines) {
    List<String> problems = new ArrayList<>();
    Set<String> unreadable = new HashSet<>();
    List<LineEntry> lineEntries = new ArrayList<>();
    JsonNode items = order.path("lineItems");
    for (int i = 0; i < items.size() && i < lines.size(); i++) {
      JsonNode refunds = items.get(i).path("refunds");
      for (int k = 0; k < refunds.size(); k++) {
        String path = "lineItems[" + i + "].refunds[" + k + "]";
        EbayLineItem.LineItemRefund refund = read(refunds.get(k), path, EbayLineItem.LineItemRefund.class, orderId,
            problems, unreadable);
        if (refund != null) {
          lineEntries.add(new LineEntry(i, refund, path));
        }
      }
    }
    List<OrderEntry> orderEntries = new ArrayList<>();
    JsonNode summaryRefunds = order.path("paymentSummary").path("refunds");
    for (int k = 0; k < summaryRefunds.size(); k++) {
      String path = "paymentSummary.refunds[" + k + "]";
      EbayOrderRefund refund = read(summaryRefunds.get(k), path, EbayOrderRefund.class, orderId, problems, unreadable);
      if (refund != null) {
        orderEntries.add(new OrderEntry(refund, path));
      }
    }

    List<Candidate> candidates = new ArrayList<>();
    Map<String, Candidate> byId = new LinkedHashMap<>();
    Map<Instant, Candidate> byDate = new TreeMap<>();
    for (LineEntry entry : lineEntries) {
      String key = firstId(entry.refund().refundId(), entry.refund().refundReferenceId());
      if (key != null) {
        byId.computeIfAbsent(key, id -> add(candidates)).lines.add(entry);
      } else if (!blank(entry.refund().refundDate())) {
        try {
          Instant date = EbayOrderMapper.instant(entry.refund().refundDate(), entry.path() + ".refundDate");
          byDate.computeIfAbsent(date, at -> add(candidates)).lines.add(entry);
        } catch (InvalidPayloadException e) {
          problems.add(problem(orderId, entry.path(), e.getMessage()));
        }
      }
      // a line refund with neither id nor date is not issued yet: it is listed again, with its date, once it is
    }
    List<OrderEntry> unmatched = new ArrayList<>(orderEntries);
    for (Candidate candidate : byId.values()) {
      Set<String> ids = new HashSet<>();
      candidate.lines.forEach(entry -> ids.addAll(ids(entry.refund().refundId(), entry.refund().refundReferenceId())));
      candidate.order = take(unmatched, entry -> ids(entry.refund().refundId(), entry.refund().refundReferenceId())
          .stream().anyMatch(ids::contains));
    }
    // eBay's docs put a line refund's refundId on the line "instead" of the payment summary: a summary refund
    // without a refundId of its own is then matched to the line refunds of its date and amount
    List<Candidate> withLines = new ArrayList<>(byId.values());
    withLines.addAll(byDate.values());
    for (Candidate candidate : withLines) {
      if (candidate.order != null) {
        continue;
      }
      boolean identified = byId.containsValue(candidate);
      try {
        BigDecimal sum = BigDecimal.ZERO;
        Instant date = null;
        for (LineEntry entry : candidate.lines) {
          sum = sum.add(amount(entry.refund().amount(), entry.path() + ".amount", currency));
          date = earliest(date, entry.refund().refundDate(), entry.path() + ".refundDate");
        }
        BigDecimal lineSum = sum;
        Instant lineDate = date;
        candidate.order = lineDate == null ? null : take(unmatched,
            entry -> (!identified || blank(entry.refund().refundId()))
                && lineDate.equals(dateOrNull(entry.refund().refundDate()))
                && Optional.ofNullable(amountOrNull(entry.refund().amount(), currency))
                    .filter(amount -> amount.compareTo(lineSum) == 0).isPresent());
      } catch (InvalidPayloadException e) {
        candidate.problem = e.getMessage();
      }
    }
    for (OrderEntry entry : unmatched) {
      add(candidates).order = entry;
    }
    // Line refunds left without a payment-summary counterpart next to summary refunds without a refundId
    // of their own may be one refund or two (dates or amounts that differ, a line not dated yet): neither
    // is credited on a guess. While any of them is still pending they wait for a later read; once all are
    // settled and still apart, they are a problem for a person, never a second credit memo.
    List<Candidate> linesAlone = candidates.stream().filter(c -> !c.lines.isEmpty() && c.order == null).toList();
    List<Candidate> summaryAlone = candidates.stream()
        .filter(c -> c.lines.isEmpty() && c.order != null && blank(c.order.refund().refundId())).toList();
    if (!linesAlone.isEmpty() && !summaryAlone.isEmpty()) {
      linesAlone.forEach(c -> c.ambiguous = true);
      summaryAlone.forEach(c -> c.ambiguous = true);
    }
    boolean ambiguityPending = candidates.stream().anyMatch(c -> c.ambiguous && !completed(c))
        || lineEntries.stream().anyMatch(entry -> blank(entry.refund().refundDate()));

    List<Refund> refunds = new ArrayList<>();
    for (Candidate candidate : candidates) {
      String id = idOf(candidate);
      try {
        if (candidate.problem != null) {
          throw new InvalidPayloadException(candidate.problem);
        }
        if (!completed(candidate) || (candidate.ambiguous && ambiguityPending)) {
          continue;
        }
        if (candidate.ambiguous) {
          throw new InvalidPayloadException("eBay lists line refunds and payment-summary refunds of this order that"
              + " cannot be told apart as one refund or two (no shared id, other dates or amounts); credit it by hand");
        }
        if (id == null) {
          throw new InvalidPayloadException(candidate.lines.isEmpty()
              ? "it has neither refundId nor refundReferenceId"
              : "its line refunds have no refundId and no paymentSummary refund of the same date and amount");
        }
        if (idsOf(candidate).stream().anyMatch(unreadable::contains)) {
          throw new InvalidPayloadException("a part of it cannot be read");
        }
        refunds.add(refund(orderId, id, currency, lines, candidate));
      } catch (RuntimeException e) {
        problems.add(problem(orderId, id != null ? "refund " + id : where(candidate), e.getMessage()));
      }
    }
    Map<String, Long> perId = new TreeMap<>();
    refunds.forEach(refund -> perId.merge(refund.refundId(), 1L, Long::sum));
    perId.forEach((id, count) -> {
      if (count > 1) {
        problems.add(problem(orderId, "refund " + id, "eBay lists " + count + " different refunds under this id"));
      }
    });
    refunds.removeIf(refund -> perId.get(refund.refundId()) > 1);
    refunds.sort(Comparator.comparing(Refund::createdAt).thenComparing(Refund::refundId));
    return new Mapped(refunds, problems);
  }

  /** Whether the refund has been paid back: {@code REFUNDED}, or, for a line refund alone, issued. */
  private static boolean completed(Candidate candidate) {
    if (candidate.order == null) {
      return candidate.lines.stream().noneMatch(entry -> blank(entry.refund().refundDate()));
    }
    String status = candidate.order.refund().refundStatus();
    String value = status == null ? "" : status.trim().toUpperCase(Locale.ROOT);
    switch (value) {
      case "REFUNDED":
        return true;
      case "PENDING":
      case "FAILED":
        return false;
      default:
        throw new InvalidPayloadException(candidate.order.path() + ".refundStatus "
            + (status == null ? "is missing" : status + " is not PENDING, REFUNDED or FAILED"));
    }
  }

  private static Refund refund(String orderId, String id, String currency, List<OrderLine> orderLines,
      Candidate candidate) {
    Map<String, BigDecimal> perLine = new TreeMap<>(LINE_ORDER);
    Map<String, String> skus = new LinkedHashMap<>();
    Instant createdAt = null;
    BigDecimal linesTotal = BigDecimal.ZERO;
    for (LineEntry entry : candidate.lines) {
      OrderLine line = orderLines.get(entry.line());
      BigDecimal amount = amount(entry.refund().amount(), entry.path() + ".amount", currency);
      perLine.merge(line.lineId(), amount, BigDecimal::add);
      skus.put(line.lineId(), line.sku());
      linesTotal = linesTotal.add(amount);
      createdAt = earliest(createdAt, entry.refund().refundDate(), entry.path() + ".refundDate");
    }
    BigDecimal total = linesTotal;
    if (candidate.order != null) {
      total = amount(candidate.order.refund().amount(), candidate.order.path() + ".amount", currency);
      createdAt = earliest(createdAt, candidate.order.refund().refundDate(), candidate.order.path() + ".refundDate");
    }
    if (createdAt == null) {
      throw new InvalidPayloadException(where(candidate) + ".refundDate is missing");
    }
    List<Refund.Line> lines = new ArrayList<>();
    perLine.forEach((lineId, amount) -> lines.add(new Refund.Line(lineId, skus.get(lineId), 0, amount,
        BigDecimal.ZERO, Refund.RestockType.NO_RESTOCK)));
    Refund refund = new Refund(EbayOrderMapper.CHANNEL, orderId, id, createdAt, currency, lines, BigDecimal.ZERO,
        total, null);
    List<String> violations = VALIDATOR.violations(refund);
    if (!violations.isEmpty()) {
      throw new InvalidPayloadException("the canonical refund is invalid: " + String.join("; ", violations));
    }
    return refund;
  }

  /** A refunded amount, positive: eBay's docs give no sign for it. */
  private static BigDecimal amount(EbayAmount amount, String path, String currency) {
    return EbayOrderMapper.amount(amount, path, currency, true).abs();
  }

  private static BigDecimal amountOrNull(EbayAmount amount, String currency) {
    try {
      return amount(amount, "amount", currency);
    } catch (InvalidPayloadException e) {
      return null;
    }
  }

  private static Instant dateOrNull(String value) {
    try {
      return value == null ? null : EbayOrderMapper.instant(value, "refundDate");
    } catch (InvalidPayloadException e) {
      return null;
    }
  }

  private static Instant earliest(Instant so, String value, String path) {
    if (blank(value)) {
      return so;
    }
    Instant date = EbayOrderMapper.instant(value, path);
    return so == null || date.isBefore(so) ? date : so;
  }

  /**
   * The refund's id: a {@code refundId} (what issueRefund answered, the same while pending and once done), else
   * eBay's {@code refundReferenceId}.
   */
  private static String idOf(Candidate candidate) {
    return idsOf(candidate).stream().findFirst().orElse(null);
  }

  /** Every id the refund is listed under, the one it is known by first. */
  private static List<String> idsOf(Candidate candidate) {
    List<String> ids = new ArrayList<>();
    candidate.lines.forEach(entry -> ids.add(entry.refund().refundId()));
    if (candidate.order != null) {
      ids.add(candidate.order.refund().refundId());
      ids.add(candidate.order.refund().refundReferenceId());
    }
    candidate.lines.forEach(entry -> ids.add(entry.refund().refundReferenceId()));
    return ids.stream().filter(id -> !blank(id)).map(String::trim).toList();
  }

  private static <T> T read(JsonNode node, String path, Class<T> type, String orderId, List<String> problems,
      Set<String> unreadable) {
    try {
      if (node == null || !node.isObject()) {
        throw new InvalidPayloadException(path + " is not an object");
      }
      return EbayOrderMapper.WIRE.treeToValue(node, type);
    } catch (JacksonException | InvalidPayloadException e) {
      String message = e instanceof JacksonException jackson ? path + ": " + jackson.getOriginalMessage()
          : e.getMessage();
      problems.add(problem(orderId, path, message));
      if (node != null) {
        for (String field : List.of("refundId", "refundReferenceId")) {
          JsonNode id = node.get(field);
          if (id != null && id.isString() && !id.asString().isBlank()) {
            unreadable.add(id.asString().trim());
          }
        }
      }
      return null;
    }
  }

  private static Candidate add(List<Candidate> candidates) {
    Candidate candidate = new Candidate();
    candidates.add(candidate);
    return candidate;
  }

  private static OrderEntry take(List<OrderEntry> entries, java.util.function.Predicate<OrderEntry> matches) {
    for (OrderEntry entry : entries) {
      if (matches.test(entry)) {
        entries.remove(entry);
        return entry;
      }
    }
    return null;
  }

  private static String firstId(String refundId, String refundReferenceId) {
    return ids(refundId, refundReferenceId).stream().findFirst().orElse(null);
  }

  private static List<String> ids(String refundId, String refundReferenceId) {
    List<String> ids = new ArrayList<>();
    for (String id : new String[] {refundId, refundReferenceId}) {
      if (!blank(id)) {
        ids.add(id.trim());
      }
    }
    return ids;
  }

  private static String where(Candidate candidate) {
    return candidate.lines.isEmpty() ? candidate.order.path() : candidate.lines.get(0).path();
  }

  private static String problem(String orderId, String what, String why) {
    String text = "eBay order " + orderId + " " + what + ": " + why + "; the refund is left out";
    StringBuilder out = new StringBuilder(text.length());
    // a problem is stored and shown, and PostgreSQL refuses NUL
    text.chars().forEach(c -> out.append(Character.isISOControl(c) ? '\uFFFD' : (char) c));
    return out.toString();
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
