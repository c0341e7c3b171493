package io.retailsync.connectors.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a {@code Retry-After} header: delay-seconds (fractions accepted) or an HTTP-date. */
public final class RetryAfter {

  private static final Duration MAX = Duration.ofMinutes(10);

  private RetryAfter() {}

  /** The wait the header asks for, capped at ten minutes; {@code null} when absent or unreadable. */
  public static Duration parse(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim();
    try {
      double seconds = Double.parseDouble(text);
      if (seconds < 0 || Double.isNaN(seconds)) {
        return null;
      }
      return min(Duration.ofMillis((long) Math.ceil(Math.min(seconds, MAX.toSeconds()) * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until = Duration.between(clock.instant(),
            ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return until.isNegative() ? Duration.ZERO : min(until);
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private static Duration min(Duration wait) {
    return wait.compareTo(MAX) > 0 ? MAX : wait;
  }
}
