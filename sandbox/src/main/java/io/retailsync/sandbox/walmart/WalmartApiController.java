package io.retailsync.sandbox.walmart;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Walmart Marketplace's order API under {@code /walmart}: {@code POST /v3/token} (client credentials, expiring
 * tokens), {@code GET /v3/orders} (filters and Walmart's {@code nextCursor} pagination), {@code GET
 * /v3/orders/{id}}, {@code POST /v3/orders/{id}/acknowledge}. Every call passes the injected faults and the rate
 * limit first (429 with {@code x-current-token-count} and {@code x-next-replenishment-time}, or 500), then the
 * required headers ({@code WM_SVC.NAME}, {@code WM_QOS.CORRELATION_ID}: 400), then the access token
 * ({@code WM_SEC.ACCESS_TOKEN} missing, unknown or expired: 401). Errors are Walmart's own JSON.
 */
@RestController
@RequestMapping("/walmart/v3")
class WalmartApiController {

  static final String ACCESS_TOKEN = "WM_SEC.ACCESS_TOKEN";
  static final String CORRELATION_ID = "WM_QOS.CORRELATION_ID";
  static final String SERVICE_NAME = "WM_SVC.NAME";
  static final String TOKEN_COUNT = "x-current-token-count";
  static final String REPLENISH = "x-next-replenishment-time";
  private static final Duration ORDER_WINDOW = Duration.ofDays(180);
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 200;
  private static final List<String> FILTERS = List.of("createdEndDate", "lastModifiedEndDate", "status", "sku",
      "customerOrderId", "purchaseOrderId", "shipNodeType", "productInfo");

  private final WalmartOrderStore store;
  private final WalmartTokens tokens;
  private final WalmartFaults faults;
  private final WalmartSandboxProperties properties;

  WalmartApiController(WalmartOrderStore store, WalmartTokens tokens, WalmartFaults faults,
      WalmartSandboxProperties properties) {
    this.store = store;
    this.tokens = tokens;
    this.faults = faults;
    this.properties = properties;
  }

