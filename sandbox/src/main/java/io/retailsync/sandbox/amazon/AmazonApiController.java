package io.retailsync.sandbox.amazon;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /amazon}: Login with Amazon's token endpoint and the Orders API v0 reads, with Amazon's own
 * answers: {@code {"payload": ...}} on success, {@code {"errors": [{"code", "message", "details"}]}} on
 * failure, {@code x-amzn-RequestId} on every answer and {@code x-amzn-RateLimit-Limit} on 2xx and 400/404,
 * never on 429 or 403.
 */
@RestController
@RequestMapping(value = "/amazon", produces = MediaType.APPLICATION_JSON_VALUE)
class AmazonApiController {

  private static final String ORDER_ID = "\\d{3}-\\d{7}-\\d{7}";

  private final AmazonOrders orders;
  private final AmazonGate gate;
  private final AmazonSandboxProperties properties;
  private final Clock clock;

  AmazonApiController(AmazonOrders orders, AmazonGate gate, AmazonSandboxProperties properties) {
    this.orders = orders;
    this.gate = gate;
    this.properties = properties;
    this.clock = orders.clock();
  }

  /** The refresh-token grant ({@code application/x-www-form-urlencoded}). */
  @PostMapping("/auth/o2/token")
  ResponseEntity<Object> token(HttpServletRequest request) {
    String grant = request.getParameter("grant_type");
    ResponseEntity<Object> answer;
    if (!"refresh_token".equals(grant)) {
      answer = lwaError(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
          "The authorization grant type is not supported by the authorization server");
    } else if (!gate.clientMatches(request.getParameter("client_id"), request.getParameter("client_secret"))) {
      answer = lwaError(HttpStatus.UNAUTHORIZED, "invalid_client",
          "Client authentication failed");
    } else if (!gate.refreshTokenMatches(request.getParameter("refresh_token"))) {
      answer = lwaError(HttpStatus.BAD_REQUEST, "invalid_grant",
          "The request has an invalid grant parameter : refresh_token");
    } else {
      Map.Entry<String, Duration> token = gate.issueToken();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("access_token", token.getKey());
      body.put("refresh_token", gate.refreshToken());
      body.put("token_type", "bearer");
      body.put("expires_in", token.getValue().toSeconds());
      answer = ResponseEntity.ok().header("x-amzn-RequestId", requestId()).header("Cache-Control", "no-store")
          .header("Pragma", "no-cache").body(body);
    }
    gate.record("lwaToken", "/amazon/auth/o2/token", null, answer.getStatusCode().value());
    return answer;
  }

  @GetMapping("/orders/v0/orders")
  ResponseEntity<Object> getOrders(HttpServletRequest request) {
    return guarded("getOrders", request, () -> {
      List<String> marketplaces = values(request, "MarketplaceIds");
      if (marketplaces.isEmpty()) {
        return invalid("getOrders", "Missing required 'MarketplaceIds'.");
      }
      String nextToken = request.getParameter("NextToken");
      AmazonNextToken run;
      if (nextToken != null) {
        try {
          run = AmazonNextToken.decode(nextToken);
        } catch (IllegalArgumentException e) {
          return invalid("getOrders", "Invalid NextToken.");
        }
      } else {
        Object started = newRun(request, marketplaces);
        if (started instanceof ResponseEntity<?> refused) {
          @SuppressWarnings("unchecked")
          ResponseEntity<Object> answer = (ResponseEntity<Object>) refused;
          return answer;
        }
        run = (AmazonNextToken) started;
      }
      return ok("getOrders", ordersPage(run));
    });
  }

  @GetMapping("/orders/v0/orders/{orderId}")
  ResponseEntity<Object> getOrder(@PathVariable String orderId, HttpServletRequest request) {
    return guarded("getOrder", request, () -> {
      if (!orderId.matches(ORDER_ID)) {
        return invalid("getOrder", "Invalid Input");
      }
      Map<String, Object> rendered;
      synchronized (orders) {
        rendered = orders.find(orderId).map(AmazonOrders::render).orElse(null);
      }
      return rendered == null ? error("getOrder", HttpStatus.NOT_FOUND, "NotFound", "Order not found", true)
          : ok("getOrder", Map.of("payload", rendered));
    });
  }

