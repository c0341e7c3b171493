package io.retailsync.sandbox.shopify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends webhooks the way Shopify does: a POST of the raw body bytes with {@code X-Shopify-Topic},
 * {@code X-Shopify-Hmac-Sha256} (base64 HMAC-SHA256 of those bytes under the shop's secret),
 * {@code X-Shopify-Shop-Domain}, {@code X-Shopify-API-Version}, {@code X-Shopify-Webhook-Id} (new per
 * delivery), {@code X-Shopify-Event-Id} (the same on every delivery of an event) and
 * {@code X-Shopify-Triggered-At}. Delivering an event again resends identical bytes and event id with a new
 * webhook id, as Shopify's retries and duplicate deliveries do.
 *
 * <p>Framework-free (JDK {@link HttpClient} only), immutable and thread-safe: use it from tests, the
 * sandbox's control API and the local stack's scenario runner alike.
 */
public final class ShopifyWebhookSender {

  public static final String DEFAULT_API_VERSION = "2026-01";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** How a delivery is signed: correctly, with a wrong signature, or not at all. */
  public enum Signature { VALID, FORGED, MISSING }

  private final HttpClient http;
  private final URI target;
  private final String shopDomain;
  private final String secret;
  private final String apiVersion;
  private final Duration requestTimeout;

  public ShopifyWebhookSender(URI target, String shopDomain, String secret) {
    this(defaultClient(), target, shopDomain, secret, DEFAULT_API_VERSION, DEFAULT_TIMEOUT);
  }

  public ShopifyWebhookSender(HttpClient http, URI target, String shopDomain, String secret, String apiVersion,
      Duration requestTimeout) {
    this.http = Objects.requireNonNull(http, "http");
    this.target = Objects.requireNonNull(target, "target");
    this.shopDomain = Objects.requireNonNull(shopDomain, "shopDomain");
    this.secret = Objects.requireNonNull(secret, "secret");
    this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
  }

  /** HTTP/1.1: Shopify's deliveries are plain HTTP/1.1 POSTs, and h2c upgrades only add noise. */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1))
        .build();
  }

  /** A sender for another shop (for "unknown shop" demonstrations); same client, target and secret. */
  public ShopifyWebhookSender withShopDomain(String domain) {
    return new ShopifyWebhookSender(http, target, domain, secret, apiVersion, requestTimeout);
  }

  /** A sender to another URL; same client, shop and secret. */
  public ShopifyWebhookSender withTarget(URI url) {
    return new ShopifyWebhookSender(http, url, shopDomain, secret, apiVersion, requestTimeout);
  }

  public URI target() {
    return target;
  }

  public String shopDomain() {
    return shopDomain;
  }

  /** Base64 (standard alphabet, padded) HMAC-SHA256 of {@code body} under {@code secret}. */
  public static String hmacSha256Base64(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Delivers the event once, correctly signed, and waits for the answer. */
  public WebhookDelivery send(WebhookEvent event) {
    return sendAsync(event, Signature.VALID).join();
  }

  public WebhookDelivery send(WebhookEvent event, Signature signature) {
    return sendAsync(event, signature).join();
  }

  public CompletableFuture<WebhookDelivery> sendAsync(WebhookEvent event) {
    return sendAsync(event, Signature.VALID);
  }

  /** Delivers the event once; the future never fails, a missing answer is a delivery with status 0. */
  public CompletableFuture<WebhookDelivery> sendAsync(WebhookEvent event, Signature signature) {
    String webhookId = UUID.randomUUID().toString();
    byte[] body = event.bodyUnsafe();
    HttpRequest.Builder request = HttpRequest.newBuilder(target)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Shopify-Captain-Hook")
        .header("X-Shopify-Topic", event.topic())
        .header("X-Shopify-Shop-Domain", shopDomain)
        .header("X-Shopify-API-Version", apiVersion)
        .header("X-Shopify-Webhook-Id", webhookId)
        .header("X-Shopify-Event-Id", event.eventId())
        .header("X-Shopify-Triggered-At", event.triggeredAt().toString())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    switch (signature) {
      case VALID -> request.header("X-Shopify-Hmac-Sha256", hmacSha256Base64(secret, body));
      case FORGED -> request.header("X-Shopify-Hmac-Sha256", hmacSha256Base64(secret + "-forged", body));
      case MISSING -> { }
    }
    long started = System.nanoTime();
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .handle((response, failure) -> {
          Duration latency = Duration.ofNanos(System.nanoTime() - started);
          if (failure != null) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            return new WebhookDelivery(event.topic(), event.eventId(), webhookId, 0, latency, null,
                cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
          }
          return new WebhookDelivery(event.topic(), event.eventId(), webhookId, response.statusCode(), latency,
              response.body(), null);
        });
  }

  /**
   * Delivers each element of {@code deliveries} once (list an event twice to deliver it twice), at most
   * {@code concurrency} at a time, in list order; answers in the same order. Consecutive deliveries of
   * one event therefore overlap when {@code concurrency > 1}, like Shopify's concurrent duplicates.
   */
  public List<WebhookDelivery> sendAll(List<WebhookEvent> deliveries, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    Semaphore permits = new Semaphore(concurrency);
    List<CompletableFuture<WebhookDelivery>> futures = new ArrayList<>(deliveries.size());
    for (WebhookEvent event : deliveries) {
      permits.acquireUninterruptibly();
      futures.add(sendAsync(event).whenComplete((delivery, failure) -> permits.release()));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  /** Delivers one event {@code times} times, all at once: the duplicate-delivery race. */
  public List<WebhookDelivery> sendRepeatedly(WebhookEvent event, int times) {
    List<WebhookEvent> deliveries = new ArrayList<>(times);
    for (int i = 0; i < times; i++) {
      deliveries.add(event);
    }
    return sendAll(deliveries, Math.max(1, times));
  }
}
