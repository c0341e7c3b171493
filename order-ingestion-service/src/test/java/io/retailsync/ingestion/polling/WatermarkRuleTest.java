package io.retailsync.ingestion.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatermarkRuleTest {

  private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
  private static final Duration OVERLAP = Duration.ofMinutes(2);

  @Test
  void aRunThatSawNothingRecentMovesTheWatermarkToItsStartLessTheOverlap() {
    assertThat(PollState.watermarkAfter(START, null, OVERLAP)).isEqualTo(START.minus(OVERLAP));
    assertThat(PollState.watermarkAfter(START, START.minus(Duration.ofHours(3)), OVERLAP)).isEqualTo(START.minus(OVERLAP));
  }

  @Test
  void theMarketplacesOwnTimesAreTrustedUpToTheRunsStart() {
    Instant seen = START.minusSeconds(30);
    assertThat(PollState.watermarkAfter(START, seen, OVERLAP)).isEqualTo(seen);
  }

  @Test
  void anOrderModifiedWhileTheRunReadNeverPushesTheWatermarkPastTheRunsStart() {
    assertThat(PollState.watermarkAfter(START, START.plusSeconds(90), OVERLAP)).isEqualTo(START);
  }
}
