package io.retailsync.sandbox.erp.fault;

import java.math.BigDecimal;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/** The faults currently injected, per application context (never static: several contexts share a JVM). */
@Component
class ErpFaults {

  /** Settings and the rate limiter built for them, swapped together. */
  record Active(FaultSettings settings, TokenBucket bucket) {}

  private final AtomicReference<Active> active = new AtomicReference<>(new Active(FaultSettings.NONE, null));

  Active current() {
    return active.get();
  }

  FaultSettings set(FaultSettings requested) {
    FaultSettings settings = requested.normalized();
    TokenBucket bucket = settings.rateLimitPerSecond().signum() > 0
        ? new TokenBucket(settings.rateLimitPerSecond().doubleValue(), System::nanoTime)
        : null;
    active.set(new Active(settings, bucket));
    return settings;
  }

  void clear() {
    active.set(new Active(FaultSettings.NONE, null));
  }

  static boolean roll(BigDecimal rate) {
    return rate.signum() > 0
        && (rate.compareTo(BigDecimal.ONE) >= 0 || ThreadLocalRandom.current().nextDouble() < rate.doubleValue());
  }
}
