package io.retailsync.sync.retention;

import io.micrometer.core.instrument.Counter;
import io.retailsync.sync.metrics.SyncMetrics;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes what the retention rules say has expired, in bounded batches: each batch is one
 * {@code DELETE ... WHERE ctid = ANY(ARRAY(SELECT ctid ... LIMIT n))} in its own transaction, so row locks
 * are held for milliseconds and no table lock is taken. A round goes through every rule, batch after batch,
 * until a rule has nothing left or has used {@code max-run-per-table}; rounds repeat every
 * {@code interval} (a {@code PeriodicTask} of sync-core's configuration, unless {@code enabled} is false).
 * With several replicas, one purges a schema at a time (each batch takes a transaction-scoped advisory
 * lock, and a replica that does not get it leaves the round to the other).
 * Rows deleted are counted as {@code sync_retention_purged_total{table}}.
 */
public final class RetentionPurger {

  private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':retention'))";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final RetentionProperties properties;
  private final List<RetentionRule> rules;
  private final Clock clock;
  private final Map<String, Counter> purged = new LinkedHashMap<>();

  public RetentionPurger(JdbcClient jdbc, TransactionTemplate transactions, RetentionProperties properties,
      List<RetentionRule> rules, Clock clock, SyncMetrics metrics) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.properties = properties;
    this.rules = List.copyOf(rules);
    this.clock = clock;
    for (RetentionRule rule : this.rules) {
      purged.put(rule.name(), metrics.counter(SyncMetrics.RETENTION_PURGED, "table", rule.name()));
    }
  }

  /** The rules sync-core brings for its own tables. */
  public static List<RetentionRule> syncCoreRules(RetentionProperties properties) {
    List<String> idempotencyScopes = properties.idempotencyKeys().keySet().stream()
        .filter(scope -> !scope.equals(RetentionProperties.DEFAULT_SCOPE)).sorted().toList();
    List<RetentionRule> rules = new java.util.ArrayList<>(List.of(
        new RetentionRule("outbox", "outbox", "published_at", "published_at IS NOT NULL", properties.outboxPublished()),
        // a parked row whose PUBLISH_REFUSED entry is still open is work operations have not done yet
        new RetentionRule("outbox_parked", "outbox", "parked_at", """
            parked_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.status = 'OPEN'
                AND e.replay_kind = 'outbox-row' AND e.replay_target = outbox.id::text)""", properties.outboxParked()),
        new RetentionRule("consumed_events", "consumed_events", "last_seen_at", "", properties.consumedEvents()),
        new RetentionRule("lineage_events", "lineage_events", "at", "", properties.lineage()),
        new RetentionRule("lineage_documents", "lineage_documents", "posted_at", "", properties.lineage()),
        new RetentionRule("lineage_orders", "lineage_orders", "created_at", "", properties.lineage()),
        new RetentionRule("exceptions", "exceptions", "updated_at", "status <> 'OPEN'", properties.closedExceptions())));
    // scopes named in the configuration first, then every other scope under the default window
    for (String scope : idempotencyScopes) {
      rules.add(new RetentionRule("idempotency_keys:" + scope, "idempotency_keys", "last_seen",
          "status = 'COMPLETED' AND scope = :scope", properties.idempotencyKeyWindow(scope), Map.of("scope", scope)));
    }
    rules.add(new RetentionRule("idempotency_keys", "idempotency_keys", "last_seen",
        "status = 'COMPLETED' AND scope <> ALL(:named)", properties.idempotencyKeyWindow(RetentionProperties.DEFAULT_SCOPE),
        Map.of("named", idempotencyScopes.toArray(String[]::new))));
    return rules;
  }

  /** One round over every rule; returns rows deleted per rule. Used by the scheduler and by tests. */
  public Map<String, Long> purgeOnce() {
    Map<String, Long> deleted = new LinkedHashMap<>();
    Instant now = clock.instant();
    for (RetentionRule rule : rules) {
      deleted.put(rule.name(), purge(rule, Timestamp.from(now.minus(rule.window()))));
    }
    return deleted;
  }

  private long purge(RetentionRule rule, Timestamp before) {
    long total = 0;
    long deadline = System.nanoTime() + properties.maxRunPerTable().toNanos();
    String sql = rule.deleteBatch();
    while (System.nanoTime() < deadline) {
      Integer batch = transactions.execute(status -> {
        if (!Boolean.TRUE.equals(jdbc.sql(LOCK).query(Boolean.class).single())) {
          return -1;
        }
        return jdbc.sql(sql).params(rule.parameters()).param("before", before).param("limit", properties.batchSize())
            .update();
      });
      if (batch == null || batch < 0) {
        break; // another replica is purging this schema
      }
      total += batch;
      purged.get(rule.name()).increment(batch);
      if (batch < properties.batchSize()) {
        break;
      }
    }
    return total;
  }
}
