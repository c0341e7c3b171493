package io.retailsync.sandbox.erp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Posts received per reference that reached the ERP's processing, counted in PostgreSQL (not in memory)
 * so the count survives restarts and is exact under concurrent posts.
 */
@Repository
class ErpStats {

  static final String SALES_ORDERS = "salesOrders";
  static final String CREDIT_MEMOS = "creditMemos";
  static final String JOURNAL_ENTRIES = "journalEntries";
  static final String CANCELLATIONS = "cancellations";
  static final String UPDATES = "salesOrderUpdates";

  private final JdbcClient jdbc;

  ErpStats(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void count(String kind, String reference) {
    if (reference == null) {
      return;
    }
    jdbc.sql("""
        insert into sandbox.erp_post_stat (kind, reference, posts) values (:kind, :reference, 1)
        on conflict (kind, reference) do update set posts = sandbox.erp_post_stat.posts + 1
        """)
        .param("kind", kind)
        .param("reference", reference)
        .update();
  }

  /** {@code {"salesOrders": {ref: n}, "creditMemos": {...}, "journalEntries": {...}, "cancellations": {...},
   * "salesOrderUpdates": {...}}}. */
  Map<String, Map<String, Long>> read(String reference) {
    Map<String, Map<String, Long>> stats = new LinkedHashMap<>();
    for (String kind : new String[] {SALES_ORDERS, CREDIT_MEMOS, JOURNAL_ENTRIES, CANCELLATIONS, UPDATES}) {
      stats.put(kind, new TreeMap<>());
    }
    jdbc.sql("""
        select kind, reference, posts from sandbox.erp_post_stat
        where cast(:reference as text) is null or reference = :reference
        """)
        .param("reference", reference)
        .query(rs -> {
          stats.computeIfAbsent(rs.getString("kind"), k -> new TreeMap<>())
              .put(rs.getString("reference"), rs.getLong("posts"));
        });
    return stats;
  }
}
