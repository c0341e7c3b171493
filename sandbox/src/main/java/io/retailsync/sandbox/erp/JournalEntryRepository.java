package io.retailsync.sandbox.erp;

import io.retailsync.sandbox.support.Amounts;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JournalEntryRepository {

  record NewEntry(String reference, LocalDate postingDate, String memo, List<NewLine> lines) {}

  record NewLine(String account, BigDecimal debit, BigDecimal credit, String currency, String memo) {}

  private final JdbcClient jdbc;

  JournalEntryRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<JournalEntry> findByReference(String reference) {
    Map<Long, JournalEntry> headers = new LinkedHashMap<>();
    Map<Long, List<JournalEntry.Line>> lines = new LinkedHashMap<>();
    jdbc.sql("""
        select je.id, je.document_number, je.reference, je.posting_date, je.memo, je.created_at,
               l.account, l.debit, l.credit, l.currency, l.memo as line_memo
        from sandbox.journal_entry je
        join sandbox.journal_line l on l.journal_entry_id = je.id
        where je.reference = :reference
        order by je.id, l.line_no
        """)
        .param("reference", reference)
        .query(rs -> {
          long id = rs.getLong("id");
          if (!headers.containsKey(id)) {
            headers.put(id, new JournalEntry(rs.getString("document_number"), rs.getString("reference"),
                rs.getObject("posting_date", LocalDate.class).toString(), rs.getString("memo"),
                SalesOrderRepository.instant(rs, "created_at"), List.of()));
            lines.put(id, new ArrayList<>());
          }
          String currency = rs.getString("currency");
          lines.get(id).add(new JournalEntry.Line(rs.getString("account"),
              Amounts.format(rs.getBigDecimal("debit"), currency), Amounts.format(rs.getBigDecimal("credit"), currency),
              currency, rs.getString("line_memo")));
        });
    return headers.entrySet().stream().findFirst().map(entry -> {
      JournalEntry h = entry.getValue();
      return new JournalEntry(h.documentNumber(), h.reference(), h.postingDate(), h.memo(), h.createdAt(),
          List.copyOf(lines.get(entry.getKey())));
    });
  }

  Optional<Long> insertIfAbsent(NewEntry entry) {
    Optional<Long> id = jdbc.sql("""
        insert into sandbox.journal_entry (document_number, reference, posting_date, memo)
        select 'JE-' || lpad(n::text, greatest(6, length(n::text)), '0'), :reference, :postingDate, :memo
        from (select nextval('sandbox.journal_entry_number_seq') as n) seq
        on conflict (reference) do nothing
        returning id
        """)
        .param("reference", entry.reference())
        .param("postingDate", entry.postingDate())
        .param("memo", entry.memo())
        .query(Long.class)
        .optional();
    id.ifPresent(entryId -> {
      for (int i = 0; i < entry.lines().size(); i++) {
        NewLine line = entry.lines().get(i);
        jdbc.sql("""
            insert into sandbox.journal_line (journal_entry_id, line_no, account, debit, credit, currency, memo)
            values (:id, :lineNo, :account, :debit, :credit, :currency, :memo)
            """)
            .param("id", entryId)
            .param("lineNo", i + 1)
            .param("account", line.account())
            .param("debit", line.debit())
            .param("credit", line.credit())
            .param("currency", line.currency())
            .param("memo", line.memo())
            .update();
      }
    });
    return id;
  }

  List<JournalEntry.TrialBalanceRow> trialBalance() {
    return jdbc.sql("""
        select account, currency, sum(debit) as debit, sum(credit) as credit
        from sandbox.journal_line
        group by account, currency
        order by account, currency
        """)
        .query((rs, n) -> {
          String currency = rs.getString("currency");
          return new JournalEntry.TrialBalanceRow(rs.getString("account"), currency,
              Amounts.format(rs.getBigDecimal("debit"), currency), Amounts.format(rs.getBigDecimal("credit"), currency));
        })
        .list();
  }
}
