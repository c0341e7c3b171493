package io.retailsync.connectors.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An OAuth access token kept until shortly before it expires (Login with Amazon, Walmart's
 * {@code /v3/token}, eBay's identity endpoint): fetched when first needed, fetched again {@code refreshAhead}
 * before its expiry, and dropped at once when the marketplace answers 401 for it, so the next call fetches a
 * new one. One fetch at a time; concurrent callers wait for it. The token never reaches a log.
 */
public final class AccessTokenCache {

  /** A token as the token endpoint gave it. */
  public record Token(String value, Duration expiresIn) {

    public Token {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(expiresIn, "expiresIn");
    }

    @Override
    public String toString() {
      return "Token[expiresIn=" + expiresIn + "]";
    }
  }

  private final Supplier<Token> fetch;
  private final Duration refreshAhead;
  private final Clock clock;
  private String value;
  private Instant refreshAt = Instant.MIN;
  private int fetches;

  public AccessTokenCache(Supplier<Token> fetch, Duration refreshAhead, Clock clock) {
    this.fetch = fetch;
    this.refreshAhead = refreshAhead;
    this.clock = clock;
  }

  /** A token valid for at least {@code refreshAhead} more (or as long as the endpoint grants, if less). */
  public synchronized String current() {
    if (value == null || !clock.instant().isBefore(refreshAt)) {
      Token token = fetch.get();
      fetches++;
      value = token.value();
      Duration ahead = token.expiresIn().compareTo(refreshAhead.multipliedBy(2)) < 0
          ? token.expiresIn().dividedBy(2) : refreshAhead;
      refreshAt = clock.instant().plus(token.expiresIn()).minus(ahead);
    }
    return value;
  }

  /** The marketplace refused {@code rejected} (401): forget it, unless a newer one replaced it already. */
  public synchronized void invalidate(String rejected) {
    if (rejected != null && rejected.equals(value)) {
      value = null;
    }
  }

  /** How many tokens were fetched so far (for tests and logs). */
  public synchronized int fetches() {
    return fetches;
  }
}
