package io.retailsync.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in an ISO 4217 currency, held at the currency's minor-unit scale, so {@code 10.0} and
 * {@code 10.00} USD are one value. An amount finer than the currency allows is refused rather than
 * rounded: rounding here would create the unexplained cent the suite exists to prevent.
 */
public record Money(BigDecimal amount, String currency) implements Comparable<Money> {

  public Money {
    Objects.requireNonNull(amount, "amount");
    amount = scaleFor(currency, amount);
  }

  public static Money of(String amount, String currency) {
    return new Money(new BigDecimal(amount), currency);
  }

  public static Money of(BigDecimal amount, String currency) {
    return new Money(amount, currency);
  }

  public static Money zero(String currency) {
    return new Money(BigDecimal.ZERO, currency);
  }

  /** The minor-unit scale of an ISO 4217 currency code, e.g. 2 for USD, 0 for JPY. */
  public static int minorUnits(String currency) {
    return isoCurrency(currency).getDefaultFractionDigits();
  }

  /** Whether the code names a currency with a minor-unit scale (so not XXX, XAU and the like). */
  public static boolean isKnownCurrency(String currency) {
    try {
      minorUnits(currency);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The most integer digits an amount may have: a trillion times more than any order needs. */
  public static final int MAX_INTEGER_DIGITS = 15;

  /**
   * The amount at the currency's scale; refuses an amount with more decimals than the currency has, and
   * one with more than {@value #MAX_INTEGER_DIGITS} integer digits (so {@code 1e999999999} is refused at
   * once instead of being expanded, and {@code 1e-999999999} without dividing by a billion-digit power).
   */
  public static BigDecimal scaleFor(String currency, BigDecimal amount) {
    int scale = minorUnits(currency);
    BigDecimal significant = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
    if (significant.precision() - significant.scale() > MAX_INTEGER_DIGITS) {
      throw new IllegalArgumentException("amount " + amount + " is larger than any amount accepted ("
          + MAX_INTEGER_DIGITS + " integer digits)");
    }
    if (significant.scale() > scale) {
      throw new IllegalArgumentException((significant.scale() > 40 ? amount.toString() : amount.toPlainString())
          + " has more decimals than " + currency + " allows (" + scale + ")");
    }
    return significant.setScale(scale, RoundingMode.UNNECESSARY);
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.add(other.amount), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.subtract(other.amount), currency);
  }

  public Money times(int quantity) {
    return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
  }

  public Money negate() {
    return new Money(amount.negate(), currency);
  }

  public boolean isZero() {
    return amount.signum() == 0;
  }

  public boolean isNegative() {
    return amount.signum() < 0;
  }

  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return amount.compareTo(other.amount);
  }

  @Override
  public String toString() {
    return amount.toPlainString() + " " + currency;
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
    }
  }

  private static Currency isoCurrency(String code) {
    if (code == null || code.length() != 3) {
      throw new IllegalArgumentException("not an ISO 4217 currency code: " + code);
    }
    Currency currency;
    try {
      currency = Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an ISO 4217 currency code: " + code);
    }
    if (currency.getDefaultFractionDigits() < 0) {
      throw new IllegalArgumentException("currency " + code + " has no minor unit");
    }
    return currency;
  }
}
