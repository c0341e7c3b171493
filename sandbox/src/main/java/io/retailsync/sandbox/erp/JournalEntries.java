package io.retailsync.sandbox.erp;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** Posting journal entries: each must balance in every currency it uses. */
@Service
class JournalEntries {

  private final JournalEntryRepository repository;
  private final ErpStats stats;
  private final DocumentReader reader;
  private final ReferencePolicy references;

  JournalEntries(JournalEntryRepository repository, ErpStats stats, DocumentReader reader,
      ReferencePolicy references) {
    this.repository = repository;
    this.stats = stats;
    this.reader = reader;
    this.references = references;
  }

  Posted<JournalEntry> post(JsonNode document) {
    String reference = DocumentReader.key(document, "reference");
    return references.post(ErpStats.JOURNAL_ENTRIES, reference, () -> repository.findByReference(reference),
        () -> check(reader.read(document, JournalEntryRequest.class, reference)),
        entry -> repository.findById(repository.insert(entry)), JournalEntry::documentNumber,
        () -> stats.count(ErpStats.JOURNAL_ENTRIES, reference));
  }

  List<BatchResult> postBatch(List<JsonNode> documents) {
    return BatchResult.each(documents, "reference", this::post);
  }

  List<JournalEntry> byReference(String reference) {
    return repository.findByReferencePrefix(reference);
  }

  List<JournalEntry.TrialBalanceRow> trialBalance() {
    return repository.trialBalance();
  }

  private JournalEntryRepository.NewEntry check(JournalEntryRequest request) {
    Checks checks = new Checks(request.reference());
    String reference = checks.text("reference", request.reference());
    checks.present("postingDate", request.postingDate());
    List<JournalEntryRepository.NewLine> lines = new ArrayList<>();
    if (request.lines() == null || request.lines().isEmpty()) {
      checks.fail("lines is missing or empty");
    } else {
      for (int i = 0; i < request.lines().size(); i++) {
        JournalEntryRequest.Line line = request.lines().get(i);
        String at = "lines[" + i + "].";
        if (line == null) {
          checks.fail("lines[" + i + "] is null");
          continue;
        }
        String account = checks.text(at + "account", line.account());
        String currency = checks.currency(at + "currency", line.currency());
        BigDecimal debit = checks.amount(at + "debit", line.debit(), BigDecimal.ZERO, currency);
        BigDecimal credit = checks.amount(at + "credit", line.credit(), BigDecimal.ZERO, currency);
        lines.add(new JournalEntryRepository.NewLine(account, debit, credit, currency, line.memo()));
      }
    }
    checks.throwIfAny();
    Map<String, BigDecimal> imbalance = lines.stream().collect(Collectors.groupingBy(
        JournalEntryRepository.NewLine::currency, TreeMap::new,
        Collectors.reducing(BigDecimal.ZERO, line -> line.debit().subtract(line.credit()), BigDecimal::add)));
    imbalance.forEach((currency, difference) -> {
      if (difference.signum() != 0) {
        checks.fail("entry does not balance in " + currency + ": debits exceed credits by "
            + difference.toPlainString());
      }
    });
    if (lines.stream().allMatch(line -> line.debit().signum() == 0 && line.credit().signum() == 0)) {
      checks.fail("entry has no amounts");
    }
    checks.throwIfAny();
    return new JournalEntryRepository.NewEntry(reference, request.postingDate(), request.memo(), lines);
  }
}
