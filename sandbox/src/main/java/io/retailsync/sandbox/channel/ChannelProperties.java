package io.retailsync.sandbox.channel;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandbox.channels.*}: what every channel stand-in lists, and how fast its feeds move. The ERP seeds
 * {@code SKU-0001 … SKU-1000}; benchmarks push 10,000 SKUs, so any SKU matching {@code skuPattern} counts as
 * listed, on every channel under the same code.
 *
 * @param skuPattern a regular expression a listed SKU matches in full
 * @param feedStepDelay how long an Amazon or Walmart feed stays in each state before the next (queued, in
 *     progress, done: two steps)
 */
@ConfigurationProperties("sandbox.channels")
public record ChannelProperties(@DefaultValue("SKU-\\d{4,5}") String skuPattern,
    @DefaultValue("500ms") Duration feedStepDelay) {

  public ChannelProperties {
    feedStepDelay = feedStepDelay == null ? Duration.ofMillis(500) : feedStepDelay;
    if (feedStepDelay.isNegative()) {
      throw new IllegalArgumentException("sandbox.channels.feed-step-delay must not be negative");
    }
  }
}
