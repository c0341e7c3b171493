package io.retailsync.erp;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** A journal entry to post, keyed by its reference; it must balance in every currency. */
public record JournalEntryDocument(String reference, LocalDate postingDate, String memo, List<Line> lines) {

  public JournalEntryDocument {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(postingDate, "postingDate");
    lines = List.copyOf(lines);
    Map<String, BigDecimal> balance = lines.stream().collect(Collectors.groupingBy(Line::currency,
        Collectors.reducing(BigDecimal.ZERO, line -> line.debit().subtract(line.credit()), BigDecimal::add)));
    balance.forEach((currency, difference) -> {
      if (difference.signum() != 0) {
        throw new IllegalArgumentException(
            "journal entry " + reference + " does not balance in " + currency + " by " + difference);
      }
    });
  }

  public record Line(String account, BigDecimal debit, BigDecimal credit, String currency, String memo) {}
}
