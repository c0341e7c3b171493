package io.retailsync.sandbox.erp;

import java.util.List;

record JournalEntry(String documentNumber, String reference, String postingDate, String memo, String createdAt,
    List<Line> lines) {

  record Line(String account, String debit, String credit, String currency, String memo) {}

  record TrialBalanceRow(String account, String currency, String debit, String credit) {}
}
