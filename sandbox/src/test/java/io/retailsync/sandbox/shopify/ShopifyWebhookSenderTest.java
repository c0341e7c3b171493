package io.retailsync.sandbox.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopifyWebhookSenderTest {

  record Received(Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private HttpServer server;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private ShopifyWebhookSender sender;

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/webhooks/shopify", exchange -> {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
        gate.await(5, TimeUnit.SECONDS);
        exchange.sendResponseHeaders(200, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
        exchange.close();
      }
    });
    server.start();
    sender = new ShopifyWebhookSender(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/shopify"),
        "sandbox-shop.myshopify.com", "sandbox-shopify-secret");
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
  }

  @Test
  void hmacMatchesShopifysTestVector() {
    assertThat(ShopifyWebhookSender.hmacSha256Base64("test_secret_key",
        "{\"foo\": \"bar\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=");
  }

  @Test
  void sendsShopifysHeadersAndSignsTheRawBytes() {
    ShopifyOrder order = ShopifyOrderFactoryTest.basicOrder();
    WebhookEvent event = new WebhookEvent("orders/create", "evt-1", Instant.parse("2026-11-27T15:00:00Z"), order.body());

    WebhookDelivery delivery = sender.send(event);

    assertThat(delivery.status()).isEqualTo(200);
    assertThat(delivery.delivered()).isTrue();
    assertThat(delivery.latency()).isPositive();
    Received request = received.poll();
    assertThat(request.body()).isEqualTo(order.body());
    assertThat(request.header("X-Shopify-Topic")).isEqualTo("orders/create");
    assertThat(request.header("X-Shopify-Hmac-Sha256"))
        .isEqualTo(ShopifyWebhookSender.hmacSha256Base64("sandbox-shopify-secret", order.body()));
    assertThat(request.header("X-Shopify-Shop-Domain")).isEqualTo("sandbox-shop.myshopify.com");
    assertThat(request.header("X-Shopify-API-Version")).isEqualTo("2026-01");
    assertThat(request.header("X-Shopify-Webhook-Id")).isEqualTo(delivery.webhookId()).hasSize(36);
    assertThat(request.header("X-Shopify-Event-Id")).isEqualTo("evt-1");
    assertThat(request.header("X-Shopify-Triggered-At")).isEqualTo("2026-11-27T15:00:00Z");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void redeliveryRepeatsBytesAndEventIdWithANewWebhookId() {
    WebhookEvent event = WebhookEvent.ordersCreate(new ShopifyOrderFactory(1).next());

    List<WebhookDelivery> deliveries = sender.sendAll(List.of(event, event, event), 1);

    assertThat(deliveries).extracting(WebhookDelivery::status).containsExactly(200, 200, 200);
    List<Received> requests = List.copyOf(received);
    assertThat(requests).hasSize(3);
    assertThat(requests).extracting(r -> r.header("X-Shopify-Event-Id")).containsOnly(event.eventId());
    assertThat(requests).extracting(r -> r.header("X-Shopify-Webhook-Id")).doesNotHaveDuplicates();
    assertThat(requests).extracting(r -> r.header("X-Shopify-Hmac-Sha256")).containsOnly(
        requests.get(0).header("X-Shopify-Hmac-Sha256"));
    requests.forEach(r -> assertThat(r.body()).isEqualTo(event.body()));
  }

  @Test
  void deliversConcurrently() {
    gate = new CountDownLatch(1);
    WebhookEvent event = WebhookEvent.ordersCreate(new ShopifyOrderFactory(1).next());
    Thread opener = new Thread(() -> {
      long deadline = System.currentTimeMillis() + 5_000;
      while (inFlight.get() < 4 && System.currentTimeMillis() < deadline) {
        Thread.onSpinWait();
      }
      gate.countDown();
    });
    opener.start();

    List<WebhookDelivery> deliveries = sender.sendRepeatedly(event, 4);

    assertThat(deliveries).extracting(WebhookDelivery::status).containsOnly(200);
    assertThat(maxInFlight.get()).isEqualTo(4);
  }

  @Test
  void forgedAndMissingSignatures() {
    WebhookEvent event = WebhookEvent.of("orders/create", "{\"foo\": \"bar\"}");
    sender.send(event, ShopifyWebhookSender.Signature.FORGED);
    sender.send(event, ShopifyWebhookSender.Signature.MISSING);
    List<Received> requests = List.copyOf(received);
    assertThat(requests.get(0).header("X-Shopify-Hmac-Sha256")).isNotNull()
        .isNotEqualTo(ShopifyWebhookSender.hmacSha256Base64("sandbox-shopify-secret", event.body()));
    assertThat(requests.get(1).header("X-Shopify-Hmac-Sha256")).isNull();
  }

  @Test
  void noAnswerIsStatusZeroNotAnException() {
    server.stop(0);
    WebhookDelivery delivery = sender.send(WebhookEvent.of("orders/create", "{}"));
    assertThat(delivery.status()).isZero();
    assertThat(delivery.delivered()).isFalse();
    assertThat(delivery.error()).isNotBlank();
  }
}
