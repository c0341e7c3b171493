package io.retailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.sync.retention.RetentionPurger;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The purge deletes what expired and keeps what is still work or still inside its window. */
@SyncIntegrationTest
@SpringBootTest(classes = TestSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RetentionIT {

  @Autowired RetentionPurger purger;
  @Autowired JdbcClient jdbc;

  @Test
  void expiredRowsGoAndOpenWorkStays() {
    String run = UUID.randomUUID().toString();
    outbox(run + "-published-old", "published_at", "now() - interval '2 hours'");
    outbox(run + "-published-new", "published_at", "now() - interval '5 minutes'");
    outbox(run + "-parked-old", "parked_at", "now() - interval '40 days'");
    outbox(run + "-parked-new", "parked_at", "now() - interval '1 day'");
    outbox(run + "-pending-old", null, null);
    key("some-scope", run + "-old", "COMPLETED", "500 days");
    key("erp-sales-order", run + "-posted", "COMPLETED", "100 days");
    key("shopify-delivery", run + "-delivery-old", "COMPLETED", "8 days");
    key("shopify-delivery", run + "-delivery-new", "COMPLETED", "1 day");
    key("erp-sales-order", run + "-open-claim", "PENDING", "500 days");
    consumed(run + "-old", "20 days");
    consumed(run + "-new", "1 day");
    jdbc.sql("INSERT INTO lineage_orders (channel, order_id, correlation_id, created_at) VALUES ('x', :id, 'c', now() - interval '500 days')")
        .param("id", run).update();
    jdbc.sql("INSERT INTO lineage_events (channel, order_id, type, at, service, dedupe_key) VALUES ('x', :id, 'T', now() - interval '500 days', 's', :id)")
        .param("id", run).update();
    UUID discarded = exception(run, "DISCARDED", "100 days");
    UUID open = exception(run, "OPEN", "100 days");
    UUID resolvedRecently = exception(run, "RESOLVED", "10 days");

    purger.purgeOnce();

    assertThat(outboxLeft(run)).containsExactlyInAnyOrder(run + "-published-new", run + "-parked-new", run + "-pending-old");
    assertThat(keysLeft(run)).containsExactlyInAnyOrder(run + "-posted", run + "-delivery-new", run + "-open-claim");
    assertThat(jdbc.sql("SELECT event_id FROM consumed_events WHERE event_id LIKE :run").param("run", run + "%")
        .query(String.class).list()).containsExactly(run + "-new");
    assertThat(jdbc.sql("SELECT count(*) FROM lineage_orders WHERE order_id = :id").param("id", run)
        .query(Long.class).single()).isZero();
    assertThat(jdbc.sql("SELECT count(*) FROM lineage_events WHERE order_id = :id").param("id", run)
        .query(Long.class).single()).isZero();
    assertThat(jdbc.sql("SELECT id FROM exceptions WHERE order_id = :run").param("run", run).query(UUID.class).list())
        .containsExactlyInAnyOrder(open, resolvedRecently);
    assertThat(jdbc.sql("SELECT count(*) FROM exception_audit WHERE exception_id = :id").param("id", discarded)
        .query(Long.class).single()).isZero();
  }

  private void outbox(String eventId, String column, String at) {
    jdbc.sql("""
            INSERT INTO outbox (topic, record_key, event_id, event_type, source, event_time, schema_version, payload%s)
            VALUES ('t', 'k', :id, 'REFUND_ISSUED', '/s', now(), '1', '\\x00'::bytea%s)"""
            .formatted(column == null ? "" : ", " + column, column == null ? "" : ", " + at))
        .param("id", eventId).update();
  }

  private void key(String scope, String key, String status, String age) {
    jdbc.sql("INSERT INTO idempotency_keys (scope, key, status, first_seen, last_seen) VALUES (:scope, :key, :status, now() - cast(:age as interval), now() - cast(:age as interval))")
        .param("scope", scope).param("key", key).param("status", status).param("age", age).update();
  }

  private void consumed(String eventId, String age) {
    jdbc.sql("""
            INSERT INTO consumed_events (event_id, topic, event_type, record_key, source, event_time, kafka_partition,
                                         kafka_offset, first_seen_at, last_seen_at)
            VALUES (:id, 't', 'T', 'k', '/s', now(), 0, 0, now() - cast(:age as interval), now() - cast(:age as interval))""")
        .param("id", eventId).param("age", age).update();
  }

  private UUID exception(String orderId, String status, String age) {
    UUID id = UUID.randomUUID();
    jdbc.sql("INSERT INTO exceptions (id, type, reason, status, order_id, updated_at) VALUES (:id, 'T', 'r', :status, :orderId, now() - cast(:age as interval))")
        .param("id", id).param("status", status).param("orderId", orderId).param("age", age).update();
    jdbc.sql("INSERT INTO exception_audit (exception_id, action, actor) VALUES (:id, 'CREATED', 'system')").param("id", id).update();
    return id;
  }

  private java.util.List<String> outboxLeft(String run) {
    return jdbc.sql("SELECT event_id FROM outbox WHERE event_id LIKE :run").param("run", run + "%").query(String.class).list();
  }

  private java.util.List<String> keysLeft(String run) {
    return jdbc.sql("SELECT key FROM idempotency_keys WHERE key LIKE :run").param("run", run + "%").query(String.class).list();
  }
}