  @GetMapping("/orders/v0/orders/{orderId}/orderItems")
  ResponseEntity<Object> getOrderItems(@PathVariable String orderId, HttpServletRequest request) {
    return guarded("getOrderItems", request, () -> {
      if (!orderId.matches(ORDER_ID)) {
        return invalid("getOrderItems", "Invalid Input");
      }
      var found = orders.find(orderId);
      if (found.isEmpty()) {
        return error("getOrderItems", HttpStatus.NOT_FOUND, "NotFound", "Order not found", true);
      }
      int offset = 0;
      String nextToken = request.getParameter("NextToken");
      if (nextToken != null) {
        try {
          String[] parts = new String(java.util.Base64.getDecoder().decode(nextToken),
              java.nio.charset.StandardCharsets.UTF_8).split("\n");
          if (parts.length != 3 || !parts[0].equals("amzn-sandbox-items-1") || !parts[1].equals(orderId)) {
            throw new IllegalArgumentException();
          }
          offset = Integer.parseInt(parts[2]);
        } catch (IllegalArgumentException e) {
          return invalid("getOrderItems", "Invalid NextToken.");
        }
      }
      AmazonOrders.StoredOrder order = found.get();
      List<Map<String, Object>> items = new ArrayList<>();
      int size;
      synchronized (orders) {
        size = order.items.size();
        for (int i = offset; i < Math.min(size, offset + properties.itemsPageSize()); i++) {
          items.add(AmazonOrders.renderItem(order, order.items.get(i)));
        }
      }
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("AmazonOrderId", orderId);
      payload.put("OrderItems", items);
      if (offset + properties.itemsPageSize() < size) {
        payload.put("NextToken", java.util.Base64.getEncoder().encodeToString(("amzn-sandbox-items-1\n" + orderId
            + "\n" + (offset + properties.itemsPageSize())).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      return ok("getOrderItems", Map.of("payload", payload));
    });
  }

  /** The first page's query checked as Amazon checks it; the run it starts, or the 400 to answer. */
  private Object newRun(HttpServletRequest request, List<String> marketplaces) {
    String createdAfter = request.getParameter("CreatedAfter");
    String updatedAfter = request.getParameter("LastUpdatedAfter");
    if (createdAfter == null && updatedAfter == null) {
      return invalid("getOrders", "Either CreatedAfter or LastUpdatedAfter must be specified.");
    }
    if (createdAfter != null && updatedAfter != null) {
      return invalid("getOrders", "CreatedAfter and LastUpdatedAfter cannot be specified at the same time.");
    }
    boolean byCreation = createdAfter != null;
    String afterName = byCreation ? "CreatedAfter" : "LastUpdatedAfter";
    String beforeName = byCreation ? "CreatedBefore" : "LastUpdatedBefore";
    if (request.getParameter(byCreation ? "LastUpdatedBefore" : "CreatedBefore") != null) {
      return invalid("getOrders", "CreatedBefore may only go with CreatedAfter, LastUpdatedBefore with"
          + " LastUpdatedAfter.");
    }
    Instant now = clock.instant();
    Instant latest = now.minus(properties.lastUpdatedLag());
    Instant after;
    Instant before = latest;
    try {
      after = instant(byCreation ? createdAfter : updatedAfter);
      String beforeText = request.getParameter(beforeName);
      if (beforeText != null) {
        before = instant(beforeText);
      }
    } catch (DateTimeParseException e) {
      return invalid("getOrders", "Invalid " + afterName + " or " + beforeName + ": must be in ISO 8601 format.");
    }
    if (after.isAfter(latest)) {
      return invalid("getOrders", afterName + " must be no later than " + properties.lastUpdatedLag().toSeconds()
          + " seconds before the time of the request.");
    }
    if (before.isBefore(after) || before.isAfter(latest)) {
      return invalid("getOrders", beforeName + " must be after " + afterName + " and no later than "
          + properties.lastUpdatedLag().toSeconds() + " seconds before the time of the request.");
    }
    int pageSize = 100;
    String max = request.getParameter("MaxResultsPerPage");
    if (max != null) {
      try {
        pageSize = Integer.parseInt(max);
      } catch (NumberFormatException e) {
        pageSize = -1;
      }
      if (pageSize < 1 || pageSize > 100) {
        return invalid("getOrders", "MaxResultsPerPage must be between 1 and 100.");
      }
    }
    List<String> statuses = values(request, "OrderStatuses");
    if (!AmazonOrders.STATUSES.containsAll(statuses)) {
      return invalid("getOrders", "Invalid OrderStatuses.");
    }
    List<String> channels = values(request, "FulfillmentChannels");
    if (!List.of("AFN", "MFN").containsAll(channels)) {
      return invalid("getOrders", "Invalid FulfillmentChannels.");
    }
    return new AmazonNextToken(byCreation, marketplaces, after, before, statuses, channels, pageSize, Instant.EPOCH,
        "");
  }

  private Map<String, Object> ordersPage(AmazonNextToken run) {
    Function<AmazonOrders.StoredOrder, Instant> key = run.byCreation() ? o -> o.purchaseDate : o -> o.lastUpdateDate;
    Predicate<AmazonOrders.StoredOrder> filter = order -> run.marketplaceIds().contains(order.marketplaceId)
        && !key.apply(order).isBefore(run.after()) && !key.apply(order).isAfter(run.before())
        && (run.statuses().isEmpty() || run.statuses().contains(order.status))
        && (run.fulfillmentChannels().isEmpty() || run.fulfillmentChannels().contains(order.fulfillmentChannel));
    Comparator<AmazonOrders.StoredOrder> byKey = Comparator.comparing(key)
        .thenComparing(order -> order.amazonOrderId);
    Predicate<AmazonOrders.StoredOrder> afterPosition = order -> {
      int compared = key.apply(order).compareTo(run.lastKey());
      return compared > 0 || (compared == 0 && order.amazonOrderId.compareTo(run.lastId()) > 0);
    };
    List<Map<String, Object>> page = new ArrayList<>();
    Map<String, Object> payload = new LinkedHashMap<>();
    synchronized (orders) {
      List<AmazonOrders.StoredOrder> selected = orders.select(filter, byKey, afterPosition, run.pageSize());
      List<AmazonOrders.StoredOrder> served = selected.subList(0, Math.min(run.pageSize(), selected.size()));
      served.forEach(order -> page.add(AmazonOrders.render(order)));
      payload.put("Orders", page);
      if (selected.size() > run.pageSize()) {
        AmazonOrders.StoredOrder last = served.get(served.size() - 1);
        payload.put("NextToken", new AmazonNextToken(run.byCreation(), run.marketplaceIds(), run.after(), run.before(),
            run.statuses(), run.fulfillmentChannels(), run.pageSize(), key.apply(last), last.amazonOrderId).encode());
      }
    }
    payload.put(run.byCreation() ? "CreatedBefore" : "LastUpdatedBefore",
        run.before().truncatedTo(ChronoUnit.SECONDS).toString());
    return Map.of("payload", payload);
  }

  /** The gateway's checks first (token, usage plan, faults), then the operation. */
  private ResponseEntity<Object> guarded(String operation, HttpServletRequest request,
      java.util.function.Supplier<ResponseEntity<Object>> serve) {
    AmazonGate.Refusal refusal = gate.admit(operation, request.getHeader("x-amz-access-token"));
    ResponseEntity<Object> answer;
    if (refusal == null) {
      answer = serve.get();
    } else {
      answer = switch (refusal) {
        case MISSING_TOKEN -> error(operation, HttpStatus.FORBIDDEN, "Unauthorized",
            "Access to requested resource is denied.", "Access token is missing in the request header.", false);
        case INVALID_TOKEN -> error(operation, HttpStatus.FORBIDDEN, "Unauthorized",
            "Access to requested resource is denied.", "The access token you provided is revoked, malformed or invalid.",
            false);
        case EXPIRED_TOKEN -> error(operation, HttpStatus.FORBIDDEN, "Unauthorized",
            "Access to requested resource is denied.", "The access token you provided has expired.", false);
        case THROTTLED -> error(operation, HttpStatus.TOO_MANY_REQUESTS, "QuotaExceeded",
            "You exceeded your quota for the requested resource.", "", false);
        case FAILED -> error(operation, HttpStatus.INTERNAL_SERVER_ERROR, "InternalFailure",
            "We encountered an internal error. Please try again.", "", false);
      };
    }
    gate.record(operation, request.getRequestURI(), request.getQueryString(), answer.getStatusCode().value());
    return answer;
  }

  private ResponseEntity<Object> ok(String operation, Object body) {
    return ResponseEntity.ok().header("x-amzn-RequestId", requestId())
        .header("x-amzn-RateLimit-Limit", gate.rateLimit(operation)).body(body);
  }

  private ResponseEntity<Object> invalid(String operation, String message) {
    return error(operation, HttpStatus.BAD_REQUEST, "InvalidInput", message, true);
  }

  private ResponseEntity<Object> error(String operation, HttpStatus status, String code, String message,
      boolean rateLimitHeader) {
    return error(operation, status, code, message, "", rateLimitHeader);
  }

  private ResponseEntity<Object> error(String operation, HttpStatus status, String code, String message,
      String details, boolean rateLimitHeader) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("details", details);
    ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).header("x-amzn-RequestId", requestId());
    if (rateLimitHeader) {
      builder.header("x-amzn-RateLimit-Limit", gate.rateLimit(operation));
    }
    return builder.body(Map.of("errors", List.of(error)));
  }

  private static ResponseEntity<Object> lwaError(HttpStatus status, String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_description", description);
    body.put("error", error);
    return ResponseEntity.status(status).header("x-amzn-RequestId", requestId()).body(body);
  }

  /** A list parameter: repeated and/or comma-separated, as the SDKs send it. */
  private static List<String> values(HttpServletRequest request, String name) {
    String[] given = request.getParameterValues(name);
    if (given == null) {
      return List.of();
    }
    return Arrays.stream(given).flatMap(value -> Arrays.stream(value.split(","))).map(String::trim)
        .filter(value -> !value.isEmpty()).distinct().toList();
  }

  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // a date alone is ISO 8601 too
      return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }
  }

  private static String requestId() {
    return UUID.randomUUID().toString();
  }
}
