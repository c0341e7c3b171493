package io.retailsync.ingestion.intake;

/** One authenticated Shopify webhook delivery: its headers of interest and the raw body. */
public record ShopifyDelivery(String shopDomain, String topic, String eventId, String webhookId,
    String triggeredAt, byte[] rawBody) {

  /**
   * The delivery's dedupe key: topic + event id ({@code X-Shopify-Event-Id}), the webhook id only where
   * no event id is sent, and a digest of the body where neither is.
   */
  public String deliveryKey() {
    String id = eventId != null && !eventId.isBlank() ? eventId
        : webhookId != null && !webhookId.isBlank() ? "webhook:" + webhookId
        : "body:" + ReceiveOrder.sha256(new String(rawBody, java.nio.charset.StandardCharsets.UTF_8));
    return (topic == null ? "" : topic) + ":" + id;
  }
}
