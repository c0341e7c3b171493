package io.retailsync.ingestion.skualias;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SKU alias table: a channel's name for an item (seller SKU, ASIN, listing or item id) mapped to the
 * ERP's SKU. Every addition and removal is audited with who made it.
 */
@Repository
public class SkuAliases {

  public record Alias(UUID id, String channel, String marketplaceSku, String sku, Instant createdAt, String createdBy) {}

  public record AuditEntry(String action, String by, Instant at, String sku) {}

  /** What adding an alias did. */
  public sealed interface Added {
    Alias alias();

    record Created(Alias alias) implements Added {}

    record AlreadyThere(Alias alias) implements Added {}

    record Conflict(Alias alias) implements Added {}
  }

  private final JdbcClient jdbc;
  private final Clock clock;

  SkuAliases(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Transactional
  public Added add(String channel, String marketplaceSku, String sku, String actor) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    int inserted = jdbc.sql("""
            INSERT INTO sku_aliases (id, channel, marketplace_sku, sku, created_at, created_by)
            VALUES (:id, :channel, :marketplaceSku, :sku, :at, :actor) ON CONFLICT (channel, marketplace_sku) DO NOTHING""")
        .param("id", id).param("channel", channel).param("marketplaceSku", marketplaceSku).param("sku", sku)
        .param("at", Timestamp.from(now)).param("actor", actor).update();
    if (inserted == 0) {
      Alias existing = find(channel, marketplaceSku).orElseThrow();
      return existing.sku().equals(sku) ? new Added.AlreadyThere(existing) : new Added.Conflict(existing);
    }
    audit(id, "ADDED", channel, marketplaceSku, sku, actor);
    return new Added.Created(new Alias(id, channel, marketplaceSku, sku, now, actor));
  }

  @Transactional
  public Optional<Alias> remove(UUID id, String actor) {
    Optional<Alias> alias = jdbc.sql("DELETE FROM sku_aliases WHERE id = :id RETURNING " + COLUMNS)
        .param("id", id).query(SkuAliases::alias).optional();
    alias.ifPresent(removed -> audit(id, "REMOVED", removed.channel(), removed.marketplaceSku(), removed.sku(), actor));
    return alias;
  }

  public List<Alias> list(String channel, int limit, int offset) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM sku_aliases WHERE cast(:channel AS text) IS NULL OR channel = :channel"
            + " ORDER BY channel, marketplace_sku LIMIT :limit OFFSET :offset")
        .param("channel", channel).param("limit", limit).param("offset", offset).query(SkuAliases::alias).list();
  }

  public int count(String channel) {
    return jdbc.sql("SELECT count(*) FROM sku_aliases WHERE cast(:channel AS text) IS NULL OR channel = :channel")
        .param("channel", channel).query(Integer.class).single();
  }

  public List<AuditEntry> audit(UUID id) {
    return jdbc.sql("SELECT action, actor, at, sku FROM sku_alias_audit WHERE alias_id = :id ORDER BY id")
        .param("id", id)
        .query((rs, row) -> new AuditEntry(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4)))
        .list();
  }

  /** The ERP SKU for each of a channel's marketplace SKUs that has an alias. */
  public Map<String, String> resolve(String channel, Collection<String> marketplaceSkus) {
    if (marketplaceSkus.isEmpty()) {
      return Map.of();
    }
    return jdbc.sql("SELECT marketplace_sku, sku FROM sku_aliases WHERE channel = :channel AND marketplace_sku = ANY(:skus)")
        .param("channel", channel).param("skus", marketplaceSkus.stream().distinct().toArray(String[]::new))
        .query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private Optional<Alias> find(String channel, String marketplaceSku) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM sku_aliases WHERE channel = :channel AND marketplace_sku = :marketplaceSku")
        .param("channel", channel).param("marketplaceSku", marketplaceSku).query(SkuAliases::alias).optional();
  }

  private void audit(UUID id, String action, String channel, String marketplaceSku, String sku, String actor) {
    jdbc.sql("""
            INSERT INTO sku_alias_audit (alias_id, action, channel, marketplace_sku, sku, actor, at)
            VALUES (:id, :action, :channel, :marketplaceSku, :sku, :actor, :at)""")
        .param("id", id).param("action", action).param("channel", channel).param("marketplaceSku", marketplaceSku)
        .param("sku", sku).param("actor", actor).param("at", Timestamp.from(clock.instant())).update();
  }

  private static final String COLUMNS = "id, channel, marketplace_sku, sku, created_at, created_by";

  private static Alias alias(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Alias(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getTimestamp(5).toInstant(), rs.getString(6));
  }
}
