package io.retailsync.connectors.shopify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Shopify-Hmac-Sha256}: base64 HMAC-SHA256 of the raw body with the shop's secret,
 * compared in constant time ({@link MessageDigest#isEqual}) over the decoded bytes.
 */
public final class ShopifyWebhookVerifier {

  private ShopifyWebhookVerifier() {}

  public static boolean isAuthentic(byte[] rawBody, String signatureHeader, String secret) {
    if (signatureHeader == null || signatureHeader.isBlank() || secret == null || secret.isEmpty()) {
      return false;
    }
    byte[] presented;
    try {
      presented = Base64.getDecoder().decode(signatureHeader.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(rawBody, secret), presented);
  }

  /** The signature Shopify would send for this body, base64 encoded. */
  public static String sign(byte[] rawBody, String secret) {
    return Base64.getEncoder().encodeToString(hmac(rawBody, secret));
  }

  private static byte[] hmac(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
