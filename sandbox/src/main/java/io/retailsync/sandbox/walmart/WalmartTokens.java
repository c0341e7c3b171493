package io.retailsync.sandbox.walmart;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Access tokens the stand-in issued, each with its expiry (per application context, never static). */
@Component
class WalmartTokens {

  enum Check { VALID, EXPIRED, UNKNOWN, MISSING }

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

  String issue(Duration lifetime) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = "eyJ" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = Instant.now();
    expiries.put(token, now.plus(lifetime));
    expiries.entrySet().removeIf(entry -> entry.getValue().isBefore(now.minus(Duration.ofHours(1))));
    return token;
  }

  Check check(String token) {
    if (token == null || token.isBlank()) {
      return Check.MISSING;
    }
    Instant expiry = expiries.get(token);
    if (expiry == null) {
      return Check.UNKNOWN;
    }
    return Instant.now().isBefore(expiry) ? Check.VALID : Check.EXPIRED;
  }
}
