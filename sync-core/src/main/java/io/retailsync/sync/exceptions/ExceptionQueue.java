package io.retailsync.sync.exceptions;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sync.metrics.SyncMetrics;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;

/**
 * This service's exception queue: what could not be processed, with the reason, the payload and an
 * audit trail of every action. Entries are filed idempotently (by source key) and worked by operations
 * or finance through the REST API: replayed, discarded or resolved, each once.
 */
public class ExceptionQueue {

  /** Types published with a zero gauge even before the first entry, so dashboards show them. */
  public static final List<String> KNOWN_TYPES = List.of("INVALID_PAYLOAD", "UNKNOWN_SKU", "UNKNOWN_CHANNEL",
      "TAX_MISMATCH", "TOTALS_MISMATCH", "CURRENCY_MISMATCH", "DUPLICATE_CONFLICT", "ERP_REJECTED", "OVERSOLD",
      "DRIFT", "SHIPMENT_LATE", "PROCESSING_FAILED", "PUBLISH_REFUSED", "ERP_RESULT_UNRECORDED", "ORDER_UPDATE_REJECTED",
      "CANCEL_AFTER_FULFILMENT", "REFUND_UNMATCHED", "ACK_REFUSED", "PUSH_REJECTED");

  public record Filter(String type, ExceptionStatus status, String channel, String orderId, int limit, int offset) {}

  public record Page(List<ExceptionEntry> items, long total) {}

  private static final String INSERT = """
      INSERT INTO exceptions (id, type, reason, status, channel, order_id, sku, correlation_id, source_key,
                              replay_kind, replay_target, payload, payload_headers)
      VALUES (:id, :type, :reason, 'OPEN', :channel, :orderId, :sku, :correlationId, :sourceKey,
              :replayKind, :replayTarget, :payload, :headers)
      ON CONFLICT (source_key) DO NOTHING
      """;
  private static final String COLUMNS = """
      id, type, reason, status, channel, order_id, sku, correlation_id, created_at, replay_kind,
      replay_target, payload, payload_headers
      """;
  private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Supplier<List<ExceptionReplayer>> replayers;
  private final MultiGauge openGauge;
  private final String serviceTag;

