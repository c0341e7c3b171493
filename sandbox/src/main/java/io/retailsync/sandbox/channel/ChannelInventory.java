package io.retailsync.sandbox.channel;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each channel stand-in accepted ({@code sandbox.channel_inventory}: the quantity it last received per SKU)
 * and the inventory calls it served ({@code sandbox.channel_inventory_push}). The stand-ins write, package
 * {@code channel}'s control API reads.
 */
@Repository
public class ChannelInventory {

  /** A SKU's quantity as a channel last received it. */
  public record Level(String sku, int quantity, Instant updatedAt) {}

  /** One served call: who, what, with which key, and how many SKUs it took and refused. */
  public record Push(String channel, String operation, String idempotencyKey, String requestId, String requestHash,
      String response, int skus, int accepted, int rejected, boolean replayed) {}

  /** The first call of an idempotency key: what it asked (as a hash) and what it was answered. */
  public record FirstCall(String requestHash, String response) {}

  /** Per channel: calls served, repeats answered from the first call, SKUs ever set, SKU updates accepted/refused. */
  public record Stats(long calls, long replays, long skus, long accepted, long rejected) {}

  private static final int BATCH = 1000;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final ChannelHistory history;

  ChannelInventory(JdbcClient jdbc, JdbcTemplate template, ChannelHistory history) {
    this.jdbc = jdbc;
    this.template = template;
    this.history = history;
  }

  /** Sets the quantities (SKU → quantity) as received now. */
  public void record(String channel, Map<String, Integer> quantities) {
    if (quantities.isEmpty()) {
      return;
    }
    Instant at = Instant.now();
    Timestamp now = Timestamp.from(at);
    List<Object[]> rows = new ArrayList<>(quantities.size());
    quantities.forEach((sku, quantity) -> rows.add(new Object[] {channel, sku, quantity, now}));
    for (int from = 0; from < rows.size(); from += BATCH) {
      template.batchUpdate("""
          insert into sandbox.channel_inventory (channel, sku, quantity, updated_at) values (?, ?, ?, ?)
          on conflict (channel, sku) do update set quantity = excluded.quantity, updated_at = excluded.updated_at
          """, rows.subList(from, Math.min(rows.size(), from + BATCH)));
    }
    history.append(channel, quantities, at);
  }

  public Optional<Level> find(String channel, String sku) {
    return jdbc.sql("select sku, quantity, updated_at from sandbox.channel_inventory where channel = ? and sku = ?")
        .params(channel, sku)
        .query((rs, n) -> level(rs.getString("sku"), rs.getInt("quantity"), rs.getObject("updated_at",
            OffsetDateTime.class)))
        .optional();
  }

  /** The quantities of the given SKUs the channel holds (absent: never received). */
  public Map<String, Integer> quantities(String channel, List<String> skus) {
    Map<String, Integer> found = new LinkedHashMap<>();
    if (skus.isEmpty()) {
      return found;
    }
    jdbc.sql("select sku, quantity from sandbox.channel_inventory where channel = ? and sku = any (?)")
        .params(channel, skus.toArray(String[]::new))
        .query((rs, n) -> Map.entry(rs.getString("sku"), rs.getInt("quantity")))
        .list()
        .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
    return found;
  }

  /** Every SKU of the channel in SKU order, from after {@code afterSku} (null: the first), at most {@code limit}. */
  public List<Level> list(String channel, String afterSku, int limit) {
    return jdbc.sql("""
        select sku, quantity, updated_at from sandbox.channel_inventory
        where channel = ? and (cast(? as text) is null or sku > ?) order by sku limit ?
        """)
        .params(channel, afterSku, afterSku, limit)
        .query((rs, n) -> level(rs.getString("sku"), rs.getInt("quantity"), rs.getObject("updated_at",
            OffsetDateTime.class)))
        .list();
  }

  /** Logs a call; false when the key's first call is logged already (a concurrent first call won). */
  public boolean log(Push push) {
    int inserted = jdbc.sql("""
        insert into sandbox.channel_inventory_push (channel, operation, idempotency_key, request_id, request_hash,
          response, skus, accepted, rejected, replayed, received_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict do nothing
        """)
        .params(push.channel(), push.operation(), push.idempotencyKey(), push.requestId(), push.requestHash(),
            push.response(), push.skus(), push.accepted(), push.rejected(), push.replayed(),
            Timestamp.from(Instant.now()))
        .update();
    return inserted == 1;
  }

  public Optional<FirstCall> firstCall(String channel, String idempotencyKey) {
    return jdbc.sql("""
        select request_hash, response from sandbox.channel_inventory_push
        where channel = ? and idempotency_key = ? and not replayed
        """)
        .params(channel, idempotencyKey)
        .query((rs, n) -> new FirstCall(rs.getString("request_hash"), rs.getString("response")))
        .optional();
  }

  /** The calls logged with this key, the first and its repeats. */
  public long callsWithKey(String channel, String idempotencyKey) {
    return jdbc.sql("select count(*) from sandbox.channel_inventory_push where channel = ? and idempotency_key = ?")
        .params(channel, idempotencyKey).query(Long.class).single();
  }

  public Map<String, Stats> stats() {
    Map<String, Stats> stats = new LinkedHashMap<>();
    for (String channel : Channels.ALL) {
      stats.put(channel, new Stats(0, 0, 0, 0, 0));
    }
    jdbc.sql("""
        select channel, count(*) as calls, count(*) filter (where replayed) as replays,
          coalesce(sum(accepted) filter (where not replayed), 0) as accepted,
          coalesce(sum(rejected) filter (where not replayed), 0) as rejected
        from sandbox.channel_inventory_push group by channel
        """)
        .query((rs, n) -> Map.entry(rs.getString("channel"), new long[] {rs.getLong("calls"), rs.getLong("replays"),
            rs.getLong("accepted"), rs.getLong("rejected")}))
        .list()
        .forEach(row -> {
          Stats before = stats.getOrDefault(row.getKey(), new Stats(0, 0, 0, 0, 0));
          long[] v = row.getValue();
          stats.put(row.getKey(), new Stats(v[0], v[1], before.skus(), v[2], v[3]));
        });
    jdbc.sql("select channel, count(*) as skus from sandbox.channel_inventory group by channel")
        .query((rs, n) -> Map.entry(rs.getString("channel"), rs.getLong("skus")))
        .list()
        .forEach(row -> {
          Stats before = stats.getOrDefault(row.getKey(), new Stats(0, 0, 0, 0, 0));
          stats.put(row.getKey(), new Stats(before.calls(), before.replays(), row.getValue(), before.accepted(),
              before.rejected()));
        });
    return stats;
  }

  /** Forgets a channel's quantities and calls (a test's or a benchmark's fresh start). */
  public void clear(String channel) {
    jdbc.sql("delete from sandbox.channel_inventory where channel = ?").params(channel).update();
    jdbc.sql("delete from sandbox.channel_inventory_push where channel = ?").params(channel).update();
    history.clear(channel);
  }

  private static Level level(String sku, int quantity, OffsetDateTime updatedAt) {
    return new Level(sku, quantity, updatedAt.withOffsetSameInstant(ZoneOffset.UTC).toInstant());
  }
}
