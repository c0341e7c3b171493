package io.retailsync.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits until a service's pipeline has nothing left in flight, so a test counts documents and posts once
 * the work is done rather than after a guessed sleep: no outbox row waits to be published, no posting
 * claim is open, and every named consumer group has consumed its topics to the end. The state must hold on
 * two consecutive looks.
 */
public final class PipelineQuiet {

  /** A consumer group and the topics it reads. */
  public record Group(String groupId, List<String> topics) {
    public static Group of(String groupId, String... topics) {
      return new Group(groupId, List.of(topics));
    }
  }

  /** What is still in flight; all zero when quiet. */
  public record InFlight(long outboxPending, long openClaims, long consumerLag) {
    boolean quiet() {
      return outboxPending == 0 && openClaims == 0 && consumerLag == 0;
    }
  }

  private PipelineQuiet() {}

  /** Waits (up to {@code timeout}) until {@code schema}'s pipeline and {@code groups} are quiet. */
  public static void await(Duration timeout, String schema, Group... groups) {
    await(timeout, SyncInfrastructure.kafkaBootstrapServers(), schema, groups);
  }

  /** The same against the broker at {@code bootstrapServers} (a test that runs a broker of its own). */
  public static void await(Duration timeout, String bootstrapServers, String schema, Group... groups) {
    int[] quietLooks = {0};
    InFlight[] last = {null};
    try {
      Awaitility.await("pipeline of " + schema + " quiet").atMost(timeout).pollInterval(Duration.ofMillis(300))
          .ignoreExceptions()
          .until(() -> {
            last[0] = inFlight(bootstrapServers, schema, groups);
            quietLooks[0] = last[0].quiet() ? quietLooks[0] + 1 : 0;
            return quietLooks[0] >= 2;
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("the pipeline of " + schema + " did not become quiet within " + timeout
          + "; last seen in flight: " + last[0], e);
    }
  }

  public static InFlight inFlight(String bootstrapServers, String schema, Group... groups) throws Exception {
    long pending;
    long claims;
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      pending = count(statement, "SELECT count(*) FROM " + schema + ".outbox WHERE published_at IS NULL AND parked_at IS NULL");
      claims = count(statement, "SELECT count(*) FROM " + schema + ".idempotency_keys WHERE status = 'PENDING'");
    }
    return new InFlight(pending, claims, lag(bootstrapServers, List.of(groups)));
  }

  private static long lag(String bootstrapServers, Collection<Group> groups)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (groups.isEmpty()) {
      return 0;
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"))) {
      long total = 0;
      for (Group group : groups) {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, TopicDescription> topics = admin.describeTopics(group.topics()).allTopicNames()
            .get(10, TimeUnit.SECONDS);
        topics.values().forEach(topic -> topic.partitions()
            .forEach(partition -> partitions.add(new TopicPartition(topic.name(), partition.partition()))));
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(partition -> {
          latest.put(partition, OffsetSpec.latest());
          earliest.put(partition, OffsetSpec.earliest());
        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
            .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
            .get(10, TimeUnit.SECONDS);
        for (TopicPartition partition : partitions) {
          OffsetAndMetadata offset = committed.get(partition);
          long position = offset != null ? offset.offset() : starts.get(partition).offset();
          total += Math.max(0, ends.get(partition).offset() - position);
        }
      }
      return total;
    }
  }

  private static long count(Statement statement, String sql) throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static Connection connect() throws SQLException {
    SyncInfrastructure.Database database = SyncInfrastructure.database();
    return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
  }
}
