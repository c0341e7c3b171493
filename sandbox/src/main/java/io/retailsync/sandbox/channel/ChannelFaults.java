package io.retailsync.sandbox.channel;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The faults of each channel's inventory endpoints, and a count of the calls refused (throttled, failed, down), per
 * application context. Every inventory stand-in asks {@link #admit} first and answers the verdict in its
 * marketplace's shape, then applies its own rate limits when {@link #rateLimited} says so.
 */
@Component
public class ChannelFaults {

  /** What to answer a call before serving it. */
  public enum Verdict { PASS, THROTTLED, FAILED, DOWN }

  /** Calls a channel refused, by reason. */
  public record Refused(long throttled, long failed, long down) {}

  private final Map<String, State> states = new ConcurrentHashMap<>();

  public ChannelFaultSettings set(String channel, ChannelFaultSettings requested) {
    ChannelFaultSettings settings = requested.normalized();
    state(channel).apply(settings);
    return current(channel);
  }

  public ChannelFaultSettings current(String channel) {
    State state = state(channel);
    ChannelFaultSettings base = state.settings.get();
    return new ChannelFaultSettings(base.rateLimits(), base.failureRate(), base.down(), base.latencyMs(),
        state.throttleNext.get(), state.failNext.get());
  }

  public void clear(String channel) {
    state(channel).apply(ChannelFaultSettings.NORMAL);
  }

  public boolean rateLimited(String channel) {
    return state(channel).settings.get().rateLimits();
  }

  /** Waits the latency, then decides: down, an injected 429, an injected or random 500, or serve. */
  public Verdict admit(String channel) {
    State state = state(channel);
    ChannelFaultSettings settings = state.settings.get();
    if (settings.latencyMs() > 0) {
      try {
        TimeUnit.MILLISECONDS.sleep(settings.latencyMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (settings.down()) {
      state.down.incrementAndGet();
      return Verdict.DOWN;
    }
    if (takeOne(state.throttleNext)) {
      state.throttled.incrementAndGet();
      return Verdict.THROTTLED;
    }
    if (takeOne(state.failNext) || roll(settings.failureRate())) {
      state.failed.incrementAndGet();
      return Verdict.FAILED;
    }
    return Verdict.PASS;
  }

  /** A stand-in's own rate limit refused a call. */
  public void throttled(String channel) {
    state(channel).throttled.incrementAndGet();
  }

  public Map<String, Refused> refused() {
    Map<String, Refused> refused = new LinkedHashMap<>();
    for (String channel : Channels.ALL) {
      State state = state(channel);
      refused.put(channel, new Refused(state.throttled.get(), state.failed.get(), state.down.get()));
    }
    return refused;
  }

  void resetCounts(String channel) {
    State state = state(channel);
    state.throttled.set(0);
    state.failed.set(0);
    state.down.set(0);
  }

  private State state(String channel) {
    return states.computeIfAbsent(channel, name -> new State());
  }

  private static boolean takeOne(AtomicInteger counter) {
    return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  private static boolean roll(BigDecimal rate) {
    return rate.signum() > 0
        && (rate.compareTo(BigDecimal.ONE) >= 0 || ThreadLocalRandom.current().nextDouble() < rate.doubleValue());
  }

  private static final class State {
    final AtomicReference<ChannelFaultSettings> settings = new AtomicReference<>(ChannelFaultSettings.NORMAL);
    final AtomicInteger throttleNext = new AtomicInteger();
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong down = new AtomicLong();

    void apply(ChannelFaultSettings normalized) {
      settings.set(normalized);
      throttleNext.set(normalized.throttleNext());
      failNext.set(normalized.failNext());
    }
  }
}
