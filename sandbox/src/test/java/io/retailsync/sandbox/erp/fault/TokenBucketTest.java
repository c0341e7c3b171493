package io.retailsync.sandbox.erp.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void allowsOneSecondsWorthThenRefusesUntilRefilled() {
    TokenBucket bucket = new TokenBucket(5, now::get);
    for (int i = 0; i < 5; i++) {
      assertThat(bucket.tryAcquire()).isZero();
    }
    long wait = bucket.tryAcquire();
    assertThat(wait).isEqualTo(200_000_000L);
    now.addAndGet(199_000_000L);
    assertThat(bucket.tryAcquire()).isPositive();
    now.addAndGet(1_000_000L);
    assertThat(bucket.tryAcquire()).isZero();
  }

  @Test
  void neverHoldsMoreThanCapacity() {
    TokenBucket bucket = new TokenBucket(2, now::get);
    now.addAndGet(60_000_000_000L);
    assertThat(bucket.tryAcquire()).isZero();
    assertThat(bucket.tryAcquire()).isZero();
    assertThat(bucket.tryAcquire()).isPositive();
  }

  @Test
  void fractionalRatesHoldOneToken() {
    TokenBucket bucket = new TokenBucket(0.5, now::get);
    assertThat(bucket.tryAcquire()).isZero();
    long wait = bucket.tryAcquire();
    assertThat(wait).isEqualTo(2_000_000_000L);
    assertThat(TokenBucket.retryAfterSeconds(wait)).isEqualTo(2);
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
    assertThat(TokenBucket.retryAfterSeconds(1)).isEqualTo(1);
    assertThat(TokenBucket.retryAfterSeconds(1_000_000_000L)).isEqualTo(1);
    assertThat(TokenBucket.retryAfterSeconds(1_000_000_001L)).isEqualTo(2);
  }
}
