package io.retailsync.connectors.walmart;

import io.retailsync.connectors.http.MarketplaceHttp;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.connectors.http.AccessTokenCache;
import io.retailsync.connectors.http.MarketplaceCallMetrics;
import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.http.OperationRateLimit;
import io.retailsync.connectors.http.RetryAfter;

import java.net.URI;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
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
 * Walmart Marketplace's HTTP surface: the client-credentials handshake ({@code POST /v3/token}, 15-minute tokens
 * kept in an {@link AccessTokenCache}), the headers every call carries ({@code WM_SEC.ACCESS_TOKEN}, a fresh
 * {@code WM_QOS.CORRELATION_ID}, {@code WM_SVC.NAME}, {@code Accept}, and {@code WM_CONSUMER.CHANNEL.TYPE} when
 * configured), the per-operation rate limits and what each answer means:
 *
 * <ul>
 *   <li>429: the operation's bucket is emptied for {@code Retry-After} or Walmart's
 *       {@code X-Next-Replenishment-Time}, and the same call is made again, at most
 *       {@code max-throttle-retries} times within {@code max-throttle-wait}; then
 *       {@link MarketplaceUnavailableException};</li>
 *   <li>401: the token is dropped and the call made once more with a fresh one;</li>
 *   <li>5xx, timeouts, cut connections, the token endpoint away: {@link MarketplaceUnavailableException}, no
 *       retry here (the poller asks for the same page again later);</li>
 *   <li>any other 4xx: {@link MarketplaceRefusedException} with Walmart's error text (truncated).</li>
 * </ul>
 *
 * The client secret and the access tokens never reach a log or an exception message.
 */
public class WalmartClient {

  public static final String SYSTEM = "walmart";
  public static final String TOKEN = "token";
  public static final String GET_ORDERS = "getAllOrders";
  public static final String GET_ORDER = "getAnOrder";
  public static final String ACKNOWLEDGE = "acknowledgeOrders";
  public static final String REFUSED = "MARKETPLACE_REFUSED";

  static final String ACCESS_TOKEN_HEADER = "WM_SEC.ACCESS_TOKEN";
  static final String CORRELATION_HEADER = "WM_QOS.CORRELATION_ID";
  static final String SERVICE_NAME_HEADER = "WM_SVC.NAME";
  static final String CHANNEL_TYPE_HEADER = "WM_CONSUMER.CHANNEL.TYPE";
  static final String TOKEN_COUNT_HEADER = "x-current-token-count";
  static final String REPLENISH_HEADER = "x-next-replenishment-time";

  private static final Logger log = LoggerFactory.getLogger(WalmartClient.class);
  private static final int MAX_ERROR_CHARS = 500;

  /** One answer: its status and body. */
  public record Answer(int status, byte[] body) {}

  private final WalmartProperties properties;
  private final RestClient rest;
  private final String base;
  private final Clock clock;
  private final AccessTokenCache tokens;
  private final MarketplaceCallMetrics metrics;
  private final OperationRateLimit getOrdersLimit;
  private final OperationRateLimit getOrderLimit;
  private final OperationRateLimit acknowledgeLimit;

  public WalmartClient(WalmartProperties properties, MeterRegistry registry, Clock clock) {
    if (properties.baseUrl() == null) {
      throw new IllegalArgumentException("sync.walmart.base-url is not set");
    }
    this.properties = properties;
    this.clock = clock;
    String url = properties.baseUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.rest = MarketplaceHttp.restClient(properties.connectTimeout(), properties.readTimeout());
    this.tokens = new AccessTokenCache(this::fetchToken, properties.tokenRefreshAhead(), clock);
    this.metrics = new MarketplaceCallMetrics(registry, SYSTEM, List.of(TOKEN, GET_ORDERS, GET_ORDER, ACKNOWLEDGE));
    WalmartProperties.RateLimits limits = properties.rateLimits();
    this.getOrdersLimit = limit(GET_ORDERS, limits.getOrders());
    this.getOrderLimit = limit(GET_ORDER, limits.getOrder());
    this.acknowledgeLimit = limit(ACKNOWLEDGE, limits.acknowledge());
  }

  private static OperationRateLimit limit(String operation, WalmartProperties.Limit limit) {
    return new OperationRateLimit(operation, limit.perSecond(), limit.burst());
  }

  /**
   * {@code GET /v3/orders} with a query string starting with {@code ?}: the first page's filters, or a page's
   * {@code meta.nextCursor} as Walmart gave it. A 404 is answered as is (Walmart's "no orders found").
   */
  public Answer getOrders(String query) {
    if (query == null || !query.startsWith("?")) {
      throw new IllegalArgumentException("an order query starts with '?'");
    }
    URI uri;
    try {
      uri = URI.create(base + "/v3/orders" + query);
    } catch (IllegalArgumentException e) {
      throw new MarketplaceRefusedException(REFUSED, 400, "the order query is not a valid URI query: "
          + excerpt(query));
    }
    return metrics.time(GET_ORDERS, () -> call(GET_ORDERS, getOrdersLimit, HttpMethod.GET, uri, 404));
  }

