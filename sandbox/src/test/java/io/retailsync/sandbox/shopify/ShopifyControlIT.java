package io.retailsync.sandbox.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.retailsync.sandbox.SandboxHttp;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=sandbox")
class ShopifyControlIT {

  record Received(String topic, String eventId, String webhookId, String shopDomain, boolean signatureValid,
      byte[] body) {}

  /** Stands in for order-ingestion's webhook endpoint: checks the signature as it must, 401 when forged. */
  static final HttpServer RECEIVER;
  static final ConcurrentLinkedQueue<Received> RECEIVED = new ConcurrentLinkedQueue<>();

  static {
    try {
      RECEIVER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RECEIVER.setExecutor(Executors.newCachedThreadPool());
    RECEIVER.createContext("/webhooks/shopify", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      var headers = exchange.getRequestHeaders();
      String hmac = headers.getFirst("X-Shopify-Hmac-Sha256");
      boolean valid = hmac != null
          && hmac.equals(ShopifyWebhookSender.hmacSha256Base64("sandbox-shopify-secret", body));
      RECEIVED.add(new Received(headers.getFirst("X-Shopify-Topic"), headers.getFirst("X-Shopify-Event-Id"),
          headers.getFirst("X-Shopify-Webhook-Id"), headers.getFirst("X-Shopify-Shop-Domain"), valid, body));
      exchange.sendResponseHeaders(valid ? 200 : 401, -1);
      exchange.close();
    });
    RECEIVER.start();
  }

  @DynamicPropertySource
  static void webhookTarget(DynamicPropertyRegistry registry) {
    registry.add("sandbox.shopify.webhook-url",
        () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/webhooks/shopify");
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.stop(0);
  }

  @LocalServerPort
  int port;

  SandboxHttp http;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
    RECEIVED.clear();
  }

  @Test
  void generatesOrdersAndDeliversEachOneTwice() {
    SandboxHttp.Response response = http.post("/sandbox/shopify/orders",
        "{\"count\": 3, \"deliveriesPerOrder\": 2, \"concurrency\": 4}");

    assertThat(response.status()).isEqualTo(200);
    JsonNode answer = response.json();
    assertThat(answer.get("sent").intValue()).isEqualTo(6);
    assertThat(answer.get("failed").intValue()).isZero();
    assertThat(answer.get("orders")).hasSize(3);
    for (JsonNode order : answer.get("orders")) {
      assertThat(order.get("orderId").stringValue()).matches("\\d+");
      assertThat(order.get("statuses").toString()).isEqualTo("[200,200]");
      List<Received> deliveries = RECEIVED.stream()
          .filter(r -> r.eventId().equals(order.get("eventId").stringValue())).toList();
      assertThat(deliveries).hasSize(2);
      assertThat(deliveries.get(0).body()).isEqualTo(deliveries.get(1).body());
      assertThat(deliveries.get(0).webhookId()).isNotEqualTo(deliveries.get(1).webhookId());
      assertThat(deliveries).allMatch(r -> r.signatureValid() && r.topic().equals("orders/create")
          && r.shopDomain().equals("sandbox-shop.myshopify.com"));
      JsonNode body = SandboxHttp.json(new String(deliveries.get(0).body(), StandardCharsets.UTF_8));
      assertThat(body.get("id").asString()).isEqualTo(order.get("orderId").stringValue());
      assertThat(body.get("name").stringValue()).isEqualTo(order.get("name").stringValue());
      ShopifyOrderFactoryTest.assertArithmetic(body);
    }

    String orderId = answer.get("orders").get(0).get("orderId").stringValue();
    JsonNode stored = http.get("/sandbox/shopify/orders/" + orderId).json();
    assertThat(stored.get("eventId")).isEqualTo(answer.get("orders").get(0).get("eventId"));
    assertThat(stored.get("order").get("id").asString()).isEqualTo(orderId);
    assertThat(stored.get("deliveries")).hasSize(2);
    assertThat(http.get("/sandbox/shopify/orders/1").status()).isEqualTo(404);
  }

