package io.retailsync.connectors.shopify;

import io.retailsync.connectors.http.MarketplaceCallMetrics;
import io.retailsync.connectors.http.MarketplaceHttp;
import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.http.RetryAfter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One shop's GraphQL Admin API ({@code POST /admin/api/{version}/graphql.json}) with its cost-based throttle: every
 * answer's {@code extensions.cost.throttleStatus} ({@code currentlyAvailable}, {@code maximumAvailable},
 * {@code restoreRate}) is remembered, and a call whose cost (the {@code requestedQueryCost} last seen for the same
 * operation) is more than the bucket holds by now waits until it has restored that much. A {@code THROTTLED}
 * error (or an HTTP 429) waits the same way, or its {@code Retry-After}, and the same call is made again, a few
 * times within {@code max-throttle-wait}. 5xx, timeouts and cut connections are
 * {@link MarketplaceUnavailableException}; 401, 403 and GraphQL errors other than THROTTLED (a query the schema
 * refuses) are {@link MarketplaceRefusedException}. The admin token never reaches a log or a message.
 */
final class ShopifyGraphql {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Logger log = LoggerFactory.getLogger(ShopifyGraphql.class);
  private static final int MAX_THROTTLED_ATTEMPTS = 6;
  private static final int MAX_ERROR_CHARS = 500;

  private final String domain;
  private final URI endpoint;
  private final String adminToken;
  private final Duration maxThrottleWait;
  private final MarketplaceCallMetrics metrics;
  private final Clock clock;
  private final RestClient rest;
  private final Map<String, Double> costs = new ConcurrentHashMap<>();
  private double available = Double.NaN;
  private double maximum = Double.NaN;
  private double restoreRate = Double.NaN;
  private long observedAtNanos;

  ShopifyGraphql(String domain, String baseUrl, String apiVersion, String adminToken, Duration connectTimeout,
      Duration readTimeout, Duration maxThrottleWait, MarketplaceCallMetrics metrics, Clock clock) {
    this.domain = domain;
    this.endpoint = URI.create(baseUrl.trim().replaceAll("/+$", "") + "/admin/api/" + apiVersion + "/graphql.json");
    this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
    this.maxThrottleWait = maxThrottleWait;
    this.metrics = metrics;
    this.clock = clock;
    this.rest = MarketplaceHttp.restClient(connectTimeout, readTimeout);
  }

  URI endpoint() {
    return endpoint;
  }