  /** {@code GET /v3/orders/{purchaseOrderId}}. */
  public Answer getOrder(String purchaseOrderId) {
    URI uri = URI.create(base + "/v3/orders/" + pathSegment(purchaseOrderId));
    return metrics.time(GET_ORDER, () -> call(GET_ORDER, getOrderLimit, HttpMethod.GET, uri, -1));
  }

  /**
   * {@code POST /v3/orders/{purchaseOrderId}/acknowledge}. A 400 is answered as is: the caller decides whether
   * it means "nothing left to acknowledge".
   */
  public Answer acknowledge(String purchaseOrderId) {
    URI uri = URI.create(base + "/v3/orders/" + pathSegment(purchaseOrderId) + "/acknowledge");
    return metrics.time(ACKNOWLEDGE, () -> call(ACKNOWLEDGE, acknowledgeLimit, HttpMethod.POST, uri, 400));
  }

  /** How many access tokens were fetched so far. */
  public int tokenFetches() {
    return tokens.fetches();
  }

  private Answer call(String operation, OperationRateLimit limit, HttpMethod method, URI uri, int passThrough) {
    return send(operation, limit, method, uri, method == HttpMethod.POST ? MediaType.APPLICATION_JSON : null, null,
        passThrough);
  }

  /**
   * One call with the handshake, headers and answers described above, not timed (the caller times it under its
   * own operation name).
   *
   * @param contentType the body's type, or null for a call without one
   * @param body what {@link RestClient} writes for that type ({@code byte[]} JSON, a multipart map), or null
   * @param passThrough a non-2xx status answered as is rather than thrown, or -1
   */
  Answer send(String operation, OperationRateLimit limit, HttpMethod method, URI uri, MediaType contentType,
      Object body, int passThrough) {
    long deadline = System.nanoTime() + properties.maxThrottleWait().toNanos();
    int throttled = 0;
    boolean retriedUnauthorized = false;
    while (true) {
      limit.acquire(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      String token = tokens.current();
      String correlationId = UUID.randomUUID().toString();
      Raw raw = exchange(operation, method, uri, token, correlationId, contentType, body);
      int status = raw.status();
      if (status >= 200 && status < 300) {
        return new Answer(status, raw.body());
      }
      log.debug("walmart {} answered {} (correlation id {})", operation, status, correlationId);
      if (status == 401 && !retriedUnauthorized) {
        tokens.invalidate(token);
        retriedUnauthorized = true;
        continue;
      }
      if (status == 429) {
        Duration wait = throttleWait(raw);
        limit.throttled(wait);
        throttled++;
        long waitNanos = wait == null ? 0 : wait.toNanos();
        if (throttled > properties.maxThrottleRetries() || System.nanoTime() + waitNanos > deadline) {
          throw new MarketplaceUnavailableException("walmart " + operation + " is throttled (429) after " + throttled
              + " attempts (correlation id " + correlationId + ")");
        }
        continue;
      }
      if (status == passThrough) {
        return new Answer(status, raw.body());
      }
      String summary = "walmart " + operation + " answered " + status + " (correlation id " + correlationId + ")"
          + errorText(raw.body());
      if (status >= 500 || status == 408) {
        throw new MarketplaceUnavailableException(summary);
      }
      throw new MarketplaceRefusedException(REFUSED, status, summary);
    }
  }

  private Raw exchange(String operation, HttpMethod method, URI uri, String token, String correlationId,
      MediaType contentType, Object body) {
    RestClient.RequestBodySpec request = rest.method(method).uri(uri)
        .header(ACCESS_TOKEN_HEADER, token)
        .header(CORRELATION_HEADER, correlationId)
        .header(SERVICE_NAME_HEADER, properties.serviceName())
        .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
    if (properties.channelType() != null) {
      request.header(CHANNEL_TYPE_HEADER, properties.channelType());
    }
    if (contentType != null) {
      request.contentType(contentType);
    }
    if (body != null) {
      request.body(body);
    }
    return send(operation, request);
  }

  private Raw send(String operation, RestClient.RequestHeadersSpec<?> request) {
    try {
      return request.exchange((httpRequest, response) -> new Raw(response.getStatusCode().value(),
          response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER),
          response.getHeaders().getFirst(REPLENISH_HEADER),
          MarketplaceHttp.readFully(response.getBody())), true);
    } catch (ResourceAccessException e) {
      throw new MarketplaceUnavailableException("walmart " + operation + " got no answer: " + MarketplaceHttp.rootMessage(e), e);
    }
  }

