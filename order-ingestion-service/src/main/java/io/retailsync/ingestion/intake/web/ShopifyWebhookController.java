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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shopify's webhook endpoint. Answers in the order the contract fixes: a body over 5 MiB gets 413 (read
 * to the end first, so the client sees the answer); an unknown shop or a forged or missing signature gets
 * 401; any validly signed delivery gets 200 quickly, whatever its content. Only when the delivery cannot
 * be stored (PostgreSQL away) does it answer 503, so Shopify retries.
 */
@RestController
@Tag(name = "webhooks")
class ShopifyWebhookController {

  static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
  private static final long MAX_DRAIN_BYTES = 256L * 1024 * 1024;

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
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      drain(in);
      return tooLarge();
    }
    byte[] body = readAtMost(in, MAX_BODY_BYTES);
    if (body == null) {
      drain(in);
      return tooLarge();
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

  private static ResponseEntity<?> tooLarge() {
    return ProblemDetailsAdvice.problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
        "webhook bodies are limited to " + MAX_BODY_BYTES + " bytes");
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

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[65536];
    long total = 0;
    int read;
    while (total < MAX_DRAIN_BYTES && (read = in.read(buffer)) != -1) {
      total += read;
    }
  }
}
