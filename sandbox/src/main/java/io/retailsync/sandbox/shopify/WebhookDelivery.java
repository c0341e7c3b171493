package io.retailsync.sandbox.shopify;

import java.time.Duration;

/**
 * The outcome of one delivery.
 *
 * @param status the HTTP status, or 0 when no answer came (connection refused, timeout)
 * @param responseBody the answer's body, or null when none came
 * @param error why no answer came, or null
 */
public record WebhookDelivery(String topic, String eventId, String webhookId, int status, Duration latency,
    String responseBody, String error) {

  /** Shopify counts any 2xx as delivered. */
  public boolean delivered() {
    return status >= 200 && status < 300;
  }
}
