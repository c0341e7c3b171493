package io.retailsync.sync.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** API tokens ({@code sync.security.tokens[n].token} and {@code .role}). */
@ConfigurationProperties("sync.security")
public record SyncSecurityProperties(List<ApiToken> tokens) {

  public SyncSecurityProperties {
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
  }

  public record ApiToken(String token, Role role) {

    @Override
    public String toString() {
      return "ApiToken[role=" + role + "]";
    }
  }

  public enum Role { OPS, INGEST, FINANCE, FINANCE_ADMIN }
}
