package io.retailsync.sandbox.shopify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Stands in for order-ingestion's Shopify webhook endpoint: checks each signature as it must, 401 when wrong. */
final class WebhookReceiver {

  record Received(String topic, String eventId, String webhookId, String triggeredAt, String shopDomain,
      boolean signatureValid, byte[] body) {

    JsonNode json() {
      return JSON.readTree(body);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

  WebhookReceiver(String secret) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/webhooks/shopify", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      var headers = exchange.getRequestHeaders();
      String hmac = headers.getFirst("X-Shopify-Hmac-Sha256");
      boolean valid = hmac != null && hmac.equals(ShopifyWebhookSender.hmacSha256Base64(secret, body));
      received.add(new Received(headers.getFirst("X-Shopify-Topic"), headers.getFirst("X-Shopify-Event-Id"),
          headers.getFirst("X-Shopify-Webhook-Id"), headers.getFirst("X-Shopify-Triggered-At"),
          headers.getFirst("X-Shopify-Shop-Domain"), valid, body));
      exchange.sendResponseHeaders(valid ? 200 : 401, -1);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/shopify";
  }

  void clear() {
    received.clear();
  }

  List<Received> all() {
    return List.copyOf(received);
  }

  List<Received> ofEvent(String eventId) {
    return received.stream().filter(r -> eventId.equals(r.eventId())).toList();
  }

  void stop() {
    server.stop(0);
  }
}
