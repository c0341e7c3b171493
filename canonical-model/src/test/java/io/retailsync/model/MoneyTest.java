package io.retailsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

  @Test
  void normalisesToTheCurrencysMinorUnitScale() {
    assertThat(Money.of("10.0", "USD")).isEqualTo(Money.of("10.00", "USD"));
    assertThat(Money.of("10", "USD").amount()).isEqualTo(new BigDecimal("10.00"));
    assertThat(Money.of("500", "JPY").amount().scale()).isZero();
    assertThat(Money.of("1.5", "KWD").amount()).isEqualTo(new BigDecimal("1.500"));
  }

  @Test
  void refusesAmountsFinerThanTheCurrencyAllows() {
    assertThatThrownBy(() -> Money.of("10.005", "USD"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more decimals than USD");
    assertThatThrownBy(() -> Money.of("1.5", "JPY")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAbsurdExponentsAtOnceInsteadOfExpandingThem() {
    assertThatThrownBy(() -> Money.of(new java.math.BigDecimal("1e999999999"), "USD"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than");
    assertThatThrownBy(() -> Money.of(new java.math.BigDecimal("1e-999999999"), "USD"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more decimals");
    assertThat(Money.of("1.2300000", "USD")).isEqualTo(Money.of("1.23", "USD"));
    assertThat(Money.of("-0.000", "USD").amount().toPlainString()).isEqualTo("0.00");
  }

  @Test
  void refusesUnknownCurrencies() {
    assertThatThrownBy(() -> Money.of("1", "ABC")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.of("1", "usd")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.of("1", "XXX")).hasMessageContaining("no minor unit");
    assertThat(Money.isKnownCurrency("EUR")).isTrue();
    assertThat(Money.isKnownCurrency(null)).isFalse();
  }

  @Test
  void arithmeticKeepsCurrencyAndScale() {
    Money price = Money.of("19.99", "USD");
    assertThat(price.times(3)).isEqualTo(Money.of("59.97", "USD"));
    assertThat(price.plus(Money.of("0.01", "USD"))).isEqualTo(Money.of("20", "USD"));
    assertThat(price.minus(price).isZero()).isTrue();
    assertThat(price.negate().isNegative()).isTrue();
    assertThatThrownBy(() -> price.plus(Money.of("1", "EUR"))).hasMessageContaining("currency mismatch");
  }

  @Test
  void neverGoesThroughDouble() {
    assertThat(Money.of("0.1", "USD").plus(Money.of("0.2", "USD"))).isEqualTo(Money.of("0.30", "USD"));
  }
}