  @PostMapping("/token")
  ResponseEntity<Object> token(HttpServletRequest request) {
    Optional<ResponseEntity<Object>> refused = admit(request, false);
    if (refused.isPresent()) {
      return refused.get();
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    String expected = "Basic " + Base64.getEncoder().encodeToString((properties.clientId() + ":"
        + properties.clientSecret()).getBytes(StandardCharsets.UTF_8));
    if (authorization == null || !authorization.equals(expected)) {
      return WalmartErrors.unauthorized("Unauthorized");
    }
    if (!"client_credentials".equals(request.getParameter("grant_type"))) {
      return WalmartErrors.badParameter("grant_type", "grant_type must be client_credentials");
    }
    Duration lifetime = faults.tokenLifetime(properties.tokenLifetime());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", tokens.issue(lifetime));
    body.put("token_type", "Bearer");
    body.put("expires_in", lifetime.toSeconds());
    return ok(request, body);
  }

  @GetMapping("/orders")
  ResponseEntity<Object> orders(HttpServletRequest request) {
    Optional<ResponseEntity<Object>> refused = admit(request, true);
    if (refused.isPresent()) {
      return refused.get();
    }
    Instant now = Instant.now();
    int limit;
    String limitText = request.getParameter("limit");
    try {
      limit = limitText == null ? DEFAULT_LIMIT : Integer.parseInt(limitText);
    } catch (NumberFormatException e) {
      return WalmartErrors.badParameter("limit", "limit must be a number");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      return WalmartErrors.badParameter("limit", "limit cannot be larger than " + MAX_LIMIT);
    }
    Map<String, Instant> dates = new LinkedHashMap<>();
    for (String name : List.of("createdStartDate", "createdEndDate", "lastModifiedStartDate", "lastModifiedEndDate")) {
      String value = request.getParameter(name);
      if (value != null) {
        Optional<Instant> parsed = date(value);
        if (parsed.isEmpty()) {
          return WalmartErrors.badParameter(name, name + " must be yyyy-MM-dd or yyyy-MM-dd'T'HH:mm:ssZ");
        }
        dates.put(name, parsed.get());
      }
    }
    Instant createdStart = dates.getOrDefault("createdStartDate", now.minus(Duration.ofDays(7)));
    if (createdStart.isBefore(now.minus(ORDER_WINDOW).minus(Duration.ofDays(1)))) {
      return WalmartErrors.badParameter("createdStartDate", "createdStartDate cannot be older than 180 days");
    }
    Long beforeSeq = null;
    String soIndex = request.getParameter("soIndex");
    if (soIndex != null) {
      try {
        beforeSeq = Long.parseLong(soIndex);
      } catch (NumberFormatException e) {
        return WalmartErrors.badParameter("soIndex", "soIndex is not a cursor position");
      }
    }
    Predicate<WalmartOrderStore.PurchaseOrder> filter = order -> !order.orderDate.isBefore(createdStart);
    filter = and(filter, dates.get("createdEndDate"), (order, end) -> !order.orderDate.isAfter(end));
    filter = and(filter, dates.get("lastModifiedStartDate"), (order, start) -> !order.lastModified().isBefore(start));
    filter = and(filter, dates.get("lastModifiedEndDate"), (order, end) -> !order.lastModified().isAfter(end));
    filter = and(filter, request.getParameter("status"), (order, status) -> order.hasStatus(status));
    filter = and(filter, request.getParameter("purchaseOrderId"), (order, id) -> order.purchaseOrderId.equals(id));
    filter = and(filter, request.getParameter("customerOrderId"), (order, id) -> order.customerOrderId.equals(id));
    filter = and(filter, request.getParameter("sku"),
        (order, sku) -> order.lines.stream().anyMatch(line -> line.sku.equals(sku)));
    String shipNodeType = request.getParameter("shipNodeType") == null ? "SellerFulfilled"
        : request.getParameter("shipNodeType");
    filter = filter.and(order -> order.shipNodeType.equals(shipNodeType));

    WalmartOrderStore.Page page = store.page(filter, beforeSeq, limit);
    if (page.orders().isEmpty()) {
      return WalmartErrors.notFound("Failed when called getAllOrders. Orders not found for given search parameters");
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("totalCount", page.totalCount());
    meta.put("limit", limit);
    if (page.more()) {
      meta.put("nextCursor", nextCursor(request, limit, page, createdStart));
    }
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("meta", meta);
    list.put("elements", Map.of("order", page.orders()));
    return ok(request, Map.of("list", list));
  }

  /**
   * Walmart's cursor: a ready-made query string with the position ({@code soIndex}: the creation sequence the
   * next page starts below; {@code poIndex}: orders returned so far), the seller and every filter of the query.
   */
  private String nextCursor(HttpServletRequest request, int limit, WalmartOrderStore.Page page, Instant createdStart) {
    StringBuilder cursor = new StringBuilder("?limit=").append(limit)
        .append("&hasMoreElements=true")
        .append("&soIndex=").append(page.lastSeq())
        .append("&poIndex=").append(page.returnedBefore() + page.orders().size())
        .append("&sellerId=").append(encode(properties.sellerId()))
        .append("&createdStartDate=").append(encode(request.getParameter("createdStartDate") != null
            ? request.getParameter("createdStartDate") : createdStart.toString()));
    if (request.getParameter("lastModifiedStartDate") != null) {
      cursor.append("&lastModifiedStartDate=").append(encode(request.getParameter("lastModifiedStartDate")));
    }
    for (String name : FILTERS) {
      String value = request.getParameter(name);
      if (value != null) {
        cursor.append('&').append(name).append('=').append(encode(value));
      }
    }
    return cursor.toString();
  }

  @GetMapping("/orders/{purchaseOrderId}")
  ResponseEntity<Object> order(@PathVariable String purchaseOrderId, HttpServletRequest request) {
    Optional<ResponseEntity<Object>> refused = admit(request, true);
    if (refused.isPresent()) {
      return refused.get();
    }
    return store.find(purchaseOrderId)
        .map(order -> ok(request, Map.of("order", store.render(order))))
        .orElseGet(() -> WalmartErrors.notFound("Purchase order " + purchaseOrderId + " not found"));
  }

  @PostMapping("/orders/{purchaseOrderId}/acknowledge")
  ResponseEntity<Object> acknowledge(@PathVariable String purchaseOrderId, HttpServletRequest request) {
    Optional<ResponseEntity<Object>> refused = admit(request, true);
    if (refused.isPresent()) {
      return refused.get();
    }
    String correlationId = request.getHeader(CORRELATION_ID);
    Optional<WalmartOrderStore.PurchaseOrder> order = store.find(purchaseOrderId);
    ResponseEntity<Object> answer;
    if (order.isEmpty()) {
      answer = WalmartErrors.notFound("Purchase order " + purchaseOrderId + " not found");
    } else {
      answer = store.acknowledge(order.get())
          .map(acknowledged -> ok(request, Map.of("order", store.render(acknowledged))))
          .orElseGet(() -> WalmartErrors.invalidContent("Purchase order " + purchaseOrderId
              + " cannot be acknowledged: its lines are shipped, delivered or cancelled"));
    }
    store.recordAcknowledgement(purchaseOrderId, answer.getStatusCode().value(), correlationId);
    return answer;
  }

  /** Faults and the rate limit, then the required headers, then (unless the token call) the access token. */
  private Optional<ResponseEntity<Object>> admit(HttpServletRequest request, boolean needsToken) {
    WalmartFaults.Verdict verdict = faults.admit();
    if (verdict.status() == 429) {
      return Optional.of(ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
          .header(TOKEN_COUNT, "0")
          .header(REPLENISH, Long.toString(verdict.replenishAtMillis()))
          .contentType(MediaType.APPLICATION_JSON).body(WalmartErrors.throttled()));
    }
    if (verdict.status() == 500) {
      return Optional.of(WalmartErrors.systemError("injected failure: the Walmart API is unavailable"));
    }
    for (String header : List.of(SERVICE_NAME, CORRELATION_ID)) {
      String value = request.getHeader(header);
      if (value == null || value.isBlank()) {
        return Optional.of(WalmartErrors.badHeader(header));
      }
    }
    if (needsToken) {
      WalmartTokens.Check check = tokens.check(request.getHeader(ACCESS_TOKEN));
      if (check != WalmartTokens.Check.VALID) {
        return Optional.of(WalmartErrors.unauthorized(switch (check) {
          case MISSING -> "Unauthorized: WM_SEC.ACCESS_TOKEN is missing";
          case EXPIRED -> "Unauthorized: the access token has expired";
          default -> "Unauthorized: the access token is not valid";
        }));
      }
    }
    if (verdict.tokensLeft() >= 0) {
      request.setAttribute(TOKEN_COUNT, verdict);
    }
    return Optional.empty();
  }

  /** 200 with the body and, while a rate limit is set, Walmart's usage headers. */
  private static ResponseEntity<Object> ok(HttpServletRequest request, Object body) {
    ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
    if (request.getAttribute(TOKEN_COUNT) instanceof WalmartFaults.Verdict verdict) {
      answer.header(TOKEN_COUNT, Long.toString(verdict.tokensLeft()))
          .header(REPLENISH, Long.toString(verdict.replenishAtMillis()));
    }
    return answer.body(body);
  }

  private static <T> Predicate<WalmartOrderStore.PurchaseOrder> and(Predicate<WalmartOrderStore.PurchaseOrder> filter,
      T value, java.util.function.BiPredicate<WalmartOrderStore.PurchaseOrder, T> test) {
    return value == null ? filter : filter.and(order -> test.test(order, value));
  }

  /** {@code yyyy-MM-dd} (start of day, UTC) or an ISO-8601 timestamp with {@code Z} or an offset. */
  static Optional<Instant> date(String value) {
    try {
      if (value.length() == 10) {
        return Optional.of(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
      }
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.parse(value));
      } catch (DateTimeParseException again) {
        return Optional.empty();
      }
    }
  }

  /** Percent-encodes what a query value cannot hold; keeps {@code :} as Walmart's cursors do. */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~:".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return out.toString();
  }
}
