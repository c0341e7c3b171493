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

  static void deleteData(Path dataDir) throws IOException {
    LocalFiles.deleteRecursively(dataDir.resolve("postgres"));
    Files.deleteIfExists(dataDir.resolve("postgres.log"));
  }
}
