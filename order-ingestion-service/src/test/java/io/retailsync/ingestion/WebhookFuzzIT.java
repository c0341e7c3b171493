package io.retailsync.ingestion;

import static io.retailsync.ingestion.IngestionTestStack.SECRET;
import static io.retailsync.ingestion.IngestionTestStack.SHOP;
import static io.retailsync.ingestion.IngestionTestStack.salesOrders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailsync.model.json.CanonicalJson;
import io.retailsync.sandbox.shopify.ShopifyOrder;
import io.retailsync.sandbox.shopify.ShopifyOrderFactory;
import io.retailsync.sandbox.shopify.ShopifyWebhookSender;
import io.retailsync.sandbox.shopify.WebhookDelivery;
import io.retailsync.sandbox.shopify.WebhookEvent;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated fuzzing of the webhook: thousands of validly signed Shopify bodies, each a real order mutated
 * at random (values of other types, odd strings and numbers, removed keys, null list elements, damaged,
 * truncated and binary bytes), go through the real endpoint. None may get a 5xx (Shopify retries those and
 * then deletes the subscription), and an ordinary order still flows to the ERP, once, afterwards.
 *
 * <p>The seed is printed; rerun a failure with {@code -Dsync.it.fuzz-seed=<seed>}. The number of bodies is
 * {@code -Dsync.it.fuzz-tries} (default 2000).
 */
@SyncIntegrationTest
class WebhookFuzzIT {

  private static final int TRIES = Integer.getInteger("sync.it.fuzz-tries", 2000);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<JsonNode> ODD_VALUES = List.of(
      NODES.stringNode("abc"), NODES.stringNode(""), NODES.stringNode("\u0000"), NODES.stringNode("a\u0000b"),
      NODES.stringNode("12.345"), NODES.stringNode("1e999999999"), NODES.stringNode("-1"), NODES.stringNode("NaN"),
      NODES.stringNode("\uD83D\uDCE6 \u0661\u0662\u0663"), NODES.stringNode("x".repeat(70_000)),
      NODES.stringNode("2026-13-45T99:99:99Z"), NODES.numberNode(new java.math.BigDecimal("1e999999999")),
      NODES.numberNode(new java.math.BigDecimal("1e-999999999")), NODES.numberNode(-1), NODES.numberNode(0),
      NODES.numberNode(new java.math.BigDecimal("0.001")), NODES.numberNode(Long.MAX_VALUE),
      NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")), NODES.booleanNode(true),
      NODES.nullNode(), NODES.arrayNode(), NODES.arrayNode().addNull(), NODES.objectNode(),
      NODES.objectNode().put("amount", "1.00"));

  @Test
  void signedMutatedBodiesNeverGetA5xxAndAnOrdinaryOrderStillFlowsAfterwards() throws Exception {
    long seed = Long.getLong("sync.it.fuzz-seed", System.nanoTime());
    System.out.println("WebhookFuzzIT seed " + seed + " (-Dsync.it.fuzz-seed=" + seed + " to repeat), " + TRIES + " bodies");
    Random random = new Random(seed);
    ShopifyOrderFactory factory = new ShopifyOrderFactory(ShopifyOrderFactory.Settings.seeded(seed)
        .withFirstOrderId(9_100_000_000_000L + Math.floorMod(seed, 1_000_000_000L) * 1000));
    List<byte[]> originals = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      originals.add(factory.next().body());
    }

    ConfigurableApplicationContext ingestion = IngestionTestStack.startIngestion(FaultHooks.NONE, Map.of());
    try {
      ShopifyWebhookSender sender = new ShopifyWebhookSender(
          URI.create("http://127.0.0.1:" + IngestionTestStack.port(ingestion) + "/webhooks/shopify"), SHOP, SECRET);
      List<WebhookEvent> events = new ArrayList<>();
      List<String> mutations = new ArrayList<>();
      for (int i = 0; i < TRIES; i++) {
        StringBuilder what = new StringBuilder();
        byte[] body = mutate(random, originals.get(random.nextInt(originals.size())), what);
        events.add(WebhookEvent.of(random.nextInt(10) == 0 ? "orders/updated" : "orders/create", body));
        mutations.add(what.toString());
      }
      List<WebhookDelivery> answers = sender.sendAll(events, 8);
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < answers.size(); i++) {
        int status = answers.get(i).status();
        if (status != 200) {
          failures.add(status + " for [" + mutations.get(i) + "]: " + answers.get(i).responseBody() + " " + answers.get(i).error());
        }
      }
      assertThat(failures).as("answers other than 200 (seed %d)", seed).isEmpty();

