package io.retailsync.sandbox.erp;

import io.retailsync.sandbox.support.Amounts;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SalesOrderRepository {

  /** A checked sales order, ready to insert. */
  record NewSalesOrder(String externalReference, String channel, String orderId, Instant orderDate,
      String currency, List<NewLine> lines, BigDecimal shippingAmount, BigDecimal shippingTax, BigDecimal total,
      boolean marketplaceCollectsTax, boolean fulfilledByMarketplace) {}

  record NewLine(String lineId, String sku, int quantity, BigDecimal unitPrice, BigDecimal discount,
      BigDecimal tax, String location) {}

  private static final String SELECT = """
      select so.id, so.document_number, so.external_reference, so.channel, so.order_id, so.status,
             so.order_date, so.currency, so.shipping_amount, so.shipping_tax, so.total, so.cancel_reason,
             so.created_at, so.marketplace_collects_tax, so.fulfilled_by_marketplace, l.line_id, l.sku, l.quantity, l.unit_price, l.discount, l.tax, l.location
      from sandbox.sales_order so
      join sandbox.sales_order_line l on l.sales_order_id = so.id
      """;

  private static final int LINE_BATCH = 1000;

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  SalesOrderRepository(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** The first document posted under the reference (a non-unique ERP may hold several). */
  Optional<SalesOrder> findByReference(String externalReference) {
    return findAllByReference(externalReference).stream().findFirst();
  }

  List<SalesOrder> findAllByReference(String externalReference) {
    return select("where so.external_reference = :p1", externalReference, null);
  }

  SalesOrder findById(long id) {
    return select("where so.id = cast(:p1 as bigint)", Long.toString(id), null).get(0);
  }

  List<SalesOrder> findByChannel(String channel, String orderId) {
    return orderId == null
        ? select("where so.channel = :p1", channel, null)
        : select("where so.channel = :p1 and so.order_id = :p2", channel, orderId);
  }

  /** Inserts the order and its lines; whether its reference may repeat is {@link ReferencePolicy}'s call. */
  long insert(NewSalesOrder order) {
    long id = jdbc.sql("""
        insert into sandbox.sales_order (document_number, external_reference, channel, order_id, status,
                                         order_date, currency, shipping_amount, shipping_tax, total,
                                         marketplace_collects_tax, fulfilled_by_marketplace)
        select 'SO-' || lpad(n::text, greatest(6, length(n::text)), '0'), :externalReference, :channel,
               :orderId, 'OPEN', :orderDate, :currency, :shippingAmount, :shippingTax, :total,
               :marketplaceCollectsTax, :fulfilledByMarketplace
        from (select nextval('sandbox.sales_order_number_seq') as n) seq
        returning id
        """)
        .param("externalReference", order.externalReference())
        .param("channel", order.channel())
        .param("orderId", order.orderId())
        .param("orderDate", order.orderDate().atOffset(ZoneOffset.UTC))
        .param("currency", order.currency())
        .param("shippingAmount", order.shippingAmount())
        .param("shippingTax", order.shippingTax())
        .param("total", order.total())
        .param("marketplaceCollectsTax", order.marketplaceCollectsTax())
        .param("fulfilledByMarketplace", order.fulfilledByMarketplace())
        .query(Long.class)
        .single();
    insertLines(id, order.lines());
    return id;
  }

  /** Replaces an open order's amounts and lines with a new version of it; returns whether it was open. */
  boolean replaceOpen(String documentNumber, NewSalesOrder order) {
    List<Long> ids = jdbc.sql("""
        update sandbox.sales_order set order_date = :orderDate, currency = :currency,
               shipping_amount = :shippingAmount, shipping_tax = :shippingTax, total = :total,
               marketplace_collects_tax = :marketplaceCollectsTax, fulfilled_by_marketplace = :fulfilledByMarketplace
        where document_number = :documentNumber and status = 'OPEN'
        returning id
        """)
        .param("documentNumber", documentNumber)
        .param("orderDate", order.orderDate().atOffset(ZoneOffset.UTC))
        .param("currency", order.currency())
        .param("shippingAmount", order.shippingAmount())
        .param("shippingTax", order.shippingTax())
        .param("total", order.total())
        .param("marketplaceCollectsTax", order.marketplaceCollectsTax())
        .param("fulfilledByMarketplace", order.fulfilledByMarketplace())
        .query(Long.class).list();
    if (ids.isEmpty()) {
      return false;
    }
    long id = ids.get(0);
    jdbc.sql("delete from sandbox.sales_order_line where sales_order_id = :id").param("id", id).update();
    insertLines(id, order.lines());
    return true;
  }

  /** Sets an order's status (the sandbox's stand-in for a warehouse that started shipping it). */
  boolean setStatus(String externalReference, String status) {
    return jdbc.sql("update sandbox.sales_order set status = :status where external_reference = :reference")
        .param("status", status).param("reference", externalReference).update() > 0;
  }

  /** One batched statement per thousand lines: a B2B order may carry tens of thousands. */
  private void insertLines(long salesOrderId, List<NewLine> lines) {
    String sql = """
        insert into sandbox.sales_order_line (sales_order_id, line_no, line_id, sku, quantity, unit_price,
                                              discount, tax, location)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """;
    for (int from = 0; from < lines.size(); from += LINE_BATCH) {
      int offset = from;
      int size = Math.min(LINE_BATCH, lines.size() - from);
      batch.batchUpdate(sql, new BatchPreparedStatementSetter() {
        @Override
        public void setValues(PreparedStatement statement, int index) throws SQLException {
          NewLine line = lines.get(offset + index);
          statement.setLong(1, salesOrderId);
          statement.setInt(2, offset + index + 1);
          statement.setString(3, line.lineId());
          statement.setString(4, line.sku());
          statement.setInt(5, line.quantity());
          statement.setBigDecimal(6, line.unitPrice());
          statement.setBigDecimal(7, line.discount());
          statement.setBigDecimal(8, line.tax());
          statement.setString(9, line.location());
        }

        @Override
        public int getBatchSize() {
          return size;
        }
      });
    }
  }

  /** Cancels an open order; a cancelled one stays as it is. Returns whether a row changed. */
  boolean cancel(String externalReference, String reason) {
    return jdbc.sql("""
        update sandbox.sales_order set status = 'CANCELLED', cancel_reason = :reason, cancelled_at = now()
        where external_reference = :ref and status = 'OPEN'
        """)
        .param("ref", externalReference)
        .param("reason", reason)
        .update() > 0;
  }

  private List<SalesOrder> select(String where, String p1, String p2) {
    Map<Long, Assembly> orders = new LinkedHashMap<>();
    jdbc.sql(SELECT + where + " order by so.id, l.line_no")
        .param("p1", p1)
        .param("p2", p2)
        .query(rs -> {
          orders.computeIfAbsent(rs.getLong("id"), id -> new Assembly(rs)).lines.add(line(rs));
        });
    return orders.values().stream().map(Assembly::toSalesOrder).toList();
  }

  private static SalesOrder.Line line(ResultSet rs) throws SQLException {
    String currency = rs.getString("currency");
    return new SalesOrder.Line(rs.getString("line_id"), rs.getString("sku"), rs.getInt("quantity"),
        Amounts.format(rs.getBigDecimal("unit_price"), currency),
        Amounts.format(rs.getBigDecimal("discount"), currency),
        Amounts.format(rs.getBigDecimal("tax"), currency), currency, rs.getString("location"));
  }

  private static final class Assembly {
    private final SalesOrder header;
    private final List<SalesOrder.Line> lines = new ArrayList<>();

    private Assembly(ResultSet rs) {
      try {
        String currency = rs.getString("currency");
        header = new SalesOrder(rs.getString("document_number"), rs.getString("external_reference"),
            rs.getString("channel"), rs.getString("order_id"), rs.getString("status"),
            instant(rs, "order_date"), currency,
            Amounts.format(rs.getBigDecimal("shipping_amount"), currency),
            Amounts.format(rs.getBigDecimal("shipping_tax"), currency),
            Amounts.format(rs.getBigDecimal("total"), currency),
            rs.getString("cancel_reason"), instant(rs, "created_at"), rs.getBoolean("marketplace_collects_tax"),
            rs.getBoolean("fulfilled_by_marketplace"), List.of());
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    private SalesOrder toSalesOrder() {
      SalesOrder h = header;
      return new SalesOrder(h.documentNumber(), h.externalReference(), h.channel(), h.orderId(), h.status(),
          h.orderDate(), h.currency(), h.shippingAmount(), h.shippingTax(), h.total(), h.cancelReason(),
          h.createdAt(), h.marketplaceCollectsTax(), h.fulfilledByMarketplace(), List.copyOf(lines));
    }
  }

  static String instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant().toString();
  }
}
