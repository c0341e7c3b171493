package io.retailsync.inventory;

import io.retailsync.sandbox.SandboxApplication;
import io.retailsync.testsupport.SyncInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox and the inventory service's settings for the push tests: the sandbox with test credentials for
 * its channel stand-ins, and the service's properties pointing every connector at it, on real PostgreSQL and
 * Kafka from {@link SyncInfrastructure}.
 */
final class InventoryTestStack {

  static final String OPS = "it-ops-token";
  static final String INGEST = "it-ingest-token";
  static final List<String> CHANNELS = List.of("shopify", "amazon", "walmart", "ebay");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private InventoryTestStack() {}

  /** The sandbox on a random port, its stand-ins taking the test credentials below. */
  static ConfigurableApplicationContext startSandbox() {
    List<String> args = new ArrayList<>();
    SyncInfrastructure.springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
    args.add("--server.port=0");
    args.add("--sandbox.shopify.admin-token=it-shopify-admin-token");
    args.add("--sandbox.amazon.client-secret=it-amazon-secret");
    args.add("--sandbox.amazon.refresh-token=it-amazon-refresh-token");
    args.add("--sandbox.walmart.client-secret=it-walmart-secret");
    args.add("--sandbox.ebay.client-secret=it-ebay-secret");
    args.add("--sandbox.ebay.refresh-token=it-ebay-refresh-token");
    return SandboxApplication.builder().run(args.toArray(String[]::new));
  }

  /** The service's properties: tokens, the local locations and rules, and every channel at the sandbox. */
  static Map<String, String> serviceProperties(String sandboxUrl) {
    Map<String, String> properties = new LinkedHashMap<>(SyncInfrastructure.springProperties());
    properties.put("server.port", "0");
    properties.put("sync.security.tokens[0].token", OPS);
    properties.put("sync.security.tokens[0].role", "OPS");
    properties.put("sync.security.tokens[1].token", INGEST);
    properties.put("sync.security.tokens[1].role", "INGEST");
    properties.put("sync.inventory.locations", "WH-EAST,WH-WEST,3PL-CENTRAL");
    properties.put("sync.inventory.channel-names", String.join(",", CHANNELS));
    properties.put("sync.inventory.channels.amazon.locations", "WH-EAST,WH-WEST");
    properties.put("sync.shopify.admin-base-url", sandboxUrl + "/shopify");
    properties.put("sync.shopify.shops[0].domain", "sandbox-shop.myshopify.com");
    properties.put("sync.shopify.shops[0].webhook-secret", "it-shopify-secret");
    properties.put("sync.shopify.shops[0].admin-token", "it-shopify-admin-token");
    properties.put("sync.amazon.base-url", sandboxUrl + "/amazon");
    properties.put("sync.amazon.lwa-token-url", sandboxUrl + "/amazon/auth/o2/token");
    properties.put("sync.amazon.marketplace-ids", "ATVPDKIKX0DER");
    properties.put("sync.amazon.seller-id", "A1SANDBOXSELLER");
    properties.put("sync.amazon.client-id", "amzn1.application-oa2-client.sandbox");
    properties.put("sync.amazon.client-secret", "it-amazon-secret");
    properties.put("sync.amazon.refresh-token", "it-amazon-refresh-token");
    properties.put("sync.walmart.base-url", sandboxUrl + "/walmart");
    properties.put("sync.walmart.client-id", "sandbox-walmart-client");
    properties.put("sync.walmart.client-secret", "it-walmart-secret");
    properties.put("sync.ebay.base-url", sandboxUrl + "/ebay");
    properties.put("sync.ebay.token-url", sandboxUrl + "/ebay/identity/v1/oauth2/token");
    properties.put("sync.ebay.client-id", "sandbox-ebay-client-id");
    properties.put("sync.ebay.client-secret", "it-ebay-secret");
    properties.put("sync.ebay.refresh-token", "it-ebay-refresh-token");
    return properties;
  }

  /** One HTTP call, JSON in and out, with the bearer token when given. */
  static HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String url(ConfigurableApplicationContext context) {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }
}
