package io.retailsync.erp.sandbox;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailsync.erp.ErpProperties;
import io.retailsync.erp.ErpUnavailableException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The adapter's own rate limiter, circuit breaker and retry, one set per adapter instance (so several
 * Spring contexts in one JVM never share state). Every HTTP call passes the circuit breaker and the rate
 * limiter; every operation (a batch, a lookup, a cancel) is retried as a whole.
 */
final class ErpResilience {

  static final String INSTANCE_NAME = "erp";
  private static final double BACKOFF_MULTIPLIER = 2.0;
  private static final double BACKOFF_JITTER = 0.2;

  private final RateLimiterRegistry rateLimiters;
  private final CircuitBreakerRegistry circuitBreakers;
  private final RetryRegistry retries;
  private final RateLimiter rateLimiter;
  private final CircuitBreaker circuitBreaker;
  private final Retry retry;
  private final int maxAttempts;
  private final int budgetPerSecond;

  ErpResilience(ErpProperties properties) {
    this.maxAttempts = properties.maxAttempts();
    this.budgetPerSecond = properties.rateLimitPerSecond();
    this.rateLimiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
        .limitForPeriod(properties.rateLimitPerSecond())
        .limitRefreshPeriod(Duration.ofSeconds(1))
        .timeoutDuration(properties.rateLimitTimeout())
        .build());
    ErpProperties.CircuitBreakerProperties breaker = properties.circuitBreaker();
    this.circuitBreakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(breaker.slidingWindowSize())
        .minimumNumberOfCalls(breaker.slidingWindowSize())
        .failureRateThreshold(breaker.failureRateThreshold())
        .waitDurationInOpenState(breaker.waitInOpen())
        .recordException(ErpResilience::countsAgainstCircuit)
        // a 429 or our own rate limiter timing out says nothing about the ERP's health
        .ignoreException(failure -> !countsAgainstCircuit(failure))
        .build());
    Duration maxRetryAfter = properties.maxRetryAfter();
    this.retries = RetryRegistry.of(RetryConfig.custom()
        .maxAttempts(properties.maxAttempts())
        .intervalBiFunction(backoffHonouringRetryAfter(properties))
        .retryOnException(failure -> worthRetrying(failure, maxRetryAfter))
        .failAfterMaxAttempts(false)
        .build());
    this.rateLimiter = rateLimiters.rateLimiter(INSTANCE_NAME);
    this.circuitBreaker = circuitBreakers.circuitBreaker(INSTANCE_NAME);
    this.retry = retries.retry(INSTANCE_NAME);
  }

  /** One HTTP call: refused at once while the circuit is open, otherwise waits for a rate permit. */
  <T> T guarded(Supplier<T> httpCall) {
    return circuitBreaker.executeSupplier(() -> {
      RateLimiter.waitForPermission(rateLimiter);
      return httpCall.get();
    });
  }

  /** Runs {@code attempt} until it succeeds, fails for good, or runs out of attempts. */
  <T> T withRetries(String operation, Supplier<T> attempt) {
    try {
      return retry.executeSupplier(attempt);
    } catch (ErpCallFailure failure) {
      String tries = failure.kind().retryable ? " after " + maxAttempts + " attempt(s)" : "";
      throw new ErpUnavailableException("ERP " + operation + " failed" + tries + ": " + failure.getMessage(),
          failure, failure.retryAfter(), failure.kind() == ErpCallFailure.Kind.NO_ANSWER);
    } catch (CallNotPermittedException open) {
      throw new ErpUnavailableException("ERP " + operation + " not attempted: circuit breaker is open", open);
    } catch (RequestNotPermitted saturated) {
      throw new ErpUnavailableException(
          "ERP " + operation + " not attempted: no rate-limit permit within the wait allowed", saturated);
    }
  }

  /** This instance's share of the ERP's calls per second: the configured budget over the live instances. */
  void shareRateAmong(int instances) {
    int share = Math.max(1, budgetPerSecond / Math.max(1, instances));
    if (share != rateLimiter.getRateLimiterConfig().getLimitForPeriod()) {
      rateLimiter.changeLimitForPeriod(share);
    }
  }

  int callsPerSecond() {
    return rateLimiter.getRateLimiterConfig().getLimitForPeriod();
  }

  CircuitBreaker.State circuitState() {
    return circuitBreaker.getState();
  }

  void bindMetrics(MeterRegistry registry) {
    TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers).bindTo(registry);
    TaggedRateLimiterMetrics.ofRateLimiterRegistry(rateLimiters).bindTo(registry);
  }

  private static boolean countsAgainstCircuit(Throwable failure) {
    return failure instanceof ErpCallFailure erpFailure && erpFailure.kind().countsAgainstCircuit;
  }

  private static boolean worthRetrying(Throwable failure, Duration maxRetryAfter) {
    if (!(failure instanceof ErpCallFailure erpFailure) || !erpFailure.kind().retryable) {
      // an open circuit will not close within one operation's backoff: fail fast and let the caller pause
      return false;
    }
    Duration retryAfter = erpFailure.retryAfter();
    return retryAfter == null || retryAfter.compareTo(maxRetryAfter) <= 0;
  }

  private static <T> IntervalBiFunction<T> backoffHonouringRetryAfter(ErpProperties properties) {
    IntervalFunction exponential = IntervalFunction.ofExponentialRandomBackoff(
        properties.initialBackoff(), BACKOFF_MULTIPLIER, BACKOFF_JITTER, properties.maxBackoff());
    return (attempt, outcome) -> {
      long backoffMillis = exponential.apply(attempt);
      Duration retryAfter = retryAfterOf(outcome);
      return retryAfter != null && retryAfter.toMillis() > 0 ? retryAfter.toMillis() : backoffMillis;
    };
  }

  private static <T> Duration retryAfterOf(Either<Throwable, T> outcome) {
    return outcome.isLeft() && outcome.getLeft() instanceof ErpCallFailure failure ? failure.retryAfter() : null;
  }
}
