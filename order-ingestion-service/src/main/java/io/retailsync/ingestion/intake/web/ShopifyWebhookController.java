package io.retailsync.ingestion.intake.web;

import io.retailsync.connectors.shopify.ShopifyOrderMapper;
import io.retailsync.connectors.shopify.ShopifyProperties;
import io.retailsync.connectors.shopify.ShopifyWebhookVerifier;
import io.retailsync.ingestion.intake.ReceiveShopifyWebhook;
import io.retailsync.ingestion.intake.ShopifyDelivery;
import io.retailsync.sync.metrics.SyncMetrics;
import io.retailsync.sync.web.ProblemDetailsAdvice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shopify's webhook endpoint. Answers in the order the contract fixes: a body over 5 MiB gets 413 (read
 * to its end when that is within {@link #DRAIN_ALLOWANCE_BYTES} more, so the client sees the answer;
 * otherwise answered at once and the connection closed); an unknown shop or a forged or missing signature gets
 * 401; any validly signed delivery gets 200 quickly, whatever its content. Only when the delivery cannot
 * be stored (PostgreSQL away) does it answer 503, so Shopify retries.
 */
@RestController
@Tag(name = "webhooks")
class ShopifyWebhookController {

  static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
  /**
   * How much past the limit is still read, so a client that sent a somewhat larger body gets its 413
   * rather than a reset connection. Beyond it (a declared or streamed body of gigabytes, from anyone: the
   * signature can only be checked once the body is in) the answer goes out at once and the connection is
   * closed, so no caller can make the service read without bound.
   */
  static final long DRAIN_ALLOWANCE_BYTES = 8L * 1024 * 1024;

  private final ShopifyProperties shopify;
  private final ReceiveShopifyWebhook webhooks;
  private final SyncMetrics metrics;

  ShopifyWebhookController(ShopifyProperties shopify, ReceiveShopifyWebhook webhooks, SyncMetrics metrics) {
    this.shopify = shopify;
    this.webhooks = webhooks;
    this.metrics = metrics;
  }

  @PostMapping("/webhooks/shopify")
  @Operation(summary = "Shopify order and refund webhooks, authenticated by X-Shopify-Hmac-Sha256")
  ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
    InputStream in = request.getInputStream();
    long declared = request.getContentLengthLong();
    if (declared > MAX_BODY_BYTES + DRAIN_ALLOWANCE_BYTES) {
      return tooLarge(false);
    }
    if (declared > MAX_BODY_BYTES) {
      return tooLarge(drain(in));
    }
    byte[] body = readAtMost(in, MAX_BODY_BYTES);
    if (body == null) {
      return tooLarge(drain(in));
    }
    boolean eventsStyle = request.getHeader("shopify-hmac-sha256") != null;
    String domain = header(request, eventsStyle, "shop-domain");
    Optional<ShopifyProperties.Shop> shop = shopify.shop(domain);
    String signature = header(request, eventsStyle, "hmac-sha256");
    if (shop.isEmpty() || !ShopifyWebhookVerifier.isAuthentic(body, signature, shop.get().webhookSecret())) {
      return ProblemDetailsAdvice.problem(HttpStatus.UNAUTHORIZED, "invalid-signature",
          "unknown shop domain or missing or invalid webhook signature");
    }
    ShopifyDelivery delivery = new ShopifyDelivery(shop.get().domain(), header(request, eventsStyle, "topic"),
        header(request, eventsStyle, "event-id"), header(request, eventsStyle, "webhook-id"),
        header(request, eventsStyle, "triggered-at"), body);
    ReceiveShopifyWebhook.Outcome outcome;
    try {
      outcome = webhooks.receive(delivery);
    } catch (RuntimeException e) {
      metrics.orderIngested(ShopifyOrderMapper.CHANNEL, SyncMetrics.OUTCOME_FAILED);
      throw e;
    }
    return ResponseEntity.ok(Map.of("outcome", outcome.name().toLowerCase()));
  }

  /** Events-style deliveries use lowercase {@code shopify-*} headers; classic ones {@code X-Shopify-*}. */
  private static String header(HttpServletRequest request, boolean eventsStyle, String name) {
    String preferred = request.getHeader((eventsStyle ? "shopify-" : "X-Shopify-") + name);
    return preferred != null ? preferred : request.getHeader((eventsStyle ? "X-Shopify-" : "shopify-") + name);
  }

  /** 413; when the body was not read to its end, the connection is closed after the answer. */
  private static ResponseEntity<?> tooLarge(boolean readToTheEnd) {
    ResponseEntity<?> problem = ProblemDetailsAdvice.problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
        "webhook bodies are limited to " + MAX_BODY_BYTES + " bytes");
    return readToTheEnd ? problem : ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
        .header(HttpHeaders.CONNECTION, "close").body(problem.getBody());
  }

  /** The body, or null when it is longer than {@code limit}. */
  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) != -1) {
      if (out.size() + read > limit) {
        return null;
      }
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }

  /** Reads on up to the allowance; true when the body ended within it. */
  private static boolean drain(InputStream in) throws IOException {
    byte[] buffer = new byte[65536];
    long total = 0;
    while (total <= DRAIN_ALLOWANCE_BYTES) {
      int read = in.read(buffer);
      if (read == -1) {
        return true;
      }
      total += read;
    }
    return false;
  }
}
