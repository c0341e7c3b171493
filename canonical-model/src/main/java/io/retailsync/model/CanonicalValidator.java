package io.retailsync.model;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Schema validation of canonical records (Jakarta Bean Validation) plus the rules annotations cannot
 * express, such as a known ISO 4217 currency. Returns every violation, sorted, so the exception queue
 * and problem details can say exactly what is wrong.
 */
public final class CanonicalValidator {

  private final Validator validator;

  public CanonicalValidator() {
    ValidatorFactory factory = Validation.byDefaultProvider().configure()
        .messageInterpolator(new ParameterMessageInterpolator())
        .buildValidatorFactory();
    this.validator = factory.getValidator();
  }

  public List<String> violations(Order order) {
    List<String> found = new ArrayList<>(annotationViolations(order));
    requireKnownCurrency(order.currency(), found);
    TextRules.check(order, "", found);
    return sorted(found);
  }

  public List<String> violations(Refund refund) {
    List<String> found = new ArrayList<>(annotationViolations(refund));
    requireKnownCurrency(refund.currency(), found);
    TextRules.check(refund, "", found);
    return sorted(found);
  }

  public List<String> violations(Object record) {
    List<String> found = new ArrayList<>(annotationViolations(record));
    TextRules.check(record, "", found);
    return sorted(found);
  }

  private List<String> annotationViolations(Object record) {
    List<String> found = new ArrayList<>();
    for (ConstraintViolation<Object> violation : validator.validate(record)) {
      found.add(violation.getPropertyPath() + ": " + violation.getMessage());
    }
    return found;
  }

  private static void requireKnownCurrency(String currency, List<String> found) {
    if (currency != null && !currency.isBlank() && !Money.isKnownCurrency(currency)) {
      found.add("currency: not an ISO 4217 currency code with a minor unit: " + currency);
    }
  }

  private static List<String> sorted(List<String> found) {
    found.sort(Comparator.naturalOrder());
    return List.copyOf(found);
  }
}
