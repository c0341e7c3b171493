package io.retailsync.connectors.amazon;

import io.retailsync.connectors.http.MarketplaceHttp;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.connectors.http.AccessTokenCache;
import io.retailsync.connectors.http.MarketplaceCallMetrics;
import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.http.OperationRateLimit;
import io.retailsync.connectors.http.RetryAfter;

import java.net.URI;
import java.net.URLEncoder;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * SP-API's Orders API v0 as the feed needs it: {@code getOrders} and {@code getOrderItems}, with the Login
 * with Amazon handshake, the headers the SDKs send, each operation's usage plan, and the sorting of failures
 * into {@link MarketplaceUnavailableException} (429 after bounded waits, 5xx, timeouts, the token endpoint
 * away) and {@link MarketplaceRefusedException} (any other 4xx, with Amazon's error text).
 *
 * <p>Every call takes a token of its operation's bucket first. A 429 blocks the bucket for the
 * {@code Retry-After} Amazon gives (it usually gives none: then one refill period) and the same call is made
 * again, a few times within {@code sync.amazon.max-throttle-wait}. A 401 or 403 drops the access token and
 * the call is made once more with a fresh one (an expired token is answered 403 {@code Unauthorized}).
 */
public final class AmazonClient {

  public static final String GET_ORDERS = "getOrders";
  public static final String GET_ORDER_ITEMS = "getOrderItems";
  public static final String LWA_TOKEN = "lwaToken";
  static final String ORDERS_PATH = "/orders/v0/orders";

  private static final Logger log = LoggerFactory.getLogger(AmazonClient.class);
  private static final int MAX_THROTTLED_ATTEMPTS = 5;
  private static final int MAX_ERROR_CHARS = 500;
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  static final String USER_AGENT = "RetailPlatformSync/0.1.0 (Language=Java/" + Runtime.version().feature()
      + "; Platform=" + System.getProperty("os.name", "unknown").replace(';', ' ') + ")";

  /** One page of {@code getOrders}: the orders as JSON, {@code NextToken} (null on the last page). */
  public record OrdersPage(List<JsonNode> orders, String nextToken) {}

  private final AmazonProperties properties;
  private final Clock clock;
  private final RestClient http;
  private final AccessTokenCache tokens;
  private final OperationRateLimit getOrdersLimit;
  private final OperationRateLimit getOrderItemsLimit;
  private final MarketplaceCallMetrics metrics;
  private final String marketplaceIds;

  public AmazonClient(AmazonProperties properties, MeterRegistry registry, Clock clock) {
    this.properties = properties.check();
    this.clock = clock;
    this.http = MarketplaceHttp.restClient(properties.connectTimeout(), properties.readTimeout());
    this.tokens = new AccessTokenCache(this::fetchToken, properties.tokenRefreshAhead(), clock);
    AmazonProperties.RateLimits limits = properties.rateLimits();
    this.getOrdersLimit = new OperationRateLimit(GET_ORDERS, limits.getOrders().rate(), limits.getOrders().burst());
    this.getOrderItemsLimit = new OperationRateLimit(GET_ORDER_ITEMS, limits.getOrderItems().rate(),
        limits.getOrderItems().burst());
    this.metrics = new MarketplaceCallMetrics(registry, "amazon", List.of(GET_ORDERS, GET_ORDER_ITEMS, LWA_TOKEN));
    this.marketplaceIds = String.join(",", properties.marketplaceIds());
  }

  /**
   * The first page of the orders updated at or after {@code lastUpdatedAfter} when {@code nextToken} is
   * null, else the page {@code nextToken} names. {@code LastUpdatedBefore} is never sent: Amazon then answers
   * up to two minutes before now, and says so in {@code payload.LastUpdatedBefore}.
   */
  public OrdersPage getOrders(Instant lastUpdatedAfter, String nextToken) {
    StringBuilder query = new StringBuilder("MarketplaceIds=").append(encode(marketplaceIds));
    if (nextToken == null) {
      query.append("&LastUpdatedAfter=").append(encode(
          DateTimeFormatter.ISO_INSTANT.format(lastUpdatedAfter.truncatedTo(ChronoUnit.SECONDS))));
      query.append("&MaxResultsPerPage=").append(properties.pageSize());
    } else {
      query.append("&NextToken=").append(encode(nextToken));
    }
    JsonNode payload = payload(call(GET_ORDERS, getOrdersLimit,
        URI.create(properties.apiRoot() + ORDERS_PATH + "?" + query)), GET_ORDERS);
    JsonNode orders = payload.get("Orders");
    if (orders != null && !orders.isNull() && !orders.isArray()) {
      throw new MarketplaceUnavailableException("getOrders answered a payload whose Orders is not an array");
    }
    List<JsonNode> list = new ArrayList<>();
    if (orders != null && orders.isArray()) {
      orders.forEach(list::add);
    }
    return new OrdersPage(list, token(payload));
  }

  /** Every item of one order, following {@code getOrderItems}' own {@code NextToken}. */
  public List<JsonNode> getOrderItems(String amazonOrderId) {
    List<JsonNode> items = new ArrayList<>();
    String nextToken = null;
    int pages = 0;
    do {
      String uri = properties.apiRoot() + ORDERS_PATH + "/" + encodePath(amazonOrderId) + "/orderItems"
          + (nextToken == null ? "" : "?NextToken=" + encode(nextToken));
      JsonNode payload = payload(call(GET_ORDER_ITEMS, getOrderItemsLimit, URI.create(uri)), GET_ORDER_ITEMS);
      JsonNode page = payload.get("OrderItems");
      if (page != null && page.isArray()) {
        page.forEach(items::add);
      } else if (page != null && !page.isNull()) {
        throw new MarketplaceUnavailableException("getOrderItems answered a payload whose OrderItems is not an array");
      }
      String next = token(payload);
      if (next != null && next.equals(nextToken)) {
        throw new MarketplaceUnavailableException("getOrderItems answered the same NextToken again");
      }
      nextToken = next;
      if (++pages > 1000) {
        throw new MarketplaceUnavailableException("getOrderItems did not stop paging for one order");
      }
    } while (nextToken != null);
    return items;
  }

  /** How many access tokens were fetched (tests, logs). */
  public int tokenFetches() {
    return tokens.fetches();
  }

  private JsonNode call(String operation, OperationRateLimit limit, URI uri) {
    return metrics.time(operation, () -> json(send(operation, limit, HttpMethod.GET, uri, null,
        properties.maxThrottleWait()).body(), operation));
  }

  /**
   * One SP-API call with the handshake, the headers and the waits described above; answers a 2xx. Not timed:
   * the caller times it under its own operation name.
   *
   * @param jsonBody the request body ({@code application/json}), or null for none
   * @param maxWait the most the call waits in all for its bucket and for 429s
   * @throws MarketplaceRefusedException for a 4xx other than 429 (after one token renewal for 401/403),
   *     with Amazon's error text and the status
   */
  Answer send(String operation, OperationRateLimit limit, HttpMethod method, URI uri, byte[] jsonBody,
      Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    boolean tokenRetried = false;
    int throttled = 0;
    while (true) {
      limit.acquire(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      String token = tokens.current();
      RestClient.RequestBodySpec request = http.method(method).uri(uri)
          .header("x-amz-access-token", token)
          .header("x-amz-date", AMZ_DATE.format(clock.instant()))
          .header(HttpHeaders.USER_AGENT, USER_AGENT)
          .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
      if (jsonBody != null) {
        request.contentType(MediaType.APPLICATION_JSON).body(jsonBody);
      }
      Answer answer = exchange(request, operation);
      int status = answer.status();
      if (status >= 200 && status < 300) {
        return answer;
      }
      if (status == 429) {
        Duration retryAfter = RetryAfter.parse(answer.retryAfter(), clock);
        limit.throttled(retryAfter);
        if (++throttled >= MAX_THROTTLED_ATTEMPTS) {
          throw new MarketplaceUnavailableException(operation + " is still throttled by Amazon (429) after "
              + throttled + " attempts" + errorText(answer.body()));
        }
        log.debug("{} throttled by Amazon (429), retrying after {}", operation, retryAfter);
        continue;
      }
      if ((status == 401 || status == 403) && !tokenRetried) {
        tokens.invalidate(token);
        tokenRetried = true;
        log.info("{} answered {}: fetching a new access token and trying once more", operation, status);
        continue;
      }
      if (status >= 500 || status == 408) {
        throw new MarketplaceUnavailableException(operation + " answered " + status + errorText(answer.body()));
      }
      throw new MarketplaceRefusedException("MARKETPLACE_REFUSED", status, operation + " answered " + status
          + errorText(answer.body()));
    }
  }

  /** The account's settings, checked. */
  AmazonProperties properties() {
    return properties;
  }

  /** Login with Amazon: the refresh-token grant. */
  private AccessTokenCache.Token fetchToken() {
    return metrics.time(LWA_TOKEN, () -> {
      String form = "grant_type=refresh_token&refresh_token=" + encode(properties.refreshToken()) + "&client_id="
          + encode(properties.clientId()) + "&client_secret=" + encode(properties.clientSecret());
      Answer answer = exchange(http.post().uri(properties.lwaTokenUrl())
          .contentType(new MediaType(MediaType.APPLICATION_FORM_URLENCODED, StandardCharsets.UTF_8))
          .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
          .header(HttpHeaders.USER_AGENT, USER_AGENT)
          .body(form.getBytes(StandardCharsets.UTF_8)), LWA_TOKEN);
      int status = answer.status();
      if (status == 429 || status == 408 || status >= 500) {
        throw new MarketplaceUnavailableException("Login with Amazon answered " + status + lwaError(answer.body()));
      }
      if (status < 200 || status >= 300) {
        throw new MarketplaceRefusedException("MARKETPLACE_REFUSED", status,
            "Login with Amazon refused the refresh token grant (" + status + ")" + lwaError(answer.body()));
      }
      JsonNode body = json(answer.body(), LWA_TOKEN);
      JsonNode token = body.get("access_token");
      JsonNode expiresIn = body.get("expires_in");
      if (token == null || !token.isString() || token.stringValue().isBlank()) {
        throw new MarketplaceUnavailableException("Login with Amazon answered without an access_token");
      }
      long seconds = expiresIn != null && expiresIn.canConvertToLong() ? expiresIn.asLong() : 3600;
      return new AccessTokenCache.Token(token.stringValue(), Duration.ofSeconds(Math.max(1, seconds)));
    });
  }

  private Answer exchange(RestClient.RequestHeadersSpec<?> request, String operation) {
    try {
      return request.exchange((httpRequest, response) -> new Answer(response.getStatusCode().value(),
          response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), MarketplaceHttp.readFully(response.getBody())), true);
    } catch (ResourceAccessException e) {
      throw new MarketplaceUnavailableException(operation + " got no answer: " + MarketplaceHttp.rootMessage(e), e);
    }
  }

  private static JsonNode payload(JsonNode answer, String operation) {
    JsonNode payload = answer.get("payload");
    if (payload == null || !payload.isObject()) {
      throw new MarketplaceUnavailableException(operation + " answered 2xx without a payload object");
    }
    return payload;
  }

  private static String token(JsonNode payload) {
    JsonNode next = payload.get("NextToken");
    return next != null && next.isString() && !next.stringValue().isBlank() ? next.stringValue() : null;
  }

  static JsonNode json(byte[] body, String operation) {
    try {
      JsonNode tree = AmazonOrderMapper.WIRE.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw new MarketplaceUnavailableException(operation + " answered 2xx with a body that is not a JSON object");
      }
      return tree;
    } catch (JacksonException e) {
      throw new MarketplaceUnavailableException(operation + " answered 2xx with a body that is not JSON", e);
    }
  }

  /** Amazon's {@code errors[]} as {@code code: message (details)}, or the body's start. */
  static String errorText(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    try {
      JsonNode errors = AmazonOrderMapper.WIRE.readTree(body).get("errors");
      if (errors != null && errors.isArray() && !errors.isEmpty()) {
        List<String> parts = new ArrayList<>();
        for (JsonNode error : errors) {
          String details = text(error, "details");
          parts.add(text(error, "code") + ": " + text(error, "message")
              + (details.isEmpty() ? "" : " (" + details + ")"));
        }
        return ": " + truncate(String.join("; ", parts));
      }
    } catch (JacksonException | IllegalArgumentException notJson) {
      // fall through to the raw text
    }
    return ": " + truncate(new String(body, StandardCharsets.UTF_8));
  }

  /** LWA's {@code error} and {@code error_description}; never the request. */
  private static String lwaError(byte[] body) {
    try {
      JsonNode tree = AmazonOrderMapper.WIRE.readTree(body);
      if (tree != null && tree.isObject() && tree.has("error")) {
        return ": " + truncate(text(tree, "error") + " " + text(tree, "error_description")).trim();
      }
    } catch (JacksonException | IllegalArgumentException notJson) {
      // fall through
    }
    return body == null || body.length == 0 ? "" : ": " + truncate(new String(body, StandardCharsets.UTF_8));
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? "" : value.isString() ? value.stringValue() : value.toString();
  }

  static String truncate(String text) {
    String clean = text.replaceAll("[\\p{Cntrl}&&[^\\t]]", " ");
    return clean.length() > MAX_ERROR_CHARS ? clean.substring(0, MAX_ERROR_CHARS) + "…" : clean;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String encodePath(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  record Answer(int status, String retryAfter, byte[] body) {}
}
