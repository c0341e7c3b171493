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

  /** The first entry posted under exactly this reference (a non-unique ERP may hold several). */
  Optional<JournalEntry> findByReference(String reference) {
    return select("where je.reference = :p", reference).stream().findFirst();
  }

  /** Every entry whose reference starts with {@code prefix}; all entries when it is null. */
  List<JournalEntry> findByReferencePrefix(String prefix) {
    if (prefix == null) {
      return select("where cast(:p as text) is null", null);
    }
    String escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return select("where je.reference like :p", escaped + "%");
  }

  JournalEntry findById(long id) {
    return select("where je.id = cast(:p as bigint)", Long.toString(id)).get(0);
  }

  private List<JournalEntry> select(String where, String parameter) {
    Map<Long, JournalEntry> headers = new LinkedHashMap<>();
    Map<Long, List<JournalEntry.Line>> lines = new LinkedHashMap<>();
    jdbc.sql("""
        select je.id, je.document_number, je.reference, je.posting_date, je.memo, je.created_at,
               l.account, l.debit, l.credit, l.currency, l.memo as line_memo
        from sandbox.journal_entry je
        join sandbox.journal_line l on l.journal_entry_id = je.id
        """ + where + " order by je.id, l.line_no")
        .param("p", parameter)
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
    return headers.entrySet().stream().map(entry -> {
      JournalEntry h = entry.getValue();
      return new JournalEntry(h.documentNumber(), h.reference(), h.postingDate(), h.memo(), h.createdAt(),
          List.copyOf(lines.get(entry.getKey())));
    }).toList();
  }

  /** Inserts the entry and its lines; whether its reference may repeat is {@link ReferencePolicy}'s call. */
  long insert(NewEntry entry) {
    long id = jdbc.sql("""
        insert into sandbox.journal_entry (document_number, reference, posting_date, memo)
        select 'JE-' || lpad(n::text, greatest(6, length(n::text)), '0'), :reference, :postingDate, :memo
        from (select nextval('sandbox.journal_entry_number_seq') as n) seq
        returning id
        """)
        .param("reference", entry.reference())
        .param("postingDate", entry.postingDate())
        .param("memo", entry.memo())
        .query(Long.class)
        .single();
    long entryId = id;
    {
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
    }
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
