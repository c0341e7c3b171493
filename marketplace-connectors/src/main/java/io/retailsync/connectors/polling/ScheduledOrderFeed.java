package io.retailsync.connectors.polling;

import java.time.Duration;
import java.util.Objects;

/** An order feed's identity and schedule, the same for every marketplace; subclasses speak its API. */
public abstract class ScheduledOrderFeed implements OrderFeed {

  private final String channel;
  private final String account;
  private final Duration pollInterval;
  private final Duration overlap;
  private final Duration initialLookback;

  protected ScheduledOrderFeed(String channel, String account, Duration pollInterval, Duration overlap,
      Duration initialLookback) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.account = Objects.requireNonNull(account, "account");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.overlap = Objects.requireNonNull(overlap, "overlap");
    this.initialLookback = Objects.requireNonNull(initialLookback, "initialLookback");
  }

  @Override
  public final String channel() {
    return channel;
  }

  @Override
  public final String account() {
    return account;
  }

  @Override
  public final Duration pollInterval() {
    return pollInterval;
  }

  @Override
  public final Duration overlap() {
    return overlap;
  }

  @Override
  public final Duration initialLookback() {
    return initialLookback;
  }
}
