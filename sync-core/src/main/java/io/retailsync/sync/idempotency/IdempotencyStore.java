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

  public record Claim(boolean firstSeen, Status status, String resultRef, int seenCount) {
    public boolean completed() {
      return status == Status.COMPLETED;
    }
  }

  public record Entry(String scope, String key, Status status, String resultRef, int seenCount) {}

  private static final String CLAIM = """
      INSERT INTO idempotency_keys (scope, key, status) VALUES (:scope, :key, :status)
      ON CONFLICT (scope, key) DO UPDATE
         SET last_seen = now(), seen_count = idempotency_keys.seen_count + 1
      RETURNING status, result_ref, seen_count, (xmax = 0) AS inserted
      """;

  private static final String INSERT_IF_ABSENT = """
      INSERT INTO idempotency_keys (scope, key, status, result_ref) VALUES (:scope, :key, :status, :ref)
      ON CONFLICT (scope, key) DO NOTHING
      """;

  private static final String COMPLETE = """
      INSERT INTO idempotency_keys (scope, key, status, result_ref) VALUES (:scope, :key, 'COMPLETED', :ref)
      ON CONFLICT (scope, key) DO UPDATE SET status = 'COMPLETED', result_ref = :ref, last_seen = now()
      """;

  private final JdbcClient jdbc;

  public IdempotencyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records that the key was seen; marks a new key {@code PENDING}. The answer says whether this caller
   * is the first, and what an earlier caller left (a pending key may mean an earlier attempt reached the
   * remote side before it crashed: look the result up before acting again).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Claim claim(String scope, String key) {
    return jdbc.sql(CLAIM).param("scope", scope).param("key", key).param("status", Status.PENDING.name())
        .query((rs, row) -> new Claim(rs.getBoolean("inserted"), Status.valueOf(rs.getString("status")),
            rs.getString("result_ref"), rs.getInt("seen_count")))
        .single();
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
