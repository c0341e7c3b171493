package io.retailsync.sync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiTokenAuthenticatorTest {

  private final ApiTokenAuthenticator authenticator = new ApiTokenAuthenticator(new SyncSecurityProperties(List.of(
      new SyncSecurityProperties.ApiToken("ops-secret", SyncSecurityProperties.Role.OPS),
      new SyncSecurityProperties.ApiToken("finance-secret", SyncSecurityProperties.Role.FINANCE_ADMIN))));

  @Test
  void resolvesKnownTokensToTheirRole() {
    assertThat(authenticator.authenticate("ops-secret")).contains(SyncSecurityProperties.Role.OPS);
    assertThat(authenticator.authenticate("finance-secret")).contains(SyncSecurityProperties.Role.FINANCE_ADMIN);
  }

  @Test
  void rejectsUnknownEmptyAndNearMissTokens() {
    assertThat(authenticator.authenticate("ops-secre")).isEmpty();
    assertThat(authenticator.authenticate("ops-secret ")).isEmpty();
    assertThat(authenticator.authenticate("")).isEmpty();
    assertThat(authenticator.authenticate(null)).isEmpty();
  }

  @Test
  void neverPrintsATokenAndRefusesIncompleteEntries() {
    assertThat(new SyncSecurityProperties.ApiToken("ops-secret", SyncSecurityProperties.Role.OPS).toString())
        .doesNotContain("ops-secret");
    assertThatThrownBy(() -> new ApiTokenAuthenticator(new SyncSecurityProperties(List.of(
        new SyncSecurityProperties.ApiToken(" ", SyncSecurityProperties.Role.OPS)))))
        .isInstanceOf(IllegalStateException.class);
  }
}
