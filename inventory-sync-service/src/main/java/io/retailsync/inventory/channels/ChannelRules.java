package io.retailsync.inventory.channels;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The channel rules in force: the configured ones, overridden by those changed over the API (stored with
 * an audit trail). Read on every recomputation, so they are cached and the cache dropped on each change.
 */
@Component
public class ChannelRules {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final InventoryProperties properties;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final Map<String, ChannelRule> cache = new ConcurrentHashMap<>();
  private volatile Map<String, ChannelRule> stored;
  private volatile java.time.Instant storedAt = java.time.Instant.MIN;
  /** How long rules read from the database are trusted before they are read again (another instance's change). */
  static final java.time.Duration REREAD = java.time.Duration.ofSeconds(30);

  ChannelRules(InventoryProperties properties, JdbcClient jdbc, Clock clock) {
    this.properties = properties;
    this.jdbc = jdbc;
    this.clock = clock;
    if (properties.locations().isEmpty()) {
      throw new IllegalStateException("sync.inventory.locations names no stock location");
    }
    for (String channel : properties.channels().keySet()) {
      configured(channel);
    }
  }

  public List<String> locations() {
    return properties.locations();
  }

  /** Every channel with a rule: the configured names, those with settings, and those changed over the API. */
  public List<String> channels() {
    LinkedHashSet<String> names = new LinkedHashSet<>(properties.channelNames());
    names.addAll(properties.channels().keySet());
    names.addAll(stored().keySet());
    return List.copyOf(names);
  }

  public ChannelRule rule(String channel) {
    ChannelRule changed = stored().get(channel);
    return changed != null ? changed : cache.computeIfAbsent(channel, this::configured);
  }

  public Map<String, ChannelRule> all() {
    Map<String, ChannelRule> rules = new LinkedHashMap<>();
    channels().forEach(channel -> rules.put(channel, rule(channel)));
    return rules;
  }

  /** Replaces a channel's rule; the previous and the new one go to the audit trail. */
  @Transactional
  public ChannelRule change(ChannelRule rule, String actor, String note) {
    for (String location : rule.locations()) {
      if (!properties.locations().contains(location)) {
        throw new IllegalArgumentException("unknown location " + location + "; known: " + properties.locations());
      }
    }
    Optional<String> previous = jdbc.sql("SELECT rule::text FROM channel_rules WHERE channel = :channel FOR UPDATE")
        .param("channel", rule.channel()).query(String.class).optional();
    String json = JSON.writeValueAsString(rule);
    var now = java.sql.Timestamp.from(clock.instant());
    jdbc.sql("""
            INSERT INTO channel_rules (channel, rule, updated_at, updated_by) VALUES (:channel, cast(:rule AS jsonb), :at, :by)
            ON CONFLICT (channel) DO UPDATE SET rule = excluded.rule, updated_at = excluded.updated_at,
                                                updated_by = excluded.updated_by""")
        .param("channel", rule.channel()).param("rule", json).param("at", now).param("by", actor).update();
    jdbc.sql("""
            INSERT INTO channel_rule_audit (channel, previous, rule, changed_at, changed_by, note)
            VALUES (:channel, cast(:previous AS jsonb), cast(:rule AS jsonb), :at, :by, :note)""")
        .param("channel", rule.channel())
        .param("previous", previous.orElse(JSON.writeValueAsString(configured(rule.channel()))))
        .param("rule", json).param("at", now).param("by", actor).param("note", note).update();
    stored = null;
    // read again once the change is committed: a read between now and then would cache the old rules
    io.retailsync.sync.tx.AfterCommit.run(() -> stored = null);
    return rule;
  }

  /** The audit trail of a channel's rule, newest first. */
  public List<Map<String, Object>> audit(String channel) {
    return jdbc.sql("""
            SELECT previous::text AS previous, rule::text AS rule, changed_at, changed_by, note
              FROM channel_rule_audit WHERE channel = :channel ORDER BY id DESC LIMIT 200""")
        .param("channel", channel)
        .query((rs, row) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("previous", rs.getString(1) == null ? null : JSON.readTree(rs.getString(1)));
          entry.put("rule", JSON.readTree(rs.getString(2)));
          entry.put("at", rs.getTimestamp(3).toInstant().toString());
          entry.put("by", rs.getString(4));
          entry.put("note", rs.getString(5));
          return entry;
        }).list();
  }

  /** Drops what was read from the database, so another instance's change is seen. */
  public void refresh() {
    stored = null;
  }

  private Map<String, ChannelRule> stored() {
    Map<String, ChannelRule> current = stored;
    if (current == null || clock.instant().isAfter(storedAt.plus(REREAD))) {
      Map<String, ChannelRule> read = new LinkedHashMap<>();
      jdbc.sql("SELECT channel, rule::text FROM channel_rules ORDER BY channel")
          .query((rs, row) -> Map.entry(rs.getString(1), JSON.readValue(rs.getString(2), ChannelRule.class)))
          .list().forEach(entry -> read.put(entry.getKey(), entry.getValue()));
      current = Map.copyOf(read);
      stored = current;
      storedAt = clock.instant();
    }
    return current;
  }

  private ChannelRule configured(String channel) {
    InventoryProperties.Channel settings = properties.channels().get(channel);
    List<String> locations = settings == null || settings.locations() == null || settings.locations().isEmpty()
        ? properties.locations() : settings.locations();
    for (String location : locations) {
      if (!properties.locations().contains(location)) {
        throw new IllegalStateException("sync.inventory.channels." + channel + " names unknown location " + location);
      }
    }
    return new ChannelRule(channel, new ArrayList<>(locations),
        settings == null || settings.buffer() == null ? 0 : settings.buffer(),
        settings == null ? Map.of() : settings.skuBuffers(),
        settings == null ? null : settings.cap(),
        settings == null || settings.floor() == null ? 0 : settings.floor());
  }
}
