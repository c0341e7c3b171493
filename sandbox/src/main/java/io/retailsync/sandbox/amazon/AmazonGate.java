package io.retailsync.sandbox.amazon;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What stands before every SP-API call of the stand-in: the access tokens Login with Amazon issued, each
 * operation's usage plan, the injected faults, and the log of calls. Thread-safe; one per context.
 */
final class AmazonGate {

  /** Why a call is refused before it is served, or null when it may go on. */
  enum Refusal { MISSING_TOKEN, INVALID_TOKEN, EXPIRED_TOKEN, THROTTLED, FAILED }

  record Call(String operation, String path, String query, int status, Instant at) {}

  private static final int MAX_CALLS = 2_000;

  private final AmazonSandboxProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final Map<String, AmazonTokenBucket> plans = new ConcurrentHashMap<>();
  private final AtomicReference<AmazonFaultSettings> faults = new AtomicReference<>(AmazonFaultSettings.NONE);
  private final AtomicReference<AmazonTokenBucket> faultBucket = new AtomicReference<>();
  private final AtomicInteger throttleNext = new AtomicInteger();
  private final AtomicInteger failNext = new AtomicInteger();
  private final Deque<Call> calls = new ArrayDeque<>();

  AmazonGate(AmazonSandboxProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    plans.put("getOrders", new AmazonTokenBucket(properties.getOrders().rate(), properties.getOrders().burst()));
    plans.put("getOrder", new AmazonTokenBucket(properties.getOrder().rate(), properties.getOrder().burst()));
    plans.put("getOrderItems", new AmazonTokenBucket(properties.getOrderItems().rate(),
        properties.getOrderItems().burst()));
  }

  /** Whether the credentials of a refresh-token grant are the seller's. */
  boolean clientMatches(String clientId, String clientSecret) {
    return properties.clientId().equals(clientId) && properties.clientSecret().equals(clientSecret);
  }

  boolean refreshTokenMatches(String refreshToken) {
    return properties.refreshToken().equals(refreshToken);
  }

  String refreshToken() {
    return properties.refreshToken();
  }

  /** A new access token and its lifetime. */
  Map.Entry<String, Duration> issueToken() {
    Instant now = clock.instant();
    tokens.values().removeIf(expiry -> expiry.isBefore(now.minus(Duration.ofHours(1))));
    byte[] bytes = new byte[48];
    random.nextBytes(bytes);
    String token = "Atza|" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    long faultLifetime = faults.get().tokenLifetimeSeconds();
    Duration lifetime = faultLifetime > 0 ? Duration.ofSeconds(faultLifetime) : properties.tokenLifetime();
    tokens.put(token, now.plus(lifetime));
    return Map.entry(token, lifetime);
  }

  /** The checks in the order Amazon's gateway makes them: the token, the usage plan, then injected failures. */
  Refusal admit(String operation, String accessToken) {
    if (accessToken == null || accessToken.isBlank()) {
      return Refusal.MISSING_TOKEN;
    }
    Instant expiry = tokens.get(accessToken);
    if (expiry == null) {
      return Refusal.INVALID_TOKEN;
    }
    if (!clock.instant().isBefore(expiry)) {
      return Refusal.EXPIRED_TOKEN;
    }
    if (takeOne(throttleNext)) {
      return Refusal.THROTTLED;
    }
    AmazonTokenBucket override = faultBucket.get();
    AmazonTokenBucket plan = override != null ? override : plans.get(operation);
    if (plan != null && !plan.tryAcquire()) {
      return Refusal.THROTTLED;
    }
    if (takeOne(failNext)) {
      return Refusal.FAILED;
    }
    return null;
  }

  /** The rate the answer's {@code x-amzn-RateLimit-Limit} states. */
  String rateLimit(String operation) {
    AmazonFaultSettings current = faults.get();
    if (current.rateLimitPerSecond().signum() > 0) {
      return current.rateLimitPerSecond().stripTrailingZeros().toPlainString();
    }
    AmazonSandboxProperties.Plan plan = switch (operation) {
      case "getOrders" -> properties.getOrders();
      case "getOrder" -> properties.getOrder();
      default -> properties.getOrderItems();
    };
    return java.math.BigDecimal.valueOf(plan.rate()).stripTrailingZeros().toPlainString();
  }

  AmazonFaultSettings setFaults(AmazonFaultSettings requested) {
    AmazonFaultSettings settings = requested.normalized();
    double rate = settings.rateLimitPerSecond().doubleValue();
    faultBucket.set(rate > 0 ? new AmazonTokenBucket(rate, (int) Math.max(1, Math.floor(rate))) : null);
    throttleNext.set(settings.throttleNext());
    failNext.set(settings.failNext());
    faults.set(settings);
    return settings;
  }

  /** The faults as set, with the counts still to come. */
  AmazonFaultSettings faults() {
    AmazonFaultSettings current = faults.get();
    return new AmazonFaultSettings(current.rateLimitPerSecond(), throttleNext.get(), failNext.get(),
        current.tokenLifetimeSeconds());
  }

  void clearFaults() {
    setFaults(AmazonFaultSettings.NONE);
  }

  void record(String operation, String path, String query, int status) {
    synchronized (calls) {
      calls.addLast(new Call(operation, path, query, status, clock.instant()));
      while (calls.size() > MAX_CALLS) {
        calls.removeFirst();
      }
    }
  }

  List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  Map<String, Integer> callCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Call call : calls()) {
      counts.merge(call.operation(), 1, Integer::sum);
    }
    return counts;
  }

  private static boolean takeOne(AtomicInteger counter) {
    return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }
}
