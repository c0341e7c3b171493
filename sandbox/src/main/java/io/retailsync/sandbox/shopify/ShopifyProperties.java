package io.retailsync.sandbox.shopify;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandbox.shopify.*}: the shop the stand-in plays and where it delivers webhooks. The defaults are
 * the local stack's fixed local-only credentials.
 *
 * @param adminToken the Admin API access token the stand-in accepts in {@code X-Shopify-Access-Token}
 * @param adminBucketSize the REST leaky bucket's size (Shopify: 40 calls per app and shop)
 * @param adminLeakRate the REST leaky bucket's leak rate per second (Shopify: 2)
 * @param locationId the shop's one location (its number), whose {@code available} quantities the GraphQL inventory
 *     stand-in sets
 * @param graphqlBucketSize the GraphQL cost bucket's {@code maximumAvailable} (points)
 * @param graphqlRestoreRate the points restored per second ({@code restoreRate}; Shopify's standard plan: 100)
 */
@ConfigurationProperties("sandbox.shopify")
record ShopifyProperties(
    @DefaultValue("sandbox-shop.myshopify.com") String shopDomain,
    @DefaultValue("sandbox-shopify-secret") String webhookSecret,
    @DefaultValue("http://127.0.0.1:8081/webhooks/shopify") URI webhookUrl,
    @DefaultValue(ShopifyWebhookSender.DEFAULT_API_VERSION) String apiVersion,
    @DefaultValue("10s") Duration requestTimeout,
    @DefaultValue("sandbox-shopify-admin-token") String adminToken,
    @DefaultValue("40") int adminBucketSize,
    @DefaultValue("2.0") double adminLeakRate,
    @DefaultValue("68000000001") long locationId,
    @DefaultValue("2000") double graphqlBucketSize,
    @DefaultValue("100") double graphqlRestoreRate) {

  ShopifyProperties {
    if (locationId < 1 || !(graphqlBucketSize >= 1) || !(graphqlRestoreRate > 0)) {
      throw new IllegalArgumentException("sandbox.shopify.location-id, graphql-bucket-size and graphql-restore-rate"
          + " must be positive");
    }
  }

  String locationGid() {
    return "gid://shopify/Location/" + locationId;
  }
}
