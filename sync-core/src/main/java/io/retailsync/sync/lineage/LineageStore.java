package io.retailsync.sync.lineage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Lineage records: marketplace order id ↔ middleware ids ↔ ERP document numbers and references. */
public class LineageStore {

  private final JdbcClient jdbc;

  public LineageStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The order's correlation id, created on first sight; every later event carries the same one. */
  @Transactional(propagation = Propagation.REQUIRED)
  public String correlationIdFor(String channel, String orderId) {
    jdbc.sql("""
        INSERT INTO lineage_orders (channel, order_id, correlation_id) VALUES (:channel, :orderId, :correlationId)
        ON CONFLICT (channel, order_id) DO NOTHING""")
        .param("channel", channel).param("orderId", orderId).param("correlationId", UUID.randomUUID().toString())
        .update();
    return jdbc.sql("SELECT correlation_id FROM lineage_orders WHERE channel = :channel AND order_id = :orderId")
        .param("channel", channel).param("orderId", orderId).query(String.class).single();
  }

  /** Records an event once per {@code dedupeKey}; a redelivered event adds nothing. */
  @Transactional(propagation = Propagation.REQUIRED)
  public void recordEvent(String channel, String orderId, String type, Instant at, String service, String reference,
      String dedupeKey) {
    jdbc.sql("""
        INSERT INTO lineage_events (channel, order_id, type, at, service, reference, dedupe_key)
        VALUES (:channel, :orderId, :type, :at, :service, :reference, :dedupeKey)
        ON CONFLICT (dedupe_key) DO NOTHING""")
        .param("channel", channel).param("orderId", orderId).param("type", type).param("at", Timestamp.from(at))
        .param("service", service).param("reference", reference).param("dedupeKey", dedupeKey).update();
  }

  @Transactional(propagation = Propagation.REQUIRED)
  public void recordErpDocument(String channel, String orderId, String documentNumber, String kind, Instant postedAt) {
    jdbc.sql("""
        INSERT INTO lineage_documents (channel, order_id, document_number, kind, posted_at)
        VALUES (:channel, :orderId, :documentNumber, :kind, :postedAt)
        ON CONFLICT DO NOTHING""")
        .param("channel", channel).param("orderId", orderId).param("documentNumber", documentNumber)
        .param("kind", kind).param("postedAt", Timestamp.from(postedAt)).update();
  }

  @Transactional(readOnly = true)
  public Optional<Lineage> find(String channel, String orderId) {
    Optional<String> correlationId = jdbc.sql(
            "SELECT correlation_id FROM lineage_orders WHERE channel = :channel AND order_id = :orderId")
        .param("channel", channel).param("orderId", orderId).query(String.class).optional();
    return correlationId.map(id -> new Lineage(channel, orderId, id,
        jdbc.sql("SELECT document_number, kind, posted_at FROM lineage_documents WHERE channel = :channel AND order_id = :orderId ORDER BY posted_at")
            .param("channel", channel).param("orderId", orderId)
            .query((rs, n) -> new Lineage.ErpDocumentRef(rs.getString("document_number"), rs.getString("kind"),
                rs.getTimestamp("posted_at").toInstant())).list(),
        jdbc.sql("SELECT type, at, service, reference FROM lineage_events WHERE channel = :channel AND order_id = :orderId ORDER BY at, id")
            .param("channel", channel).param("orderId", orderId)
            .query((rs, n) -> new Lineage.Event(rs.getString("type"), rs.getTimestamp("at").toInstant(),
                rs.getString("service"), rs.getString("reference"))).list()));
  }
}