  @Test
  void ordersUseTheRequestedSkusAndQuantityAndNumbersContinue() {
    JsonNode first = http.post("/sandbox/shopify/orders",
        "{\"count\": 1, \"skus\": [\"SKU-0995\"], \"quantity\": 1}").json();
    JsonNode second = http.post("/sandbox/shopify/orders", "{\"count\": 1}").json();

    Received delivery = RECEIVED.stream()
        .filter(r -> r.eventId().equals(first.get("orders").get(0).get("eventId").stringValue())).findFirst()
        .orElseThrow();
    JsonNode body = SandboxHttp.json(new String(delivery.body(), StandardCharsets.UTF_8));
    assertThat(body.get("line_items")).hasSize(1);
    assertThat(body.get("line_items").get(0).get("sku").stringValue()).isEqualTo("SKU-0995");
    assertThat(body.get("line_items").get(0).get("quantity").intValue()).isEqualTo(1);
    assertThat(first.get("orders").get(0).get("statuses").toString()).isEqualTo("[200]");
    int firstNumber = Integer.parseInt(first.get("orders").get(0).get("name").stringValue().substring(1));
    int secondNumber = Integer.parseInt(second.get("orders").get(0).get("name").stringValue().substring(1));
    assertThat(secondNumber).isEqualTo(firstNumber + 1);
    assertThat(Long.parseLong(second.get("orders").get(0).get("orderId").stringValue()))
        .isGreaterThan(Long.parseLong(first.get("orders").get(0).get("orderId").stringValue()));
  }

  @Test
  void rawSendsSignedForgedOrUnsignedBodiesAsIs() {
    JsonNode signed = http.post("/sandbox/shopify/raw", "{\"body\": \"{not json\"}").json();
    assertThat(signed.get("status").intValue()).isEqualTo(200);
    assertThat(new String(RECEIVED.poll().body(), StandardCharsets.UTF_8)).isEqualTo("{not json");

    JsonNode forged = http.post("/sandbox/shopify/raw",
        "{\"body\": {\"id\": 1}, \"forgeSignature\": true, \"eventId\": \"evt-forged\"}").json();
    assertThat(forged.get("status").intValue()).isEqualTo(401);
    assertThat(forged.get("eventId").stringValue()).isEqualTo("evt-forged");
    Received forgedDelivery = RECEIVED.poll();
    assertThat(forgedDelivery.signatureValid()).isFalse();
    assertThat(new String(forgedDelivery.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");

    JsonNode otherShop = http.post("/sandbox/shopify/raw",
        "{\"body\": {}, \"omitSignature\": true, \"shopDomain\": \"other.myshopify.com\", \"topic\": \"refunds/create\"}")
        .json();
    assertThat(otherShop.get("status").intValue()).isEqualTo(401);
    Received unsigned = RECEIVED.poll();
    assertThat(unsigned.shopDomain()).isEqualTo("other.myshopify.com");
    assertThat(unsigned.topic()).isEqualTo("refunds/create");
  }

  @Test
  void badScenariosAreProblemsNot500s() {
    for (String body : List.of("{\"count\": 0}", "{\"count\": 100000}", "{\"deliveriesPerOrder\": 0}",
        "{\"concurrency\": 99}", "{\"skus\": []}", "{\"quantity\": -1}", "{\"skus\": [\"\"]}")) {
      SandboxHttp.Response response = http.post("/sandbox/shopify/orders", body);
      assertThat(response.status()).as(body).isEqualTo(422);
      assertThat(response.contentType()).startsWith("application/problem+json");
    }
    assertThat(http.post("/sandbox/shopify/orders", "{\"count\": \"many\"}").status()).isEqualTo(400);
    assertThat(http.post("/sandbox/shopify/raw", "{}").status()).isEqualTo(422);
    assertThat(http.get("/sandbox/shopify/orders/abc").status()).isEqualTo(400);
    assertThat(RECEIVED).isEmpty();
  }
}
