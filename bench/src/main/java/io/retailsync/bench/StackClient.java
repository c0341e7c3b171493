package io.retailsync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The running stack as the bench sees it from outside: its HTTP APIs and its Kafka consumer offsets. */
final class StackClient implements AutoCloseable {

  static final List<String> CHANNELS = List.of("shopify", "amazon", "walmart", "ebay");
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final String inventoryUrl;
  private final String sandboxUrl;
  private final String opsToken;
  private final String ingestToken;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Admin admin;

  StackClient(String inventoryUrl, String sandboxUrl, String kafka, String opsToken, String ingestToken) {
    this.inventoryUrl = inventoryUrl;
    this.sandboxUrl = sandboxUrl;
    this.opsToken = opsToken;
    this.ingestToken = ingestToken;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"));
  }

  JsonNode inventory(String method, String path, String token, String body) throws IOException, InterruptedException {
    return call(method, inventoryUrl + path, token, body);
  }

  JsonNode sandbox(String method, String path, String body) throws IOException, InterruptedException {
    return call(method, sandboxUrl + path, null, body);
  }

  String opsToken() {
    return opsToken;
  }

  String ingestToken() {
    return ingestToken;
  }

  /** Sum of a metric's samples on 8082's Prometheus page, over the lines starting with {@code prefix}. */
  double inventoryMetric(String prefix) throws IOException, InterruptedException {
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(inventoryUrl + "/actuator/prometheus"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    double sum = 0;
    for (String line : page.body().split("\n")) {
      if (line.startsWith(prefix)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Records of {@code topics} the consumer group has not yet committed past. */
  long lag(String group, List<String> topics) throws InterruptedException, ExecutionException, TimeoutException {
    List<TopicPartition> partitions = new ArrayList<>();
    admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()
        .forEach(topic -> topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
    var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
    long lag = 0;
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = committed.get(partition);
      lag += Math.max(0, ends.get(partition).offset() - (offset == null ? 0 : offset.offset()));
    }
    return lag;
  }

  private JsonNode call(String method, String url, String token, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").header("Accept", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (answer.statusCode() == 404) {
      return null;
    }
    if (answer.statusCode() >= 300) {
      throw new IOException(method + " " + url + " answered " + answer.statusCode() + ": " + new String(answer.body()));
    }
    return answer.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(answer.body());
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
