package io.retailsync.connectors.shopify;

import io.retailsync.connectors.http.MarketplaceHttp;
import io.retailsync.connectors.http.MarketplaceCallMetrics;
import io.retailsync.connectors.http.MarketplaceRefusedException;
import io.retailsync.connectors.http.MarketplaceUnavailableException;
import io.retailsync.connectors.http.OperationRateLimit;
import io.retailsync.connectors.http.RetryAfter;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * One shop's REST Admin API, as far as the reconcile poll needs it: {@code GET /admin/api/{version}/orders.json}
 * with {@code X-Shopify-Access-Token}, read page by page through the {@code Link} header's {@code page_info}.
 *
 * <p>Rate limit: the REST leaky bucket (40 calls per app and shop, leaking 2/s). Every call takes a token
 * from an {@link OperationRateLimit} of that shape; when {@code X-Shopify-Shop-Api-Call-Limit} says the
 * shop's bucket is nearly full (other apps or processes share it), the next call waits until enough has
 * leaked; a 429 waits its {@code Retry-After} and repeats the same call, within {@code max-throttle-wait}.
 * A 401 is {@link MarketplaceRefusedException}: an admin token does not expire, so asking again would not
 * help. 5xx, timeouts and cut connections are {@link MarketplaceUnavailableException}. The token never
 * reaches a log or an exception message.
 */
public final class ShopifyAdminClient {

  public static final String OPERATION = "list_orders";
  public static final String ACCESS_TOKEN_HEADER = "X-Shopify-Access-Token";
  public static final String CALL_LIMIT_HEADER = "X-Shopify-Shop-Api-Call-Limit";
  public static final String REFUSED = "MARKETPLACE_REFUSED";

