package io.retailsync.localstack;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailsync.sync.metrics.SyncMetrics;
import io.retailsync.sync.retention.RetentionProperties;
import io.retailsync.sync.retention.RetentionPurger;
import io.retailsync.sync.retention.RetentionRule;
import io.retailsync.sync.schema.SyncCoreMigrationStrategy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code bin/local-stack retention-bench}: how fast the retention purge deletes, on a real PostgreSQL
 * (embedded binaries, fsync on) with sync-core's own tables and indexes. Every purgeable table is filled
 * with expired rows and with rows still inside their window; each rule is then run to the end while a
 * writer keeps inserting new outbox rows and idempotency keys at a production rate, so the report shows
 * both the purge's rows per second and what it costs the writers (their insert latency while it runs: a
 * purge that took long locks would show here). The requirement it is measured against: ten times the
 * benchmark's sustained 50 orders/s, each order leaving about 2 outbox rows, 3 idempotency keys, 2
 * consumed events per consuming service and 4 lineage rows.
 */
final class RetentionBench {

  static final String COMMAND = "retention-bench";
  private static final String SCHEMA = "retention_bench";
  private static final int REQUIRED_ORDERS_PER_SECOND = 500;
  /** The defaults of sync.retention.interval and max-run-per-table. */
  private static final Duration PRODUCTION_INTERVAL = Duration.ofSeconds(10);
  private static final Duration PRODUCTION_MAX_RUN = Duration.ofSeconds(5);

  private final int expiredRows;
  private final int liveRows;
  private final int writerRowsPerSecond;
  private final PrintStream out;

  RetentionBench(int expiredRows, int liveRows, int writerRowsPerSecond, PrintStream out) {
    this.expiredRows = expiredRows;
    this.liveRows = liveRows;
    this.writerRowsPerSecond = writerRowsPerSecond;
    this.out = out;
  }

  static int run(String[] args, PrintStream out) {
    int rows = 500_000;
    int live = 100_000;
    int writer = 1_000;
    for (String arg : args) {
      String value = arg.substring(arg.indexOf('=') + 1);
      if (arg.startsWith("--rows=")) {
        rows = Integer.parseInt(value);
      } else if (arg.startsWith("--live-rows=")) {
        live = Integer.parseInt(value);
      } else if (arg.startsWith("--writer-rate=")) {
        writer = Integer.parseInt(value);
      } else {
        out.println("usage: bin/local-stack retention-bench [--rows=N] [--live-rows=N] [--writer-rate=N]");
        return 2;
      }
    }
    try {
      return new RetentionBench(rows, live, writer, out).run();
    } catch (Exception e) {
      out.println("retention-bench: FAILED - " + e);
      return 1;
    }
  }

