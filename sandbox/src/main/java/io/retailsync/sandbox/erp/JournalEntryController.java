package io.retailsync.sandbox.erp;

import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/erp")
class JournalEntryController {

  private final JournalEntries journalEntries;

  JournalEntryController(JournalEntries journalEntries) {
    this.journalEntries = journalEntries;
  }

  @PostMapping("/journal-entries")
  ResponseEntity<JournalEntry> post(@RequestBody JsonNode document) {
    return journalEntries.post(document).toResponse();
  }

  @PostMapping("/journal-entries/batch")
  BatchResult.Response batch(@RequestBody BatchRequest request) {
    return new BatchResult.Response(journalEntries.postBatch(request.checked()));
  }

  @GetMapping("/journal-entries")
  List<JournalEntry> find(@RequestParam(required = false) String reference) {
    return journalEntries.byReference(reference);
  }

  @GetMapping("/trial-balance")
  List<JournalEntry.TrialBalanceRow> trialBalance() {
    return journalEntries.trialBalance();
  }
}
