package io.retailsync.localstack;

import io.retailsync.model.event.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: one KRaft node with the broker and controller roles, its log under
 * {@code <data-dir>/kafka} (kept across restarts; the storage is formatted only the first time). Tuned
 * small for a 2-core laptop: replication factor and min ISR 1 for internal topics, few partitions for
 * them, few threads, a small log-cleaner buffer.
 */
final class LocalKafka implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  static final int PORT = 19092;
  static final int CONTROLLER_PORT = 19093;
  static final String BOOTSTRAP_SERVERS = HOST + ":" + PORT;

  private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);
  private static final int NODE_ID = 1;

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private LocalKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  static LocalKafka start(Path dataDir, Duration timeout) throws Exception {
    return start(dataDir, timeout, PORT, CONTROLLER_PORT);
  }

  /** A broker on other ports (tests that stop and start their own broker). */
  static LocalKafka start(Path dataDir, Duration timeout, int port, int controllerPort) throws Exception {
    Path logDir = dataDir.resolve("kafka");
    Files.createDirectories(logDir);
    KafkaConfig config = new KafkaConfig(brokerProperties(logDir, port, controllerPort), false);
    format(logDir);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    LocalKafka kafka = new LocalKafka(server, HOST + ":" + port);
    try {
      server.startup();
      awaitBroker(kafka.bootstrapServers, timeout);
    } catch (Exception | Error e) {
      kafka.close();
      throw e;
    }
    return kafka;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  static Map<String, Object> brokerProperties(Path logDir, int port, int controllerPort) {
    Map<String, Object> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("auto.create.topics.enable", "true");
    props.put("num.partitions", "6");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "6");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "6");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "2");
    props.put("background.threads", "2");
    props.put("num.recovery.threads.per.data.dir", "1");
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    props.put("log.cleaner.threads", "1");
    // the services' producers and topics carry records up to this size; the broker must take them too
    props.put("message.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES));
    props.put("replica.fetch.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES));
    return props;
  }

  /**
   * Formats the storage the first time with a new cluster id; an already formatted directory keeps its
   * cluster id and data (the formatter only checks it).
   */
  private static void format(Path logDir) throws Exception {
    Path meta = logDir.resolve("meta.properties");
    boolean formatted = Files.exists(meta);
    String clusterId = null;
    if (formatted) {
      Properties existing = new Properties();
      try (Reader reader = Files.newBufferedReader(meta)) {
        existing.load(reader);
      }
      clusterId = existing.getProperty("cluster.id");
    }
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(NODE_ID)
        .setClusterId(clusterId != null ? clusterId : Uuid.randomUuid().toString())
        .setDirectories(List.of(logDir.toString()))
        .setMetadataLogDirectory(Optional.of(logDir.toString()))
        .setControllerListenerName("CONTROLLER")
        .setIgnoreFormatted(true)
        .run();
    log.info("Kafka storage {} in {}", formatted ? "reused" : "formatted", logDir);
  }

  private static void awaitBroker(String bootstrapServers, Duration timeout) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"))) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      log.warn("Kafka did not shut down cleanly: {}", e.toString());
    }
  }

  static void deleteData(Path dataDir) throws IOException {
    LocalFiles.deleteRecursively(dataDir.resolve("kafka"));
  }
}
