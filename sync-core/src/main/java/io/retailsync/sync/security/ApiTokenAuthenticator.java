package io.retailsync.sync.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a bearer token to its role. Tokens are kept only as SHA-256 digests and compared with
 * {@link MessageDigest#isEqual}, so neither the lookup nor the comparison leaks a token through timing.
 */
public final class ApiTokenAuthenticator {

  private final Map<String, Entry> byDigest = new HashMap<>();

  private record Entry(byte[] digest, SyncSecurityProperties.Role role) {}

  public ApiTokenAuthenticator(SyncSecurityProperties properties) {
    for (SyncSecurityProperties.ApiToken token : properties.tokens()) {
      if (token.token() == null || token.token().isBlank() || token.role() == null) {
        throw new IllegalStateException("every sync.security.tokens entry needs a token and a role");
      }
      byte[] digest = digest(token.token());
      byDigest.put(hex(digest), new Entry(digest, token.role()));
    }
  }

  public Optional<SyncSecurityProperties.Role> authenticate(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] digest = digest(presented);
    Entry entry = byDigest.get(hex(digest));
    if (entry == null || !MessageDigest.isEqual(entry.digest(), digest)) {
      return Optional.empty();
    }
    return Optional.of(entry.role());
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder text = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return text.toString();
  }
}
