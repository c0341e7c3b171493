package io.retailsync.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's embedded binaries) for the local stack: data under
 * {@code <data-dir>/postgres}, kept across restarts (initdb runs only the first time), server output in
 * {@code <data-dir>/postgres.log}. The services share one database, {@code retailsync}, each in its own
 * schema.
 */
final class LocalPostgres implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  static final int PORT = 15432;
  static final String DATABASE = "retailsync";
  static final String USER = "postgres";
  static final String PASSWORD = "postgres";
  static final String JDBC_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE;

  private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

  private final EmbeddedPostgres postgres;

  private LocalPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static LocalPostgres start(Path dataDir) throws IOException, SQLException {
    // zonky unpacks its binaries under java.io.tmpdir and fails when that folder does not exist
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    Path pgData = dataDir.resolve("postgres");
    boolean existing = Files.exists(pgData.resolve("PG_VERSION"));
    Files.createDirectories(dataDir);
    ProcessBuilder.Redirect serverLog = ProcessBuilder.Redirect.appendTo(dataDir.resolve("postgres.log").toFile());
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        .setPort(PORT)
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("listen_addresses", HOST)
        .setServerConfig("max_connections", "200")
        // zonky runs with fsync off for throwaway test databases; this data is meant to last
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setOutputRedirector(serverLog)
        .setErrorRedirector(serverLog)
        .start();
    LocalPostgres local = new LocalPostgres(postgres);
    try {
      createDatabase();
    } catch (SQLException e) {
      local.close();
      throw e;
    }
    log.info("PostgreSQL {} data in {} ({})", existing ? "reused" : "initialised", pgData, JDBC_URL);
    return local;
  }

  private static void createDatabase() throws SQLException {
    String admin = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
    try (Connection connection = DriverManager.getConnection(admin, USER, PASSWORD);
        PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      try (ResultSet result = exists.executeQuery()) {
        if (result.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE DATABASE " + DATABASE);
      }
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException | RuntimeException e) {
      log.warn("PostgreSQL did not shut down cleanly: {}", e.toString());
    }
  }

  /**
   * Stops a PostgreSQL that an earlier local stack left running on this data directory (that stack was
   * killed, e.g. with SIGKILL, and its server outlived it), so this start does not find its port taken.
   * Its clients died with that stack, so a smart shutdown ends it in moments; one that does not is killed,
   * and PostgreSQL recovers from its write-ahead log on the next start.
   */
  static void stopLeftover(Path dataDir) throws IOException, InterruptedException {
    Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    } catch (RuntimeException unreadable) {
      return;
    }
    java.util.Optional<ProcessHandle> server = ProcessHandle.of(pid)
        .filter(process -> process.info().command().map(command -> command.contains("postgres")).orElse(false));
    if (server.isEmpty()) {
      return; // a stale pid file: PostgreSQL itself ignores it
    }
    log.warn("PostgreSQL (pid {}) left running on {} by an earlier local stack: stopping it", pid, dataDir);
    ProcessHandle process = server.get();
    process.destroy();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    if (process.isAlive()) {
      log.warn("PostgreSQL (pid {}) did not stop within 30 s; killing it", pid);
      process.destroyForcibly();
      process.onExit().join();
    }
  }

  static void deleteData(Path dataDir) throws IOException {
    LocalFiles.deleteRecursively(dataDir.resolve("postgres"));
    Files.deleteIfExists(dataDir.resolve("postgres.log"));
  }
}
