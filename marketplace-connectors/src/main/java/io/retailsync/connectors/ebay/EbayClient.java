package io.retailsync.connectors.ebay;

import io.retailsync.connectors.http.MarketplaceHttp;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.connectors.ebay.wire.EbayError;
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
import java.util.Base64;
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
 * eBay's REST surface as the order feed needs it: the OAuth token ({@code POST identity/v1/oauth2/token},
 * Basic auth with the keyset, refresh-token grant for a seller's user token) and getOrders. Every call takes
 * a token from getOrders' rate limit; a 429 blocks the limit for the {@code Retry-After} eBay asks (or one
 * refill period) and the same call is made again, within {@code max-throttle-wait} in all; a 401 drops the
 * token and the call is made once more with a fresh one; a 5xx, a timeout or a cut connection is a
 * {@link MarketplaceUnavailableException}, any other 4xx a {@link MarketplaceRefusedException} with eBay's
 * error text. Tokens and secrets never reach a log or a message.
 */
public final class EbayClient {

  public static final String SYSTEM = "ebay";
  public static final String GET_ORDERS = "getOrders";
  public static final String TOKEN = "token";
  static final String ORDERS_PATH = "/sell/fulfillment/v1/order";
  private static final int MAX_THROTTLED_RETRIES = 5;
  private static final int MAX_ERROR_CHARS = 300;
  private static final DateTimeFormatter EBAY_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Logger log = LoggerFactory.getLogger(EbayClient.class);

  /** One HTTP answer, whatever its status. */
  record Answer(int status, String retryAfter, byte[] body) {}

  private final EbayProperties properties;
  private final RestClient http;
  private final Clock clock;
  private final AccessTokenCache tokens;
  private final OperationRateLimit getOrdersLimit;
  private final MarketplaceCallMetrics metrics;
  private final String scopes;

  public EbayClient(EbayProperties properties, MeterRegistry registry, Clock clock) {
    this(properties, properties.scopes(), List.of(GET_ORDERS, TOKEN), registry, clock);
  }

  /**
   * A client whose tokens carry {@code scopes} instead of {@code sync.ebay.scopes} (the Inventory API needs
   * {@code sell.inventory}), with {@code operations} registered for the metrics.
   */
  EbayClient(EbayProperties properties, String scopes, List<String> operations, MeterRegistry registry, Clock clock) {
    this.scopes = scopes;
    if (properties.baseUrl() == null || properties.tokenUrl() == null) {
      throw new IllegalArgumentException("sync.ebay.base-url and sync.ebay.token-url must both be set");
    }
    this.properties = properties;
    this.clock = clock;
    this.http = MarketplaceHttp.restClient(properties.connectTimeout(), properties.readTimeout());
    this.tokens = new AccessTokenCache(this::fetchToken, properties.tokenRefreshAhead(), clock);
    this.getOrdersLimit = new OperationRateLimit(GET_ORDERS, properties.getOrders().perSecond(),
        properties.getOrders().burst());
    this.metrics = new MarketplaceCallMetrics(registry, SYSTEM, operations);
  }

  /**
   * One getOrders page: orders last modified at or after {@code since} (no upper bound), {@code limit}
   * {@code page-size}, from {@code offset}. Answers the body of the 200.
   */
  public JsonNode getOrders(Instant since, int offset) {
    URI uri = ordersUri(since, offset);
    return metrics.time(GET_ORDERS, () -> {
      byte[] body = call(uri);
      try {
        JsonNode tree = EbayOrderMapper.WIRE.readTree(body);
        if (tree == null || !tree.isObject()) {
          throw new MarketplaceUnavailableException("eBay getOrders answered 200 without a JSON object");
        }
        return tree;
      } catch (JacksonException e) {
        throw new MarketplaceUnavailableException("eBay getOrders answered 200 with unreadable JSON: "
            + e.getOriginalMessage());
      }
    });
  }

  /** How many access tokens were fetched so far. */
  public int tokenFetches() {
    return tokens.fetches();
  }

  URI ordersUri(Instant since, int offset) {
    String filter = "lastmodifieddate:[" + EBAY_TIME.format(since.truncatedTo(ChronoUnit.MILLIS)) + "..]";
    return URI.create(stripSlash(properties.baseUrl().toString()) + ORDERS_PATH + "?filter=" + encode(filter)
        + "&limit=" + properties.pageSize() + "&offset=" + offset);
  }

  private byte[] call(URI uri) {
    return send(GET_ORDERS, getOrdersLimit, HttpMethod.GET, uri, null, properties.maxThrottleWait()).body();
  }