  /** Calls left free in the shop's bucket below which the client slows down to the leak rate. */
  static final int HEADROOM = 5;
  private static final int MAX_THROTTLED_ATTEMPTS = 5;
  private static final int MAX_ERROR_CHARS = 300;
  private static final Logger log = LoggerFactory.getLogger(ShopifyAdminClient.class);
  private static final Pattern CALL_LIMIT = Pattern.compile("^\\s*(\\d+)\\s*/\\s*(\\d+)\\s*$");
  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel\\s*=\\s*\"?([A-Za-z]+)\"?");
  private static final Pattern PAGE_INFO = Pattern.compile("(?:^|[?&])page_info=([^&#]*)");

  /**
   * One answer of {@code orders.json}.
   *
   * @param body the response body as Shopify sent it ({@code {"orders":[…]}})
   * @param nextPageInfo the {@code page_info} of the {@code rel="next"} link, or null on the last page
   */
  public record OrdersPage(byte[] body, String nextPageInfo) {

    public OrdersPage {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  private record Answer(int status, String retryAfter, String callLimit, String link, byte[] body) {}

  private final String shopDomain;
  private final String adminToken;
  private final String ordersUrl;
  private final int pageSize;
  private final Duration maxThrottleWait;
  private final double leakPerSecond;
  private final OperationRateLimit rateLimit;
  private final MarketplaceCallMetrics metrics;
  private final Clock clock;
  private final RestClient rest;
  private volatile long notBeforeNanos;

  public ShopifyAdminClient(ShopifyProperties properties, ShopifyProperties.Shop shop, MarketplaceCallMetrics metrics,
      Clock clock) {
    String baseUrl = shop.adminBaseUrl() != null && !shop.adminBaseUrl().isBlank() ? shop.adminBaseUrl()
        : properties.adminBaseUrl();
    Objects.requireNonNull(baseUrl, "sync.shopify.admin-base-url");
    if (!shop.hasAdminToken()) {
      throw new IllegalArgumentException("shop " + shop.domain() + " has no admin-token");
    }
    this.shopDomain = shop.domain();
    this.adminToken = shop.adminToken();
    String base = baseUrl.trim().replaceAll("/+$", "");
    this.ordersUrl = base + "/admin/api/" + properties.apiVersion() + "/orders.json";
    this.pageSize = properties.pageSize();
    this.maxThrottleWait = properties.maxThrottleWait();
    this.leakPerSecond = properties.ratePerSecond();
    this.rateLimit = new OperationRateLimit(OPERATION, properties.ratePerSecond(), properties.burst());
    this.metrics = metrics;
    this.clock = clock;
    this.rest = MarketplaceHttp.restClient(properties.connectTimeout(), properties.readTimeout());
  }

  public String shopDomain() {
    return shopDomain;
  }

  /**
   * The first page of the orders updated at or after {@code updatedAtMin}, any status, oldest update
   * first: {@code ?status=any&updated_at_min=…&limit=…&order=updated_at+asc}.
   */
  public OrdersPage listOrders(Instant updatedAtMin) {
    String query = "status=any&updated_at_min=" + encode(DateTimeFormatter.ISO_INSTANT.format(
        updatedAtMin.truncatedTo(ChronoUnit.SECONDS))) + "&limit=" + pageSize + "&order=updated_at+asc";
    return call(URI.create(ordersUrl + "?" + query));
  }

  /**
   * A later page, named by the {@code page_info} of the previous page's next link. Shopify allows only
   * {@code limit} (and {@code fields}) beside {@code page_info}: the filters travel inside it.
   */
  public OrdersPage listOrders(String pageInfo) {
    if (pageInfo == null || pageInfo.isBlank()) {
      throw new IllegalArgumentException("page_info is empty");
    }
    return call(URI.create(ordersUrl + "?limit=" + pageSize + "&page_info=" + encode(pageInfo)));
  }

  private OrdersPage call(URI uri) {
    return metrics.time(OPERATION, () -> {
      long deadline = System.nanoTime() + maxThrottleWait.toNanos();
      for (int attempt = 1; ; attempt++) {
        waitForHeadroom(deadline);
        rateLimit.acquire(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        Answer answer = exchange(uri);
        noteCallLimit(answer.callLimit());
        int status = answer.status();
        if (status >= 200 && status < 300) {
          return new OrdersPage(answer.body(), nextPageInfo(answer.link()));
        }
        if (status == 429) {
          Duration wait = RetryAfter.parse(answer.retryAfter(), clock);
          if (wait == null || wait.isZero()) {
            wait = Duration.ofMillis(Math.round(1000 / leakPerSecond));
          }
          rateLimit.throttled(wait);
          long left = deadline - System.nanoTime();
          if (attempt >= MAX_THROTTLED_ATTEMPTS || wait.toNanos() > left) {
            throw new MarketplaceUnavailableException("Shopify " + shopDomain + " " + OPERATION
                + " still throttled (429) after " + attempt + " attempt(s); Retry-After " + answer.retryAfter());
          }
          log.debug("Shopify {} throttled {}; retrying after {}", shopDomain, OPERATION, wait);
          continue;
        }
        String error = errorText(answer.body());
        if (status == 401) {
          throw new MarketplaceRefusedException(REFUSED, 401, "Shopify " + shopDomain
              + " refused the admin token (401), check sync.shopify.shops[].admin-token: " + error);
        }
        if (status >= 500) {
          throw new MarketplaceUnavailableException("Shopify " + shopDomain + " " + OPERATION + " failed with "
              + status + ": " + error);
        }
        throw new MarketplaceRefusedException(REFUSED, status, "Shopify " + shopDomain + " " + OPERATION
            + " refused with " + status + ": " + error);
      }
    });
  }

  private Answer exchange(URI uri) {
    try {
      return rest.get().uri(uri)
          .header(ACCESS_TOKEN_HEADER, adminToken)
          .header(HttpHeaders.ACCEPT, "application/json")
          .exchange((request, response) -> new Answer(response.getStatusCode().value(),
              response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER),
              response.getHeaders().getFirst(CALL_LIMIT_HEADER),
              String.join(", ", response.getHeaders().getOrEmpty(HttpHeaders.LINK)),
              MarketplaceHttp.readFully(response.getBody())), true);
    } catch (ResourceAccessException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new MarketplaceUnavailableException("Shopify " + shopDomain + " " + OPERATION + " got no answer: "
          + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage()), e);
    }
  }

  /**
   * {@code X-Shopify-Shop-Api-Call-Limit: 32/40}: the shop's bucket as Shopify counts it (other apps'
   * calls do not count, but this app's other processes do). With less than {@link #HEADROOM} free, the
   * next call waits until the bucket has leaked back to that headroom.
   */
  void noteCallLimit(String header) {
    if (header == null) {
      return;
    }
    Matcher matcher = CALL_LIMIT.matcher(header);
    if (!matcher.matches()) {
      return;
    }
    long used = Long.parseLong(matcher.group(1));
    long max = Long.parseLong(matcher.group(2));
    long over = used - (max - HEADROOM);
    if (over > 0) {
      long waitNanos = Math.round(over * 1_000_000_000d / leakPerSecond);
      notBeforeNanos = Math.max(notBeforeNanos, System.nanoTime() + waitNanos);
    }
  }

  private void waitForHeadroom(long deadline) {
    long wait = notBeforeNanos - System.nanoTime();
    if (wait <= 0) {
      return;
    }
    if (System.nanoTime() + wait > deadline) {
      throw new MarketplaceUnavailableException("Shopify " + shopDomain + " call limit nearly reached; the next "
          + OPERATION + " could not be made within " + maxThrottleWait.toMillis() + " ms");
    }
    try {
      TimeUnit.NANOSECONDS.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MarketplaceUnavailableException("interrupted while waiting for Shopify's call limit", e);
    }
  }

  /** The {@code page_info} of the {@code rel="next"} link of a {@code Link} header, decoded; null if none. */
  static String nextPageInfo(String linkHeader) {
    if (linkHeader == null || linkHeader.isBlank()) {
      return null;
    }
    Matcher link = LINK.matcher(linkHeader);
    while (link.find()) {
      if ("next".equalsIgnoreCase(link.group(2))) {
        String url = link.group(1);
        int query = url.indexOf('?');
        Matcher pageInfo = PAGE_INFO.matcher(query < 0 ? "" : url.substring(query + 1));
        if (pageInfo.find() && !pageInfo.group(1).isEmpty()) {
          return URLDecoder.decode(pageInfo.group(1), StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Shopify's {@code errors} text (a string or an object), shortened; never anything of the request. */
  private static String errorText(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
    return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "…";
  }

  static List<String> operations() {
    return List.of(OPERATION);
  }
}
