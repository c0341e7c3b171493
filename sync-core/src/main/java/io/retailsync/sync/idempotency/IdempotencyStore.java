package io.retailsync.sync.idempotency;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Idempotency keys in PostgreSQL. Each key lives in a scope (e.g. {@code shopify-delivery},
 * {@code erp-sales-order}) with a status and, once done, a result reference such as the ERP document
 * number. Insert-if-absent is a single {@code INSERT ... ON CONFLICT} statement, so it holds under
 * concurrent callers: exactly one of them sees {@link Claim#firstSeen()}.
 *
 * <p>Calls join the caller's transaction and require one: the key must commit or roll back together
 * with the side effect it guards.
 */
public class IdempotencyStore {

  public enum Status { PENDING, COMPLETED }

  public record Entry(String scope, String key, Status status, String resultRef, int seenCount) {}

  /** What a lease claim found. */
  public enum LeaseState {
    /** The key is new: this caller holds it and nobody acted on it before. */
    FIRST,
    /**
     * This caller holds the key now, but someone held it before (an earlier attempt, a consumer that
     * crashed or lost its partitions): the guarded side effect may have happened; look it up first.
     */
    RECLAIMED,
    /** The side effect is done. */
    COMPLETED,
    /** Another owner holds an unexpired lease: it is at work on the key; leave it alone. */
    HELD_ELSEWHERE
  }

  public record Lease(LeaseState state, String resultRef) {
    public boolean held() {
      return state == LeaseState.FIRST || state == LeaseState.RECLAIMED;
    }
  }

  private static final String INSERT_IF_ABSENT = """
      INSERT INTO idempotency_keys (scope, key, status, result_ref) VALUES (:scope, :key, :status, :ref)
      ON CONFLICT (scope, key) DO NOTHING
      """;

  private static final String COMPLETE = """
      INSERT INTO idempotency_keys (scope, key, status, result_ref) VALUES (:scope, :key, 'COMPLETED', :ref)
      ON CONFLICT (scope, key) DO UPDATE
         SET status = 'COMPLETED', result_ref = :ref, last_seen = now(), owner = NULL, lease_until = NULL
      """;

  /**
   * Whether nobody holds the pending key of row {@code alias} any more: no owner or no lease, a lease that
   * ran out, or an owner ({@code <instance id>/<call id>}) whose instance has not beaten in
   * {@code service_instances} for {@code :takeover} (a write it sent before it went silent may still be
   * under way). The claim below and every query that picks up abandoned work use this one rule.
   */
  public static String nobodyHolds(String alias) {
    return """
        (%1$s.owner IS NULL OR %1$s.lease_until IS NULL OR %1$s.lease_until <= now()
         OR NOT EXISTS (SELECT 1 FROM service_instances s
                         WHERE s.instance_id = split_part(%1$s.owner, '/', 1)
                           AND s.heartbeat_at > now() - make_interval(secs => :takeover)))""".formatted(alias);
  }

  private static final String CLAIM_LEASE = """
      INSERT INTO idempotency_keys (scope, key, status, owner, lease_until)
      VALUES (:scope, :key, 'PENDING', :owner, now() + make_interval(secs => :seconds))
      ON CONFLICT (scope, key) DO UPDATE
         SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until, last_seen = now(),
             seen_count = idempotency_keys.seen_count + 1
       WHERE idempotency_keys.status = 'PENDING'
         AND (idempotency_keys.owner = EXCLUDED.owner OR %s)
      RETURNING (xmax = 0) AS inserted
      """.formatted(nobodyHolds("idempotency_keys"));

  private static final String RENEW_LEASES = """
      UPDATE idempotency_keys SET lease_until = now() + make_interval(secs => :seconds)
       WHERE scope = :scope AND key = ANY(:keys) AND status = 'PENDING' AND owner = :owner AND lease_until > now()
      RETURNING key
      """;

  private static final String RELEASE_LEASES = """
      UPDATE idempotency_keys SET lease_until = now()
       WHERE scope = :scope AND key = ANY(:keys) AND status = 'PENDING' AND owner = :owner
      """;

  private final JdbcClient jdbc;

  public IdempotencyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Claims the key as a lease held by {@code owner} ({@code <instance id>/<call id>}) for {@code lease}: a
   * new key, a pending key nobody holds, one whose lease ran out or whose holder's instance has not beaten
   * for {@code takeoverGrace} is taken; a completed key or one another owner holds is not. Exactly one of
   * several concurrent callers takes a key.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Lease claimLease(String scope, String key, String owner, java.time.Duration lease,
      java.time.Duration takeoverGrace) {
    java.util.Optional<Boolean> inserted = jdbc.sql(CLAIM_LEASE).param("scope", scope).param("key", key)
        .param("owner", owner).param("seconds", seconds(lease)).param("takeover", seconds(takeoverGrace))
        .query((rs, row) -> rs.getBoolean("inserted")).optional();
    if (inserted.isPresent()) {
      return new Lease(inserted.get() ? LeaseState.FIRST : LeaseState.RECLAIMED, null);
    }
    Entry entry = find(scope, key).orElseThrow();
    return entry.status() == Status.COMPLETED ? new Lease(LeaseState.COMPLETED, entry.resultRef())
        : new Lease(LeaseState.HELD_ELSEWHERE, null);
  }

  /**
   * Extends {@code owner}'s unexpired leases on {@code keys}; returns the keys it still holds. Called right
   * before the side effect: a key whose lease ran out may be another owner's by now and must not be acted on.
   */
  @Transactional(propagation = Propagation.REQUIRED)
  public java.util.Set<String> renewLeases(String scope, java.util.Collection<String> keys, String owner,
      java.time.Duration lease) {
    if (keys.isEmpty()) {
      return java.util.Set.of();
    }
    return new java.util.HashSet<>(jdbc.sql(RENEW_LEASES).param("scope", scope)
        .param("keys", keys.toArray(String[]::new)).param("owner", owner).param("seconds", seconds(lease))
        .query(String.class).list());
  }

  /** Ends {@code owner}'s leases on keys it did not act on, so another owner may take them at once. */
  @Transactional(propagation = Propagation.REQUIRED)
  public void releaseLeases(String scope, java.util.Collection<String> keys, String owner) {
    if (!keys.isEmpty()) {
      jdbc.sql(RELEASE_LEASES).param("scope", scope).param("keys", keys.toArray(String[]::new))
          .param("owner", owner).update();
    }
  }

  /**
   * Puts a key back to pending with no holder, so the next claim is a reclaim, which looks up first: a
   * completed key, or a key that is no longer there (purged) — never a blind first post. A key someone
   * holds right now is left as it is.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void reopen(String scope, String key) {
    jdbc.sql("""
            INSERT INTO idempotency_keys (scope, key, status) VALUES (:scope, :key, 'PENDING')
            ON CONFLICT (scope, key) DO UPDATE
               SET status = 'PENDING', result_ref = NULL, owner = NULL, lease_until = NULL, last_seen = now()
             WHERE idempotency_keys.status = 'COMPLETED'""")
        .param("scope", scope).param("key", key).update();
  }

  private static double seconds(java.time.Duration lease) {
    return lease.toMillis() / 1000.0;
  }

  /** Records a finished key in one step; false when it was already there (a duplicate). */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean markCompletedIfAbsent(String scope, String key, String resultRef) {
    return jdbc.sql(INSERT_IF_ABSENT).param("scope", scope).param("key", key)
        .param("status", Status.COMPLETED.name()).param("ref", resultRef).update() == 1;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void complete(String scope, String key, String resultRef) {
    jdbc.sql(COMPLETE).param("scope", scope).param("key", key).param("ref", resultRef).update();
  }

  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public Optional<Entry> find(String scope, String key) {
    return jdbc.sql("SELECT scope, key, status, result_ref, seen_count FROM idempotency_keys WHERE scope = :scope AND key = :key")
        .param("scope", scope).param("key", key)
        .query((rs, row) -> new Entry(rs.getString("scope"), rs.getString("key"),
            Status.valueOf(rs.getString("status")), rs.getString("result_ref"), rs.getInt("seen_count")))
        .optional();
  }
}
