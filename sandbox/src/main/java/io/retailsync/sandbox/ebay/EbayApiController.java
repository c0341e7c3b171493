package io.retailsync.sandbox.ebay;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * eBay's own paths under {@code /ebay}: the OAuth token endpoint ({@code /identity/v1/oauth2/token}) and
 * the Fulfillment API's getOrders and getOrder, answering eBay's JSON, paging and error shapes
 * ({@code {"errors": [{"errorId", "domain", "category", "message", "longMessage"}]}}; the token endpoint
 * answers OAuth's {@code {"error", "error_description"}}).
 */
@RestController
@RequestMapping("/ebay")
class EbayApiController {

  static final String ORDERS = "/sell/fulfillment/v1/order";
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  private static final Set<String> FULFILLMENT_FILTERS = Set.of("NOT_STARTED|IN_PROGRESS", "FULFILLED|IN_PROGRESS");

  private final EbayStore store;
  private final EbaySandboxProperties properties;

  EbayApiController(EbayStore store, EbaySandboxProperties properties) {
    this.store = store;
    this.properties = properties;
  }

  @PostMapping(path = "/identity/v1/oauth2/token")
  ResponseEntity<Map<String, Object>> token(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
      String authorization, @RequestParam MultiValueMap<String, String> form, HttpServletRequest request) {
    String expected = "Basic " + Base64.getEncoder().encodeToString((properties.clientId() + ":"
        + properties.clientSecret()).getBytes(StandardCharsets.UTF_8));
    ResponseEntity<Map<String, Object>> answer;
    String grant = form.getFirst("grant_type");
    if (request.getContentType() == null || !request.getContentType().startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
      answer = oauthError(HttpStatus.BAD_REQUEST, "invalid_request", "request is missing a required parameter or is malformed");
    } else if (!expected.equals(authorization)) {
      answer = oauthError(HttpStatus.UNAUTHORIZED, "invalid_client", "client authentication failed");
    } else if ("refresh_token".equals(grant)) {
      answer = properties.refreshToken().equals(form.getFirst("refresh_token"))
          ? ResponseEntity.ok(store.issueToken(true))
          : oauthError(HttpStatus.BAD_REQUEST, "invalid_grant",
              "the provided authorization refresh token is invalid or was issued to another client");
    } else if ("client_credentials".equals(grant)) {
      answer = ResponseEntity.ok(store.issueToken(false));
    } else {
      answer = oauthError(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "grant type in request is not supported by the authorization server");
    }
    store.record("POST", "/identity/v1/oauth2/token", "grant_type=" + grant, answer.getStatusCode().value(),
        expected.equals(authorization) ? "valid" : authorization == null ? "missing" : "invalid");
    return answer;
  }

  @GetMapping(path = ORDERS)
  ResponseEntity<Object> getOrders(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestParam(required = false) String filter, @RequestParam(required = false) String limit,
      @RequestParam(required = false) String offset, @RequestParam(required = false) String orderIds,
      HttpServletRequest request) {
    ResponseEntity<Object> answer = guarded(authorization, () -> orders(filter, limit, offset, orderIds, request));
    store.record("GET", ORDERS, request.getQueryString(), answer.getStatusCode().value(), auth(authorization));
    return answer;
  }

  @GetMapping(path = ORDERS + "/{orderId}")
  ResponseEntity<Object> getOrder(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String orderId, HttpServletRequest request) {
    ResponseEntity<Object> answer = guarded(authorization, () -> {
      Map<String, Object> order = store.json(orderId);
      return order == null ? error(HttpStatus.NOT_FOUND, 32100, "API_FULFILLMENT", "REQUEST", "Invalid order ID: " + orderId)
          : ResponseEntity.ok(order);
    });
    store.record("GET", ORDERS + "/" + orderId, request.getQueryString(), answer.getStatusCode().value(),
        auth(authorization));
    return answer;
  }

  private ResponseEntity<Object> orders(String filter, String limitText, String offsetText, String orderIds,
      HttpServletRequest request) {
    if (orderIds != null && !orderIds.isBlank()) {
      List<String> ids = Arrays.stream(orderIds.split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList();
      if (ids.size() > 50) {
        return error(HttpStatus.BAD_REQUEST, 30850, "API_FULFILLMENT", "REQUEST",
            "The number of order IDs must not exceed 50.");
      }
      List<Object> found = ids.stream().map(store::json).filter(java.util.Objects::nonNull).map(o -> (Object) o).toList();
      Map<String, Object> page = new LinkedHashMap<>();
      page.put("href", base(request) + ORDERS + "?orderIds=" + String.join(",", ids));
      page.put("total", found.size());
      page.put("limit", DEFAULT_LIMIT);
      page.put("offset", 0);
      page.put("orders", found);
      return ResponseEntity.ok(page);
    }
    Integer limit = number(limitText, DEFAULT_LIMIT);
    if (limit == null || limit < 1 || limit > MAX_LIMIT) {
      return error(HttpStatus.BAD_REQUEST, 30700, "API_FULFILLMENT", "REQUEST",
          "Invalid limit. Supported ranges 1 - " + MAX_LIMIT + ".");
    }
    Integer offset = number(offsetText, 0);
    if (offset == null || offset < 0) {
      return error(HttpStatus.BAD_REQUEST, 30700, "API_FULFILLMENT", "REQUEST", "Invalid offset. It must be 0 or more.");
    }
    Predicate<EbaySandboxOrder> predicate;
    try {
      predicate = parse(filter);
    } catch (IllegalArgumentException e) {
      return error(HttpStatus.BAD_REQUEST, 30800, "API_FULFILLMENT", "REQUEST", e.getMessage());
    }
    int[] total = new int[1];
    List<Map<String, Object>> orders = store.search(predicate, offset, limit, total);
    String href = base(request) + ORDERS + "?" + (filter == null ? "" : "filter=" + encode(filter) + "&") + "limit=" + limit;
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("href", href + "&offset=" + offset);
    page.put("total", total[0]);
    page.put("limit", limit);
    page.put("offset", offset);
    if (offset > 0) {
      page.put("prev", href + "&offset=" + Math.max(0, offset - limit));
    }
    if (offset + limit < total[0]) {
      page.put("next", href + "&offset=" + (offset + limit));
    }
    page.put("orders", orders);
    return ResponseEntity.ok(page);
  }

  /**
   * getOrders' {@code filter}: comma-separated {@code creationdate:[from..to]}, {@code lastmodifieddate:[from..to]}
   * (either end may be left open; with both dates, only creationdate counts) and
   * {@code orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}} or {@code {FULFILLED|IN_PROGRESS}}.
   */
  static Predicate<EbaySandboxOrder> parse(String filter) {
    Predicate<EbaySandboxOrder> created = null;
    Predicate<EbaySandboxOrder> modified = null;
    Predicate<EbaySandboxOrder> status = order -> true;
    if (filter == null || filter.isBlank()) {
      return status;
    }
    for (String criterion : filter.split(",")) {
      int colon = criterion.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("Invalid filter: " + criterion);
      }
      String name = criterion.substring(0, colon).trim();
      String value = criterion.substring(colon + 1).trim();
      switch (name) {
        case "creationdate" -> {
          Instant[] range = range(name, value);
          created = order -> within(order.created, range);
        }
        case "lastmodifieddate" -> {
          Instant[] range = range(name, value);
          modified = order -> within(order.lastModified, range);
        }
        case "orderfulfillmentstatus" -> {
          if (!value.startsWith("{") || !value.endsWith("}")
              || !FULFILLMENT_FILTERS.contains(value.substring(1, value.length() - 1))) {
            throw new IllegalArgumentException("Invalid filter value for orderfulfillmentstatus: " + value
                + ". Supported: {NOT_STARTED|IN_PROGRESS}, {FULFILLED|IN_PROGRESS}.");
          }
          Set<String> wanted = Set.of(value.substring(1, value.length() - 1).split("\\|"));
          status = order -> wanted.contains(order.fulfillmentStatus());
        }
        default -> throw new IllegalArgumentException("Invalid filter name: " + name);
      }
    }
    Predicate<EbaySandboxOrder> date = created != null ? created : modified != null ? modified : order -> true;
    return date.and(status);
  }

  private static Instant[] range(String name, String value) {
    if (!value.startsWith("[") || !value.endsWith("]") || !value.contains("..")) {
      throw new IllegalArgumentException("Invalid date range for " + name + ": " + value
          + ". Use [YYYY-MM-DDThh:mm:ss.sssZ..YYYY-MM-DDThh:mm:ss.sssZ].");
    }
    String inner = value.substring(1, value.length() - 1);
    int dots = inner.indexOf("..");
    String from = inner.substring(0, dots);
    String to = inner.substring(dots + 2);
    if (from.isEmpty() && to.isEmpty()) {
      throw new IllegalArgumentException("Invalid date range for " + name + ": both ends are empty");
    }
    Instant[] range = {from.isEmpty() ? null : instant(name, from), to.isEmpty() ? null : instant(name, to)};
    if (range[0] != null && range[1] != null && range[1].isBefore(range[0])) {
      throw new IllegalArgumentException("Invalid date range for " + name + ": the end is before the start");
    }
    return range;
  }

  private static Instant instant(String name, String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Invalid date format for " + name + ": " + text
          + ". Use YYYY-MM-DDThh:mm:ss.sssZ.");
    }
  }

  private static boolean within(Instant at, Instant[] range) {
    return (range[0] == null || !at.isBefore(range[0])) && (range[1] == null || !at.isAfter(range[1]));
  }

  /** Authentication, then the faults and the rate limit, then the handler. */
  private ResponseEntity<Object> guarded(String authorization, java.util.function.Supplier<ResponseEntity<Object>> handler) {
    if (authorization == null || authorization.isBlank()) {
      return error(HttpStatus.UNAUTHORIZED, 1002, "OAuth", "REQUEST", "Missing access token",
          "Access token is missing in the Authorization HTTP request header.");
    }
    if (!authorization.startsWith("Bearer ") || !store.valid(authorization.substring(7).trim())) {
      return error(HttpStatus.UNAUTHORIZED, 1001, "OAuth", "REQUEST", "Invalid access token",
          "Invalid access token. Check the value of the Authorization HTTP request header.");
    }
    return switch (store.admit()) {
      case FAILED -> error(HttpStatus.INTERNAL_SERVER_ERROR, 10001, "API_FULFILLMENT", "APPLICATION",
          "There was a problem with an eBay internal system or process. Contact eBay developer support for assistance.");
      case THROTTLED -> {
        ResponseEntity<Object> throttled = error(HttpStatus.TOO_MANY_REQUESTS, 2001, "ACCESS", "REQUEST",
            "Too many requests. The request limit has been reached for the resource.");
        yield ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.APPLICATION_JSON)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(store.retryAfterSeconds())).body(throttled.getBody());
      }
      case PASS -> handler.get();
    };
  }

  static ResponseEntity<Object> error(HttpStatus status, int errorId, String domain, String category, String message) {
    return error(status, errorId, domain, category, message, message);
  }

  static ResponseEntity<Object> error(HttpStatus status, int errorId, String domain, String category, String message,
      String longMessage) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("errorId", errorId);
    entry.put("domain", domain);
    entry.put("category", category);
    entry.put("message", message);
    entry.put("longMessage", longMessage);
    List<Object> errors = new ArrayList<>();
    errors.add(entry);
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("errors", errors));
  }

  private static ResponseEntity<Map<String, Object>> oauthError(HttpStatus status, String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }

  private String auth(String authorization) {
    if (authorization == null) {
      return "missing";
    }
    return authorization.startsWith("Bearer ") && store.valid(authorization.substring(7).trim()) ? "valid" : "invalid";
  }

  /** The stand-in's own base, {@code http://host:port/ebay}, as eBay's hrefs name {@code https://api.ebay.com}. */
  private static String base(HttpServletRequest request) {
    return request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort() + "/ebay";
  }

  private static Integer number(String text, int fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** As eBay writes its hrefs: {@code [ ] { } |} percent-encoded. */
  static String encode(String filter) {
    return filter.replace("[", "%5B").replace("]", "%5D").replace("{", "%7B").replace("}", "%7D").replace("|", "%7C");
  }
}
