package io.retailsync.localstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The raw single-row insert rate of a PostgreSQL server: each client its own connection in autocommit, a
 * loop of {@code INSERT ... ON CONFLICT DO NOTHING} of new keys (text primary key, like an idempotency
 * key) for a fixed time, into {@value #TABLE} in the scratch schema {@value #SCHEMA}, created first and
 * dropped afterwards. With the server's own durability settings, so with {@code synchronous_commit=on}
 * every row is a WAL flush: the ceiling of any design that commits once per message.
 */
final class InsertProbe implements AutoCloseable {

  static final String SCHEMA = "bench_scratch";
  static final String TABLE = SCHEMA + ".insert_probe";
  private static final int WARMUP_ROWS = 200;

  /** {@code rows} new rows by {@code clients} clients in {@code seconds}. */
  record Rate(int clients, long rows, double seconds, double rowsPerSecond) {}

  private final String url;
  private final String user;
  private final String password;

  private InsertProbe(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Creates the scratch schema and table (dropping leftovers of an interrupted run first). */
  static InsertProbe create(String url, String user, String password) throws SQLException {
    InsertProbe probe = new InsertProbe(url, user, password);
    probe.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE",
        "CREATE SCHEMA " + SCHEMA,
        "CREATE TABLE " + TABLE + " (key text PRIMARY KEY, payload text NOT NULL,"
            + " created_at timestamptz NOT NULL DEFAULT now())");
    return probe;
  }

  /** {@code clients} connections inserting new rows for {@code duration}; the table is emptied first. */
  Rate run(int clients, Duration duration) throws Exception {
    execute("TRUNCATE " + TABLE);
    String run = UUID.randomUUID().toString().substring(0, 8);
    CyclicBarrier start = new CyclicBarrier(clients + 1);
    ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
      Thread thread = new Thread(r, "bench-insert");
      thread.setDaemon(true);
      return thread;
    });
    long[] window = new long[2];
    try {
      List<Future<Long>> counts = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        String prefix = "bench:" + run + ":" + c + ":";
        counts.add(pool.submit(() -> insertLoop(prefix, start, window)));
      }
      start.await();
      window[0] = System.nanoTime();
      long deadline = window[0] + duration.toNanos();
      synchronized (window) {
        window[1] = deadline;
        window.notifyAll();
      }
      long rows = 0;
      for (Future<Long> count : counts) {
        rows += count.get();
      }
      long elapsed = System.nanoTime() - window[0];
      return new Rate(clients, rows, elapsed / 1e9, BenchStats.perSecond(rows, elapsed));
    } finally {
      pool.shutdownNow();
    }
  }

  private long insertLoop(String prefix, CyclicBarrier start, long[] window) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO " + TABLE + " (key, payload) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      connection.setAutoCommit(true);
      String payload = "{\"channel\":\"shopify\",\"kind\":\"delivery\",\"note\":\"raw insert probe\"}";
      long seq = 0;
      // not counted: lets the driver switch to a server-side prepared statement, as a pool's would be
      for (int i = 0; i < WARMUP_ROWS; i++) {
        insert.setString(1, prefix + "w" + seq++);
        insert.setString(2, payload);
        insert.executeUpdate();
      }
      start.await();
      long deadline;
      synchronized (window) {
        while (window[1] == 0) {
          window.wait();
        }
        deadline = window[1];
      }
      long rows = 0;
      while (System.nanoTime() - deadline < 0) {
        insert.setString(1, prefix + seq++);
        insert.setString(2, payload);
        rows += insert.executeUpdate();
      }
      return rows;
    }
  }

  private void execute(String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** Drops the scratch schema. */
  @Override
  public void close() throws SQLException {
    execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }
}
