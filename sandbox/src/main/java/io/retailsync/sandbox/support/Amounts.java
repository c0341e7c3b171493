package io.retailsync.sandbox.support;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Money as the sandbox's public JSON carries it: decimal strings at the currency's minor-unit scale. */
public final class Amounts {

  /** Larger than anything a test posts, smaller than what {@code numeric(19, 4)} holds. */
  private static final BigDecimal LIMIT = new BigDecimal("1000000000000000");

  private Amounts() {}

  /** The currency's minor-unit scale; {@link IllegalArgumentException} for what is not an ISO 4217 currency. */
  public static int scale(String currency) {
    if (currency == null || !currency.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code, got " + currency);
    }
    int digits;
    try {
      digits = Currency.getInstance(currency).getDefaultFractionDigits();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown currency " + currency);
    }
    if (digits < 0) {
      throw new IllegalArgumentException("currency " + currency + " has no minor unit");
    }
    return digits;
  }

  /** {@code "12.30"} for 12.3 USD. */
  public static String format(BigDecimal amount, String currency) {
    return amount == null ? null : amount.setScale(scale(currency), RoundingMode.HALF_EVEN).toPlainString();
  }

  /**
   * Checks an amount in a document: present unless {@code fallback} is given, not negative, and not
   * finer than the currency's minor unit. Returns the amount (or the fallback).
   */
  public static BigDecimal check(String field, BigDecimal amount, BigDecimal fallback, String currency) {
    if (amount == null) {
      if (fallback == null) {
        throw new IllegalArgumentException(field + " is missing");
      }
      return fallback;
    }
    if (amount.signum() < 0) {
      throw new IllegalArgumentException(field + " must not be negative, got " + amount.toPlainString());
    }
    if (amount.abs().compareTo(LIMIT) >= 0) {
      throw new IllegalArgumentException(field + " is too large: " + amount.toPlainString());
    }
    if (amount.stripTrailingZeros().scale() > scale(currency)) {
      throw new IllegalArgumentException(field + " " + amount.toPlainString() + " has more decimals than "
          + currency + " allows (" + scale(currency) + ")");
    }
    return amount;
  }
}
