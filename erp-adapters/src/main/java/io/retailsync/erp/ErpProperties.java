package io.retailsync.erp;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the suite reaches its ERP ({@code sync.erp.*}). Checked when bound: an invalid value stops the
 * application at start instead of failing the first post.
 *
 * @param baseUrl the ERP's REST root, prefix included, e.g. {@code http://127.0.0.1:8090/erp}; no default
 *     outside the {@code local} profile
 * @param rateLimitPerSecond calls per second this service sends at most, shared among its live instances
 *     (each takes its part, see {@link ErpPort#shareRateAmong}); callers beyond it wait
 * @param rateLimitTimeout how long a caller waits for a permit before the call fails as unavailable
 * @param batchSize documents per batch call
 * @param connectTimeout TCP connect timeout
 * @param readTimeout how long one call may take to answer
 * @param maxAttempts attempts per operation, the first included
 * @param initialBackoff wait before the first retry; doubles (with jitter) up to {@code maxBackoff}
 * @param maxBackoff longest wait between two attempts, unless the ERP's {@code Retry-After} asks for more
 * @param maxRetryAfter longest {@code Retry-After} honoured in-process; a longer one fails the operation
 *     as unavailable at once, so the caller pauses instead of holding a thread
 * @param circuitBreaker when to stop calling an ERP that keeps failing
 */
@ConfigurationProperties("sync.erp")
public record ErpProperties(
    URI baseUrl,
    @DefaultValue("20") int rateLimitPerSecond,
    @DefaultValue("10s") Duration rateLimitTimeout,
    @DefaultValue("20") int batchSize,
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("15s") Duration readTimeout,
    @DefaultValue("4") int maxAttempts,
    @DefaultValue("200ms") Duration initialBackoff,
    @DefaultValue("5s") Duration maxBackoff,
    @DefaultValue("10s") Duration maxRetryAfter,
    @DefaultValue CircuitBreakerProperties circuitBreaker) {

  public ErpProperties {
    Objects.requireNonNull(baseUrl, "sync.erp.base-url is required");
    baseUrl = withoutTrailingSlash(baseUrl);
    require(baseUrl.isAbsolute() && ("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))
        && baseUrl.getHost() != null, "sync.erp.base-url must be an absolute http(s) URL");
    require(rateLimitPerSecond >= 1, "sync.erp.rate-limit-per-second must be at least 1");
    requireNotNegative(rateLimitTimeout, "sync.erp.rate-limit-timeout");
    require(batchSize >= 1 && batchSize <= 1000, "sync.erp.batch-size must be between 1 and 1000");
    requirePositive(connectTimeout, "sync.erp.connect-timeout");
    requirePositive(readTimeout, "sync.erp.read-timeout");
    require(maxAttempts >= 1 && maxAttempts <= 20, "sync.erp.max-attempts must be between 1 and 20");
    requirePositive(initialBackoff, "sync.erp.initial-backoff");
    requirePositive(maxBackoff, "sync.erp.max-backoff");
    require(maxBackoff.compareTo(initialBackoff) >= 0, "sync.erp.max-backoff must not be below initial-backoff");
    requireNotNegative(maxRetryAfter, "sync.erp.max-retry-after");
    circuitBreaker = circuitBreaker == null ? CircuitBreakerProperties.defaults() : circuitBreaker;
  }

  /**
   * The longest one HTTP call can take once started: its wait for a rate-limit permit, the connect and the
   * read timeout. A caller that gives an operation a deadline ({@link ErpPort#postSalesOrders(List,
   * java.time.Instant)}) knows no call of it ends later than the deadline plus this.
   */
  public Duration maxCallTime() {
    return rateLimitTimeout.plus(connectTimeout).plus(readTimeout);
  }

  /**
   * The longest one operation without a deadline (a lookup with its retries) can take: every attempt's
   * longest call plus the longest waits between attempts.
   */
  public Duration maxOperationTime() {
    Duration waits = (maxRetryAfter.compareTo(maxBackoff) > 0 ? maxRetryAfter : maxBackoff).multipliedBy(maxAttempts - 1L);
    return maxCallTime().multipliedBy(maxAttempts).plus(waits);
  }

  /** The defaults, for the given ERP. */
  public static ErpProperties defaults(URI baseUrl) {
    return new ErpProperties(baseUrl, 20, Duration.ofSeconds(10), 20, Duration.ofSeconds(2),
        Duration.ofSeconds(15), 4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10),
        CircuitBreakerProperties.defaults());
  }

  /**
   * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
   * @param slidingWindowSize calls the failure rate is computed over (and the fewest it needs)
   * @param waitInOpen how long an open circuit refuses calls before it lets a few probes through
   */
  public record CircuitBreakerProperties(
      @DefaultValue("50") float failureRateThreshold,
      @DefaultValue("20") int slidingWindowSize,
      @DefaultValue("10s") Duration waitInOpen) {

    public CircuitBreakerProperties {
      require(failureRateThreshold > 0 && failureRateThreshold <= 100,
          "sync.erp.circuit-breaker.failure-rate-threshold must be in (0, 100]");
      require(slidingWindowSize >= 1, "sync.erp.circuit-breaker.sliding-window-size must be at least 1");
      requirePositive(waitInOpen, "sync.erp.circuit-breaker.wait-in-open");
    }

    public static CircuitBreakerProperties defaults() {
      return new CircuitBreakerProperties(50, 20, Duration.ofSeconds(10));
    }
  }

  private static URI withoutTrailingSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void requirePositive(Duration duration, String property) {
    require(duration != null && duration.compareTo(Duration.ZERO) > 0, property + " must be positive");
  }

  private static void requireNotNegative(Duration duration, String property) {
    require(duration != null && !duration.isNegative(), property + " must not be negative");
  }
}