  /**
   * One call with the token, the rate limit and the answers described above; answers a 2xx. Not timed: the caller
   * times it under its own operation name.
   *
   * @param jsonBody the request body ({@code application/json}), or null
   * @param maxWait the most the call waits in all for its limit and for 429s
   */
  Answer send(String operation, OperationRateLimit limit, HttpMethod method, URI uri, byte[] jsonBody,
      Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    boolean tokenRenewed = false;
    int throttled = 0;
    while (true) {
      limit.acquire(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      String token = tokens.current();
      Answer answer = exchange(operation, method, uri, token, jsonBody);
      int status = answer.status();
      if (status >= 200 && status < 300) {
        return answer;
      }
      if (status == 401 && !tokenRenewed) {
        log.info("eBay refused the access token (401); fetching a new one");
        tokens.invalidate(token);
        tokenRenewed = true;
        continue;
      }
      if (status == 429) {
        Duration wait = RetryAfter.parse(answer.retryAfter(), clock);
        limit.throttled(wait);
        throttled++;
        long left = deadline - System.nanoTime();
        if (throttled > MAX_THROTTLED_RETRIES || (wait != null && wait.toNanos() > left)) {
          throw new MarketplaceUnavailableException("eBay " + operation + " is throttled (429" + (wait == null ? ""
              : ", Retry-After " + wait.toMillis() + " ms") + ") after " + throttled + " attempts: "
              + errorText(answer.body()));
        }
        log.info("eBay {} throttled (429), retrying the same call after {}", operation, wait);
        continue;
      }
      if (status >= 500 || status == 401) {
        throw new MarketplaceUnavailableException("eBay " + operation + " answered " + status + ": "
            + errorText(answer.body()));
      }
      throw new MarketplaceRefusedException("EBAY_REFUSED", status,
          "eBay " + operation + " answered " + status + ": " + errorText(answer.body()));
    }
  }

  private Answer exchange(String operation, HttpMethod method, URI uri, String token, byte[] jsonBody) {
    try {
      RestClient.RequestBodySpec request = http.method(method).uri(uri)
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
          .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
      if (properties.marketplaceId() != null && !properties.marketplaceId().isBlank()) {
        request.header("X-EBAY-C-MARKETPLACE-ID", properties.marketplaceId());
      }
      if (jsonBody != null) {
        request.contentType(MediaType.APPLICATION_JSON).body(jsonBody);
      }
      return request.exchange((req, response) -> new Answer(response.getStatusCode().value(),
          response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), MarketplaceHttp.readFully(response.getBody())), true);
    } catch (ResourceAccessException e) {
      throw new MarketplaceUnavailableException("eBay " + operation + " got no answer: "
          + MarketplaceHttp.rootMessage(e), e);
    }
  }

  /** The REST host without a trailing slash. */
  String root() {
    return stripSlash(properties.baseUrl().toString());
  }

  /** {@code POST token-url}: the refresh-token grant when a refresh token is set, else client credentials. */
  private AccessTokenCache.Token fetchToken() {
    return metrics.time(TOKEN, () -> {
      String form = properties.refreshToken() != null && !properties.refreshToken().isBlank()
          ? "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(properties.refreshToken(), StandardCharsets.UTF_8)
              + "&scope=" + URLEncoder.encode(scopes, StandardCharsets.UTF_8)
          : "grant_type=client_credentials&scope=" + URLEncoder.encode(scopes, StandardCharsets.UTF_8);
      String basic = Base64.getEncoder().encodeToString((nullToEmpty(properties.clientId()) + ":"
          + nullToEmpty(properties.clientSecret())).getBytes(StandardCharsets.UTF_8));
      Answer answer;
      try {
        answer = http.post().uri(properties.tokenUrl())
            .header(HttpHeaders.AUTHORIZATION, "Basic " + basic)
            .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .body(form.getBytes(StandardCharsets.UTF_8))
            .exchange((req, response) -> new Answer(response.getStatusCode().value(),
                response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), MarketplaceHttp.readFully(response.getBody())), true);
      } catch (ResourceAccessException e) {
        throw new MarketplaceUnavailableException("eBay's token endpoint got no answer: " + MarketplaceHttp.rootMessage(e), e);
      }
      if (answer.status() == 429 || answer.status() >= 500) {
        throw new MarketplaceUnavailableException("eBay's token endpoint answered " + answer.status());
      }
      if (answer.status() != 200) {
        throw new MarketplaceRefusedException("EBAY_AUTH_REFUSED", answer.status(),
            "eBay's token endpoint refused the keyset or refresh token (" + answer.status() + "): "
                + errorText(answer.body()));
      }
      try {
        JsonNode tree = EbayOrderMapper.WIRE.readTree(answer.body());
        JsonNode value = tree == null ? null : tree.get("access_token");
        JsonNode expires = tree == null ? null : tree.get("expires_in");
        if (value == null || !value.isString() || value.asString().isBlank() || expires == null
            || !expires.isNumber() || expires.asLong() <= 0) {
          throw new MarketplaceUnavailableException("eBay's token endpoint answered without access_token/expires_in");
        }
        return new AccessTokenCache.Token(value.asString(), Duration.ofSeconds(expires.asLong()));
      } catch (JacksonException e) {
        throw new MarketplaceUnavailableException("eBay's token endpoint answered unreadable JSON");
      }
    });
  }

  /**
   * eBay's error text ({@code errorId}, {@code message}, {@code longMessage}; OAuth's {@code error} and
   * {@code error_description}), truncated. The request (and so any token) is never part of it.
   */
  static String errorText(byte[] body) {
    if (body == null || body.length == 0) {
      return "(no body)";
    }
    String text;
    try {
      JsonNode tree = EbayOrderMapper.WIRE.readTree(body);
      if (tree != null && tree.has("errors")) {
        EbayError error = EbayOrderMapper.WIRE.treeToValue(tree, EbayError.class);
        StringBuilder out = new StringBuilder();
        for (EbayError.Entry entry : error.errors() == null ? List.<EbayError.Entry>of() : error.errors()) {
          if (entry == null) {
            continue;
          }
          out.append(out.isEmpty() ? "" : "; ").append("errorId ").append(entry.errorId()).append(": ")
              .append(entry.longMessage() != null ? entry.longMessage() : entry.message());
        }
        text = out.toString();
      } else if (tree != null && tree.has("error")) {
        text = tree.path("error").asString() + ": " + tree.path("error_description").asString();
      } else {
        text = new String(body, StandardCharsets.UTF_8);
      }
    } catch (JacksonException | IllegalArgumentException e) {
      text = new String(body, StandardCharsets.UTF_8);
    }
    text = text.replaceAll("\\p{Cntrl}", " ");
    return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "…" : text;
  }

  /** Percent-encodes everything but unreserved characters and {@code :}, so {@code [ ] { } |} become %5B... */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~' || c == ':') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static String stripSlash(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

}
