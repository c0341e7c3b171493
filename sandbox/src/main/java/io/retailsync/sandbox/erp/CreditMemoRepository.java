package io.retailsync.sandbox.erp;

import io.retailsync.sandbox.support.Amounts;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CreditMemoRepository {

  record NewCreditMemo(String externalReference, String salesOrderReference, String currency, List<NewLine> lines,
      BigDecimal shippingAmount, BigDecimal total, String reason) {}

  record NewLine(String sku, int quantity, BigDecimal amount, BigDecimal tax) {}

  private static final String SELECT = """
      select cm.id, cm.document_number, cm.external_reference, cm.sales_order_reference,
             so.document_number as sales_order_document_number, cm.currency, cm.shipping_amount, cm.total,
             cm.reason, cm.created_at, l.line_no, l.sku, l.quantity, l.amount, l.tax
      from sandbox.credit_memo cm
      left join sandbox.credit_memo_line l on l.credit_memo_id = cm.id
      left join lateral (select document_number from sandbox.sales_order
                         where external_reference = cm.sales_order_reference order by id limit 1) so on true
      """;

  private final JdbcClient jdbc;

  CreditMemoRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The first memo posted under the reference (a non-unique ERP may hold several). */
  Optional<CreditMemo> findByReference(String externalReference) {
    return findAllByReference(externalReference).stream().findFirst();
  }

  List<CreditMemo> findAllByReference(String externalReference) {
    return select("where cm.external_reference = :p", externalReference);
  }

  CreditMemo findById(long id) {
    return select("where cm.id = cast(:p as bigint)", Long.toString(id)).get(0);
  }

  List<CreditMemo> findBySalesOrder(String salesOrderReference) {
    return select("where cm.sales_order_reference = :p", salesOrderReference);
  }

  /** Inserts the memo and its lines; whether its reference may repeat is {@link ReferencePolicy}'s call. */
  long insert(NewCreditMemo memo) {
    long id = jdbc.sql("""
        insert into sandbox.credit_memo (document_number, external_reference, sales_order_reference, currency,
                                         shipping_amount, total, reason)
        select 'CM-' || lpad(n::text, greatest(6, length(n::text)), '0'), :externalReference,
               :salesOrderReference, :currency, :shippingAmount, :total, :reason
        from (select nextval('sandbox.credit_memo_number_seq') as n) seq
        returning id
        """)
        .param("externalReference", memo.externalReference())
        .param("salesOrderReference", memo.salesOrderReference())
        .param("currency", memo.currency())
        .param("shippingAmount", memo.shippingAmount())
        .param("total", memo.total())
        .param("reason", memo.reason())
        .query(Long.class)
        .single();
    long memoId = id;
    {
      for (int i = 0; i < memo.lines().size(); i++) {
        NewLine line = memo.lines().get(i);
        jdbc.sql("""
            insert into sandbox.credit_memo_line (credit_memo_id, line_no, sku, quantity, amount, tax)
            values (:id, :lineNo, :sku, :quantity, :amount, :tax)
            """)
            .param("id", memoId)
            .param("lineNo", i + 1)
            .param("sku", line.sku())
            .param("quantity", line.quantity())
            .param("amount", line.amount())
            .param("tax", line.tax())
            .update();
      }
    }
    return id;
  }

  private List<CreditMemo> select(String where, String parameter) {
    Map<Long, CreditMemo> headers = new LinkedHashMap<>();
    Map<Long, List<CreditMemo.Line>> lines = new LinkedHashMap<>();
    jdbc.sql(SELECT + where + " order by cm.id, l.line_no")
        .param("p", parameter)
        .query(rs -> {
          long id = rs.getLong("id");
          String currency = rs.getString("currency");
          if (!headers.containsKey(id)) {
            headers.put(id, header(rs, currency));
            lines.put(id, new ArrayList<>());
          }
          if (rs.getString("sku") != null) {
            lines.get(id).add(new CreditMemo.Line(rs.getString("sku"), rs.getInt("quantity"),
                Amounts.format(rs.getBigDecimal("amount"), currency), Amounts.format(rs.getBigDecimal("tax"), currency),
                currency));
          }
        });
    return headers.entrySet().stream().map(entry -> {
      CreditMemo h = entry.getValue();
      return new CreditMemo(h.documentNumber(), h.externalReference(), h.salesOrderReference(),
          h.salesOrderDocumentNumber(), h.currency(), h.shippingAmount(), h.total(), h.reason(), h.createdAt(),
          List.copyOf(lines.get(entry.getKey())));
    }).toList();
  }

  private static CreditMemo header(ResultSet rs, String currency) throws SQLException {
    return new CreditMemo(rs.getString("document_number"), rs.getString("external_reference"),
        rs.getString("sales_order_reference"), rs.getString("sales_order_document_number"), currency,
        Amounts.format(rs.getBigDecimal("shipping_amount"), currency),
        Amounts.format(rs.getBigDecimal("total"), currency), rs.getString("reason"),
        SalesOrderRepository.instant(rs, "created_at"), List.of());
  }
}