  /** The request body Shopify takes: {@code {"query", "variables"}}. */
  static ObjectNode request(String query, ObjectNode variables) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", query);
    body.set("variables", variables);
    return body;
  }

  /**
   * Runs one operation and answers its {@code data}.
   *
   * @param operation the metric's operation name, and the key of the cost remembered for it
   * @param estimatedCost the cost assumed before the first answer of this operation
   */
  JsonNode execute(String operation, ObjectNode request, double estimatedCost) {
    byte[] body = JSON.writeValueAsBytes(request);
    return metrics.time(operation, () -> {
      long deadline = System.nanoTime() + maxThrottleWait.toNanos();
      for (int attempt = 1; ; attempt++) {
        waitFor(costs.getOrDefault(operation, estimatedCost), deadline, operation);
        Answer answer = exchange(body, operation);
        int status = answer.status();
        JsonNode json = status >= 200 && status < 300 || status == 429 ? parse(answer.body()) : null;
        if (json != null) {
          note(json.path("extensions").path("cost"), operation);
        }
        boolean throttled = status == 429 || (json != null && throttledError(json.path("errors")));
        if (throttled) {
          Duration wait = status == 429 ? RetryAfter.parse(answer.retryAfter(), clock) : null;
          // at least a quarter second, so an answer without a throttle status cannot make the retries spin
          long waitNanos = Math.max(250_000_000L, wait != null ? wait.toNanos()
              : restoreWait(costs.getOrDefault(operation, estimatedCost)));
          if (attempt >= MAX_THROTTLED_ATTEMPTS || System.nanoTime() + waitNanos > deadline) {
            throw new MarketplaceUnavailableException("Shopify " + domain + " " + operation + " still THROTTLED after "
                + attempt + " attempt(s)");
          }
          log.debug("Shopify {} {} throttled; retrying in {} ms", domain, operation, waitNanos / 1_000_000);
          sleep(waitNanos);
          continue;
        }
        if (status == 401 || status == 403) {
          throw new MarketplaceRefusedException(ShopifyAdminClient.REFUSED, status, "Shopify " + domain
              + " refused the admin token (" + status + "), check sync.shopify.shops[].admin-token: "
              + excerpt(answer.body()));
        }
        if (status >= 500 || status == 408) {
          throw new MarketplaceUnavailableException("Shopify " + domain + " " + operation + " failed with " + status
              + ": " + excerpt(answer.body()));
        }
        if (status < 200 || status >= 300) {
          throw new MarketplaceRefusedException(ShopifyAdminClient.REFUSED, status, "Shopify " + domain + " "
              + operation + " refused with " + status + ": " + excerpt(answer.body()));
        }
        if (json == null || !json.isObject()) {
          throw new MarketplaceUnavailableException("Shopify " + domain + " " + operation
              + " answered 2xx without a JSON object");
        }
        JsonNode errors = json.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
          throw new MarketplaceRefusedException(ShopifyAdminClient.REFUSED, 200, "Shopify " + domain + " " + operation
              + " answered errors: " + errorText(errors));
        }
        JsonNode data = json.path("data");
        if (!data.isObject()) {
          throw new MarketplaceUnavailableException("Shopify " + domain + " " + operation + " answered without data");
        }
        return data;
      }
    });
  }

  /** The throttle state as last seen (for tests and logs). */
  synchronized double currentlyAvailable() {
    return available;
  }

  private synchronized void note(JsonNode cost, String operation) {
    if (!cost.isObject()) {
      return;
    }
    JsonNode requested = cost.path("requestedQueryCost");
    if (requested.isNumber()) {
      costs.put(operation, requested.asDouble());
    }
    JsonNode status = cost.path("throttleStatus");
    if (status.path("currentlyAvailable").isNumber() && status.path("restoreRate").isNumber()) {
      available = status.path("currentlyAvailable").asDouble();
      maximum = status.path("maximumAvailable").isNumber() ? status.path("maximumAvailable").asDouble() : Double.NaN;
      restoreRate = status.path("restoreRate").asDouble();
      observedAtNanos = System.nanoTime();
    }
  }

  /** How long until the bucket holds {@code cost}, from what the last answer said; 0 when unknown. */
  private synchronized long restoreWait(double cost) {
    if (Double.isNaN(available) || !(restoreRate > 0)) {
      return 0;
    }
    double elapsed = (System.nanoTime() - observedAtNanos) / 1e9;
    double now = available + elapsed * restoreRate;
    if (!Double.isNaN(maximum)) {
      now = Math.min(now, maximum);
    }
    double missing = Math.min(cost, Double.isNaN(maximum) ? cost : maximum) - now;
    return missing <= 0 ? 0 : (long) Math.ceil(missing / restoreRate * 1e9);
  }

  private void waitFor(double cost, long deadline, String operation) {
    long wait = restoreWait(cost);
    if (wait <= 0) {
      return;
    }
    if (System.nanoTime() + wait > deadline) {
      throw new MarketplaceUnavailableException("Shopify " + domain + " " + operation + " would wait "
          + wait / 1_000_000 + " ms for its query cost, beyond max-throttle-wait");
    }
    sleep(wait);
  }

  private static boolean throttledError(JsonNode errors) {
    for (JsonNode error : errors) {
      if ("THROTTLED".equals(error.path("extensions").path("code").asString(""))) {
        return true;
      }
    }
    return false;
  }

  private Answer exchange(byte[] body, String operation) {
    try {
      return rest.post().uri(endpoint)
          .header(ShopifyAdminClient.ACCESS_TOKEN_HEADER, adminToken)
          .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
          .contentType(MediaType.APPLICATION_JSON)
          .body(body)
          .exchange((request, response) -> new Answer(response.getStatusCode().value(),
              response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), MarketplaceHttp.readFully(response.getBody())),
              true);
    } catch (ResourceAccessException e) {
      throw new MarketplaceUnavailableException("Shopify " + domain + " " + operation + " got no answer: "
          + MarketplaceHttp.rootMessage(e), e);
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? null : JSON.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String errorText(JsonNode errors) {
    StringBuilder text = new StringBuilder();
    for (JsonNode error : errors) {
      String code = error.path("extensions").path("code").asString("");
      text.append(text.isEmpty() ? "" : "; ").append(code.isEmpty() ? "" : code + ": ")
          .append(error.path("message").asString(""));
    }
    return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "…" : text.toString();
  }

  private static String excerpt(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
    return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "…";
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MarketplaceUnavailableException("interrupted while waiting for Shopify's query cost to restore", e);
    }
  }

  private record Answer(int status, String retryAfter, byte[] body) {}
}