  /** Replayers are looked up when needed: they usually depend on use cases that file exceptions here. */
  public ExceptionQueue(JdbcClient jdbc, TransactionTemplate transactions, Supplier<List<ExceptionReplayer>> replayers,
      SyncMetrics metrics) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.replayers = replayers;
    this.serviceTag = metrics.serviceTag();
    this.openGauge = MultiGauge.builder(SyncMetrics.EXCEPTIONS_OPEN)
        .description("Open exception-queue entries").register(metrics.registry());
  }

  /**
   * Files an entry; returns its id, or the id of the entry already filed under the same source key. An
   * entry that was replayed and fails again is reopened (with the new reason, audited as
   * {@code REOPENED}), so a failed replay never drops out of the queue; an entry operations discarded or
   * resolved stays closed.
   */
  @Transactional
  public UUID record(NewException exception) {
    UUID id = UUID.randomUUID();
    String reason = truncate(clean(exception.reason()), 2000);
    int inserted = jdbc.sql(INSERT)
        .param("id", id)
        .param("type", clean(exception.type()))
        .param("reason", reason)
        .param("channel", clean(exception.channel()))
        .param("orderId", clean(exception.orderId()))
        .param("sku", clean(exception.sku()))
        .param("correlationId", clean(exception.correlationId()))
        .param("sourceKey", clean(exception.sourceKey()))
        .param("replayKind", exception.replayKind())
        .param("replayTarget", clean(exception.replayTarget()))
        .param("payload", exception.payload())
        .param("headers", CanonicalJson.toJson(exception.payloadHeaders()))
        .update();
    if (inserted == 1) {
      audit(id, "CREATED", "system", null);
      return id;
    }
    var existing = jdbc.sql("SELECT id, status FROM exceptions WHERE source_key = :key FOR UPDATE")
        .param("key", clean(exception.sourceKey()))
        .query((rs, n) -> Map.entry(rs.getObject("id", UUID.class), ExceptionStatus.valueOf(rs.getString("status"))))
        .single();
    if (existing.getValue() == ExceptionStatus.REPLAYED) {
      jdbc.sql("UPDATE exceptions SET status = 'OPEN', reason = :reason, updated_at = now() WHERE id = :id")
          .param("reason", reason).param("id", existing.getKey()).update();
      audit(existing.getKey(), "REOPENED", "system", reason);
    }
    return existing.getKey();
  }

  @Transactional(readOnly = true)
  public Page find(Filter filter) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    Map<String, Object> params = new LinkedHashMap<>();
    if (filter.type() != null) {
      where.append(" AND type = :type");
      params.put("type", filter.type());
    }
    if (filter.status() != null) {
      where.append(" AND status = :status");
      params.put("status", filter.status().name());
    }
    if (filter.channel() != null) {
      where.append(" AND channel = :channel");
      params.put("channel", filter.channel());
    }
    if (filter.orderId() != null) {
      where.append(" AND order_id = :orderId");
      params.put("orderId", filter.orderId());
    }
    long total = jdbc.sql("SELECT count(*) FROM exceptions" + where).params(params).query(Long.class).single();
    List<ExceptionEntry> items = jdbc.sql("SELECT " + COLUMNS + " FROM exceptions" + where
            + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
        .params(params).param("limit", filter.limit()).param("offset", filter.offset())
        .query((rs, n) -> map(rs, List.of())).list();
    return new Page(items, total);
  }

  @Transactional(readOnly = true)
  public Optional<ExceptionEntry> get(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM exceptions WHERE id = :id").param("id", id)
        .query((rs, n) -> map(rs, auditOf(id))).optional();
  }

  /**
   * Processes the entry's payload again through its replayer; only an open entry can be replayed. A replay
   * the replayer refuses leaves the entry open and is audited as {@code REPLAY_REFUSED} with the reason.
   */
  public ExceptionEntry replay(UUID id, String actor, String note) {
    try {
      return transactions.execute(status -> {
        ExceptionEntry entry = lockOpen(id, "replay");
        ExceptionReplayer replayer = entry.replayKind() == null ? null : replayers.get().stream()
            .filter(candidate -> candidate.kind().equals(entry.replayKind())).findFirst().orElse(null);
        if (replayer == null) {
          throw new ReplayRefusedException("entries of type " + entry.type() + " cannot be replayed here");
        }
        replayer.replay(entry);
        return transition(entry, ExceptionStatus.REPLAYED, "REPLAYED", actor, note);
      });
    } catch (ReplayRefusedException refused) {
      transactions.executeWithoutResult(status -> audit(id, "REPLAY_REFUSED", actor, refused.getMessage()));
      throw refused;
    }
  }

  @Transactional
  public ExceptionEntry discard(UUID id, String actor, String note) {
    return transition(lockOpen(id, "discard"), ExceptionStatus.DISCARDED, "DISCARDED", actor, note);
  }

  @Transactional
  public ExceptionEntry resolve(UUID id, String actor, String note) {
    return transition(lockOpen(id, "resolve"), ExceptionStatus.RESOLVED, "RESOLVED", actor, note);
  }

  /** Resolves every open entry of a type for one order, e.g. once a later delivery succeeded. */
  @Transactional
  public int resolveOpen(String type, String channel, String orderId, String note) {
    List<UUID> ids = jdbc.sql("SELECT id FROM exceptions WHERE status = 'OPEN' AND type = :type AND channel = :channel AND order_id = :orderId FOR UPDATE")
        .param("type", type).param("channel", channel).param("orderId", orderId).query(UUID.class).list();
    for (UUID id : ids) {
      jdbc.sql("UPDATE exceptions SET status = 'RESOLVED', updated_at = now() WHERE id = :id").param("id", id).update();
      audit(id, "RESOLVED", "system", note);
    }
    return ids.size();
  }

  /** Refreshes the {@code sync_exceptions_open} gauge from the table. */
  @Transactional(readOnly = true)
  public void refreshGauge() {
    Map<String, Long> open = new LinkedHashMap<>();
    jdbc.sql("SELECT type, count(*) AS n FROM exceptions WHERE status = 'OPEN' GROUP BY type")
        .query(rs -> {
          open.put(rs.getString("type"), rs.getLong("n"));
        });
    Set<String> types = new TreeSet<>(KNOWN_TYPES);
    types.addAll(open.keySet());
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (String type : types) {
      rows.add(MultiGauge.Row.of(Tags.of("service", serviceTag, "type", type), open.getOrDefault(type, 0L)));
    }
    openGauge.register(rows, true);
  }

  private ExceptionEntry lockOpen(UUID id, String action) {
    ExceptionEntry entry = jdbc.sql("SELECT " + COLUMNS + " FROM exceptions WHERE id = :id FOR UPDATE")
        .param("id", id).query((rs, n) -> map(rs, List.of())).optional()
        .orElseThrow(() -> new ExceptionNotFoundException(id));
    if (entry.status() != ExceptionStatus.OPEN) {
      throw new ExceptionStateConflictException(
          "cannot " + action + " entry " + id + ": it is " + entry.status() + ", not OPEN");
    }
    return entry;
  }

  private ExceptionEntry transition(ExceptionEntry entry, ExceptionStatus status, String action, String actor,
      String note) {
    jdbc.sql("UPDATE exceptions SET status = :status, updated_at = now() WHERE id = :id")
        .param("status", status.name()).param("id", entry.id()).update();
    audit(entry.id(), action, actor, note);
    return get(entry.id()).orElseThrow();
  }

  private void audit(UUID id, String action, String actor, String note) {
    jdbc.sql("INSERT INTO exception_audit (exception_id, action, actor, note) VALUES (:id, :action, :actor, :note)")
        .param("id", id).param("action", action).param("actor", clean(actor)).param("note", truncate(clean(note), 2000))
        .update();
  }

  private List<ExceptionEntry.AuditEntry> auditOf(UUID id) {
    return jdbc.sql("SELECT action, actor, at, note FROM exception_audit WHERE exception_id = :id ORDER BY id")
        .param("id", id)
        .query((rs, n) -> new ExceptionEntry.AuditEntry(rs.getString("action"), rs.getString("actor"),
            rs.getTimestamp("at").toInstant(), rs.getString("note")))
        .list();
  }

  private static ExceptionEntry map(ResultSet rs, List<ExceptionEntry.AuditEntry> audit) throws SQLException {
    String headers = rs.getString("payload_headers");
    return new ExceptionEntry(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("reason"),
        ExceptionStatus.valueOf(rs.getString("status")), rs.getString("channel"), rs.getString("order_id"),
        rs.getString("sku"), rs.getString("correlation_id"), rs.getTimestamp("created_at").toInstant(),
        rs.getString("replay_kind"), rs.getString("replay_target"), rs.getBytes("payload"),
        headers == null ? Map.of() : CanonicalJson.mapper().readValue(headers, HEADERS), audit);
  }

  /** PostgreSQL text cannot hold NUL: an identifier or reason that carries one is stored with U+FFFD. */
  static String clean(String text) {
    return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
