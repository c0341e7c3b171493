package io.retailsync.sandbox.shopify;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The REST Admin API's order list, {@code GET /shopify/admin/api/{version}/orders.json}, over the orders the
 * stand-in sold, each in its current version and in the webhooks' REST shape. As Shopify: the
 * {@code X-Shopify-Access-Token} must be the shop's admin token (else 401 with Shopify's body); a leaky bucket
 * per shop (40 calls, leaking 2/s) with {@code X-Shopify-Shop-Api-Call-Limit} on every answer and 429 with
 * {@code Retry-After} when full; filters {@code status} ({@code open} by default, {@code cancelled},
 * {@code closed}, {@code any}), {@code updated_at_min}, {@code created_at_min}; {@code order}
 * ({@code created_at desc} by default, {@code updated_at asc}, …); {@code limit} (50 by default, 250 at
 * most); cursor pagination by {@code page_info} in the {@code Link} header ({@code rel="previous"},
 * {@code rel="next"}), where a request with {@code page_info} may carry only {@code limit} and
 * {@code fields} beside it.
 */
@RestController
@RequestMapping("/shopify/admin/api/{version}")
class ShopifyAdminApiController {

  static final String UNAUTHORIZED =
      "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}";
  static final String THROTTLED =
      "{\"errors\":\"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.\"}";
  private static final Set<String> WITH_PAGE_INFO = Set.of("page_info", "limit", "fields");
  private static final Set<String> STATUSES = Set.of("open", "closed", "cancelled", "any");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 250;

  /** What a {@code page_info} carries: the first request's filters and where the page starts. */
  record Cursor(String status, Instant updatedAtMin, Instant createdAtMin, String column, boolean ascending,
      String direction, Instant lastValue, long lastId) {}

  private final ShopifyOrderLog log;
  private final ShopifyProperties properties;
  private final ShopifyLeakyBucket bucket;

  ShopifyAdminApiController(ShopifyOrderLog log, ShopifyProperties properties, ShopifyLeakyBucket bucket) {
    this.log = log;
    this.properties = properties;
    this.bucket = bucket;
  }

  @GetMapping("/orders.json")
  ResponseEntity<String> orders(@PathVariable String version,
      @RequestHeader(name = "X-Shopify-Access-Token", required = false) String token,
      @RequestParam MultiValueMap<String, String> params, HttpServletRequest request) {
    if (!version.matches("\\d{4}-\\d{2}|unstable")) {
      return ResponseEntity.status(404).header(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
          .body("{\"errors\":\"Not Found\"}");
    }
    if (!tokenMatches(token)) {
      return answer(401, bucket.peek(), version, null, UNAUTHORIZED, null);
    }
    ShopifyLeakyBucket.Result call = bucket.call();
    if (!call.admitted()) {
      return answer(429, call, version, null, THROTTLED, retryAfter(call));
    }
    int limit;
    try {
      limit = params.getFirst("limit") == null ? DEFAULT_LIMIT : Integer.parseInt(params.getFirst("limit").trim());
    } catch (NumberFormatException e) {
      return answer(400, call, version, null, error("limit", "is not a number"), null);
    }
    limit = Math.max(1, Math.min(limit, MAX_LIMIT));

    Cursor cursor;
    String pageInfo = params.getFirst("page_info");
    if (pageInfo != null) {
      List<String> others = params.keySet().stream().filter(name -> !WITH_PAGE_INFO.contains(name)).sorted().toList();
      if (!others.isEmpty()) {
        return answer(400, call, version, null, error("page_info", "cannot be used with " + String.join(", ", others)
            + "; only limit and fields may accompany it"), null);
      }
      cursor = decode(pageInfo);
      if (cursor == null) {
        return answer(400, call, version, null, error("page_info", "Invalid value."), null);
      }
    } else {
      String status = params.getFirst("status") == null ? "open" : params.getFirst("status").trim();
      if (!STATUSES.contains(status)) {
        return answer(400, call, version, null, error("status", "must be one of open, closed, cancelled, any"), null);
      }
      Instant updatedAtMin;
      Instant createdAtMin;
      try {
        updatedAtMin = time(params.getFirst("updated_at_min"));
        createdAtMin = time(params.getFirst("created_at_min"));
      } catch (DateTimeParseException e) {
        return answer(400, call, version, null, error("updated_at_min", "is not an ISO 8601 time"), null);
      }
      String order = params.getFirst("order") == null ? "created_at desc" : params.getFirst("order").trim();
      String[] parts = order.split("\\s+");
      if (!(parts[0].equals("updated_at") || parts[0].equals("created_at"))
          || parts.length > 2 || (parts.length == 2 && !parts[1].matches("(?i)asc|desc"))) {
        return answer(400, call, version, null, error("order", "must be created_at or updated_at, asc or desc"), null);
      }
      boolean ascending = parts.length == 2 && parts[1].equalsIgnoreCase("asc");
      cursor = new Cursor(status, updatedAtMin, createdAtMin, parts[0], ascending, "next", null, 0);
    }

    boolean backwards = cursor.direction().equals("prev");
    List<ShopifyOrderLog.Current> rows = new ArrayList<>(log.page(new ShopifyOrderLog.PageQuery(cursor.status(),
        cursor.updatedAtMin(), cursor.createdAtMin(), cursor.column(), backwards != cursor.ascending(),
        cursor.lastValue(), cursor.lastValue() == null ? null : cursor.lastId(), limit + 1)));
    boolean more = rows.size() > limit;
    if (more) {
      rows = new ArrayList<>(rows.subList(0, limit));
    }
    if (backwards) {
      Collections.reverse(rows);
    }
    boolean hasPrevious = backwards ? more : pageInfo != null;
    boolean hasNext = backwards || more;
    List<String> links = new ArrayList<>();
    String base = ServletUriComponentsBuilder.fromContextPath(request).path("/shopify/admin/api/" + version
        + "/orders.json").build().toUriString();
    if (!rows.isEmpty() && hasPrevious) {
      links.add("<" + base + "?limit=" + limit + "&page_info=" + encode(cursor, "prev", rows.get(0)) + ">; rel=\"previous\"");
    }
    if (!rows.isEmpty() && hasNext) {
      links.add("<" + base + "?limit=" + limit + "&page_info=" + encode(cursor, "next", rows.get(rows.size() - 1))
          + ">; rel=\"next\"");
    }
    StringBuilder body = new StringBuilder("{\"orders\":[");
    for (int i = 0; i < rows.size(); i++) {
      body.append(i == 0 ? "" : ",").append(rows.get(i).body());
    }
    body.append("]}");
    return answer(200, call, version, links.isEmpty() ? null : String.join(", ", links), body.toString(), null);
  }

  private boolean tokenMatches(String token) {
    return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        properties.adminToken().getBytes(StandardCharsets.UTF_8));
  }

