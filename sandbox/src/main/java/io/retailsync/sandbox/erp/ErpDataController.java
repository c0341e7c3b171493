package io.retailsync.sandbox.erp;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ERP's control API: what it received, and a wipe for tests. Faults live in {@code erp.fault}. */
@RestController
@RequestMapping("/sandbox/erp")
class ErpDataController {

  /** {@code {"mode": "duplicates"}} or {@code {"mode": "unique"}}. */
  record ReferenceMode(String mode) {}

  private final ErpStats stats;
  private final JdbcClient jdbc;
  private final ReferencePolicy references;

  ErpDataController(ErpStats stats, JdbcClient jdbc, ReferencePolicy references) {
    this.stats = stats;
    this.jdbc = jdbc;
    this.references = references;
  }

  /** Whether a second post of a reference creates a second document ({@code duplicates}) or not. */
  @GetMapping("/references")
  ReferenceMode referenceMode() {
    return new ReferenceMode(references.mode().name().toLowerCase(java.util.Locale.ROOT));
  }

  @PutMapping("/references")
  ReferenceMode setReferenceMode(@RequestBody ReferenceMode requested) {
    try {
      references.set(ReferencePolicy.parse(requested.mode()));
    } catch (IllegalArgumentException e) {
      throw io.retailsync.sandbox.support.SandboxProblem.unprocessable(e.getMessage());
    }
    return referenceMode();
  }

  @GetMapping("/stats")
  Map<String, Map<String, Long>> stats(@RequestParam(required = false) String reference) {
    return stats.read(reference);
  }

  /** Documents and stats go; item master and stock stay. Sequences continue, so numbers are never reused. */
  @DeleteMapping("/data")
  ResponseEntity<Void> wipe() {
    jdbc.sql("""
        truncate sandbox.sales_order_line, sandbox.sales_order, sandbox.credit_memo_line, sandbox.credit_memo,
                 sandbox.journal_line, sandbox.journal_entry, sandbox.erp_post_stat
        """).update();
    return ResponseEntity.noContent().build();
  }
}
