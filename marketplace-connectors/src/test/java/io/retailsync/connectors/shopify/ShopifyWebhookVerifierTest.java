package io.retailsync.connectors.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShopifyWebhookVerifierTest {

  private static final byte[] BODY = "{\"foo\": \"bar\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void matchesShopifysPublishedTestVector() {
    assertThat(ShopifyWebhookVerifier.sign(BODY, "test_secret_key"))
        .isEqualTo("B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=");
    assertThat(ShopifyWebhookVerifier.isAuthentic(BODY, "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=", "test_secret_key"))
        .isTrue();
  }

  @Test
  void rejectsForgedMissingOrMalformedSignatures() {
    String valid = ShopifyWebhookVerifier.sign(BODY, "test_secret_key");
    assertThat(ShopifyWebhookVerifier.isAuthentic(BODY, valid, "other_secret")).isFalse();
    assertThat(ShopifyWebhookVerifier.isAuthentic("{\"foo\":\"bar\"}".getBytes(StandardCharsets.UTF_8), valid, "test_secret_key")).isFalse();
    assertThat(ShopifyWebhookVerifier.isAuthentic(BODY, null, "test_secret_key")).isFalse();
    assertThat(ShopifyWebhookVerifier.isAuthentic(BODY, "not base64 !!", "test_secret_key")).isFalse();
    assertThat(ShopifyWebhookVerifier.isAuthentic(BODY, valid, "")).isFalse();
  }
}
