package io.retailsync.erp.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Amounts as the ERP wants them: decimal strings at the currency's minor-unit scale ({@code "12.30"}). */
final class MinorUnits {

  private MinorUnits() {}

  /** The amount at the currency's scale, or null for a null amount; never rounds money. */
  static String format(BigDecimal amount, String currencyCode, String field) {
    if (amount == null) {
      return null;
    }
    int scale = scaleOf(currencyCode);
    if (amount.stripTrailingZeros().scale() > scale) {
      throw new UnpostableDocumentException(field + " " + amount.toPlainString() + " has more decimals than "
          + currencyCode + " allows (" + scale + ")");
    }
    return amount.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
  }

  /** Like {@link #format}, with zero for an absent optional amount. */
  static String formatOrZero(BigDecimal amount, String currencyCode, String field) {
    return format(amount == null ? BigDecimal.ZERO : amount, currencyCode, field);
  }

  static int scaleOf(String currencyCode) {
    Currency currency;
    try {
      currency = Currency.getInstance(currencyCode);
    } catch (IllegalArgumentException | NullPointerException unknown) {
      throw new UnpostableDocumentException("unknown currency " + currencyCode);
    }
    int digits = currency.getDefaultFractionDigits();
    if (digits < 0) {
      throw new UnpostableDocumentException("currency " + currencyCode + " has no minor unit");
    }
    return digits;
  }
}