      ShopifyOrder ordinary = factory.next();
      assertThat(sender.send(WebhookEvent.ordersCreate(ordinary)).status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(60)).until(() -> !salesOrders(ordinary).isEmpty());
      IngestionTestStack.awaitQuiet(Duration.ofSeconds(120));
      assertThat(salesOrders(ordinary)).hasSize(1);
      assertThat(IngestionTestStack.json(IngestionTestStack.sandboxUrl() + "/sandbox/erp/stats")
          .get("salesOrders").get("shopify:" + ordinary.orderId()).asInt()).isEqualTo(1);
    } finally {
      ingestion.close();
    }
  }

  /** One to three mutations of the order, either of its JSON (then written out) or of its bytes. */
  static byte[] mutate(Random random, byte[] original, StringBuilder what) {
    JsonNode tree = CanonicalJson.tree(original);
    int count = 1 + random.nextInt(3);
    boolean bytes = random.nextInt(4) == 0;
    for (int i = 0; i < count && !bytes; i++) {
      List<Slot> slots = new ArrayList<>();
      collect(tree, "$", slots);
      Slot slot = slots.get(random.nextInt(slots.size()));
      switch (random.nextInt(3)) {
        case 0 -> {
          JsonNode value = ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
          slot.set(value.deepCopy());
          what.append("set ").append(slot.path()).append(" to ").append(abbreviate(value.toString())).append("; ");
        }
        case 1 -> {
          slot.remove();
          what.append("remove ").append(slot.path()).append("; ");
        }
        default -> {
          slot.set(NODES.nullNode());
          what.append("null ").append(slot.path()).append("; ");
        }
      }
    }
    byte[] body = CanonicalJson.toBytes(tree);
    if (bytes) {
      body = damage(random, body, what);
    }
    return body;
  }

  private static byte[] damage(Random random, byte[] body, StringBuilder what) {
    int at = random.nextInt(body.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 4);
    switch (random.nextInt(5)) {
      case 0 -> {
        body = body.clone();
        body[at] = (byte) random.nextInt(256);
        what.append("byte ").append(at).append(" changed");
        return body;
      }
      case 1 -> {
        out.write(body, 0, at);
        out.write(0);
        out.write(body, at, body.length - at);
        what.append("raw NUL at ").append(at);
      }
      case 2 -> {
        out.write(body, 0, at);
        out.write(0xC3);
        out.write(0x28);
        out.write(0xFF);
        out.write(body, at, body.length - at);
        what.append("invalid UTF-8 at ").append(at);
      }
      case 3 -> {
        out.write(body, 0, at);
        what.append("truncated at ").append(at);
      }
      default -> {
        String text = new String(body, StandardCharsets.UTF_8);
        int quote = text.indexOf("\"sku\":\"");
        String damaged = quote < 0 ? text : text.substring(0, quote + 7) + "\\u0000" + text.substring(quote + 7);
        out.writeBytes(damaged.getBytes(StandardCharsets.UTF_8));
        what.append("escaped NUL in a sku");
      }
    }
    return out.toByteArray();
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + ")" : text;
  }

  /** A place in the tree that holds a value: a field of an object or an element of an array. */
  private record Slot(String path, JsonNode parent, String field, int index) {
    void set(JsonNode value) {
      if (parent instanceof ObjectNode object) {
        object.set(field, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
    }

    void remove() {
      if (parent instanceof ObjectNode object) {
        object.remove(field);
      } else {
        ((ArrayNode) parent).remove(index);
      }
    }
  }

  private static void collect(JsonNode node, String path, List<Slot> slots) {
    if (node instanceof ObjectNode object) {
      for (String name : List.copyOf(object.propertyNames())) {
        slots.add(new Slot(path + "." + name, object, name, -1));
        collect(object.get(name), path + "." + name, slots);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        slots.add(new Slot(path + "[" + i + "]", array, null, i));
        collect(array.get(i), path + "[" + i + "]", slots);
      }
    }
  }
}