  int run() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(tmp);
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on").start();
        HikariDataSource dataSource = new HikariDataSource()) {
      dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
      dataSource.setUsername("postgres");
      dataSource.setPassword("postgres");
      dataSource.setSchema(SCHEMA);
      dataSource.setMaximumPoolSize(4);
      Flyway.configure().dataSource(dataSource).schemas(SCHEMA).defaultSchema(SCHEMA).createSchemas(true)
          .locations(SyncCoreMigrationStrategy.LOCATION).table(SyncCoreMigrationStrategy.HISTORY_TABLE).load().migrate();
      JdbcClient jdbc = JdbcClient.create(dataSource);
      TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
      // the production windows and batch size; each rule runs to its end here, to measure it
      RetentionProperties properties = new RetentionProperties(true, PRODUCTION_INTERVAL, 5000, Duration.ofHours(1),
          Duration.ofHours(1), Duration.ofDays(30), Duration.ofDays(14), null, Duration.ofDays(400), Duration.ofDays(90));
      out.printf("retention-bench: PostgreSQL %s (fsync on), %,d expired and %,d live rows per table, batches of %d%n",
          jdbc.sql("SHOW server_version").query(String.class).single(), expiredRows, liveRows, properties.batchSize());
      fill(jdbc);
      SyncMetrics metrics = new SyncMetrics(new SimpleMeterRegistry(), "bench");
      List<String> lines = new ArrayList<>();
      double slowest = Double.MAX_VALUE;
      for (RetentionRule rule : RetentionPurger.syncCoreRules(properties)) {
        long before = count(jdbc, rule);
        if (before == 0) {
          continue;
        }
        RetentionPurger purger = new RetentionPurger(jdbc, transactions, properties, List.of(rule), Clock.systemUTC(),
            metrics);
        Writer writer = new Writer(jdbc, writerRowsPerSecond);
        writer.start();
        long started = System.nanoTime();
        long deleted = 0;
        long round;
        do {
          round = purger.purgeOnce().values().stream().mapToLong(Long::longValue).sum();
          deleted += round;
        } while (round > 0);
        double seconds = (System.nanoTime() - started) / 1e9;
        Writer.Latency latency = writer.stop();
        double perSecond = deleted / seconds;
        slowest = Math.min(slowest, perSecond);
        lines.add(String.format("  %-32s %,9d rows in %6.2f s = %,9.0f rows/s   writer p99 %5.1f ms, max %6.1f ms",
            rule.name(), deleted, seconds, perSecond, latency.p99Millis(), latency.maxMillis()));
        if (count(jdbc, rule) != 0) {
          throw new IllegalStateException(rule.name() + " left expired rows behind");
        }
      }
      lines.forEach(out::println);
      // each table gets at most max-run-per-table of every interval: what the purge sustains, per table
      double duty = PRODUCTION_MAX_RUN.toMillis() / (double) (PRODUCTION_INTERVAL.toMillis() + PRODUCTION_MAX_RUN.toMillis());
      double sustained = slowest * duty;
      double needed = REQUIRED_ORDERS_PER_SECOND * 4.0;
      out.printf("retention-bench: slowest table %,.0f rows/s; with %s of every %s per table it sustains %,.0f rows/s"
          + " per table, against %,.0f rows/s needed at 10x the benchmark's 50 orders/s (the busiest table, lineage, "
          + "takes 4 rows an order): %.1fx%n", slowest, PRODUCTION_MAX_RUN, PRODUCTION_INTERVAL, sustained,
          needed, sustained / needed);
      return sustained >= needed ? 0 : 1;
    }
  }

  private void fill(JdbcClient jdbc) {
    long started = System.nanoTime();
    int total = expiredRows + liveRows;
    String payload = "repeat('x', 1200)";
    jdbc.sql("""
        INSERT INTO outbox (topic, record_key, event_id, event_type, source, event_time, schema_version, payload, published_at)
        SELECT 'retail.orders.v1', 'shopify:' || n, 'e-' || n, 'ORDER_CREATED', '/bench', now(), '1',
               convert_to(%s, 'UTF8'), CASE WHEN n <= :expired THEN now() - interval '2 hours' ELSE now() END
          FROM generate_series(1, :total) AS n""".formatted(payload))
        .param("expired", expiredRows).param("total", total).update();
    for (String[] scope : new String[][] {{"shopify-delivery", "8 days"}, {"erp-sales-order", "401 days"}}) {
      jdbc.sql("""
          INSERT INTO idempotency_keys (scope, key, status, result_ref, first_seen, last_seen)
          SELECT :scope, 'k-' || n, 'COMPLETED', 'SO-' || n,
                 now() - CASE WHEN n <= :expired THEN cast(:age as interval) ELSE interval '1 hour' END,
                 now() - CASE WHEN n <= :expired THEN cast(:age as interval) ELSE interval '1 hour' END
            FROM generate_series(1, :total) AS n""")
          .param("scope", scope[0]).param("age", scope[1]).param("expired", expiredRows).param("total", total).update();
    }
    jdbc.sql("""
        INSERT INTO consumed_events (event_id, topic, event_type, record_key, source, event_time, kafka_partition,
                                     kafka_offset, idempotency_key, first_seen_at, last_seen_at)
        SELECT 'e-' || n, 'retail.orders.v1', 'OrderCreated', 'shopify:' || n, '/bench', now(), 0, n, 'shopify:' || n,
               now() - CASE WHEN n <= :expired THEN interval '15 days' ELSE interval '1 hour' END,
               now() - CASE WHEN n <= :expired THEN interval '15 days' ELSE interval '1 hour' END
          FROM generate_series(1, :total) AS n""").param("expired", expiredRows).param("total", total).update();
    String age = "CASE WHEN n <= :expired THEN interval '401 days' ELSE interval '1 hour' END";
    jdbc.sql("INSERT INTO lineage_orders (channel, order_id, correlation_id, created_at) "
        + "SELECT 'shopify', 'o-' || n, 'c-' || n, now() - " + age + " FROM generate_series(1, :total) AS n")
        .param("expired", expiredRows).param("total", total).update();
    jdbc.sql("INSERT INTO lineage_events (channel, order_id, type, at, service, reference, dedupe_key) "
        + "SELECT 'shopify', 'o-' || n, 'OrderReceived', now() - " + age + ", 'bench', 'webhook', 'r-' || n "
        + "FROM generate_series(1, :total) AS n").param("expired", expiredRows).param("total", total).update();
    jdbc.sql("INSERT INTO lineage_documents (channel, order_id, document_number, kind, posted_at) "
        + "SELECT 'shopify', 'o-' || n, 'SO-' || n, 'SALES_ORDER', now() - " + age + " FROM generate_series(1, :total) AS n")
        .param("expired", expiredRows).param("total", total).update();
    jdbc.sql("""
        INSERT INTO exceptions (id, type, reason, status, channel, order_id, updated_at)
        SELECT gen_random_uuid(), 'INVALID_PAYLOAD', 'bench', CASE WHEN n <= :expired THEN 'DISCARDED' ELSE 'OPEN' END,
               'shopify', 'o-' || n, now() - CASE WHEN n <= :expired THEN interval '91 days' ELSE interval '1 hour' END
          FROM generate_series(1, :total) AS n""").param("expired", expiredRows).param("total", total).update();
    jdbc.sql("INSERT INTO exception_audit (exception_id, action, actor) SELECT id, 'CREATED', 'system' FROM exceptions")
        .update();
    jdbc.sql("VACUUM ANALYZE").update();
    out.printf("retention-bench: filled in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  private static long count(JdbcClient jdbc, RetentionRule rule) {
    return jdbc.sql("SELECT count(*) FROM " + rule.table() + " WHERE " + rule.timestampColumn() + " < now() - "
            + "make_interval(secs => :seconds)" + (rule.condition().isBlank() ? "" : " AND (" + rule.condition() + ")"))
        .params(rule.parameters()).param("seconds", (double) rule.window().toSeconds()).query(Long.class).single();
  }

  /** Inserts new outbox rows and idempotency keys at a steady rate, one per transaction, timing each. */
  private static final class Writer {

    record Latency(double p99Millis, double maxMillis) {}

    private final JdbcClient jdbc;
    private final int rowsPerSecond;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
    private Thread thread;

    Writer(JdbcClient jdbc, int rowsPerSecond) {
      this.jdbc = jdbc;
      this.rowsPerSecond = rowsPerSecond;
    }

    void start() {
      thread = new Thread(() -> {
        long interval = 1_000_000_000L / rowsPerSecond;
        long next = System.nanoTime();
        long n = 0;
        while (running.get()) {
          long t0 = System.nanoTime();
          String key = "live-" + System.nanoTime() + "-" + n++;
          if (n % 2 == 0) {
            jdbc.sql("INSERT INTO outbox (topic, record_key, event_id, event_type, source, event_time, schema_version, payload)"
                + " VALUES ('t', 'k', :id, 'ORDER_CREATED', '/bench', now(), '1', '\\x00'::bytea)").param("id", key).update();
          } else {
            jdbc.sql("INSERT INTO idempotency_keys (scope, key, status) VALUES ('shopify-delivery', :key, 'COMPLETED')")
                .param("key", key).update();
          }
          nanos.add(System.nanoTime() - t0);
          next += interval;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            try {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
              return;
            }
          }
        }
      }, "retention-bench-writer");
      thread.start();
    }

    Latency stop() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
      List<Long> sorted = new ArrayList<>(nanos);
      Collections.sort(sorted);
      if (sorted.isEmpty()) {
        return new Latency(0, 0);
      }
      return new Latency(sorted.get((int) Math.min(sorted.size() - 1, Math.floor(sorted.size() * 0.99))) / 1e6,
          sorted.get(sorted.size() - 1) / 1e6);
    }
  }
}
