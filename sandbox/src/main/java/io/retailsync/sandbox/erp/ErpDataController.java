package io.retailsync.sandbox.erp;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ERP's control API: what it received, and a wipe for tests. Faults live in {@code erp.fault}. */
@RestController
@RequestMapping("/sandbox/erp")
class ErpDataController {

  private final ErpStats stats;
  private final JdbcClient jdbc;

  ErpDataController(ErpStats stats, JdbcClient jdbc) {
    this.stats = stats;
    this.jdbc = jdbc;
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
