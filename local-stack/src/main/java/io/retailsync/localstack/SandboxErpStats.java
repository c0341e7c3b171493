package io.retailsync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the sandbox ERP's post counts, the scenarios' measure of "posted once". */
final class SandboxErpStats {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SandboxErpStats() {}

  /** Sales order posts per external reference ({@code GET /sandbox/erp/stats}), or null when unavailable. */
  static Map<String, Long> salesOrderPosts(HttpClient http, int sandboxPort) {
    URI uri = URI.create("http://127.0.0.1:" + sandboxPort + "/sandbox/erp/stats");
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return null;
      }
      JsonNode salesOrders = JSON.readTree(response.body()).get("salesOrders");
      if (salesOrders == null || !salesOrders.isObject()) {
        return null;
      }
      Map<String, Long> posts = new HashMap<>();
      for (Map.Entry<String, JsonNode> entry : salesOrders.properties()) {
        posts.put(entry.getKey(), entry.getValue().asLong());
      }
      return posts;
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