  /** {@code POST /v3/token}: Basic credentials, {@code grant_type=client_credentials}. */
  private AccessTokenCache.Token fetchToken() {
    return metrics.time(TOKEN, () -> {
      if (properties.clientId() == null || properties.clientSecret() == null) {
        throw new MarketplaceRefusedException(REFUSED, 401, "sync.walmart.client-id and client-secret are not set");
      }
      String basic = Base64.getEncoder().encodeToString((properties.clientId() + ":" + properties.clientSecret())
          .getBytes(StandardCharsets.UTF_8));
      String correlationId = UUID.randomUUID().toString();
      RestClient.RequestBodySpec request = rest.post().uri(URI.create(base + "/v3/token"))
          .header(HttpHeaders.AUTHORIZATION, "Basic " + basic)
          .header(CORRELATION_HEADER, correlationId)
          .header(SERVICE_NAME_HEADER, properties.serviceName())
          .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
          .contentType(MediaType.APPLICATION_FORM_URLENCODED);
      if (properties.channelType() != null) {
        request.header(CHANNEL_TYPE_HEADER, properties.channelType());
      }
      request.body("grant_type=client_credentials");
      Raw raw = send(TOKEN, request);
      // the token API is rate limited too: a 429 waits as asked (or a second) and asks again, within bounds
      long deadline = System.nanoTime() + properties.maxThrottleWait().toNanos();
      for (int attempt = 1; raw.status() == 429 && attempt <= properties.maxThrottleRetries(); attempt++) {
        Duration wait = throttleWait(raw);
        long waitNanos = wait == null || wait.isZero() ? 1_000_000_000L : wait.toNanos();
        if (System.nanoTime() + waitNanos > deadline) {
          break;
        }
        try {
          Thread.sleep(waitNanos / 1_000_000L);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new MarketplaceUnavailableException("interrupted while waiting for the walmart token endpoint", e);
        }
        raw = send(TOKEN, request);
      }
      int status = raw.status();
      if (status >= 200 && status < 300) {
        return token(raw.body());
      }
      String summary = "walmart token endpoint answered " + status + " (correlation id " + correlationId + ")"
          + errorText(raw.body());
      if (status >= 500 || status == 429 || status == 408) {
        throw new MarketplaceUnavailableException(summary);
      }
      throw new MarketplaceRefusedException(REFUSED, status, summary);
    });
  }

  private static AccessTokenCache.Token token(byte[] body) {
    try {
      JsonNode answer = WalmartOrderMapper.WIRE.readTree(body);
      JsonNode value = answer == null ? null : answer.get("access_token");
      JsonNode expiresIn = answer == null ? null : answer.get("expires_in");
      if (value == null || !value.isString() || value.asString().isBlank()) {
        throw new MarketplaceUnavailableException("walmart token endpoint answered without an access_token");
      }
      long seconds = expiresIn != null && expiresIn.canConvertToLong() ? expiresIn.asLong()
          : expiresIn != null && expiresIn.isString() && expiresIn.asString().matches("\\d{1,9}")
              ? Long.parseLong(expiresIn.asString()) : 900;
      return new AccessTokenCache.Token(value.asString(), Duration.ofSeconds(Math.max(1, seconds)));
    } catch (JacksonException e) {
      throw new MarketplaceUnavailableException("walmart token endpoint answered something that is not JSON");
    }
  }

  /**
   * The wait a 429 asks for: {@code Retry-After}, else Walmart's {@code X-Next-Replenishment-Time} (epoch
   * milliseconds, epoch seconds or an ISO-8601 instant), else null (one refill period).
   */
  private Duration throttleWait(Raw raw) {
    Duration retryAfter = RetryAfter.parse(raw.retryAfter(), clock);
    if (retryAfter != null) {
      return retryAfter;
    }
    return replenishWait(raw.replenish(), clock);
  }

  static Duration replenishWait(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim();
    Instant at;
    try {
      if (text.matches("\\d{1,15}")) {
        long number = Long.parseLong(text);
        at = number > 100_000_000_000L ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
      } else {
        at = Instant.parse(text);
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
    Duration wait = Duration.between(clock.instant(), at);
    if (wait.isNegative() || wait.isZero()) {
      return Duration.ofMillis(1);
    }
    return wait.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : wait;
  }

  /** The base URL without a trailing slash, so paths can be appended. */
  String base() {
    return base;
  }

  private static String pathSegment(String id) {
    if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new MarketplaceRefusedException(REFUSED, 400, "not a Walmart purchase order id: "
          + (id == null ? "null" : excerpt(id)));
    }
    return id;
  }

  /** Walmart's error text: the descriptions of {@code errors.error[]}, else the body's start. */
  static String errorText(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      JsonNode errors = WalmartOrderMapper.WIRE.readTree(body).path("errors").path("error");
      if (errors.isArray() && !errors.isEmpty()) {
        StringBuilder joined = new StringBuilder();
        for (JsonNode error : errors) {
          joined.append(joined.isEmpty() ? "" : "; ").append(error.path("code").asString(""))
              .append(": ").append(error.path("description").asString(error.path("info").asString("")));
        }
        text = joined.toString();
      }
    } catch (JacksonException | IllegalArgumentException notJson) {
      // the body as it came
    }
    return ": " + excerpt(text);
  }

  private static String excerpt(String text) {
    return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "…" : text;
  }

  private record Raw(int status, String retryAfter, String replenish, byte[] body) {}
}
