package io.retailsync.sandbox.erp;

import io.retailsync.sandbox.support.Amounts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Collects everything wrong with one document, so the 422 names all of it at once. */
final class Checks {

  private final String reference;
  private final List<String> problems = new ArrayList<>();

  Checks(String reference) {
    this.reference = reference;
  }

  String text(String field, String value) {
    if (value == null || value.isBlank()) {
      problems.add(field + " is missing");
    }
    return value;
  }

  <T> T present(String field, T value) {
    if (value == null) {
      problems.add(field + " is missing");
    }
    return value;
  }

  /** The currency, or null (with a problem noted) when it is missing or not ISO 4217. */
  String currency(String field, String value) {
    if (value == null) {
      problems.add(field + " is missing");
      return null;
    }
    try {
      Amounts.scale(value);
      return value;
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
      return null;
    }
  }

  /** A non-negative amount at the currency's scale; {@code fallback} when absent (null = required). */
  BigDecimal amount(String field, BigDecimal value, BigDecimal fallback, String currency) {
    if (currency == null) {
      return value == null ? fallback : value;
    }
    try {
      return Amounts.check(field, value, fallback, currency);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return value;
    }
  }

  int positive(String field, Integer value) {
    if (value == null) {
      problems.add(field + " is missing");
      return 0;
    }
    if (value <= 0) {
      problems.add(field + " must be positive, got " + value);
    }
    return value;
  }

  void fail(String problem) {
    problems.add(problem);
  }

  boolean ok() {
    return problems.isEmpty();
  }

  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new DocumentRejected(reference, String.join("; ", problems));
    }
  }
}
