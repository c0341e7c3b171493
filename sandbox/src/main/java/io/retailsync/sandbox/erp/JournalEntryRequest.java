package io.retailsync.sandbox.erp;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

record JournalEntryRequest(String reference, LocalDate postingDate, String memo, List<Line> lines) {

  record Line(String account, BigDecimal debit, BigDecimal credit, String currency, String memo) {}
}