  private static String retryAfter(ShopifyLeakyBucket.Result call) {
    double seconds = Math.max(0.1, Math.ceil(call.retryAfter().toMillis() / 100.0) / 10.0);
    return String.format(java.util.Locale.ROOT, "%.1f", seconds);
  }

  private static ResponseEntity<String> answer(int status, ShopifyLeakyBucket.Result call, String version, String link,
      String body, String retryAfter) {
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(status)
        .header(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .header("X-Shopify-Shop-Api-Call-Limit", call.callLimitHeader())
        .header("X-Shopify-API-Version", version);
    if (link != null) {
      answer.header(HttpHeaders.LINK, link);
    }
    if (retryAfter != null) {
      answer.header(HttpHeaders.RETRY_AFTER, retryAfter);
    }
    return answer.body(body);
  }

  private static String error(String field, String message) {
    ObjectNode errors = JSON.createObjectNode();
    errors.putObject("errors").put(field, message);
    return JSON.writeValueAsString(errors);
  }

  /** ISO 8601 with offset ({@code +} may arrive as a space), or a local time or date in the shop's offset. */
  static Instant time(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim().replace(' ', '+');
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).atOffset(ShopifyOrderEditor.SHOP_OFFSET).toInstant();
      } catch (DateTimeParseException notLocal) {
        return LocalDate.parse(text).atStartOfDay().atOffset(ShopifyOrderEditor.SHOP_OFFSET).toInstant();
      }
    }
  }

  /** A {@code page_info}: base64url (unpadded) JSON of the filters, the direction and the row it starts from. */
  private static String encode(Cursor cursor, String direction, ShopifyOrderLog.Current row) {
    Map<String, Object> token = new LinkedHashMap<>();
    token.put("status", cursor.status());
    if (cursor.updatedAtMin() != null) {
      token.put("updated_at_min", cursor.updatedAtMin().toString());
    }
    if (cursor.createdAtMin() != null) {
      token.put("created_at_min", cursor.createdAtMin().toString());
    }
    token.put("order", cursor.column() + (cursor.ascending() ? " asc" : " desc"));
    token.put("direction", direction);
    token.put("last_id", row.orderId());
    token.put("last_value", (cursor.column().equals("updated_at") ? row.updatedAt() : row.createdAt()).toString());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(token));
  }

  private static Cursor decode(String pageInfo) {
    try {
      JsonNode token = JSON.readTree(Base64.getUrlDecoder().decode(pageInfo.trim()));
      String[] order = token.get("order").asString().split(" ");
      String direction = token.get("direction").asString();
      if (!(order[0].equals("updated_at") || order[0].equals("created_at")) || order.length != 2
          || !(direction.equals("next") || direction.equals("prev")) || !STATUSES.contains(token.get("status").asString())) {
        return null;
      }
      return new Cursor(token.get("status").asString(),
          token.hasNonNull("updated_at_min") ? Instant.parse(token.get("updated_at_min").asString()) : null,
          token.hasNonNull("created_at_min") ? Instant.parse(token.get("created_at_min").asString()) : null,
          order[0], order[1].equals("asc"), direction, Instant.parse(token.get("last_value").asString()),
          token.get("last_id").asLong());
    } catch (IllegalArgumentException | NullPointerException | JacksonException | DateTimeParseException e) {
      return null;
    }
  }
}
