package io.retailsync.connectors.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Times a marketplace's calls as {@code sync_external_call_seconds{system, operation, outcome}}, with every
 * operation × outcome registered at start so a dashboard sees a series before the first call. Outcomes:
 * {@code accepted} (2xx), {@code rejected} (the marketplace refused the request: 4xx other than 429),
 * {@code failed} (429, 5xx, timeout, cut connection). The time includes the connector's own waits.
 */
public final class MarketplaceCallMetrics {

  public static final String METRIC = "sync.external.call";
  public static final String ACCEPTED = "accepted";
  public static final String REJECTED = "rejected";
  public static final String FAILED = "failed";
  private static final List<String> OUTCOMES = List.of(ACCEPTED, REJECTED, FAILED);

  private final String system;
  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  /** {@code system} is the marketplace's tag ({@code amazon}, ...); {@code operations} its operation names. */
  public MarketplaceCallMetrics(MeterRegistry registry, String system, List<String> operations) {
    this.registry = registry;
    this.system = system;
    for (String operation : operations) {
      for (String outcome : OUTCOMES) {
        timer(operation, outcome);
      }
    }
  }

  /** Runs one call and records it: {@code accepted} when it returns, else by what it threw. */
  public <T> T time(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    String outcome = FAILED;
    try {
      T result = call.get();
      outcome = ACCEPTED;
      return result;
    } catch (MarketplaceRefusedException refused) {
      outcome = REJECTED;
      throw refused;
    } finally {
      timer(operation, outcome).record(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private Timer timer(String operation, String outcome) {
    return timers.computeIfAbsent(operation + "/" + outcome, key -> Timer.builder(METRIC)
        .description("Calls to external systems, as the caller experienced them")
        .tag("system", system).tag("operation", operation).tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(120))
        .register(registry));
  }
}
